using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QiSdk.Indicators;
using QiSdk.Privacy;
using QiSdk.Records;

namespace QiSdk.Orleans;

/// <summary>
/// The practice's audit, run inside its grain: records are read and evaluated here and the practice's policies applied
/// through the gate's exactly-once release; only the audited disclosure (archived in the practice's store) leaves.
/// Holds no state between calls: everything durable is in the practice's release stores, so any silo can take over.
/// </summary>
internal sealed partial class PracticeAuditGrain(IPracticeHost host, SiloAuditThrottle throttle, IOptions<QiSdkOrleansOptions> options, ILogger<PracticeAuditGrain> logger) : Grain, IPracticeAuditGrain
{
    private string PracticeCode => this.GetPrimaryKeyString();

    public async Task<PracticeRelease> AuditAndReleaseAsync(PracticeAuditRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        string code = PracticeCode;
        PracticeRelease release;
        using (await throttle.EnterAsync(cancellationToken).ConfigureAwait(true))
        {
            release = await AuditAsync(code, request, cancellationToken).ConfigureAwait(true);
        }

        if (request.ClusterId is { } cluster && release.Content is not null)
        {
            try
            {
                await GrainFactory.GetClusterComparison(cluster, request.PeriodEnd).SubmitAsync(release).ConfigureAwait(true);
            }
#pragma warning disable CA1031 // The release is recorded and archived; the cluster grain asks for it again when comparing.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogSubmitFailed(logger, code, cluster, ex);
            }
        }

        return release;
    }

    public async Task<PracticeRelease?> GetReleaseAsync(DateOnly periodEnd, CancellationToken cancellationToken = default)
    {
        string code = PracticeCode;
        var stores = (await host.GetSetupAsync(code, cancellationToken).ConfigureAwait(true)).Stores;
        var history = await stores.ReleaseLedger.ReadAsync(cancellationToken).ConfigureAwait(true);
        var audit = await stores.AuditLog.ReadAsync(cancellationToken).ConfigureAwait(true);
        foreach (var entry in history.Releases.Reverse())
        {
            if (entry.Cluster is not null || !entry.Practices.Any(p => p.PracticeCode == code) || !entry.Cells.Any(c => c.PeriodEnd == periodEnd))
            {
                continue;
            }

            var record = audit.FirstOrDefault(r => r.Sequence == entry.AuditSequence && r.Event.ReleaseId == entry.ReleaseId);
            if (record is null)
            {
                continue; // recorded in the ledger but never audited: nothing left
            }

            var content = await stores.Disclosures.ReadAsync(entry.ReleaseId, cancellationToken).ConfigureAwait(true);
            return new PracticeRelease
            {
                PracticeCode = code,
                PeriodEnd = periodEnd,
                Status = PracticeReleaseStatus.AlreadyReleased,
                ReleaseId = entry.ReleaseId,
                AuditSequence = record.Sequence,
                PayloadSha256 = record.Event.PayloadSha256,
                Content = content,
            };
        }

        return null;
    }

    private async Task<PracticeRelease> AuditAsync(string code, PracticeAuditRequest request, CancellationToken cancellationToken)
    {
        var setup = await host.GetSetupAsync(code, cancellationToken).ConfigureAwait(true);
        if (setup.Pipeline.Options.Evaluation.Reporter is { } reporter && !string.Equals(reporter, code, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"practice '{code}': the host's pipeline writes reporter '{reporter}' on its results; a practice's results must name the practice (leave IndicatorEngineOptions.Reporter null or set it to '{code}').");
        }

        if (setup.Policies.IsDefaultOrEmpty)
        {
            throw new InvalidOperationException($"practice '{code}': the host gave no disclosure policies, so nothing may leave the practice (deny by default).");
        }

        // 1. Evaluate the practice's records here, in its grain.
        var period = new MeasurementPeriod(request.PeriodEnd, request.PeriodStart);
        var pipeline = setup.Pipeline;
        var compiled = pipeline.Compile(pipeline.Select(setup.IndicatorIds.IsDefaultOrEmpty ? null : setup.IndicatorIds), period);
        var log = pipeline.CreateRunLog();
        var counter = new CountingSource(setup.Records);
        var results = await compiled.EvaluateAsync(counter, log, null, cancellationToken).ConfigureAwait(true);
        ImmutableArray<IndicatorResult> named = [.. results.Select(r => r.Summary.Reporter == code ? r : r with { Summary = r.Summary with { Reporter = code } })];

        // 2. The practice's policies, through the gate: exactly one release per practice, period and content.
        var stores = setup.Stores;
        var time = options.Value.Clock;
        var disclosure = QiSdk.Reports.MeasureReportDisclosure.CreatePipeline(setup.Policies, new DisclosurePipelineOptions { ReleaseLedger = stores.ReleaseLedger, TimeProvider = time, BoundSolver = setup.BoundSolver });
        var gate = new DisclosureGate(stores.AuditLog, stores.ReleaseLedger, time);
        var sink = new ArchivingSink(stores.Disclosures, setup.Outbound);
        var result = await gate.ReleaseOnceAsync(disclosure, DisclosureRequest.FromResults(named), sink, cancellationToken).ConfigureAwait(true);
        int problems = log.Snapshot().Length;
        if (result.AuditRecord is not { } record)
        {
            return new PracticeRelease
            {
                PracticeCode = code,
                PeriodEnd = request.PeriodEnd,
                Status = PracticeReleaseStatus.Refused,
                RefusalCode = result.Outcome.RefusalCode,
                RefusalReason = result.Outcome.RefusalReason,
                Patients = counter.Patients,
                Problems = problems,
            };
        }

        byte[]? content = result.IsRepeat
            ? await stores.Disclosures.ReadAsync(record.Event.ReleaseId, cancellationToken).ConfigureAwait(true)
            : sink.Written;
        if (content is null)
        {
            // Recorded by an attempt that has not (yet) archived its bytes, e.g. one still finishing on a failed silo.
            throw new ReleaseNotArchivedException(code, record.Event.ReleaseId, record.Sequence);
        }

        LogReleased(logger, code, record.Event.ReleaseId, result.IsRepeat);
        return new PracticeRelease
        {
            PracticeCode = code,
            PeriodEnd = request.PeriodEnd,
            Status = result.IsRepeat ? PracticeReleaseStatus.AlreadyReleased : PracticeReleaseStatus.Released,
            ReleaseId = record.Event.ReleaseId,
            AuditSequence = record.Sequence,
            PayloadSha256 = record.Event.PayloadSha256,
            Content = content,
            Patients = counter.Patients,
            Problems = problems,
        };
    }

    [LoggerMessage(EventId = 9101, Level = LogLevel.Debug, Message = "QiSdk practice {Practice}: release {ReleaseId} (repeat: {Repeat})")]
    private static partial void LogReleased(ILogger logger, string practice, string releaseId, bool repeat);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Warning, Message = "QiSdk practice {Practice}: its disclosure could not be handed to cluster {Cluster} now; the cluster grain reads it from the practice's stores when comparing")]
    private static partial void LogSubmitFailed(ILogger logger, string practice, string cluster, Exception exception);

    /// <summary>Counts the patients the host's source yields.</summary>
    private sealed class CountingSource(IPatientRecordSource inner) : IPatientRecordSource
    {
        private int _patients;

        public int Patients => Volatile.Read(ref _patients);

        public async IAsyncEnumerable<PatientRecord> ReadPatientsAsync(DataQualityLog log, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var patient in inner.ReadPatientsAsync(log, cancellationToken).ConfigureAwait(true))
            {
                Interlocked.Increment(ref _patients);
                yield return patient;
            }
        }
    }

    /// <summary>The gate's sink: archives the audited bytes first (durably), then hands them to the host's channel.</summary>
    private sealed class ArchivingSink(IReleasedDisclosureStore archive, IDisclosureSink? outbound) : IDisclosureSink
    {
        public byte[]? Written { get; private set; }

        public async Task WriteAsync(AuditedDisclosure disclosure, CancellationToken cancellationToken)
        {
            await archive.WriteAsync(disclosure, cancellationToken).ConfigureAwait(true);
            Written = disclosure.Content.ToArray();
            if (outbound is not null)
            {
                await outbound.WriteAsync(disclosure, cancellationToken).ConfigureAwait(true);
            }
        }
    }
}

/// <summary>
/// A release was recorded (ledger and audit log) but its bytes are not in the practice's disclosure store yet: another
/// attempt is still archiving them, or it failed between the audit entry and the archive. Retrying later is safe (it never
/// records a second release); if it persists, the audit entry names the release and the SHA-256 that left.
/// </summary>
internal sealed class ReleaseNotArchivedException(string practiceCode, string releaseId, long auditSequence)
    : Exception($"practice '{practiceCode}': release {releaseId} is recorded (audit entry {auditSequence}) but its disclosure is not in the practice's store yet; retry later (no second release is recorded).");
