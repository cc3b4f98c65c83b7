using BenchmarkDotNet.Attributes;
using QiSdk.Synthetic;

namespace QiSdk.Benchmarks;

/// <summary>
/// How fast the synthetic practice is generated in memory (sequential and parallel) and written as NDJSON: benchmark
/// setups elsewhere generate 10,000 and 1,000,000 patients and write 100,000.
/// </summary>
[MemoryDiagnoser]
public class SyntheticPracticeBenchmarks
{
    private string _dir = string.Empty;

    /// <summary>Practice size.</summary>
    [Params(10_000, 100_000)]
    public int Patients { get; set; }

    /// <summary>A temporary output folder.</summary>
    [GlobalSetup]
    public void Setup() => _dir = Directory.CreateTempSubdirectory("qisdk-synth-bench").FullName;

    /// <summary>Removes the output folder.</summary>
    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    /// <summary>The whole practice held in memory, one core (the baseline for <see cref="GenerateAllParallel"/>).</summary>
    [Benchmark(Baseline = true)]
    public int GenerateSequentialToArray() => SyntheticPractice.Generate(new SyntheticPracticeOptions { Patients = Patients }).ToArray().Length;

    /// <summary>Lazy, one patient at a time, nothing kept (the streaming path the writers use).</summary>
    [Benchmark]
    public long GenerateStreaming()
    {
        long events = 0;
        foreach (var p in SyntheticPractice.Generate(new SyntheticPracticeOptions { Patients = Patients }))
        {
            events += p.Events.Length;
        }

        return events;
    }

    /// <summary>The whole practice held in memory, every core.</summary>
    [Benchmark]
    public int GenerateAllParallel() => SyntheticPractice.GenerateAll(new SyntheticPracticeOptions { Patients = Patients }).Length;

    /// <summary>Generate and write NDJSON (one file per resource type) plus the code map.</summary>
    [Benchmark]
    public long ExportNdjson() =>
        SyntheticPractice.Export(new SyntheticPracticeOptions { Patients = Patients }, new SyntheticExportOptions { Directory = _dir }).Files.Sum(f => f.Bytes);
}
