using BenchmarkDotNet.Attributes;
using QiSdk.Codes;
using QiSdk.Indicators;
using QiSdk.Records;
using QiSdk.Synthetic;

namespace QiSdk.Benchmarks;

/// <summary>
/// The whole built-in catalogue (every indicator) over the synthetic practice, matched through the shipped code sets and
/// the practice's own code map (SNOMED, Read v2, CTV3 and local codes). Baseline: the three reference indicators only,
/// so the ratio shows what the rest of the catalogue adds.
/// </summary>
[MemoryDiagnoser]
public class CatalogueBenchmarks
{
    private PatientRecord[] _patients = [];
    private CompiledIndicatorSet _reference = null!;
    private CompiledIndicatorSet _all = null!;

    /// <summary>Patients evaluated.</summary>
    [Params(10_000, 100_000)]
    public int Patients { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var options = new SyntheticPracticeOptions { Patients = Patients, Seed = 2024 };
        _patients = SyntheticPractice.GenerateAll(options);
        using var mapText = new StringWriter();
        SyntheticPractice.WriteCodeMap(options.PracticeCode, mapText);
        var map = CodeMapCsv.Read(new StringReader(mapText.ToString()), "practice", "synthetic code map");
        var terminology = Terminology.Create(BuiltInCodeSets.Load(), [map]);
        var period = new MeasurementPeriod(options.ReferenceDate);
        var options2 = new IndicatorEngineOptions { IncludePatientResults = false };
        var catalogue = IndicatorCatalogue.BuiltIn();
        string[] reference = ["qof-dm020-hba1c-58", "qof-hyp008-bp-140-90", "pincer-a-nsaid-65-no-gastroprotection"];
        _reference = new IndicatorEngine(terminology, options2).Compile(reference.Select(catalogue.Get), period);
        _all = new IndicatorEngine(terminology, options2).Compile(catalogue.Definitions, period);
        Console.WriteLine($"// {catalogue.Definitions.Length} indicators; {_patients.Sum(p => p.Events.Length) / (double)_patients.Length:0.0} events per patient");
    }

    [Benchmark(Baseline = true, Description = "3 reference indicators")]
    public int Reference() => _reference.Evaluate(_patients, new DataQualityLog())[0].Summary.Counts.Denominator;

    [Benchmark(Description = "whole catalogue")]
    public int WholeCatalogue() => _all.Evaluate(_patients, new DataQualityLog())[0].Summary.Counts.Denominator;
}
