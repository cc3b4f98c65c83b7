using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using QiSdk.Codes;
using QiSdk.Indicators;

namespace QiSdk.Hosting;

/// <summary>
/// Builds the one <see cref="QualityPipeline"/> of a container from the options and the registered plug-ins, and keeps it
/// once built. A failed build is not kept: the next call (a retry, or the next run) builds again, so a briefly
/// unreadable map file does not break the service until restart. Setup problems go to the per-stage log categories.
/// </summary>
internal sealed class QiSdkPipelineCache(
    IEnumerable<ICodeSetProvider> codeSetProviders,
    IEnumerable<ICodeMapProvider> codeMapProviders,
    IEnumerable<IIndicatorProvider> indicatorProviders,
    QiSdkLogging logging,
    IHostEnvironment? environment = null)
{
    private readonly ICodeSetProvider[] _codeSetProviders = [.. codeSetProviders];
    private readonly ICodeMapProvider[] _codeMapProviders = [.. codeMapProviders];
    private readonly IIndicatorProvider[] _indicatorProviders = [.. indicatorProviders];
    private readonly Lock _gate = new();
    private (QiSdkOptions Options, QualityPipeline Pipeline)? _built;

    /// <summary>The folder relative paths are resolved against: the data directory, else the host's content root, else none.</summary>
    public string? BaseDirectory(QiSdkOptions options) =>
        options.DataDirectory is { Length: > 0 } data
            ? (Path.IsPathRooted(data) || environment is null ? data : Path.Combine(environment.ContentRootPath, data))
            : environment?.ContentRootPath;

    /// <summary>A path from the options, resolved against <see cref="BaseDirectory"/>.</summary>
    public string Resolve(QiSdkOptions options, string path) =>
        BaseDirectory(options) is { } root && !Path.IsPathRooted(path) ? Path.Combine(root, path) : path;

    /// <summary>The audit-log path: as given (resolved), else <c>qi-audit.log</c> in the data directory.</summary>
    /// <exception cref="InvalidOperationException">Neither is set (no default in the working directory).</exception>
    public string AuditLogPath(QiSdkOptions options) => Resolve(options, DataFile(options, options.AuditLogPath, "qi-audit.log", nameof(QiSdkOptions.AuditLogPath), "IAuditLogStore"));

    /// <summary>The release-ledger path: as given (resolved), else <c>qi-releases.jsonl</c> in the data directory.</summary>
    /// <exception cref="InvalidOperationException">Neither is set (no default in the working directory).</exception>
    public string ReleaseLedgerPath(QiSdkOptions options) => Resolve(options, DataFile(options, options.ReleaseLedgerPath, "qi-releases.jsonl", nameof(QiSdkOptions.ReleaseLedgerPath), "IReleaseLedger"));

    private static string DataFile(QiSdkOptions options, string? given, string name, string property, string service) =>
        given ?? (string.IsNullOrWhiteSpace(options.DataDirectory)
            ? throw new InvalidOperationException($"QiSdkOptions.{property} is not set and there is no QiSdkOptions.DataDirectory to keep '{name}' in: set one of them, or register your own {service}. QiSdk writes nothing to the working directory.")
            : name);

    /// <summary>The pipeline for these options: built now, or the one already built for the same options instance.</summary>
    public QualityPipeline Get(QiSdkOptions options)
    {
        lock (_gate)
        {
            if (_built is { } built && ReferenceEquals(built.Options, options))
            {
                return built.Pipeline;
            }

            var pipeline = QualityPipeline.Create(PipelineOptions(options), logging.SetupIssue);
            logging.SetupFinished(pipeline);
            _built = (options, pipeline);
            return pipeline;
        }
    }

    private QualityPipelineOptions PipelineOptions(QiSdkOptions o) => new()
    {
        IncludeBuiltInCodeSets = o.IncludeBuiltInCodeSets,
        IncludeBuiltInIndicators = o.IncludeBuiltInIndicators,
        BaseDirectory = BaseDirectory(o),
        CodeSetFiles = [.. o.CodeSetFiles],
        CodeMapFiles = [.. o.CodeMapFiles],
        IndicatorFiles = [.. o.IndicatorFiles],
        CodeSystems = [.. o.CodeSystems],
        CodeSetProviders = _codeSetProviders,
        CodeMapProviders = _codeMapProviders,
        IndicatorProviders = _indicatorProviders,
        MaxMapDepth = o.MaxMapDepth,
        StrictReading = o.StrictReading,
        ValidateSkippedResources = o.ValidateSkippedResources,
        Evaluation = new IndicatorEngineOptions
        {
            Reporter = o.PracticeCode,
            Strict = o.StrictEvaluation,
            MaxDegreeOfParallelism = o.MaxDegreeOfParallelism,
            IncludePatientResults = true,
        },
    };
}
