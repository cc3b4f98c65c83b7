using QiSdk.Codes;

namespace QiSdk.Hosting;

/// <summary>
/// Settings for QiSdk in a host, bound with <c>services.AddQiSdk(options => ...)</c> (or any <c>Configure&lt;QiSdkOptions&gt;</c>).
/// Checked when first used (and at start-up where the host validates options on start): every problem is reported at once.
/// QiSdk never reads environment variables; paths are relative to the host's working directory.
/// </summary>
public sealed class QiSdkOptions
{
    /// <summary>
    /// The practice's code (e.g. an ODS code), written as the reporter of every summary. Default null (not written): then
    /// audits run, but <see cref="QualityAuditService.DiscloseAsync"/> refuses (QI4018), because ledgers and budgets are
    /// kept per practice identity.
    /// </summary>
    public string? PracticeCode { get; set; }

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

    /// <summary>Include the built-in code sets (QOF clusters, PINCER lists). Default true.</summary>
    public bool IncludeBuiltInCodeSets { get; set; } = true;

    /// <summary>Include the built-in indicator catalogue. Default true.</summary>
    public bool IncludeBuiltInIndicators { get; set; } = true;

    /// <summary>More code-set files (FHIR ValueSet JSON, QiSdk code-set JSON, OpenCodelists CSV); see <see cref="CodeFiles.LoadCodeSets"/>.</summary>
    public IList<string> CodeSetFiles { get; } = [];

    /// <summary>Code-map files (map CSV, FHIR ConceptMap JSON, TRUD map); see <see cref="CodeFiles.LoadCodeMap"/>.</summary>
    public IList<string> CodeMapFiles { get; } = [];

    /// <summary>More indicator definition files (QiSdk indicator JSON).</summary>
    public IList<string> IndicatorFiles { get; } = [];

    /// <summary>How many maps may chain (local -> Read v2 -> SNOMED CT). Default <see cref="TerminologyOptions.DefaultMaxMapDepth"/>; 1 to 16.</summary>
    public int MaxMapDepth { get; set; } = TerminologyOptions.DefaultMaxMapDepth;

    /// <summary>Upper bound on threads used to evaluate patients; null (the default) lets the runtime decide.</summary>
    public int? MaxDegreeOfParallelism { get; set; }

    /// <summary>The append-only, hash-chained audit log of disclosures. Default <c>qi-audit.log</c>.</summary>
    public string AuditLogPath { get; set; } = "qi-audit.log";

    /// <summary>The release ledger used to refuse differencing across releases. Default <c>qi-releases.jsonl</c> (the same file <c>qi disclose</c> uses beside its audit log).</summary>
    public string ReleaseLedgerPath { get; set; } = "qi-releases.jsonl";
}
