using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;
using QiSdk.Privacy;
using QiSdk.Synthetic;

namespace QiSdk.Orleans.Tests;

/// <summary>
/// The EMR vendor's side for the tests: N synthetic practices (50-200 patients each, one seed per practice), clusters of
/// eight, small-number suppression (nhs), file release stores in one folder per practice under a root. Every silo builds
/// its own instance from the configuration; they agree because everything follows from the practice number.
/// </summary>
internal sealed class SyntheticPracticeHost(string root, int practices) : IPracticeHost
{
    public const int ClusterSize = 8;
    public static readonly DateOnly PeriodEnd = new(2025, 3, 31);
    public static readonly DateTimeOffset ReleaseTime = new(2025, 4, 1, 2, 0, 0, TimeSpan.Zero);

    // One pipeline per silo (the same configuration for every practice; the grain names each practice's results).
    private readonly Lazy<QualityPipeline> _pipeline = new(() => QualityPipeline.Create(new QualityPipelineOptions()));

    /// <summary>Audits started (any silo), for the test to decide when to kill a silo. Test-only shared counter.</summary>
    public static int AuditsStarted;

    public string Root => root;

    public static string Code(int i) => string.Create(CultureInfo.InvariantCulture, $"Y{10000 + i}");

    public static string Cluster(int i) => string.Create(CultureInfo.InvariantCulture, $"cluster-{i / ClusterSize:D3}");

    public static SyntheticPracticeOptions Practice(int i) => new()
    {
        PracticeCode = Code(i),
        Patients = 50 + (i * 37 % 151),
        Seed = 1000 + i,
        ReferenceDate = PeriodEnd,
    };

    public static IDisclosurePolicy[] Policies() => [DisclosurePolicies.SmallNumberSuppression()];

    public string FolderOf(string code) => Path.Combine(root, code);

    public ValueTask<IReadOnlyList<PracticeRegistration>> GetPracticesAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<PracticeRegistration>>([.. Enumerable.Range(0, practices).Select(i => new PracticeRegistration(Code(i), Cluster(i)))]);

    public ValueTask<PracticeAuditSetup> GetSetupAsync(string practiceCode, CancellationToken cancellationToken)
    {
        int i = int.Parse(practiceCode.AsSpan(1), CultureInfo.InvariantCulture) - 10000;
        if (i < 0 || i >= practices || Code(i) != practiceCode)
        {
            throw new KeyNotFoundException($"practice '{practiceCode}' is not registered.");
        }

        Interlocked.Increment(ref AuditsStarted);
        return ValueTask.FromResult(new PracticeAuditSetup
        {
            Records = new SyntheticPatientSource(Practice(i)),
            Pipeline = _pipeline.Value,
            Policies = [.. Policies()],
            Stores = PracticeReleaseStores.InFolder(FolderOf(practiceCode)),
        });
    }
}

/// <summary>A clock fixed at one instant (release times only: Orleans' own timers keep the system clock).</summary>
internal sealed class FixedClock(DateTimeOffset at) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => at;
}

/// <summary>Each test silo: the synthetic host, QiSdk's grains, and failure detection fast enough for a test.</summary>
public sealed class QiSdkSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        var configuration = siloBuilder.Configuration;
        string root = configuration["QiSdk:Root"] ?? throw new InvalidOperationException("QiSdk:Root not configured");
        int practices = int.Parse(configuration["QiSdk:Practices"] ?? "200", CultureInfo.InvariantCulture);
        int perSilo = int.Parse(configuration["QiSdk:PerSilo"] ?? "2", CultureInfo.InvariantCulture);
        siloBuilder.Services.AddSingleton<IPracticeHost>(new SyntheticPracticeHost(root, practices));
        siloBuilder.AddQiSdkOrleans(o =>
        {
            o.MaxConcurrentAuditsPerSilo = perSilo;
            o.Clock = new FixedClock(SyntheticPracticeHost.ReleaseTime);
        });
        siloBuilder.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(1);
            o.NumMissedProbesLimit = 2;
            o.NumVotesForDeathDeclaration = 1;
        });
        siloBuilder.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
    }
}

/// <summary>The test's client: calls to a killed silo time out in 10 s rather than 30.</summary>
public sealed class QiSdkClientConfigurator : IClientBuilderConfigurator
{
    public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
        clientBuilder.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
}

/// <summary>Test clusters' scratch folders.</summary>
internal static class TestClusters
{
    public static void DeleteScratch(string root)
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // a scratch folder left behind is harmless
        }
    }
}
