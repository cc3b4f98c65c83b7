using QiSdk.Reports;
using BenchmarkDotNet.Attributes;
using QiSdk.Indicators;
using QiSdk.Privacy;

namespace QiSdk.Benchmarks;

/// <summary>
/// Cost of protecting one stratified indicator (total + 8 age bands + 3 sexes, counts of a ~10,000-patient practice
/// with several small cells): the primary rule alone (baseline), the full small-number-suppression pipeline with
/// secondary suppression, and the differential-privacy preview (60 discrete Laplace draws from the OS CSPRNG, one per cell,
/// plus the budget check). Public API only: the benchmarks measure what a host can call.
/// </summary>
[MemoryDiagnoser]
public class PrivacyBenchmarks
{
    private DisclosurePipeline _pipeline = null!;
    private DisclosureRequest _request = null!;
    private DisclosurePipeline _differentialPrivacy = null!;
    private string _ledgerFolder = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        PopulationCounts Cell(int ip)
        {
            int den = (int)(ip * 0.8);
            int excl = Math.Min(den, random.Next(3));
            int exc = Math.Min(den - excl, random.Next(3));
            int num = random.Next(den - excl - exc + 1);
            return new PopulationCounts(ip, den, excl, exc, num);
        }

        int[] bands = [4, 12, 35, 60, 90, 110, 70, 25];
        var ages = bands.Select((ip, i) => new StratumCounts("age-band", $"{i * 10}-{(i * 10) + 9}", Cell(ip))).ToList();
        var total = ages.Aggregate(PopulationCounts.Zero, (a, s) => new PopulationCounts(
            a.InitialPopulation + s.Counts.InitialPopulation, a.Denominator + s.Counts.Denominator, a.DenominatorExclusion + s.Counts.DenominatorExclusion,
            a.DenominatorException + s.Counts.DenominatorException, a.Numerator + s.Counts.Numerator));
        var female = Cell(total.InitialPopulation / 2);
        var unknown = new PopulationCounts(3, 2, 0, 0, 1);
        var male = new PopulationCounts(total.InitialPopulation - female.InitialPopulation - 3, total.Denominator - female.Denominator - 2,
            total.DenominatorExclusion - female.DenominatorExclusion, total.DenominatorException - female.DenominatorException, Math.Max(0, total.Numerator - female.Numerator - 1));
        var summary = new IndicatorSummary
        {
            IndicatorId = "bench", Url = "https://qisdk.org/fhir/Measure/bench", Version = "1", Title = "bench",
            Kind = IndicatorKind.Process, Direction = ImprovementDirection.Increase, PeriodEnd = new DateOnly(2026, 3, 31),
            Counts = total, Reporter = "A81001",
            Strata = [.. ages, new StratumCounts("sex", "female", female), new StratumCounts("sex", "male", male), new StratumCounts("sex", "unknown", unknown)],
        };
        _request = DisclosureRequest.FromSummaries([summary]);
        _pipeline = MeasureReportDisclosure.CreatePipeline([DisclosurePolicies.SmallNumberSuppression()]);
        _ledgerFolder = Path.Combine(Path.GetTempPath(), "qisdk-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_ledgerFolder);
        var ledger = new FilePrivacyBudgetLedger(Path.Combine(_ledgerFolder, "budget.json"));
        _differentialPrivacy = MeasureReportDisclosure.CreatePipeline([DisclosurePolicies.DifferentialPrivacy(new DifferentialPrivacyOptions { Epsilon = 1, TotalBudget = 1, BudgetLedger = ledger })]);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_ledgerFolder, recursive: true);

    [Benchmark(Baseline = true)]
    public int PrimaryRuleOnly()
    {
        int released = 0;
        foreach (var column in _request.Summaries[0].Strata.Select(s => s.Counts).Prepend(_request.Summaries[0].Counts))
        {
            for (int p = 0; p < 5; p++)
            {
                released += SuppressionProfile.Nhs.Protect(column[(MeasurePopulation)p]) ?? 0;
            }
        }

        return released;
    }

    [Benchmark]
    public int SmallNumberSuppressionWithSecondary() => _pipeline.Preview(_request).Cells.Count(c => c.ReleasedValue is null);

    [Benchmark]
    public int DifferentialPrivacyPreview() => _differentialPrivacy.Preview(_request).Cells.Count(c => c.ReleasedValue != c.OriginalValue);
}
