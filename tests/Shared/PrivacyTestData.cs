using QiSdk.Reports;
using System.Collections.Immutable;
using QiSdk.Indicators;
using QiSdk.Privacy;

namespace QiSdk.Tests.Privacy;

/// <summary>Builders for privacy tests.</summary>
internal static class PrivacyTestData
{
    public static PopulationCounts Counts(int ip, int den, int num, int excl = 0, int exc = 0) => new(ip, den, excl, exc, num);

    public static IndicatorSummary Summary(string id, PopulationCounts counts, IEnumerable<StratumCounts>? strata = null,
        string? reporter = "A81001", IndicatorKind kind = IndicatorKind.Process, DateOnly? end = null) => new()
        {
            IndicatorId = id,
            Url = "https://qisdk.org/fhir/Measure/" + id,
            Version = "1",
            Title = id,
            Kind = kind,
            Direction = ImprovementDirection.Increase,
            PeriodStart = new DateOnly(2025, 4, 1),
            PeriodEnd = end ?? new DateOnly(2026, 3, 31),
            Counts = counts,
            Strata = strata is null ? [] : [.. strata],
            Reporter = reporter,
        };

    public static StratumCounts Stratum(string stratifier, string value, PopulationCounts counts) => new(stratifier, value, counts);

    public static DisclosureOutcome Preview(IEnumerable<IDisclosurePolicy> policies, params IndicatorSummary[] summaries) =>
        MeasureReportDisclosure.CreatePipeline(policies).Preview(DisclosureRequest.FromSummaries(summaries));

    /// <summary>Pipeline options with the exact (OR-Tools CP-SAT) bound solver.</summary>
    public static DisclosurePipelineOptions Exact { get; } = new() { BoundSolver = QiSdk.Privacy.OrTools.OrToolsBoundSolver.Instance };

    /// <summary>Preview with the exact bound solver (what the qi tool uses).</summary>
    public static DisclosureOutcome PreviewExact(IEnumerable<IDisclosurePolicy> policies, params IndicatorSummary[] summaries) =>
        MeasureReportDisclosure.CreatePipeline(policies, Exact).Preview(DisclosureRequest.FromSummaries(summaries));

    public static decimal SpentOf(this IPrivacyBudgetLedger ledger, string practice) =>
        ledger.GetAccountAsync(practice, default).GetAwaiter().GetResult().Spent;

    public static int? Released(this DisclosureOutcome outcome, string column, MeasurePopulation population, string? reporter = null) =>
        outcome.Cells.Single(c => c.Column == column && c.Population == population && (reporter is null || c.Reporter == reporter)).ReleasedValue;
}

/// <summary>A seeded, predictable random source: tests only (the library always uses the OS CSPRNG).</summary>
internal sealed class SeededRandomSource(int seed) : IRandomSource
{
    private readonly Random _random = new(seed);

    public void Fill(Span<byte> buffer) => _random.NextBytes(buffer);
}

/// <summary>A clock stopped at one instant (tests only).</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
