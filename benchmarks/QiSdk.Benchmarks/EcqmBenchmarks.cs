using BenchmarkDotNet.Attributes;
using QiSdk.FirstRun;

namespace QiSdk.Benchmarks;

/// <summary>
/// Warm counterpart of the first-run measurement (benchmarks/README.md, "eCQM speed against fqm-execution"): the same
/// 3,000 replicated CMS165/CMS122 test patients, read from their Bundle files and evaluated for both measures, with the
/// pipeline (both measure bundles' ValueSets, built-in code sets) built once in the set-up as a long-running host would.
/// </summary>
[MemoryDiagnoser]
public class EcqmBenchmarks
{
    private string _fixtures = string.Empty;
    private string _definitions = string.Empty;
    private string _patients = string.Empty;
    private QualityPipeline _pipeline = null!;

    [GlobalSetup]
    public void Setup()
    {
        string shared = Path.GetDirectoryName(Path.GetDirectoryName(ReadingData.SyntheaFolder()))!;
        _fixtures = Path.Combine(shared, "ecqm");
        _definitions = Path.Combine(RepoRoot(), "tests", "QiSdk.Tests", "Indicators", "Ecqm");
        _patients = Path.Combine(Path.GetTempPath(), "qisdk-ecqm-bench-3000");
        if (!Directory.Exists(_patients) || Directory.GetFiles(_patients, "*.json").Length != 3000)
        {
            EcqmReplicas.Generate(_fixtures, _patients, 3000);
        }

        _pipeline = EcqmEvaluation.Pipeline(_fixtures);
    }

    [Benchmark(Description = "read 3,000 test-case Bundles + evaluate CMS165 and CMS122 (warm)")]
    public int ReadAndEvaluate() =>
        EcqmEvaluation.RunAsync(_pipeline, _definitions, _patients).GetAwaiter().GetResult()[0].InitialPopulation;

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "QiSdk.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException($"QiSdk.sln not found above {AppContext.BaseDirectory}.");
    }
}
