using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace QiSdk.Orleans.Tests;

/// <summary>
/// The built-in nightly catalogue on a 2-silo TestingHost with in-memory reminders and grain storage: the schedule is
/// set up by the silos themselves, nights run when the (fake) clock reaches 02:00, once each however many checks arrive,
/// each auditing the day before; after downtime the latest night runs. Oracles: the practices' own ledgers, read as text.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class NightlyCatalogueGrainTests
{
    private const int Practices = 6;

    /// <summary>The clock every test silo's grains read (test-only shared state: the silos run in this process).</summary>
    internal static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2025, 4, 1, 12, 0, 0, TimeSpan.Zero));

    private string _root = string.Empty;
    private TestCluster? _cluster;

    /// <summary>The host's practice list, held back while <see cref="Gate"/> is set (a night that cannot finish before shutdown).</summary>
    private sealed class GatedPracticeHost(IPracticeHost inner) : IPracticeHost
    {
        public static volatile TaskCompletionSource? Gate;

        public static int Waiting;

        public async ValueTask<IReadOnlyList<PracticeRegistration>> GetPracticesAsync(CancellationToken cancellationToken)
        {
            if (Gate is { } gate)
            {
                Interlocked.Increment(ref Waiting);
                await gate.Task.WaitAsync(cancellationToken);
            }

            return await inner.GetPracticesAsync(cancellationToken);
        }

        public ValueTask<PracticeAuditSetup> GetSetupAsync(string practiceCode, CancellationToken cancellationToken) => inner.GetSetupAsync(practiceCode, cancellationToken);
    }

    public sealed class NightlySiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            string root = siloBuilder.Configuration["QiSdk:Root"] ?? throw new InvalidOperationException("QiSdk:Root not configured");
            siloBuilder.Services.AddSingleton<IPracticeHost>(new GatedPracticeHost(new SyntheticPracticeHost(root, Practices)));
            siloBuilder.AddQiSdkOrleans(o =>
            {
                o.MaxConcurrentAuditsPerSilo = 2;
                o.RetryDelay = TimeSpan.FromMilliseconds(100);
                o.Clock = Clock;
                o.CompactLedgerEveryReleases = 3;
            });
            siloBuilder.UseInMemoryReminderService();
            siloBuilder.AddMemoryGrainStorage(NightlyCatalogueOptions.StorageName);
            siloBuilder.AddQiSdkNightlyCatalogue(o => o.TimeOfDay = new TimeOnly(2, 0));
        }
    }

    [OneTimeSetUp]
    public async Task StartCluster()
    {
        _root = TestPaths.NewTempFolder();
        var builder = new TestClusterBuilder(2);
        builder.Properties["QiSdk:Root"] = _root;
        builder.AddSiloBuilderConfigurator<NightlySiloConfigurator>();
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

    private INightlyCatalogueGrain Schedule => _cluster!.Client.GetGrain<INightlyCatalogueGrain>(INightlyCatalogueGrain.Key);

    private async Task<NightlyCatalogueStatus> IdleAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var status = await Schedule.GetStatusAsync();
            if (status.Running is null)
            {
                return status;
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>
    /// The period end of every disclosure a practice released, read from the archived bytes that left (the MeasureReports'
    /// <c>period.end</c>, as text), sorted; and the number of release records in its ledger, also read as text.
    /// </summary>
    private (List<string> PeriodEnds, int LedgerReleases) Released(int practice)
    {
        string folder = Path.Combine(_root, SyntheticPracticeHost.Code(practice));
        var ends = Directory.Exists(Path.Combine(folder, "released"))
            ? Directory.GetFiles(Path.Combine(folder, "released"), "*.json").Select(f => PeriodEnd().Match(File.ReadAllText(f)).Groups[1].Value).Order(StringComparer.Ordinal).ToList()
            : [];
        string ledger = Path.Combine(folder, "qi-releases.jsonl");
        int releases = File.Exists(ledger) ? File.ReadLines(ledger).Count(l => l.Contains("\"kind\":\"release\"", StringComparison.Ordinal)) : 0;
        return (ends, releases);
    }

    [System.Text.RegularExpressions.GeneratedRegex("\"period\"\\s*:\\s*\\{[^}]*\"end\"\\s*:\\s*\"([0-9-]{10})\"")]
    private static partial System.Text.RegularExpressions.Regex PeriodEnd();

    private void AssertReleased(params string[] periodEnds)
    {
        for (int i = 0; i < Practices; i++)
        {
            var (ends, releases) = Released(i);
            Assert.That(ends, Is.EqualTo(periodEnds), SyntheticPracticeHost.Code(i));
            Assert.That(releases, Is.EqualTo(periodEnds.Length), SyntheticPracticeHost.Code(i) + ": release records in the ledger");
        }
    }

    [Test]
    [CancelAfter(240_000)]
    public async Task Nights_run_once_each_at_their_time_auditing_the_day_before_and_after_downtime_the_latest(CancellationToken cancellationToken)
    {
        // Both silos scheduled it on start (one grain for the cluster); nothing ran: 1 April's 02:00 was before.
        var status = await Schedule.GetStatusAsync();
        Assert.That(status.Since, Is.EqualTo(new DateTimeOffset(2025, 4, 1, 12, 0, 0, TimeSpan.Zero)));
        Assert.That((await Schedule.CheckAsync()).Running, Is.Null);
        Assert.That(status.NextRunAt, Is.EqualTo(new DateTimeOffset(2025, 4, 2, 2, 0, 0, TimeSpan.Zero)));

        Clock.SetUtcNow(new DateTimeOffset(2025, 4, 2, 1, 59, 0, TimeSpan.Zero));
        Assert.That((await Schedule.CheckAsync()).Running, Is.Null, "not yet");

        // 02:00: many checks at once (reminder ticks on two silos, an operator) start one run.
        Clock.SetUtcNow(new DateTimeOffset(2025, 4, 2, 2, 0, 0, TimeSpan.Zero));
        var checks = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Schedule.CheckAsync()));
        Assert.That(checks.Select(c => c.Running).Distinct(), Is.EqualTo(new DateOnly?[] { new DateOnly(2025, 4, 2) }));
        status = await IdleAsync(cancellationToken);
        Assert.That(status.LastError, Is.Null);
        Assert.That(status.Runs.Select(r => (r.Night, r.PeriodEnd, r.Released, r.Failed)),
            Is.EqualTo(new[] { (new DateOnly(2025, 4, 2), new DateOnly(2025, 4, 1), Practices, 0) }));
        AssertReleased("2025-04-01");

        // Later the same night: nothing more.
        Clock.SetUtcNow(new DateTimeOffset(2025, 4, 2, 9, 0, 0, TimeSpan.Zero));
        Assert.That((await Schedule.CheckAsync()).Running, Is.Null);

        // The next night audits 2 April.
        Clock.SetUtcNow(new DateTimeOffset(2025, 4, 3, 2, 5, 0, TimeSpan.Zero));
        await Schedule.CheckAsync();
        status = await IdleAsync(cancellationToken);
        AssertReleased("2025-04-01", "2025-04-02");

        // Down for three nights: the latest night runs (its period covers the most recent data); two are skipped and counted.
        Clock.SetUtcNow(new DateTimeOffset(2025, 4, 6, 7, 0, 0, TimeSpan.Zero));
        await Schedule.CheckAsync();
        status = await IdleAsync(cancellationToken);
        AssertReleased("2025-04-01", "2025-04-02", "2025-04-05");
        Assert.Multiple(() =>
        {
            Assert.That(status.LastNight, Is.EqualTo(new DateOnly(2025, 4, 6)));
            Assert.That(status.NightsSkipped, Is.EqualTo(2));
            Assert.That(status.Runs.Select(r => r.Night), Is.EqualTo(new[] { new DateOnly(2025, 4, 2), new DateOnly(2025, 4, 3), new DateOnly(2025, 4, 6) }));
            Assert.That(status.NextRunAt, Is.EqualTo(new DateTimeOffset(2025, 4, 7, 2, 0, 0, TimeSpan.Zero)));
        });

        // Shutdown mid-night: the grain is deactivated while its run waits; the run is cancelled, the night not recorded,
        // and the next check (on a new activation) runs it.
        GatedPracticeHost.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Clock.SetUtcNow(new DateTimeOffset(2025, 4, 7, 2, 0, 0, TimeSpan.Zero));
        Assert.That((await Schedule.CheckAsync()).Running, Is.EqualTo(new DateOnly(2025, 4, 7)));
        while (Volatile.Read(ref GatedPracticeHost.Waiting) == 0)
        {
            await Task.Delay(20, cancellationToken);
        }

        await _cluster!.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero, cancellationToken);
        GatedPracticeHost.Gate = null;
        status = await IdleAsync(cancellationToken);
        Assert.That((status.LastNight, status.Runs.Length), Is.EqualTo((new DateOnly(2025, 4, 6), 3)), "the cancelled night is not recorded");
        await Schedule.CheckAsync();
        status = await IdleAsync(cancellationToken);
        Assert.That(status.LastNight, Is.EqualTo(new DateOnly(2025, 4, 7)));
        AssertReleased("2025-04-01", "2025-04-02", "2025-04-05", "2025-04-06");

        // Every third audit entry was a release, so each practice's ledger was compacted once (after its third release),
        // bound by a ledger-compact audit entry; the log verifies.
        for (int i = 0; i < Practices; i++)
        {
            string log = Path.Combine(_root, SyntheticPracticeHost.Code(i), "qi-audit.log");
            var verification = QiSdk.Privacy.AuditLogVerifier.Verify(log);
            Assert.That((verification.IsIntact, verification.EntryCount), Is.EqualTo((true, 5)), verification.Problem);
            Assert.That(File.ReadLines(log).Count(l => l.Contains("ledger-compact", StringComparison.Ordinal)), Is.EqualTo(1));
        }
        TestContext.Out.WriteLine(string.Join("; ", status.Runs.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Night}: {r.Released} released in {r.Elapsed.TotalSeconds:F1} s"))));
    }
}
