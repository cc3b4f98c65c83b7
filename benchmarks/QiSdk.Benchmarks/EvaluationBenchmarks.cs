using BenchmarkDotNet.Attributes;
using QiSdk.Indicators;
using QiSdk.Records;

namespace QiSdk.Benchmarks;

/// <summary>
/// The whole built-in catalogue over a synthetic 10,000-patient practice held in memory (see <see cref="EvaluationSetup"/>).
/// Baseline: aggregate counts only; the comparison shows what keeping per-patient results costs. The 1,000,000-patient run
/// and the comparison with reading the same patients from NDJSON are in <see cref="EvaluationCpuTiming"/> (a BenchmarkDotNet
/// job over a million patients takes too long on a shared 2-core machine).
/// </summary>
[MemoryDiagnoser]
public class EvaluationBenchmarks
{
    private PatientRecord[] _patients = [];
    private CompiledIndicatorSet _set = null!;
    private CompiledIndicatorSet _aggregateOnly = null!;

    /// <summary>Patients evaluated.</summary>
    [Params(10_000)]
    public int Patients { get; set; }

    /// <summary>Generates the practice and compiles the catalogue (once).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _patients = EvaluationSetup.Patients(Patients);
        _set = EvaluationSetup.Compile(aggregateOnly: false);
        _aggregateOnly = EvaluationSetup.Compile(aggregateOnly: true);
        _aggregateOnly.Evaluate(_patients, new DataQualityLog()); // warm the terminology cache: steady state, as in a long audit
        Console.WriteLine($"// {_set.Definitions.Length} indicators; {_patients.Sum(p => p.Events.Length) / (double)_patients.Length:0.0} events per patient");
    }

    /// <summary>Every indicator, counts only.</summary>
    [Benchmark(Baseline = true, Description = "catalogue, aggregate only")]
    public int AggregateOnly() => _aggregateOnly.Evaluate(_patients, new DataQualityLog())[0].Summary.Counts.Denominator;

    /// <summary>Every indicator, keeping each patient's populations.</summary>
    [Benchmark(Description = "catalogue, with patient results")]
    public int WithPatientResults() => _set.Evaluate(_patients, new DataQualityLog())[0].Patients.Length;
}
