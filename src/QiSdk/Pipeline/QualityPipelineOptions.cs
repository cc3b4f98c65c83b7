using QiSdk.Codes;
using QiSdk.Indicators;
using QiSdk.Records;

namespace QiSdk;

/// <summary>
/// What <see cref="QualityPipeline.Create"/> composes: code sets, code maps, code systems and indicator definitions (from
/// built-in resources, files, in-memory values and plug-ins), and how records are read and evaluated. Immutable: set with
/// <c>init</c> or <c>with</c>. Where problems go is a parameter of <see cref="QualityPipeline.Create"/>, not an option.
/// </summary>
public sealed record QualityPipelineOptions
{
    /// <summary>Include the built-in code sets (QOF clusters, PINCER lists). Default true.</summary>
    public bool IncludeBuiltInCodeSets { get; init; } = true;

    /// <summary>Include the built-in indicator catalogue. Default true.</summary>
    public bool IncludeBuiltInIndicators { get; init; } = true;

    /// <summary>
    /// The folder relative file paths below are resolved against (a host passes its content root). Default null: relative
    /// paths are used as given, i.e. against the process's working directory (what a command-line tool expects).
    /// </summary>
    public string? BaseDirectory { get; init; }

    /// <summary>Code-set files (FHIR ValueSet JSON, QiSdk code-set JSON, OpenCodelists CSV); see <see cref="CodeFiles.LoadCodeSets(string, DataQualityLog?)"/>. Default none.</summary>
    public IReadOnlyList<string> CodeSetFiles { get; init; } = [];

    /// <summary>Code-map files (map CSV, FHIR ConceptMap JSON, TRUD map); see <see cref="CodeFiles.LoadCodeMap(string, DataQualityLog?)"/>. Default none.</summary>
    public IReadOnlyList<string> CodeMapFiles { get; init; } = [];

    /// <summary>Indicator definition files (QiSdk indicator JSON), read with the code-set check and added to the catalogue. Default none.</summary>
    public IReadOnlyList<string> IndicatorFiles { get; init; } = [];

    /// <summary>Code sets the host built itself. Default none.</summary>
    public IReadOnlyList<CodeSet> CodeSets { get; init; } = [];

    /// <summary>Code maps the host built itself. Default none.</summary>
    public IReadOnlyList<CodeMap> CodeMaps { get; init; } = [];

    /// <summary>Indicator definitions the host built itself (e.g. with <see cref="IndicatorBuilder"/>), added to the catalogue. Default none.</summary>
    public IReadOnlyList<IndicatorDefinition> Indicators { get; init; } = [];

    /// <summary>Code-set plug-ins, asked once, in order. Default none.</summary>
    public IReadOnlyList<ICodeSetProvider> CodeSetProviders { get; init; } = [];

    /// <summary>Code-map plug-ins, asked once, in order. Default none.</summary>
    public IReadOnlyList<ICodeMapProvider> CodeMapProviders { get; init; } = [];

    /// <summary>Indicator plug-ins, asked once, in order. Default none.</summary>
    public IReadOnlyList<IIndicatorProvider> IndicatorProviders { get; init; } = [];

    /// <summary>
    /// The vendor's own code systems (e.g. a practice-local system <c>https://emr.example/codes</c> of kind
    /// <see cref="CodeSystemKind.Local"/>), added to the default registry so their codes are recognised (and mapped through
    /// the code maps) instead of being reported as an unknown system. Default none.
    /// </summary>
    public IReadOnlyList<CodeSystem> CodeSystems { get; init; } = [];

    /// <summary>
    /// Stop at the first problem in a code-set or map file (a <see cref="TerminologyException"/>) instead of recording it
    /// and loading the rest. Default false (lenient: problems are in <see cref="QualityPipeline.SetupIssues"/>).
    /// </summary>
    public bool StrictCodeFiles { get; init; }

    /// <summary>How many maps may chain (local -> Read v2 -> SNOMED CT). Default <see cref="TerminologyOptions.DefaultMaxMapDepth"/>; 1 to 16.</summary>
    public int MaxMapDepth { get; init; } = TerminologyOptions.DefaultMaxMapDepth;

    /// <summary>How the run engine evaluates (strictness, parallelism, patient-level results, explanations, reporter). Default <c>new()</c>.</summary>
    public IndicatorEngineOptions Evaluation { get; init; } = new();

    /// <summary>Read records strictly (stop at the first problem). Default false.</summary>
    public bool StrictReading { get; init; }

    /// <summary>Parse NDJSON lines of resource types the model does not keep (see <see cref="FhirReaderOptions.ValidateSkippedResources"/>). Default false.</summary>
    public bool ValidateSkippedResources { get; init; }

    /// <summary>Longest NDJSON line read (see <see cref="FhirReaderOptions.MaxLineBytes"/>). Default 16 MiB.</summary>
    public int MaxLineBytes { get; init; } = FhirReaderOptions.DefaultMaxLineBytes;

    /// <summary>Read each Bundle with one Patient as a test case whose every resource is that Patient's (see <see cref="FhirReaderOptions.TestCaseBundles"/>). Default false.</summary>
    public bool TestCaseBundles { get; init; }

    /// <summary>
    /// How many threads read the records (see <see cref="FhirReaderOptions.MaxDegreeOfParallelism"/>): null (the default)
    /// for one per processor, 1 for one thread. The records read, and so every result, are the same whatever the value.
    /// </summary>
    public int? ReadingThreads { get; init; }
}
