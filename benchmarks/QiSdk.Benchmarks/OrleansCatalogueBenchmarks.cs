using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Orleans.TestingHost;
using QiSdk.Indicators;
using QiSdk.Orleans;
using QiSdk.Privacy;
using QiSdk.Records;
using QiSdk.Synthetic;

namespace QiSdk.Benchmarks;

/// <summary>
/// Practices per minute on one Orleans silo (issue 18): the nightly catalogue (<see cref="CatalogueScheduler"/>) over
/// 12 synthetic practices on a one-silo TestingHost cluster, two audits at a time (one per core), each practice's whole
/// catalogue evaluated and released through the gate into file release stores (fresh each iteration, so every practice
/// is released, not found already released). Baseline: only generating the same practices' records (the synthetic
/// host's "database read"), two at a time, so the audit's own share is the difference.
/// </summary>
public class OrleansCatalogueBenchmarks
{
    private const int Practices = 12;
    private TestCluster _cluster = null!;
    private string _root = null!;
    private CatalogueScheduler _scheduler = null!;

    [Params(1_000, 8_500)]
    public int PatientsPerPractice { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), "qisdk-bench-orleans-" + Guid.NewGuid().ToString("N"));
        var builder = new TestClusterBuilder(1);
        builder.Properties["Bench:Root"] = _root;
        builder.Properties["Bench:Patients"] = PatientsPerPractice.ToString(CultureInfo.InvariantCulture);
        builder.AddSiloBuilderConfigurator<BenchSiloConfigurator>();
        _cluster = builder.Build();
        _cluster.Deploy();
        _scheduler = new CatalogueScheduler(_cluster.Client, new BenchPracticeHost(_root, PatientsPerPractice), Options.Create(new QiSdkOrleansOptions { MaxConcurrentDispatches = 4 }));
    }

    [IterationSetup]
    public void FreshReleaseStores()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _cluster.StopAllSilos();
        _cluster.Dispose();
        FreshReleaseStores();
    }

    [Benchmark]
    public async Task<int> CatalogueOnOneSilo()
    {
        var report = await _scheduler.RunAsync(new MeasurementPeriod(BenchPracticeHost.PeriodEnd));
        return report.Released == Practices ? report.Released : throw new InvalidOperationException($"released {report.Released} of {Practices}: {string.Join("; ", report.Practices.Select(p => p.Error ?? p.Release?.RefusalReason).OfType<string>())}");
    }

    [Benchmark(Baseline = true)]
    public async Task<int> GenerateRecordsOnly()
    {
        int patients = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, Practices), new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (i, ct) =>
        {
            int n = 0;
            await foreach (var _ in new SyntheticPatientSource(BenchPracticeHost.Practice(i, PatientsPerPractice)).ReadPatientsAsync(new DataQualityLog(), ct))
            {
                n++;
            }

            Interlocked.Add(ref patients, n);
        });
        return patients;
    }
}

/// <summary>The benchmark's practices: synthetic, one seed each, small-number suppression, file stores per practice.</summary>
internal sealed class BenchPracticeHost(string root, int patients) : IPracticeHost
{
    public static readonly DateOnly PeriodEnd = new(2025, 3, 31);
    private readonly Lazy<QualityPipeline> _pipeline = new(() => QualityPipeline.Create(new QualityPipelineOptions()));

    public static SyntheticPracticeOptions Practice(int i, int patients) =>
        new() { PracticeCode = string.Create(CultureInfo.InvariantCulture, $"Y{20000 + i}"), Patients = patients, Seed = 500 + i, ReferenceDate = PeriodEnd };

    public ValueTask<IReadOnlyList<PracticeRegistration>> GetPracticesAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<PracticeRegistration>>([.. Enumerable.Range(0, 12).Select(i => new PracticeRegistration(Practice(i, patients).PracticeCode, "bench-cluster-" + (i / 6)))]);

    public ValueTask<PracticeAuditSetup> GetSetupAsync(string practiceCode, CancellationToken cancellationToken)
    {
        int i = int.Parse(practiceCode.AsSpan(1), CultureInfo.InvariantCulture) - 20000;
        return ValueTask.FromResult(new PracticeAuditSetup
        {
            Records = new SyntheticPatientSource(Practice(i, patients)),
            Pipeline = _pipeline.Value,
            Policies = [DisclosurePolicies.SmallNumberSuppression()],
            Stores = PracticeReleaseStores.InFolder(Path.Combine(root, practiceCode)),
        });
    }
}

/// <summary>The benchmark's silo: two audits at a time (one per core of this machine).</summary>
public sealed class BenchSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        string root = siloBuilder.Configuration["Bench:Root"]!;
        int patients = int.Parse(siloBuilder.Configuration["Bench:Patients"]!, CultureInfo.InvariantCulture);
        siloBuilder.Services.AddSingleton<IPracticeHost>(new BenchPracticeHost(root, patients));
        siloBuilder.AddQiSdkOrleans(o => o.MaxConcurrentAuditsPerSilo = 2);
    }
}
