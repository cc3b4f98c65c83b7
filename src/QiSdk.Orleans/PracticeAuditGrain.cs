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

            var content = await stores.Archive.ReadAsync(record.Event.PayloadSha256, cancellationToken).ConfigureAwait(true);
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
        var result = await gate.ReleaseOnceAsync(disclosure, DisclosureRequest.FromResults(named), setup.Outbound ?? NoOutbound.Instance, stores.Archive, cancellationToken).ConfigureAwait(true);
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

        // The archive is written before the release is recorded, so a recorded release has its bytes (unless it was
        // recorded by a version without the archive, or the archive was removed).
        byte[]? content = result.Outcome.Disclosure is { } fresh
            ? fresh.Content.ToArray()
            : await stores.Archive.ReadAsync(record.Event.PayloadSha256, cancellationToken).ConfigureAwait(true);
        if (content is null)
        {
            throw new ReleaseNotArchivedException(code, record.Event.ReleaseId, record.Sequence);
        }

        if (!result.IsRepeat && options.Value.CompactLedgerEveryReleases > 0 && record.Sequence % options.Value.CompactLedgerEveryReleases == 0
            && stores.ReleaseLedger is ICompactableReleaseLedger)
        {
            var compaction = await gate.CompactReleaseLedgerAsync(1, CancellationToken.None).ConfigureAwait(true);
            LogCompacted(logger, code, compaction.CellsBefore, compaction.CellsAfter);
        }

        LogReleased(logger, code, record.Event.ReleaseId, result.IsRepeat);
        return new PracticeRelease
        {
            PracticeCode = code,
            PeriodEnd = request.PeriodEnd,
            Status = result.IsRepeat ? PracticeReleaseStatus.AlreadyReleased : PracticeReleaseStatus.Released,
            Resent = result.Resent,
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

    [LoggerMessage(EventId = 9103, Level = LogLevel.Information, Message = "QiSdk practice {Practice}: release ledger compacted from {Before} to {After} cells")]
    private static partial void LogCompacted(ILogger logger, string practice, int before, int after);

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

    /// <summary>The gate's sink when the host has no outbound channel: the bytes stay in the archive and go back to the caller.</summary>
    private sealed class NoOutbound : IDisclosureSink
    {
        public static readonly NoOutbound Instance = new();

        public Task WriteAsync(AuditedDisclosure disclosure, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>
/// A release is recorded (ledger and audit log) but its bytes are not in the practice's archive: it was recorded before the
/// archive was used, or the archive was removed. Retrying never records a second release; the audit entry names the
/// release and the SHA-256 that left.
/// </summary>
internal sealed class ReleaseNotArchivedException(string practiceCode, string releaseId, long auditSequence)
    : Exception($"practice '{practiceCode}': release {releaseId} is recorded (audit entry {auditSequence}) but its bytes are not in the practice's archive (recorded without it, or the archive was removed); no second release is recorded.");
