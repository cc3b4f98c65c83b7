using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using QiSdk.Hosting;
using QiSdk.Indicators;
using QiSdk.Privacy;
using QiSdk.Records;
using QiSdk.Synthetic;

namespace QiSdk.Tests.Embedding;

public sealed class AddQiSdkTests
{
    private static readonly MeasurementPeriod Period = new(new DateOnly(2025, 3, 31));

    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = TestPaths.NewTempFolder();

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static PatientRecord[] Practice(int patients = 400) =>
        SyntheticPractice.GenerateAll(new SyntheticPracticeOptions { Patients = patients, Seed = 7 });

    private ServiceCollection Services(int patients = 400)
    {
        var services = new ServiceCollection();
        services.AddQiSdk(o =>
        {
            o.PracticeCode = "Y99001";
            o.AuditLogPath = Path.Combine(_dir, "qi-audit.log");
            o.ReleaseLedgerPath = Path.Combine(_dir, "qi-releases.json");
        });
        services.AddSingleton<IPatientRecordSource>(new InMemoryPatientRecordSource(Practice(patients)));
        return services;
    }

    [Test]
    public void AddQiSdk_returns_the_collection_and_a_second_call_adds_no_registrations()
    {
        var services = new ServiceCollection();

        var returned = services.AddQiSdk();
        int count = services.Count;
        services.AddQiSdk();

        Assert.Multiple(() =>
        {
            Assert.That(returned, Is.SameAs(services));
            Assert.That(services, Has.Count.EqualTo(count + 1), "only the second configure action is added");
            Assert.That(services.Count(d => d.ServiceType == typeof(QualityAuditService)), Is.EqualTo(1));
            Assert.That(services.Count(d => d.ServiceType == typeof(IValidateOptions<QiSdkOptions>)), Is.EqualTo(1));
        });
    }

    [Test]
    public void Invalid_options_are_reported_all_at_once()
    {
        var services = new ServiceCollection();
        services.AddQiSdk(o =>
        {
            o.MaxMapDepth = 0;
            o.MaxDegreeOfParallelism = 0;
            o.AuditLogPath = " ";
            o.PracticeCode = "";
            o.CodeMapFiles.Add(Path.Combine(_dir, "missing-map.csv"));
        });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<QualityAuditService>());

        Assert.That(ex!.Failures.ToArray(), Has.Length.EqualTo(5));
        Assert.That(ex.Message, Does.Contain("MaxMapDepth").And.Contain("MaxDegreeOfParallelism").And.Contain("AuditLogPath")
            .And.Contain("PracticeCode").And.Contain("missing-map.csv"));
    }

    [Test]
    public async Task Host_fed_records_run_through_the_whole_catalogue()
    {
        using var provider = Services().BuildServiceProvider();
        var audit = provider.GetRequiredService<QualityAuditService>();

        var run = await audit.RunAsync(Period);

        Assert.Multiple(() =>
        {
            Assert.That(run.Patients, Is.EqualTo(400));
            Assert.That(run.Results.Select(r => r.Summary.IndicatorId), Is.EquivalentTo(audit.Catalogue.Definitions.Select(d => d.Id)));
            Assert.That(run.Results.Sum(r => r.Summary.Counts.Denominator), Is.GreaterThan(0));
            Assert.That(run.Results.All(r => r.Summary.Reporter == "Y99001"), Is.True);
        });
    }

    [TestCase(false, 0)]
    [TestCase(true, 1)]
    public async Task Validate_skipped_resources_reaches_the_reader_when_the_audit_reads_files(bool validateSkipped, int problems)
    {
        string export = Path.Combine(_dir, "export.ndjson");
        File.WriteAllText(export, """
            {"resourceType":"Patient","id":"p1","gender":"female","birthDate":"1960-01-01"}
            {"resourceType":"Claim","id":"c1","status":"active" "patient":{"reference":"Patient/p1"}}
            """);
        var services = new ServiceCollection();
        services.AddQiSdk(o => o.ValidateSkippedResources = validateSkipped);
        using var provider = services.BuildServiceProvider();

        var run = await provider.GetRequiredService<QualityAuditService>().RunAsync([export], Period);

        Assert.Multiple(() =>
        {
            Assert.That(run.Patients, Is.EqualTo(1));
            Assert.That(run.Problems.Count(p => p.Code == "QI1003"), Is.EqualTo(problems));
        });
    }

    [Test]
    public void Strict_reading_stops_the_audit_at_a_record_problem()
    {
        string export = Path.Combine(_dir, "export.ndjson");
        File.WriteAllText(export, """
            {"resourceType":"Patient","id":"p1","gender":"female","birthDate":"1960-01-01"}
            {"resourceType":"Observation","id":"o1","status":"final","subject":{"reference":"Patient/ghost"}}
            """);
        var services = new ServiceCollection();
        services.AddQiSdk(o => o.StrictReading = true);
        using var provider = services.BuildServiceProvider();

        var ex = Assert.ThrowsAsync<FhirReadException>(() => provider.GetRequiredService<QualityAuditService>().RunAsync([export], Period));

        Assert.That(ex!.Issue.Code, Is.EqualTo("QI1010"));
    }

    [Test]
    public async Task Registered_plug_ins_replace_the_defaults_whatever_the_order()
    {
        var services = new ServiceCollection();
        var store = new RecordingAuditLog();
        var clock = new FixedClock(new DateTimeOffset(2025, 4, 2, 9, 0, 0, TimeSpan.Zero));
        services.AddSingleton<IAuditLogStore>(store);            // before AddQiSdk
        services.AddQiSdk(o =>
        {
            o.ReleaseLedgerPath = Path.Combine(_dir, "ledger.jsonl");
            o.PracticeCode = "A81001";
        });
        services.AddSingleton<TimeProvider>(clock);               // after AddQiSdk
        var sink = new CapturingSink();
        services.AddSingleton<IDisclosureSink>(sink);
        services.AddSingleton(DisclosurePolicies.SmallNumberSuppression());
        services.AddSingleton<IPatientRecordSource>(new InMemoryPatientRecordSource(Practice()));
        using var provider = services.BuildServiceProvider();
        var audit = provider.GetRequiredService<QualityAuditService>();

        var release = await audit.DiscloseAsync(await audit.RunAsync(Period));

        Assert.Multiple(() =>
        {
            Assert.That(release.Released, Is.True, release.Outcome.RefusalReason);
            Assert.That(store.Events, Has.Count.EqualTo(1), "the host's audit-log store received the entry");
            Assert.That(sink.Received, Has.Count.EqualTo(1));
            Assert.That(provider.GetRequiredService<TimeProvider>(), Is.SameAs(clock));
            Assert.That(File.Exists(Path.Combine(_dir, "qi-audit.log")), Is.False);
        });
    }

    [Test]
    public async Task Approved_disclosure_reaches_the_sink_and_the_default_audit_log_verifies()
    {
        var services = Services();
        var sink = new CapturingSink();
        services.AddSingleton<IDisclosureSink>(sink);
        services.AddSingleton(DisclosurePolicies.ProcessOnly());
        services.AddSingleton(DisclosurePolicies.SmallNumberSuppression());
        using var provider = services.BuildServiceProvider();
        var audit = provider.GetRequiredService<QualityAuditService>();
        var run = await audit.RunAsync(Period);

        var preview = audit.Preview(run);
        var release = await audit.DiscloseAsync(run);

        Assert.Multiple(() =>
        {
            Assert.That(preview.IsPreview, Is.True);
            Assert.That(release.Released, Is.True, release.Outcome.RefusalReason);
            Assert.That(sink.Received.Single().Content.ToArray(), Is.EqualTo(release.Outcome.Disclosure!.Content.ToArray()));
            Assert.That(AuditLogVerifier.Verify(Path.Combine(_dir, "qi-audit.log")).IsIntact, Is.True);
        });
    }

    [Test]
    public async Task Without_a_practice_code_nothing_may_leave_because_ledgers_key_on_the_practice()
    {
        var services = new ServiceCollection();
        services.AddQiSdk(o =>
        {
            o.AuditLogPath = Path.Combine(_dir, "qi-audit.log");
            o.ReleaseLedgerPath = Path.Combine(_dir, "qi-releases.jsonl");
        });
        services.AddSingleton<IPatientRecordSource>(new InMemoryPatientRecordSource(Practice(300)));
        var sink = new CapturingSink();
        services.AddSingleton<IDisclosureSink>(sink);
        services.AddSingleton(DisclosurePolicies.SmallNumberSuppression());
        using var provider = services.BuildServiceProvider();
        var audit = provider.GetRequiredService<QualityAuditService>();

        var release = await audit.DiscloseAsync(await audit.RunAsync(Period));

        Assert.Multiple(() =>
        {
            Assert.That(release.Released, Is.False);
            Assert.That(release.Outcome.RefusalCode, Is.EqualTo("QI4018"));
            Assert.That(release.Outcome.RefusalReason, Does.Contain("PracticeCode"));
            Assert.That(sink.Received, Is.Empty);
        });
    }

    [Test]
    public async Task Without_a_policy_nothing_may_leave()
    {
        var services = Services(50);
        services.AddSingleton<IDisclosureSink>(new CapturingSink());
        using var provider = services.BuildServiceProvider();
        var audit = provider.GetRequiredService<QualityAuditService>();
        var run = await audit.RunAsync(Period);

        var ex = Assert.ThrowsAsync<InvalidOperationException>(() => audit.DiscloseAsync(run));

        Assert.That(ex!.Message, Does.Contain("deny by default"));
    }

    [Test]
    public async Task Without_a_sink_disclosure_says_what_to_register()
    {
        var services = Services(50);
        services.AddSingleton(DisclosurePolicies.SmallNumberSuppression());
        using var provider = services.BuildServiceProvider();
        var audit = provider.GetRequiredService<QualityAuditService>();
        var run = await audit.RunAsync(Period);

        var ex = Assert.ThrowsAsync<InvalidOperationException>(() => audit.DiscloseAsync(run));

        Assert.That(ex!.Message, Does.Contain("IDisclosureSink"));
    }

    [Test]
    public async Task Many_concurrent_audits_in_one_host_give_identical_results()
    {
        using var provider = Services(600).BuildServiceProvider();
        var audit = provider.GetRequiredService<QualityAuditService>();

        var runs = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => audit.RunAsync(Period))));

        // Compare the written summary reports byte for byte (counts, strata, scores).
        static byte[] Bytes(AuditRun run)
        {
            using var stream = new MemoryStream();
            QiSdk.Reports.MeasureReportJson.WriteSummaryBundle(stream, run.Results.Select(r => r.Summary));
            return stream.ToArray();
        }

        byte[] first = Bytes(runs[0]);
        Assert.Multiple(() =>
        {
            foreach (var run in runs.Skip(1))
            {
                Assert.That(Bytes(run), Is.EqualTo(first));
                Assert.That(run.Problems, Has.Length.EqualTo(runs[0].Problems.Length));
            }
        });
    }

    [Test]
    public void A_cancelled_run_stops_with_cancellation()
    {
        using var provider = Services(2000).BuildServiceProvider();
        var audit = provider.GetRequiredService<QualityAuditService>();
        using var cts = new CancellationTokenSource();
        int reports = 0;
        var progress = new SyncProgress(_ =>
        {
            if (Interlocked.Increment(ref reports) == 1)
            {
                cts.Cancel();
            }
        });

        Assert.CatchAsync<OperationCanceledException>(() => audit.RunAsync(Period, progress: progress, cancellationToken: cts.Token));
    }

    [Test]
    public void A_run_cancelled_before_it_starts_does_no_work()
    {
        using var provider = Services(50).BuildServiceProvider();
        var audit = provider.GetRequiredService<QualityAuditService>();

        Assert.CatchAsync<OperationCanceledException>(() => audit.RunAsync(Period, cancellationToken: new CancellationToken(canceled: true)));
    }

    [Test]
    public void Without_a_record_source_the_error_says_what_to_register()
    {
        var services = new ServiceCollection();
        services.AddQiSdk();
        using var provider = services.BuildServiceProvider();

        var ex = Assert.ThrowsAsync<InvalidOperationException>(() => provider.GetRequiredService<QualityAuditService>().RunAsync(Period));

        Assert.That(ex!.Message, Does.Contain("IPatientRecordSource"));
    }

    private sealed class SyncProgress(Action<AuditProgress> report) : IProgress<AuditProgress>
    {
        public void Report(AuditProgress value) => report(value);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class CapturingSink : IDisclosureSink
    {
        public ConcurrentQueue<AuditedDisclosure> Received { get; } = new();

        public Task WriteAsync(AuditedDisclosure disclosure, CancellationToken cancellationToken)
        {
            Received.Enqueue(disclosure);
            return Task.CompletedTask;
        }
    }

    private sealed class RecordingAuditLog : IAuditLogStore, IDisposable
    {
        private readonly List<AuditRecord> _records = [];
        private readonly SemaphoreSlim _releases = new(1, 1);

        public void Dispose() => _releases.Dispose();

        public IReadOnlyList<AuditEvent> Events => [.. _records.Select(r => r.Event)];

        public Task<AuditRecord> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
        {
            var record = new AuditRecord(_records.Count + 1, new string('0', 64), new string('1', 64), auditEvent);
            _records.Add(record);
            return Task.FromResult(record);
        }

        public Task<IReadOnlyList<AuditRecord>> ReadAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<AuditRecord>>([.. _records]);

        public async Task<IAsyncDisposable> LockReleasesAsync(CancellationToken cancellationToken)
        {
            await _releases.WaitAsync(cancellationToken);
            return new Releaser(_releases);
        }

        private sealed class Releaser(SemaphoreSlim semaphore) : IAsyncDisposable
        {
            public ValueTask DisposeAsync()
            {
                semaphore.Release();
                return ValueTask.CompletedTask;
            }
        }
    }
}
