using QiSdk.Codes;

namespace QiSdk.Hosting;

/// <summary>
/// Settings for QiSdk in a host, bound with <c>services.AddQiSdk(options => ...)</c>, <c>services.AddQiSdk(configuration.GetSection("QiSdk"))</c>
/// or any <c>Configure&lt;QiSdkOptions&gt;</c>. A mutable class, as the options pattern binds it; the core's options are immutable records.
/// Checked at start-up (<c>ValidateOnStart</c>) or on first use: every problem is reported at once, and everything the first
/// run would load (code sets, maps, definitions) is loaded then, so a bad map or definition stops the host from starting.
/// QiSdk never reads environment variables and writes nothing to the working directory. Relative paths (files to read,
/// <see cref="DataDirectory"/>, <see cref="AuditLogPath"/>, <see cref="ReleaseLedgerPath"/>) are resolved against the
/// host's content root (<c>IHostEnvironment.ContentRootPath</c>) when the host registers one (every generic host does).
/// Unlike the core's option records, this is a mutable class: it is an <c>IOptions&lt;T&gt;</c> type, configured by
/// <c>Configure</c>/<c>PostConfigure</c> delegates and configuration binding, as Microsoft.Extensions options are.
/// </summary>
public sealed class QiSdkOptions
{
    /// <summary>
    /// The practice's code (e.g. an ODS code), written as the reporter of every summary. Default null (not written): then
    /// audits run, but <c>QualityAuditService.DiscloseAsync</c> refuses (QI4018), because ledgers and budgets are
    /// kept per practice identity.
    /// </summary>
    public string? PracticeCode { get; set; }

    /// <summary>
    /// The folder QiSdk keeps its own files in: the audit log (<c>qi-audit.log</c>) and release ledger
    /// (<c>qi-releases.jsonl</c>) default to files in it. Default null: <see cref="AuditLogPath"/> and
    /// <see cref="ReleaseLedgerPath"/> must then be given (or the host registers its own stores) before anything is disclosed.
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>Stop reading at the first record problem instead of logging it and going on. Default false (lenient).</summary>
    public bool StrictReading { get; set; }

    /// <summary>
    /// Parse every NDJSON line to its end, also lines of resource types the model does not keep, so that a syntax error
    /// inside them is reported. Default false: such lines are counted as skipped unparsed (see
    /// <see cref="QiSdk.Records.FhirReaderOptions.ValidateSkippedResources"/>).
    /// </summary>
    public bool ValidateSkippedResources { get; set; }

    /// <summary>Stop evaluating at the first evaluation problem instead of logging it. Default false.</summary>
    public bool StrictEvaluation { get; set; }

    /// <summary>
    /// Keep, for every patient in every run, the rule that decided each population and its evidence
    /// (<see cref="QiSdk.Indicators.IndicatorResult.Explanations"/>); costs memory per patient. Default false; one run can
    /// ask for them with <see cref="AuditRunOptions.IncludeExplanations"/>. The worklist (<see cref="AuditRun.Worklist"/>) needs them.
    /// </summary>
    public bool IncludeExplanations { get; set; }

    /// <summary>Include the built-in code sets (QOF clusters, PINCER lists). Default true.</summary>
    public bool IncludeBuiltInCodeSets { get; set; } = true;

    /// <summary>Include the built-in indicator catalogue. Default true.</summary>
    public bool IncludeBuiltInIndicators { get; set; } = true;

    /// <summary>More code-set files (FHIR ValueSet JSON, QiSdk code-set JSON, OpenCodelists CSV); see <see cref="CodeFiles.LoadCodeSets(string, DataQualityLog?)"/>.</summary>
    public IList<string> CodeSetFiles { get; } = [];

    /// <summary>Code-map files (map CSV, FHIR ConceptMap JSON, TRUD map); see <see cref="CodeFiles.LoadCodeMap(string, DataQualityLog?)"/>.</summary>
    public IList<string> CodeMapFiles { get; } = [];

    /// <summary>More indicator definition files (QiSdk indicator JSON).</summary>
    public IList<string> IndicatorFiles { get; } = [];

    /// <summary>
    /// The vendor's own code systems (e.g. a practice-local system of kind <see cref="CodeSystemKind.Local"/>): their codes
    /// are recognised and mapped instead of being reported as an unknown system (QI2022).
    /// </summary>
    public IList<CodeSystem> CodeSystems { get; } = [];

    /// <summary>How many maps may chain (local -> Read v2 -> SNOMED CT). Default <see cref="TerminologyOptions.DefaultMaxMapDepth"/>; 1 to 16.</summary>
    public int MaxMapDepth { get; set; } = TerminologyOptions.DefaultMaxMapDepth;

    /// <summary>Upper bound on threads used to evaluate patients; null (the default) lets the runtime decide.</summary>
    public int? MaxDegreeOfParallelism { get; set; }

    /// <summary>The append-only, hash-chained audit log of disclosures. Default <c>qi-audit.log</c> in <see cref="DataDirectory"/>; required when that is not set.</summary>
    public string? AuditLogPath { get; set; }

    /// <summary>The release ledger used to refuse differencing across releases. Default <c>qi-releases.jsonl</c> in <see cref="DataDirectory"/> (the name <c>qi disclose</c> uses beside its audit log); required when that is not set.</summary>
    public string? ReleaseLedgerPath { get; set; }
}
