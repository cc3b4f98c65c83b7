using BenchmarkDotNet.Attributes;
using QiSdk.Indicators;
using QiSdk.Records;

namespace QiSdk.Benchmarks;

/// <summary>
/// The whole built-in catalogue over a 10,000-patient practice and over 1,000,000 patients held in memory.
/// Baseline: aggregate counts only; the comparison shows what keeping per-patient results costs.
/// </summary>
[MemoryDiagnoser]
public class EvaluationBenchmarks
{
    private PatientRecord[] _patients = [];
    private CompiledIndicatorSet _set = null!;
    private CompiledIndicatorSet _aggregateOnly = null!;

    /// <summary>Patients evaluated.</summary>
    [Params(10_000, 1_000_000)]
    public int Patients { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _patients = EvaluationPopulation.Create(Patients);
        var matcher = EvaluationPopulation.Matcher();
        var definitions = IndicatorCatalogue.BuiltIn().Definitions.Where(d => d.Measurements.SelectMany(m => m.CodeSets).Concat(CodeSetsOf(d)).All(n => matcher.TryGetCodeSetIndex(n, out _) || d.CodeSets.Any(c => c.Name == n))).ToList();
        var period = new MeasurementPeriod(new DateOnly(2024, 3, 31), new DateOnly(2023, 4, 1));
        _set = new IndicatorEngine(matcher).Compile(definitions, period);
        _aggregateOnly = new IndicatorEngine(matcher, new IndicatorEngineOptions { IncludePatientResults = false }).Compile(definitions, period);
        Console.WriteLine($"// {definitions.Count} indicators: {string.Join(", ", definitions.Select(d => d.Id))}; {_patients.Sum(p => p.Events.Length) / (double)_patients.Length:0.0} events per patient");
    }

    [Benchmark(Baseline = true, Description = "catalogue, aggregate only")]
    public int AggregateOnly() => _aggregateOnly.Evaluate(_patients, new DataQualityLog())[0].Summary.Counts.Denominator;

    [Benchmark(Description = "catalogue, with patient results")]
    public int WithPatientResults() => _set.Evaluate(_patients, new DataQualityLog())[0].Patients.Length;

    private static IEnumerable<string> CodeSetsOf(IndicatorDefinition d) =>
        System.Text.RegularExpressions.Regex.Matches(IndicatorDefinitionJson.Write(d), "\"([A-Z][A-Z0-9_]+)\"").Select(m => m.Groups[1].Value);
}
