using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using QiSdk.Hosting;
using QiSdk.Indicators;
using QiSdk.Privacy;
using QiSdk.Records;
using QiSdk.Synthetic;

namespace QiSdk.Tests.Embedding;

/// <summary>What a host expects: configuration binding, content-root paths, a hosted schedule, health checks, log categories.</summary>
public sealed class HostingTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = TestPaths.NewTempFolder();

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static PatientRecord[] Practice(int patients = 200) =>
        SyntheticPractice.GenerateAll(new SyntheticPracticeOptions { Patients = patients, Seed = 7 });

    private string MapFile(string name = "emr-codes.csv")
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, "source_system,source_code,target_system,target_code\nhttps://emr.example/codes,DM-T2,http://snomed.info/sct,44054006\n");
        return path;
    }

    /// <summary>A code list whose one member is in a system nobody registered: building the terminology reports QI2011.</summary>
    private string UnregisteredSystemCodeSet()
    {
        string path = Path.Combine(_dir, "vendor-sets.json");
        File.WriteAllText(path, """
            {"format":"qisdk-codesets/1","codeSets":[{"name":"VENDOR_COD","codes":[{"system":"https://emr.example/codes","code":"X1"}]}]}
            """);
        return path;
    }

    [Test]
    public void Options_bind_from_a_configuration_section()
    {
        MapFile();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["QiSdk:PracticeCode"] = "Y99001",
            ["QiSdk:DataDirectory"] = _dir,
            ["QiSdk:MaxMapDepth"] = "3",
            ["QiSdk:CodeMapFiles:0"] = Path.Combine(_dir, "emr-codes.csv"),
            ["QiSdk:IncludeExplanations"] = "true",
        }).Build();
        using var provider = new ServiceCollection().AddQiSdk(configuration.GetSection("QiSdk")).BuildServiceProvider();

        var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<QiSdkOptions>>().Value;
        var audit = provider.GetRequiredService<QualityAuditService>();

        Assert.That(options.PracticeCode, Is.EqualTo("Y99001"));
        Assert.That(options.MaxMapDepth, Is.EqualTo(3));
        Assert.That(options.IncludeExplanations, Is.True);
        Assert.That(audit.Terminology.Maps.Single().Entries, Has.Length.EqualTo(1), "the map listed in the section was loaded");
    }

    [Test]
    public void Relative_paths_resolve_against_the_hosts_content_root_not_the_working_directory()
    {
        MapFile();
        var services = new ServiceCollection();
        services.AddSingleton<IHostEnvironment>(new FakeEnvironment(_dir));
        services.AddQiSdk(o =>
        {
            o.CodeMapFiles.Add("emr-codes.csv");
            o.AuditLogPath = "audit/qi-audit.log";
            o.ReleaseLedgerPath = "audit/qi-releases.jsonl";
        });
        using var provider = services.BuildServiceProvider();

        var audit = provider.GetRequiredService<QualityAuditService>();
        var store = provider.GetRequiredService<IAuditLogStore>();

        Assert.That(audit.Terminology.Maps, Has.Length.EqualTo(1));
        Assert.That(store, Is.InstanceOf<FileAuditLogStore>());
        Assert.That(Directory.GetCurrentDirectory(), Is.Not.EqualTo(_dir));
    }

    [Test]
    public async Task The_scheduled_audit_runs_each_interval_and_hands_the_run_to_the_handlers()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 30, 22, 0, 0, TimeSpan.Zero));
        var handler = new RecordingHandler();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        services.AddQiSdk(o => o.DataDirectory = _dir);
        services.AddQiSdkScheduledAudit(o =>
        {
            o.Interval = TimeSpan.FromDays(1);
            o.At = new TimeOnly(2, 0);
            o.IndicatorIds.Add("qof-dm020-hba1c-58");
        });
        services.AddSingleton<IPatientRecordSource>(new InMemoryPatientRecordSource(Practice()));
        services.AddSingleton<IScheduledAuditHandler>(handler);
        using var provider = services.BuildServiceProvider();
        var hosted = provider.GetServices<IHostedService>().Single();

        await hosted.StartAsync(CancellationToken.None);
        // The service waits on the injected clock: move it on an hour at a time (the service starts its wait on a
        // background thread, so a single jump could come before the wait began) until the 02:00 run has happened.
        for (int hour = 0; hour < 72 && !handler.Next.Task.IsCompleted; hour++)
        {
            clock.Advance(TimeSpan.FromHours(1));
            await Task.WhenAny(handler.Next.Task, Task.Delay(100));
        }

        var first = await handler.Next.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await hosted.StopAsync(CancellationToken.None);

        Assert.That(first.Period.End, Is.GreaterThanOrEqualTo(new DateOnly(2025, 3, 31)), "the first run is at 02:00 on 31 March or, if the wait began late, a day after");
        Assert.That(first.Results.Single().Summary.IndicatorId, Is.EqualTo("qof-dm020-hba1c-58"));
        Assert.That(first.Worklist("qof-dm020-hba1c-58"), Is.Not.Empty, "scheduled runs keep explanations for the worklist");
    }

    [Test]
    public void The_next_run_is_aligned_to_the_time_of_day()
    {
        var o = new ScheduledAuditOptions { Interval = TimeSpan.FromDays(1), At = new TimeOnly(2, 0) };

        Assert.That(ScheduledAuditService.NextDelay(o, new DateTimeOffset(2025, 3, 30, 22, 0, 0, TimeSpan.Zero)), Is.EqualTo(TimeSpan.FromHours(4)));
        Assert.That(ScheduledAuditService.NextDelay(o, new DateTimeOffset(2025, 3, 31, 2, 0, 0, TimeSpan.Zero)), Is.EqualTo(TimeSpan.FromDays(1)));
        Assert.That(ScheduledAuditService.NextDelay(o, new DateTimeOffset(2025, 3, 31, 1, 59, 0, TimeSpan.Zero)), Is.EqualTo(TimeSpan.FromMinutes(1)));
    }

    [Test]
    public async Task Only_one_scheduled_audit_runs_at_a_time_and_shutdown_cancels_the_running_one()
    {
        var gate = new BlockingSource(Practice(50));
        var services = new ServiceCollection();
        services.AddQiSdk(o => o.DataDirectory = _dir);
        services.AddQiSdkScheduledAudit(o => o.IndicatorIds.Add("qof-dm020-hba1c-58"));
        services.AddSingleton<IPatientRecordSource>(gate);
        using var provider = services.BuildServiceProvider();
        var service = (ScheduledAuditService)provider.GetServices<IHostedService>().Single();
        var o = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ScheduledAuditOptions>>().Value;
        using var shutdown = new CancellationTokenSource();

        var first = service.RunOnceAsync(o, shutdown.Token);
        await gate.Started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        bool second = await service.RunOnceAsync(o, CancellationToken.None);
        await shutdown.CancelAsync();
        bool firstRan = await first.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.That(second, Is.False, "the second run was skipped while the first was running");
        Assert.That(firstRan, Is.False, "the running audit was cancelled");
        Assert.That(service.Completed, Is.Zero);
    }

    [Test]
    public async Task Health_checks_report_the_pipeline_and_a_broken_audit_log_chain()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddQiSdk(o =>
        {
            o.DataDirectory = _dir;
            o.PracticeCode = "Y99001"; // a release needs the practice identity (issue 11)
        });
        services.AddHealthChecks().AddQiSdkChecks("ready");
        services.AddSingleton<IPatientRecordSource>(new InMemoryPatientRecordSource(Practice()));
        services.AddSingleton(DisclosurePolicies.SmallNumberSuppression());
        services.AddSingleton<IDisclosureSink>(new FileDisclosureSink(Path.Combine(_dir, "out")));
        using var provider = services.BuildServiceProvider();
        var health = provider.GetRequiredService<HealthCheckService>();
        var audit = provider.GetRequiredService<QualityAuditService>();
        await audit.DiscloseAsync(await audit.RunAsync(new MeasurementPeriod(new DateOnly(2025, 3, 31)), ["qof-dm020-hba1c-58"]));

        var before = await health.CheckHealthAsync();
        string log = Path.Combine(_dir, "qi-audit.log");
        File.WriteAllText(log, File.ReadAllText(log).Replace("\"sequence\":1", "\"sequence\":7", StringComparison.Ordinal).Replace("qof-dm020", "qof-dm021", StringComparison.Ordinal));
        var after = await health.CheckHealthAsync();

        Assert.That(before.Status, Is.EqualTo(HealthStatus.Healthy), string.Join("; ", before.Entries.Select(e => e.Key + ": " + e.Value.Description)));
        Assert.That(after.Entries["qisdk-pipeline"].Status, Is.EqualTo(HealthStatus.Healthy));
        Assert.That(after.Entries["qisdk-audit-log"].Status, Is.EqualTo(HealthStatus.Unhealthy));
    }

    [Test]
    public async Task The_audit_log_health_check_is_unhealthy_when_the_release_ledger_was_emptied()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddQiSdk(o =>
        {
            o.DataDirectory = _dir;
            o.PracticeCode = "Y99001";
        });
        services.AddHealthChecks().AddQiSdkChecks("ready");
        services.AddSingleton<IPatientRecordSource>(new InMemoryPatientRecordSource(Practice()));
        services.AddSingleton(DisclosurePolicies.SmallNumberSuppression());
        services.AddSingleton<IDisclosureSink>(new FileDisclosureSink(Path.Combine(_dir, "out")));
        using var provider = services.BuildServiceProvider();
        var health = provider.GetRequiredService<HealthCheckService>();
        var audit = provider.GetRequiredService<QualityAuditService>();
        var release = await audit.DiscloseAsync(await audit.RunAsync(new MeasurementPeriod(new DateOnly(2025, 3, 31)), ["qof-dm020-hba1c-58"]));
        Assert.That(release.Released, Is.True, release.Outcome.RefusalReason);

        File.WriteAllText(Path.Combine(_dir, "qi-releases.jsonl"), string.Empty);
        var after = await health.CheckHealthAsync();

        Assert.That(after.Entries["qisdk-audit-log"].Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(after.Entries["qisdk-audit-log"].Description, Does.Contain("QI4022"));
    }

    [Test]
    public async Task Issues_are_logged_under_their_stage_category_with_the_code_as_event_and_dates_in_ISO_form()
    {
        var sink = new ListLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(sink).SetMinimumLevel(LogLevel.Information));
        services.AddQiSdk(o =>
        {
            o.DataDirectory = _dir;
            o.CodeSetFiles.Add(UnregisteredSystemCodeSet());
        });
        services.AddSingleton<IPatientRecordSource>(new InMemoryPatientRecordSource(Practice(50)));
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<QualityAuditService>().RunAsync(new MeasurementPeriod(new DateOnly(2025, 3, 31)), ["qof-dm020-hba1c-58"]);

        var entries = sink.Entries;
        Assert.That(entries.Where(e => e.Category == "QiSdk.Codes").Select(e => e.Event.Name), Has.Some.Match("^QI2"), "terminology issues under QiSdk.Codes");
        Assert.That(entries.Single(e => e.Event.Name == nameof(QiSdkEventIds.AuditStarting)).Message, Does.Contain("2025-03-31"));
        Assert.That(entries.Select(e => e.Event.Name), Does.Contain(nameof(QiSdkEventIds.DataQualitySummary)));
    }

    [Test]
    public void Maps_and_definitions_come_from_a_file_provider()
    {
        MapFile();
        File.Copy(Path.Combine(TestPaths.RepoRoot, "examples", "CustomAudit", "diabetes-hba1c-recorded-12m.json"), Path.Combine(_dir, "custom.json"));
        using var files = new PhysicalFileProvider(_dir);
        var services = new ServiceCollection();
        services.AddQiSdk(o => o.DataDirectory = _dir);
        services.AddQiSdkCodeMaps(files, "emr-codes.csv");
        services.AddQiSdkIndicators(files, "custom.json");
        using var provider = services.BuildServiceProvider();

        var audit = provider.GetRequiredService<QualityAuditService>();

        Assert.That(audit.Terminology.Maps.Single().Name, Is.EqualTo("emr-codes.csv"));
        Assert.That(audit.Catalogue.TryGet("diabetes-hba1c-recorded-12m", out _), Is.True);
    }

    [Test]
    public void A_file_missing_from_the_file_provider_fails_at_start_up_with_its_name()
    {
        using var files = new PhysicalFileProvider(_dir);
        var services = new ServiceCollection();
        services.AddQiSdk(o => o.DataDirectory = _dir);
        services.AddQiSdkCodeMaps(files, "not-there.csv");
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => provider.GetRequiredService<QualityAuditService>());

        Assert.That(ex!.Message, Does.Contain("not-there.csv"));
    }

    private sealed class FakeEnvironment(string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Test";

        public string ApplicationName { get; set; } = "QiSdk.Tests";

        public string ContentRootPath { get; set; } = root;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }

    private sealed class RecordingHandler : IScheduledAuditHandler
    {
        public TaskCompletionSource<AuditRun> Next { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task HandleAsync(AuditRun run, QualityAuditService audit, CancellationToken cancellationToken)
        {
            Next.TrySetResult(run);
            return Task.CompletedTask;
        }
    }

    /// <summary>Yields one patient, then waits until cancelled.</summary>
    private sealed class BlockingSource(PatientRecord[] patients) : IPatientRecordSource
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async IAsyncEnumerable<PatientRecord> ReadPatientsAsync(DataQualityLog log, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            yield return patients[0];
            Started.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            yield return patients[1];
        }
    }

    private sealed class ListLoggerProvider : ILoggerProvider
    {
        private readonly List<(string Category, EventId Event, string Message)> _entries = [];

        public IReadOnlyList<(string Category, EventId Event, string Message)> Entries
        {
            get
            {
                lock (_entries)
                {
                    return [.. _entries];
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(ListLoggerProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner._entries)
                {
                    owner._entries.Add((category, eventId, formatter(state, exception)));
                }
            }
        }
    }
}
