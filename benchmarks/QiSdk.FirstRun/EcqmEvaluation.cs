using QiSdk.Indicators;

namespace QiSdk.FirstRun;

/// <summary>
/// What a host does to evaluate CMS165 and CMS122 over a folder of test-case Bundles, through the one public composition
/// (<see cref="QualityPipeline"/>, as <c>qi evaluate</c> does): load both measure bundles' ValueSets as they are, read the
/// two definitions, read every Bundle and evaluate. Returns the population counts per measure, in measure order.
/// Like fqm-execution, which is given only the two measure bundles, the host asks for nothing else: the built-in UK code
/// sets and indicator catalogue are left out (<see cref="QualityPipelineOptions.IncludeBuiltInCodeSets"/> and
/// <see cref="QualityPipelineOptions.IncludeBuiltInIndicators"/> false), as an eCQM-only host configures it.
/// </summary>
internal static class EcqmEvaluation
{
    public static readonly MeasurementPeriod Period = new(new DateOnly(2025, 12, 31), new DateOnly(2025, 1, 1));

    public static QualityPipeline Pipeline(string fixtures, int? readingThreads = null) => QualityPipeline.Create(new QualityPipelineOptions
    {
        ReadingThreads = readingThreads,
        IncludeBuiltInCodeSets = false,
        IncludeBuiltInIndicators = false,
        CodeSetFiles = [.. EcqmReplicas.Measures.Select(m => Path.Combine(fixtures, m, "measure-bundle.json"))],
        Evaluation = new IndicatorEngineOptions { IncludePatientResults = false },
    });

    public static async Task<IReadOnlyList<PopulationCounts>> RunAsync(QualityPipeline pipeline, string definitions, string patients)
    {
        var defs = pipeline.Resolve(EcqmReplicas.Measures.Select(m => Path.Combine(definitions, m.ToLowerInvariant() + ".json")));
        var compiled = pipeline.Compile(defs, Period);
        var log = pipeline.CreateRunLog();
        var results = await compiled.EvaluateAsync(pipeline.CreateReader().CreateSource([patients]), log).ConfigureAwait(false);
        return [.. results.Select(r => r.Summary.Counts)];
    }
}
