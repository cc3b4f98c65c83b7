using QiSdk.Reports;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
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
    private readonly QiSdkPipelineCache _pipelines;
    private readonly IPatientRecordSource? _records;
    private readonly ImmutableArray<IDisclosurePolicy> _policies;
    private readonly IDisclosureSink? _sink;
    private readonly Lazy<IAuditLogStore> _auditLog;
    private readonly Lazy<IReleaseLedger> _releaseLedger;
    private readonly TimeProvider _time;
    private readonly QiSdkLogging _logging;
    private readonly ILogger _logger;
    private readonly ConditionalWeakTable<AuditRun, object> _disclosed = [];

    /// <summary>Created by the container (see <c>AddQiSdk</c>); hosts without DI use <see cref="QualityPipeline"/> directly.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid, or a code set, map or definition could not be loaded; every problem is listed.</exception>
    internal QualityAuditService(
        IOptions<QiSdkOptions> options,
        QiSdkPipelineCache pipelines,
        IEnumerable<IDisclosurePolicy> policies,
        Lazy<IAuditLogStore> auditLog,
        Lazy<IReleaseLedger> releaseLedger,
        TimeProvider time,
        QiSdkLogging logging,
        IPatientRecordSource? records = null,
        IDisclosureSink? sink = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value; // IOptions runs the validators (and the warm-up): invalid options throw here, listing every failure
        _pipelines = pipelines;
        _policies = [.. policies];
        _auditLog = auditLog;
        _releaseLedger = releaseLedger;
        _time = time;
        _records = records;
        _sink = sink;
        _logging = logging;
        _logger = logging.Hosting;
    }

    /// <summary>
    /// The composed pipeline (code sets, maps, catalogue, engines). Built when the options were validated (at start-up
    /// under <c>ValidateOnStart</c>); a build that failed is retried here rather than remembered.
    /// </summary>
    /// <exception cref="QiSdkException">The code sets, maps or definitions could not be loaded; the issues say where.</exception>
    public QualityPipeline Pipeline => _pipelines.Get(_options);

    /// <summary>The code sets and maps in use (<see cref="Pipeline"/>'s terminology).</summary>
    public Terminology Terminology => Pipeline.Terminology;

    /// <summary>The indicators available to the runs.</summary>
    public IndicatorCatalogue Catalogue => Pipeline.Catalogue;

    /// <summary>Runs an audit over the host's registered <see cref="IPatientRecordSource"/>.</summary>
    /// <param name="period">The period; R = its end, inclusive.</param>
    /// <param name="indicatorIds">Which indicators (ids); null for the whole catalogue.</param>
    /// <param name="progress">Receives progress now and then; optional.</param>
    /// <param name="cancellationToken">Stops the run promptly (an <see cref="OperationCanceledException"/>; nothing is written).</param>
    /// <exception cref="InvalidOperationException">No <see cref="IPatientRecordSource"/> is registered.</exception>
    /// <exception cref="IndicatorDefinitionException">An indicator id is not in the catalogue (<see cref="QiErrorCodes.Indicators.UnknownIndicator"/>).</exception>
    public Task<AuditRun> RunAsync(MeasurementPeriod period, IEnumerable<string>? indicatorIds = null, IProgress<AuditProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(period);
        return RunAsync(new AuditRunOptions { Period = period, IndicatorIds = indicatorIds?.ToArray() }, progress, cancellationToken);
    }

    /// <summary>Runs an audit over the host's registered <see cref="IPatientRecordSource"/>, as <paramref name="run"/> says (e.g. with explanations for the worklist).</summary>
    /// <param name="run">The period, indicators and what to keep.</param>
    /// <param name="progress">Receives progress now and then; optional.</param>
    /// <param name="cancellationToken">Stops the run promptly.</param>
    /// <exception cref="InvalidOperationException">No <see cref="IPatientRecordSource"/> is registered.</exception>
    /// <exception cref="IndicatorDefinitionException">An indicator id is not in the catalogue.</exception>
    public Task<AuditRun> RunAsync(AuditRunOptions run, IProgress<AuditProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var source = _records ?? throw new InvalidOperationException(
            "No IPatientRecordSource is registered: register the host's records (services.AddSingleton<IPatientRecordSource>(...)) or call RunAsync with FHIR file paths.");
        return RunAsync(source, run, progress, cancellationToken);
    }

    /// <summary>Runs an audit over FHIR R4 files or folders (Bundles, NDJSON, gzip NDJSON).</summary>
    /// <param name="recordPaths">Files or folders.</param>
    /// <param name="period">The period; R = its end, inclusive.</param>
    /// <param name="indicatorIds">Which indicators (ids); null for the whole catalogue.</param>
    /// <param name="progress">Receives progress now and then; optional.</param>
    /// <param name="cancellationToken">Stops the run promptly.</param>
    /// <exception cref="IndicatorDefinitionException">An indicator id is not in the catalogue.</exception>
    /// <exception cref="FhirReadException">Strict reading is on and a record is bad; the message says where.</exception>
    public Task<AuditRun> RunAsync(IEnumerable<string> recordPaths, MeasurementPeriod period, IEnumerable<string>? indicatorIds = null, IProgress<AuditProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recordPaths);
        ArgumentNullException.ThrowIfNull(period);
        var pipeline = Pipeline;
        var paths = recordPaths.Select(p => _pipelines.Resolve(_options, p)).ToArray();
        return RunAsync(pipeline.CreateReader().CreateSource(paths), new AuditRunOptions { Period = period, IndicatorIds = indicatorIds?.ToArray() }, progress, cancellationToken);
    }

    /// <summary>Runs an audit over any record source.</summary>
    /// <param name="records">The records.</param>
    /// <param name="period">The period; R = its end, inclusive.</param>
    /// <param name="indicatorIds">Which indicators (ids); null for the whole catalogue.</param>
    /// <param name="progress">Receives progress now and then; optional.</param>
    /// <param name="cancellationToken">Stops the run promptly.</param>
    /// <exception cref="IndicatorDefinitionException">An indicator id is not in the catalogue.</exception>
    public Task<AuditRun> RunAsync(IPatientRecordSource records, MeasurementPeriod period, IEnumerable<string>? indicatorIds = null, IProgress<AuditProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(period);
        return RunAsync(records, new AuditRunOptions { Period = period, IndicatorIds = indicatorIds?.ToArray() }, progress, cancellationToken);
    }

    /// <summary>Runs an audit over any record source, as <paramref name="run"/> says.</summary>
    /// <param name="records">The records.</param>
    /// <param name="run">The period, indicators and what to keep.</param>
    /// <param name="progress">Receives progress now and then; optional.</param>
    /// <param name="cancellationToken">Stops the run promptly.</param>
    /// <exception cref="IndicatorDefinitionException">An indicator id is not in the catalogue.</exception>
    public async Task<AuditRun> RunAsync(IPatientRecordSource records, AuditRunOptions run, IProgress<AuditProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(run.Period);
        cancellationToken.ThrowIfCancellationRequested();
        var period = run.Period;
        using var activity = QiSdkTelemetry.ActivitySource.StartActivity("qisdk.audit");
        var started = Stopwatch.GetTimestamp();
        var pipeline = Pipeline;
        var definitions = pipeline.Select(run.IndicatorIds);
        string periodEnd = period.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        activity?.SetTag("qisdk.indicators", definitions.Length);
        activity?.SetTag("qisdk.period_end", periodEnd);
        LogRunStarting(_logger, definitions.Length, periodEnd);

        bool explain = run.IncludeExplanations ?? _options.IncludeExplanations;
        var compiled = explain ? pipeline.CompileWithExplanations(definitions, period) : pipeline.Compile(definitions, period);
        var log = pipeline.CreateRunLog();
        var counted = new CountingSource(records);
        IProgress<int>? evaluated = progress is null ? null : new ForwardingProgress(progress);
        var results = await compiled.EvaluateAsync(counted, log, evaluated, cancellationToken).ConfigureAwait(false);
        int patients = counted.Count;
        var problems = log.Snapshot();
        QiSdkTelemetry.PatientsEvaluated.Add(patients);
        QiSdkTelemetry.Problems.Add(problems.Length);
        activity?.SetTag("qisdk.patients", patients);
        double elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        LogRunFinished(_logger, definitions.Length, patients, problems.Length, elapsedMs);
        _logging.DataQualitySummary(log.CountsByCode(), problems.Length);
        return new AuditRun { Period = period, Patients = patients, Results = results, Problems = problems, Definitions = definitions };
    }

    /// <summary>Explains one patient's outcome for every indicator of the catalogue (or those named).</summary>
    /// <param name="patient">The patient.</param>
    /// <param name="period">The period.</param>
    /// <param name="indicatorIds">Which indicators; null for all.</param>
    /// <exception cref="IndicatorDefinitionException">An indicator id is not in the catalogue.</exception>
    public ImmutableArray<PatientExplanation> Explain(PatientRecord patient, MeasurementPeriod period, IEnumerable<string>? indicatorIds = null)
    {
        ArgumentNullException.ThrowIfNull(patient);
        var pipeline = Pipeline;
        return pipeline.CompileWithExplanations(pipeline.Select(indicatorIds), period).Explain(patient);
    }

    /// <summary>Shows exactly what would leave under the registered policies, and why each withheld or altered cell was; nothing leaves.</summary>
    /// <param name="run">A finished audit.</param>
    /// <param name="cancellationToken">Stops the preview.</param>
    /// <exception cref="InvalidOperationException">No policy is registered (nothing may leave: deny by default).</exception>
    public DisclosureOutcome Preview(AuditRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Policies().Preview(DisclosureRequest.FromResults(run.Results), cancellationToken);
    }

    /// <summary>
    /// Applies the registered policies, in order, to every indicator of the run, and when they approve a disclosure hands
    /// it to the registered sink and appends it to the audit log. A refusal releases nothing and is returned, not thrown.
    /// A run already released is refused (throws) unless <see cref="AuditDisclosureOptions.AllowRepeat"/> is set.
    /// </summary>
    /// <param name="run">A finished audit.</param>
    /// <param name="cancellationToken">Stops before anything is written.</param>
    /// <exception cref="InvalidOperationException">No policy or no sink is registered, or the run was already released.</exception>
    public Task<DisclosureRelease> DiscloseAsync(AuditRun run, CancellationToken cancellationToken = default) =>
        DiscloseAsync(run, new AuditDisclosureOptions(), cancellationToken);

    /// <summary>
    /// Applies the registered policies, in order, to the indicators <paramref name="disclosure"/> names (all when none),
    /// and when they approve a disclosure hands it to the registered sink and appends it to the audit log. A refusal
    /// releases nothing and is returned, not thrown.
    /// </summary>
    /// <param name="run">A finished audit.</param>
    /// <param name="disclosure">Which indicators, and whether a run already released may be released again.</param>
    /// <param name="cancellationToken">Stops before anything is written.</param>
    /// <exception cref="InvalidOperationException">No policy or no sink is registered, or the run was already released and <see cref="AuditDisclosureOptions.AllowRepeat"/> is not set.</exception>
    /// <exception cref="IndicatorDefinitionException">An indicator id is not in the run (<see cref="QiErrorCodes.Indicators.UnknownIndicator"/>).</exception>
    public async Task<DisclosureRelease> DiscloseAsync(AuditRun run, AuditDisclosureOptions disclosure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(disclosure);
        var sink = _sink ?? throw new InvalidOperationException("No IDisclosureSink is registered: register where approved disclosures go (e.g. services.AddSingleton<IDisclosureSink>(new FileDisclosureSink(dir))).");
        if (!disclosure.AllowRepeat && _disclosed.TryGetValue(run, out _))
        {
            throw new InvalidOperationException("This audit run was already released: releasing it again sends the same results twice. Pass new AuditDisclosureOptions { AllowRepeat = true } to release it again on purpose.");
        }

        var results = SelectResults(run, disclosure.IndicatorIds);
        using var activity = QiSdkTelemetry.ActivitySource.StartActivity("qisdk.disclose");
        // Prepared and recorded under the practice's release lock, against the ledgers bound to the audit log.
        var gate = new DisclosureGate(_auditLog.Value, _releaseLedger.Value, _time);
        var result = await gate.ReleaseAsync(Policies(), DisclosureRequest.FromResults(results), sink, cancellationToken).ConfigureAwait(false);
        var outcome = result.Outcome;
        if (result.AuditRecord is null)
        {
            QiSdkTelemetry.Disclosures.Add(1, new KeyValuePair<string, object?>("released", false));
            LogRefused(_logger, outcome.RefusalCode ?? "(none)", outcome.RefusalReason ?? "no disclosure produced");
            return new DisclosureRelease(outcome, null);
        }

        _disclosed.AddOrUpdate(run, result.AuditRecord);
        QiSdkTelemetry.Disclosures.Add(1, new KeyValuePair<string, object?>("released", true));
        LogReleased(_logger, _policies.Length);
        return new DisclosureRelease(outcome, result.AuditRecord);
    }

    private static ImmutableArray<IndicatorResult> SelectResults(AuditRun run, IReadOnlyList<string>? ids)
    {
        if (ids is null || ids.Count == 0)
        {
            return run.Results;
        }

        var byId = run.Results.ToDictionary(r => r.Summary.IndicatorId, StringComparer.Ordinal);
        return [.. ids.Distinct(StringComparer.Ordinal).Select(id => byId.TryGetValue(id, out var r)
            ? r
            : throw new IndicatorDefinitionException([new DefinitionError(QiErrorCodes.Indicators.UnknownIndicator, id, "$.id", $"indicator '{id}' is not in this run (it has: {string.Join(", ", byId.Keys.Order(StringComparer.Ordinal))})")]))];
    }

    private DisclosurePipeline Policies() => _policies.IsEmpty
        ? throw new InvalidOperationException("No IDisclosurePolicy is registered, so nothing may leave the practice (deny by default). Register policies in the order they apply, e.g. services.AddSingleton(DisclosurePolicies.SmallNumberSuppression()).")
        : MeasureReportDisclosure.CreatePipeline(_policies, new DisclosurePipelineOptions { ReleaseLedger = _releaseLedger.Value, TimeProvider = _time });

    [LoggerMessage(EventId = QiSdkEventIds.AuditStarting, EventName = nameof(QiSdkEventIds.AuditStarting), Level = LogLevel.Information, Message = "QiSdk audit starting: {Indicators} indicators, reference date {PeriodEnd}")]
    private static partial void LogRunStarting(ILogger logger, int indicators, string periodEnd);

    [LoggerMessage(EventId = QiSdkEventIds.AuditFinished, EventName = nameof(QiSdkEventIds.AuditFinished), Level = LogLevel.Information, Message = "QiSdk audit finished: {Indicators} indicators over {Patients} patients, {Problems} data-quality problems, {ElapsedMs:F0} ms")]
    private static partial void LogRunFinished(ILogger logger, int indicators, int patients, int problems, double elapsedMs);

    [LoggerMessage(EventId = QiSdkEventIds.DisclosureRefused, EventName = nameof(QiSdkEventIds.DisclosureRefused), Level = LogLevel.Warning, Message = "QiSdk disclosure refused ({Code}): {Reason}")]
    private static partial void LogRefused(ILogger logger, string code, string reason);

    [LoggerMessage(EventId = QiSdkEventIds.DisclosureReleased, EventName = nameof(QiSdkEventIds.DisclosureReleased), Level = LogLevel.Information, Message = "QiSdk disclosure released through {Policies} policies and recorded in the audit log")]
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
