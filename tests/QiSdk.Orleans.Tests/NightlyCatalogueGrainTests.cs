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
public sealed class NightlyCatalogueGrainTests
{
    private const int Practices = 6;

    /// <summary>The clock every test silo's grains read (test-only shared state: the silos run in this process).</summary>
    internal static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2025, 4, 1, 12, 0, 0, TimeSpan.Zero));

    private string _root = string.Empty;
    private TestCluster? _cluster;

    public sealed class NightlySiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            string root = siloBuilder.Configuration["QiSdk:Root"] ?? throw new InvalidOperationException("QiSdk:Root not configured");
            siloBuilder.Services.AddSingleton<IPracticeHost>(new SyntheticPracticeHost(root, Practices));
            siloBuilder.AddQiSdkOrleans(o =>
            {
                o.MaxConcurrentAuditsPerSilo = 2;
                o.RetryDelay = TimeSpan.FromMilliseconds(100);
                o.Clock = Clock;
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

    /// <summary>Period ends of every release line in a practice's ledger (text, not the ledger reader).</summary>
    private List<string> ReleasedPeriodEnds(int practice)
    {
        string ledger = Path.Combine(_root, SyntheticPracticeHost.Code(practice), "qi-releases.jsonl");
        if (!File.Exists(ledger))
        {
            return [];
        }

        var lines = File.ReadAllLines(ledger);
        var ends = new List<string>();
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Contains("\"kind\":\"release\"", StringComparison.Ordinal))
            {
                var cell = lines.Skip(i + 1).FirstOrDefault(l => l.Contains("\"kind\":\"cell\"", StringComparison.Ordinal)) ?? "";
                int at = cell.IndexOf("\"periodEnd\":\"", StringComparison.Ordinal);
                ends.Add(at < 0 ? "?" : cell.Substring(at + 13, 10));
            }
        }

        return ends;
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
        Assert.That(Enumerable.Range(0, Practices).Select(ReleasedPeriodEnds), Is.All.EqualTo(new[] { "2025-04-01" }));

        // Later the same night: nothing more.
        Clock.SetUtcNow(new DateTimeOffset(2025, 4, 2, 9, 0, 0, TimeSpan.Zero));
        Assert.That((await Schedule.CheckAsync()).Running, Is.Null);

        // The next night audits 2 April.
        Clock.SetUtcNow(new DateTimeOffset(2025, 4, 3, 2, 5, 0, TimeSpan.Zero));
        await Schedule.CheckAsync();
        status = await IdleAsync(cancellationToken);
        Assert.That(Enumerable.Range(0, Practices).Select(ReleasedPeriodEnds), Is.All.EqualTo(new[] { "2025-04-01", "2025-04-02" }));

        // Down for three nights: the latest night runs (its period covers the most recent data); two are skipped and counted.
        Clock.SetUtcNow(new DateTimeOffset(2025, 4, 6, 7, 0, 0, TimeSpan.Zero));
        await Schedule.CheckAsync();
        status = await IdleAsync(cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That(status.LastNight, Is.EqualTo(new DateOnly(2025, 4, 6)));
            Assert.That(status.NightsSkipped, Is.EqualTo(2));
            Assert.That(status.Runs.Select(r => r.Night), Is.EqualTo(new[] { new DateOnly(2025, 4, 2), new DateOnly(2025, 4, 3), new DateOnly(2025, 4, 6) }));
            Assert.That(Enumerable.Range(0, Practices).Select(ReleasedPeriodEnds), Is.All.EqualTo(new[] { "2025-04-01", "2025-04-02", "2025-04-05" }));
            Assert.That(status.NextRunAt, Is.EqualTo(new DateTimeOffset(2025, 4, 7, 2, 0, 0, TimeSpan.Zero)));
        });
        TestContext.Out.WriteLine(string.Join("; ", status.Runs.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Night}: {r.Released} released in {r.Elapsed.TotalSeconds:F1} s"))));
    }
}
