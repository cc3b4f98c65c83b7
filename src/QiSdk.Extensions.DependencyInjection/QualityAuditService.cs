using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using QiSdk.Codes;
using QiSdk.Indicators;
using QiSdk.Privacy;
using QiSdk.Records;

namespace QiSdk.Hosting;

/// <summary>
/// The host's entry point once <c>services.AddQiSdk(...)</c> is called: runs audits over the host's records (its
/// registered <see cref="IPatientRecordSource"/>, or FHIR files) and hands policy-approved disclosures to the registered
/// <see cref="IDisclosureSink"/>. The terminology and catalogue are built once, on first use, from the options and the
/// registered plug-ins; every run has its own state, so many audits may run at once.
/// </summary>
public sealed partial class QualityAuditService
{
    private readonly QiSdkOptions _options;
    private readonly IPatientRecordSource? _records;
    private readonly ImmutableArray<IDisclosurePolicy> _policies;
    private readonly IDisclosureSink? _sink;
    private readonly IAuditLogStore _auditLog;
    private readonly IReleaseLedger _releaseLedger;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lazy<Setup> _setup;

    /// <summary>Created by the container; see <c>AddQiSdk</c>. Hosts without DI compose the core types directly instead.</summary>
    /// <param name="options">The validated options.</param>
    /// <param name="codeSetProviders">Code-set plug-ins, in registration order.</param>
    /// <param name="codeMapProviders">Code-map plug-ins, in registration order.</param>
    /// <param name="indicatorProviders">Indicator plug-ins, in registration order.</param>
    /// <param name="policies">Disclosure policies, applied in registration order.</param>
    /// <param name="auditLog">The audit-log store.</param>
    /// <param name="releaseLedger">The release ledger.</param>
    /// <param name="time">The clock.</param>
    /// <param name="records">The host's records, when it registered a source.</param>
    /// <param name="sink">Where approved disclosures go, when the host registered a sink.</param>
    /// <param name="logger">Logging; optional.</param>
    /// <exception cref="OptionsValidationException">The options are invalid; every problem is listed.</exception>
    public QualityAuditService(
        IOptions<QiSdkOptions> options,
        IEnumerable<ICodeSetProvider> codeSetProviders,
        IEnumerable<ICodeMapProvider> codeMapProviders,
        IEnumerable<IIndicatorProvider> indicatorProviders,
        IEnumerable<IDisclosurePolicy> policies,
        IAuditLogStore auditLog,
        IReleaseLedger releaseLedger,
        TimeProvider time,
        IPatientRecordSource? records = null,
        IDisclosureSink? sink = null,
        ILogger<QualityAuditService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value; // IOptions runs the validators: invalid options throw here, listing every failure
        _policies = [.. policies];
        _auditLog = auditLog;
        _releaseLedger = releaseLedger;
        _time = time;
        _records = records;
        _sink = sink;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        var setProviders = codeSetProviders.ToArray();
        var mapProviders = codeMapProviders.ToArray();
        var indicatorSources = indicatorProviders.ToArray();
        _setup = new(() => Build(setProviders, mapProviders, indicatorSources), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The code sets and maps in use (built on first use).</summary>
    /// <exception cref="TerminologyException">The code sets or maps could not be combined (e.g. two code sets with one name).</exception>
    public Terminology Terminology => _setup.Value.Terminology;

    /// <summary>The indicators available to <see cref="RunAsync(MeasurementPeriod, IEnumerable{string}?, IProgress{AuditProgress}?, CancellationToken)"/>.</summary>
    public IndicatorCatalogue Catalogue => _setup.Value.Catalogue;

    /// <summary>Runs an audit over the host's registered <see cref="IPatientRecordSource"/>.</summary>
    /// <param name="period">The period; R = its end, inclusive.</param>
    /// <param name="indicatorIds">Which indicators (ids); null for the whole catalogue.</param>
    /// <param name="progress">Receives progress now and then; optional.</param>
    /// <param name="cancellationToken">Stops the run promptly (an <see cref="OperationCanceledException"/>; nothing is written).</param>
    /// <exception cref="InvalidOperationException">No <see cref="IPatientRecordSource"/> is registered.</exception>
    /// <exception cref="KeyNotFoundException">An indicator id is not in the catalogue.</exception>
    public Task<AuditRun> RunAsync(MeasurementPeriod period, IEnumerable<string>? indicatorIds = null, IProgress<AuditProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var source = _records ?? throw new InvalidOperationException(
            "No IPatientRecordSource is registered: register the host's records (services.AddSingleton<IPatientRecordSource>(...)) or call RunAsync with FHIR file paths.");
        return RunAsync(source, period, indicatorIds, progress, cancellationToken);
    }

    /// <summary>Runs an audit over FHIR R4 files or folders (Bundles, NDJSON, gzip NDJSON).</summary>
    /// <param name="recordPaths">Files or folders.</param>
    /// <param name="period">The period; R = its end, inclusive.</param>
    /// <param name="indicatorIds">Which indicators (ids); null for the whole catalogue.</param>
    /// <param name="progress">Receives progress now and then; optional.</param>
    /// <param name="cancellationToken">Stops the run promptly.</param>
    /// <exception cref="KeyNotFoundException">An indicator id is not in the catalogue.</exception>
    /// <exception cref="FhirReadException">Strict reading is on and a record is bad; the message says where.</exception>
    public Task<AuditRun> RunAsync(IEnumerable<string> recordPaths, MeasurementPeriod period, IEnumerable<string>? indicatorIds = null, IProgress<AuditProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recordPaths);
        var reader = new FhirRecordReader(new FhirReaderOptions { Strict = _options.StrictReading, ValidateSkippedResources = _options.ValidateSkippedResources });
        return RunAsync(reader.CreateSource([.. recordPaths]), period, indicatorIds, progress, cancellationToken);
    }

    /// <summary>Runs an audit over any record source.</summary>
    /// <param name="records">The records.</param>
    /// <param name="period">The period; R = its end, inclusive.</param>
    /// <param name="indicatorIds">Which indicators (ids); null for the whole catalogue.</param>
    /// <param name="progress">Receives progress now and then; optional.</param>
    /// <param name="cancellationToken">Stops the run promptly.</param>
    /// <exception cref="KeyNotFoundException">An indicator id is not in the catalogue.</exception>
    public async Task<AuditRun> RunAsync(IPatientRecordSource records, MeasurementPeriod period, IEnumerable<string>? indicatorIds = null, IProgress<AuditProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(period);
        cancellationToken.ThrowIfCancellationRequested();
        using var activity = QiSdkTelemetry.ActivitySource.StartActivity("qisdk.audit");
        var started = Stopwatch.GetTimestamp();
        var setup = _setup.Value;
        var catalogue = setup.Catalogue;
        var definitions = indicatorIds is null ? catalogue.Definitions : [.. indicatorIds.Distinct(StringComparer.Ordinal).Select(catalogue.Get)];
        activity?.SetTag("qisdk.indicators", definitions.Length);
        activity?.SetTag("qisdk.period_end", period.End.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        LogRunStarting(_logger, definitions.Length, period.End);

        var compiled = setup.RunEngine.Compile(definitions, period);

        var log = new DataQualityLog();
        foreach (var problem in setup.Problems)
        {
            log.Add(problem);
        }

        var counted = new CountingSource(records);
        IProgress<int>? evaluated = progress is null ? null : new ForwardingProgress(progress);
        var results = await compiled.EvaluateAsync(counted, log, evaluated, cancellationToken).ConfigureAwait(false);
        int patients = counted.Count;
        var problems = log.Snapshot();
        QiSdkTelemetry.PatientsEvaluated.Add(patients);
        QiSdkTelemetry.Problems.Add(problems.Length);
        activity?.SetTag("qisdk.patients", patients);
        LogRunFinished(_logger, definitions.Length, patients, problems.Length, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return new AuditRun { Period = period, Patients = patients, Results = results, Problems = problems };
    }

    /// <summary>Explains one patient's outcome for every indicator of the catalogue (or those named): the local worklist.</summary>
    /// <param name="patient">The patient.</param>
    /// <param name="period">The period.</param>
    /// <param name="indicatorIds">Which indicators; null for all.</param>
    /// <exception cref="KeyNotFoundException">An indicator id is not in the catalogue.</exception>
    public ImmutableArray<PatientExplanation> Explain(PatientRecord patient, MeasurementPeriod period, IEnumerable<string>? indicatorIds = null)
    {
        ArgumentNullException.ThrowIfNull(patient);
        var setup = _setup.Value;
        var definitions = indicatorIds is null ? setup.Catalogue.Definitions : [.. indicatorIds.Select(setup.Catalogue.Get)];
        return setup.ExplainEngine.Compile(definitions, period).Explain(patient);
    }

    /// <summary>Shows exactly what would leave under the registered policies, and why each withheld or altered cell was; nothing leaves.</summary>
    /// <param name="run">A finished audit.</param>
    /// <param name="cancellationToken">Stops the preview.</param>
    /// <exception cref="InvalidOperationException">No policy is registered (nothing may leave: deny by default).</exception>
    public DisclosureOutcome Preview(AuditRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Pipeline().Preview(DisclosureRequest.FromResults(run.Results), cancellationToken);
    }

    /// <summary>
    /// Applies the registered policies, in order, and when they approve a disclosure hands it to the registered sink
    /// and appends it to the audit log. A refusal releases nothing and is returned, not thrown.
    /// </summary>
    /// <param name="run">A finished audit.</param>
    /// <param name="cancellationToken">Stops before anything is written.</param>
    /// <exception cref="InvalidOperationException">No policy or no sink is registered.</exception>
    public async Task<DisclosureRelease> DiscloseAsync(AuditRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var sink = _sink ?? throw new InvalidOperationException("No IDisclosureSink is registered: register where approved disclosures go (e.g. services.AddSingleton<IDisclosureSink>(new FileDisclosureSink(dir))).");
        using var activity = QiSdkTelemetry.ActivitySource.StartActivity("qisdk.disclose");
        // Prepared and recorded under the practice's release lock, against the ledgers bound to the audit log.
        var gate = new DisclosureGate(_auditLog, _releaseLedger, _time);
        var result = await gate.ReleaseAsync(Pipeline(), DisclosureRequest.FromResults(run.Results), sink, cancellationToken).ConfigureAwait(false);
        var outcome = result.Outcome;
        if (result.AuditRecord is null)
        {
            QiSdkTelemetry.Disclosures.Add(1, new KeyValuePair<string, object?>("released", false));
            LogRefused(_logger, outcome.RefusalCode ?? "(none)", outcome.RefusalReason ?? "no disclosure produced");
            return new DisclosureRelease(outcome, null);
        }

        QiSdkTelemetry.Disclosures.Add(1, new KeyValuePair<string, object?>("released", true));
        LogReleased(_logger, _policies.Length);
        return new DisclosureRelease(outcome, result.AuditRecord);
    }

    private DisclosurePipeline Pipeline() => _policies.IsEmpty
        ? throw new InvalidOperationException("No IDisclosurePolicy is registered, so nothing may leave the practice (deny by default). Register policies in the order they apply, e.g. services.AddSingleton(DisclosurePolicies.SmallNumberSuppression()).")
        : new DisclosurePipeline(_policies, new DisclosurePipelineOptions { ReleaseLedger = _releaseLedger, TimeProvider = _time });

    private Setup Build(ICodeSetProvider[] setProviders, ICodeMapProvider[] mapProviders, IIndicatorProvider[] indicatorSources)
    {
        var log = new DataQualityLog();
        var codeSets = new List<CodeSet>();
        if (_options.IncludeBuiltInCodeSets)
        {
            codeSets.AddRange(BuiltInCodeSets.Load());
        }

        foreach (string file in _options.CodeSetFiles.Distinct(StringComparer.Ordinal))
        {
            codeSets.AddRange(CodeFiles.LoadCodeSets(file, log));
        }

        foreach (var provider in setProviders)
        {
            codeSets.AddRange(provider.GetCodeSets(log));
        }

        var maps = _options.CodeMapFiles.Distinct(StringComparer.Ordinal).Select(f => CodeFiles.LoadCodeMap(f, log)).ToList();
        foreach (var provider in mapProviders)
        {
            maps.AddRange(provider.GetCodeMaps(log));
        }

        var terminology = Terminology.Create(codeSets, maps, systems: null, new TerminologyOptions { MaxMapDepth = _options.MaxMapDepth });
        foreach (var issue in terminology.Issues)
        {
            log.Add(issue);
        }

        var catalogue = IndicatorCatalogue.Create(_options.IncludeBuiltInIndicators ? IndicatorCatalogue.BuiltIn().Definitions : []);
        var extra = new List<IndicatorDefinition>();
        foreach (string file in _options.IndicatorFiles.Distinct(StringComparer.Ordinal))
        {
            using var stream = File.OpenRead(file);
            extra.Add(IndicatorDefinitionJson.Read(stream, file, name => terminology.TryGetCodeSetIndex(name, out _)));
        }

        foreach (var provider in indicatorSources)
        {
            extra.AddRange(provider.GetIndicators());
        }

        // One engine per purpose, built once: each keeps its inline-code-set terminology (and its warm cache) across runs.
        var runEngine = new IndicatorEngine(terminology, new IndicatorEngineOptions
        {
            Reporter = _options.PracticeCode,
            Strict = _options.StrictEvaluation,
            MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism,
            IncludePatientResults = true,
        });
        var explainEngine = new IndicatorEngine(terminology, new IndicatorEngineOptions { IncludeExplanations = true });
        return new Setup(terminology, catalogue.With(extra), log.Snapshot(), runEngine, explainEngine);
    }

    /// <summary>What is built once, on first use, from the options and plug-ins.</summary>
    private sealed record Setup(Terminology Terminology, IndicatorCatalogue Catalogue, ImmutableArray<DataQualityIssue> Problems, IndicatorEngine RunEngine, IndicatorEngine ExplainEngine);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "QiSdk audit starting: {Indicators} indicators, reference date {PeriodEnd}")]
    private static partial void LogRunStarting(ILogger logger, int indicators, DateOnly periodEnd);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "QiSdk audit finished: {Indicators} indicators over {Patients} patients, {Problems} data-quality problems, {ElapsedMs:F0} ms")]
    private static partial void LogRunFinished(ILogger logger, int indicators, int patients, int problems, double elapsedMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "QiSdk disclosure refused ({Code}): {Reason}")]
    private static partial void LogRefused(ILogger logger, string code, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "QiSdk disclosure released through {Policies} policies and recorded in the audit log")]
    private static partial void LogReleased(ILogger logger, int policies);

    /// <summary>Forwards the engine's patient counts as <see cref="AuditProgress"/>.</summary>
    private sealed class ForwardingProgress(IProgress<AuditProgress> inner) : IProgress<int>
    {
        public void Report(int value) => inner.Report(new AuditProgress("evaluate", value));
    }

    /// <summary>Counts the patients a source yields (the evaluated population, whatever populations they reach).</summary>
    private sealed class CountingSource(IPatientRecordSource inner) : IPatientRecordSource
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public async IAsyncEnumerable<PatientRecord> ReadPatientsAsync(DataQualityLog log, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var patient in inner.ReadPatientsAsync(log, cancellationToken).ConfigureAwait(false))
            {
                Interlocked.Increment(ref _count);
                yield return patient;
            }
        }
    }
}
