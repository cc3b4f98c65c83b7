namespace QiSdk.Privacy;

/// <summary>
/// The only way a <see cref="Disclosure"/> reaches a sink. In order: (1) an entry is appended to the audit log
/// (when, which indicators and strata, which policies and parameters, SHA-256 of exactly the bytes that leave);
/// (2) the released cells are recorded in the release ledger; (3) the sink is called. Steps 1 and 2 happen first so
/// nothing can leave unrecorded; if the sink then fails, the log shows an attempted release (conservative).
/// </summary>
public sealed class DisclosureGate
{
    private readonly IAuditLogStore _audit;
    private readonly IReleaseLedger? _releases;
    private readonly TimeProvider _time;

    /// <summary>Creates the gate.</summary>
    /// <param name="auditLog">The audit log (required).</param>
    /// <param name="releaseLedger">The release ledger the pipeline checks (null = releases not remembered).</param>
    /// <param name="timeProvider">Clock for audit entries (default system).</param>
    /// <exception cref="ArgumentNullException"><paramref name="auditLog"/> is null.</exception>
    public DisclosureGate(IAuditLogStore auditLog, IReleaseLedger? releaseLedger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(auditLog);
        _audit = auditLog;
        _releases = releaseLedger;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Audits, records and sends one disclosure.</summary>
    /// <param name="disclosure">From <see cref="DisclosurePipeline.Prepare"/>.</param>
    /// <param name="sink">Where it goes.</param>
    /// <param name="cancellationToken">Stops before the sink is called (after that, the sink decides).</param>
    /// <returns>The audit entry written.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="PrivacyException">The audit log or ledger could not be written; nothing was sent.</exception>
    public async Task<AuditRecord> ReleaseAsync(Disclosure disclosure, IDisclosureSink sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(disclosure);
        ArgumentNullException.ThrowIfNull(sink);
        string destination = sink is FileDisclosureSink file ? "file:" + file.Path : "sink:" + sink.GetType().FullName;
        var record = _audit.Append(
            new AuditEvent(_time.GetUtcNow(), disclosure.ReleaseId, destination, disclosure.Policies, disclosure.Indicators, disclosure.Strata,
                disclosure.PseudonymisedRows, disclosure.Sha256, disclosure.Content.Length),
            cancellationToken);
        _releases?.Record(disclosure.Cells, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        await sink.WriteAsync(disclosure, cancellationToken).ConfigureAwait(false);
        return record;
    }
}
