using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Orleans.TestingHost;
using QiSdk.Feedback;
using QiSdk.Indicators;
using QiSdk.Privacy;
using QiSdk.Reports;
using QiSdk.Synthetic;

namespace QiSdk.Orleans.Tests;

/// <summary>
/// The nightly catalogue on a 3-silo cluster: 200 synthetic practices (50-200 patients each) audited and released while
/// one silo is killed mid-run. Oracles independent of the grains: a single-process run per practice (its own engine
/// naming the practice, the gate's plain ReleaseAsync, a file sink), the ledger's release lines counted as text, and the
/// audit-log verifier.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ThreeSiloCatalogueTests
{
    private const int Practices = 200;
    private string _root = string.Empty;
    private TestCluster? _cluster;

    [OneTimeSetUp]
    public async Task StartCluster()
    {
        _root = TestPaths.NewTempFolder();
        var builder = new TestClusterBuilder(3);
        builder.Properties["QiSdk:Root"] = Path.Combine(_root, "cluster");
        builder.Properties["QiSdk:Practices"] = Practices.ToString(CultureInfo.InvariantCulture);
        builder.Properties["QiSdk:PerSilo"] = "2";
        builder.AddSiloBuilderConfigurator<QiSdkSiloConfigurator>();
        builder.AddClientBuilderConfigurator<QiSdkClientConfigurator>();
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    [OneTimeTearDown]
    public async Task StopCluster()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }

        TestClusters.DeleteScratch(_root);
    }

    [Test]
    [CancelAfter(300_000)]
    public async Task Every_practice_is_released_exactly_once_with_the_single_process_bytes_when_a_silo_dies_mid_run(CancellationToken cancellationToken)
    {
        var cluster = _cluster!;
        var host = new SyntheticPracticeHost(Path.Combine(_root, "cluster"), Practices);
        var period = new MeasurementPeriod(SyntheticPracticeHost.PeriodEnd);

        // The single-process run: per practice its own engine (reporter = the practice), the gate's ReleaseAsync, a file sink.
        var watch = Stopwatch.StartNew();
        var expected = new System.Collections.Concurrent.ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal);
        var clock = new FixedClock(SyntheticPracticeHost.ReleaseTime);
        var pipeline = QualityPipeline.Create(new QualityPipelineOptions(), cancellationToken: cancellationToken);
        await Parallel.ForEachAsync(Enumerable.Range(0, Practices), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            string code = SyntheticPracticeHost.Code(i);
            var engine = new IndicatorEngine(pipeline.Terminology, new IndicatorEngineOptions { Reporter = code });
            var results = await engine.Compile(pipeline.Catalogue.Definitions, period)
                .EvaluateAsync(new SyntheticPatientSource(SyntheticPracticeHost.Practice(i)), pipeline.CreateRunLog(), null, ct);
            string folder = Path.Combine(_root, "single", code);
            var ledger = new FileReleaseLedger(Path.Combine(folder, "qi-releases.jsonl"));
            var gate = new DisclosureGate(new FileAuditLogStore(Path.Combine(folder, "qi-audit.log")), ledger, clock);
            var released = await gate.ReleaseAsync(MeasureReportDisclosure.CreatePipeline(SyntheticPracticeHost.Policies(), new DisclosurePipelineOptions { ReleaseLedger = ledger, TimeProvider = clock }),
                DisclosureRequest.FromResults(results), new FileDisclosureSink(folder), ct);
            Assert.That(released.Released, Is.True, $"{code}: the single-process run released nothing ({released.Outcome.RefusalCode})");
            expected[code] = await File.ReadAllBytesAsync(Path.Combine(folder, "disclosure.json"), ct);
        });

        TestContext.Out.WriteLine($"single process: {Practices} practices in {watch.Elapsed.TotalSeconds:F1} s");

        // The cluster run, with one of the three silos killed once a third of the audits have started.
        var options = Options.Create(new QiSdkOrleansOptions { MaxConcurrentDispatches = 24, MaxAttempts = 8, RetryDelay = TimeSpan.FromMilliseconds(250), AttemptTimeout = TimeSpan.FromSeconds(10) });
        var scheduler = new CatalogueScheduler(cluster.Client, host, options);
        Interlocked.Exchange(ref SyntheticPracticeHost.AuditsStarted, 0);
        var run = scheduler.RunAsync(period, cancellationToken);
        while (Volatile.Read(ref SyntheticPracticeHost.AuditsStarted) < Practices / 3 && !run.IsCompleted)
        {
            await Task.Delay(20, cancellationToken);
        }

        Assert.That(run.IsCompleted, Is.False, "the run finished before a silo could be killed");
        var victim = cluster.SecondarySilos[0];
        await cluster.KillSiloAsync(victim, cancellationToken);
        var report = await run;
        TestContext.Out.WriteLine($"3 silos (one killed at {Practices / 3} audits started): {Practices} practices in {report.Elapsed.TotalSeconds:F1} s, {report.Retries} retries, " +
            $"{report.Released} released, {report.AlreadyReleased} already released, {report.Refused} refused, {report.Failed} failed");

        Assert.Multiple(() =>
        {
            Assert.That(report.Practices.Where(p => p.Failed).Select(p => $"{p.PracticeCode}: {p.Error}"), Is.Empty);
            Assert.That(report.Refused, Is.Zero);
            Assert.That(report.Retries, Is.GreaterThan(0), "killing a silo mid-run should have failed some attempts");
        });

        for (int i = 0; i < Practices; i++)
        {
            string code = SyntheticPracticeHost.Code(i);
            string folder = host.FolderOf(code);
            var releaseLines = File.ReadLines(Path.Combine(folder, "qi-releases.jsonl")).Count(l => l.Contains("\"kind\":\"release\"", StringComparison.Ordinal));
            var verification = AuditLogVerifier.Verify(Path.Combine(folder, "qi-audit.log"));
            var archived = Directory.GetFiles(Path.Combine(folder, "released"), "*.json");
            Assert.Multiple(() =>
            {
                Assert.That(releaseLines, Is.EqualTo(1), $"{code}: release records in its ledger");
                Assert.That(verification.IsIntact, Is.True, $"{code}: {verification.Code} {verification.Problem}");
                Assert.That(verification.EntryCount, Is.EqualTo(1), $"{code}: audit entries");
                Assert.That(archived, Has.Length.EqualTo(1), $"{code}: archived disclosures");
            });
            Assert.That(await File.ReadAllBytesAsync(archived[0], cancellationToken), Is.EqualTo(expected[code]), $"{code}: the cluster's bytes differ from the single-process run's");
        }

        // A whole re-run (the scheduler restarted, say) records nothing new and hands back the same bytes.
        var again = await scheduler.RunAsync(period, cancellationToken);
        TestContext.Out.WriteLine($"re-run on 2 silos: {Practices} practices in {again.Elapsed.TotalSeconds:F1} s ({Practices / again.Elapsed.TotalMinutes / 2:F0} practices per minute per silo)");
        Assert.That(again.AlreadyReleased, Is.EqualTo(Practices));
        var one = await cluster.Client.GetPracticeAudit(SyntheticPracticeHost.Code(7)).AuditAndReleaseAsync(new PracticeAuditRequest { PeriodEnd = period.End }, cancellationToken);
        Assert.That(one.Content, Is.EqualTo(expected[SyntheticPracticeHost.Code(7)]));
        for (int i = 0; i < Practices; i++)
        {
            string ledger = Path.Combine(host.FolderOf(SyntheticPracticeHost.Code(i)), "qi-releases.jsonl");
            Assert.That(File.ReadLines(ledger).Count(l => l.Contains("\"kind\":\"release\"", StringComparison.Ordinal)), Is.EqualTo(1));
        }

        // Every cluster's comparison is the existing ClusterComparer over the single-process disclosures of its members.
        foreach (var group in Enumerable.Range(0, Practices).GroupBy(SyntheticPracticeHost.Cluster))
        {
            var snapshot = await cluster.Client.GetClusterComparison(group.Key, period.End).CompareAsync(cancellationToken);
            var members = group.Select(SyntheticPracticeHost.Code).ToArray();
            Assert.That(snapshot.Problem, Is.Null, group.Key);
            Assert.That(snapshot.Compared, Is.EqualTo(members), group.Key);
            Assert.That(snapshot.Missing, Is.Empty, group.Key);
            var disclosures = members.Select(code => ReleasedResults.Read(new MemoryStream(expected[code]), code)).ToList();
            using var json = new MemoryStream();
            FeedbackJson.WriteComparison(json, ClusterComparer.Compare(disclosures, null, cancellationToken));
            Assert.That(Encoding.UTF8.GetString(snapshot.ComparisonJson!), Is.EqualTo(Encoding.UTF8.GetString(json.ToArray())), group.Key);
        }
    }
}
