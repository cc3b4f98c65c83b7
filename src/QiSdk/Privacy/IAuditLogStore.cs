namespace QiSdk.Privacy;

/// <summary>
/// An append-only, hash-chained audit log of disclosures. Built in: <see cref="FileAuditLogStore"/>; a host may store
/// entries elsewhere (a database table) as long as appends are serialised and entries never change.
/// </summary>
public interface IAuditLogStore
{
    /// <summary>Appends one entry chained to the current last entry.</summary>
    /// <param name="auditEvent">What to record.</param>
    /// <param name="cancellationToken">Stops waiting for a lock.</param>
    /// <returns>The stored entry with its sequence number and hash.</returns>
    /// <exception cref="PrivacyException">The existing log's last entry is unreadable (QI403x), or the log stayed locked (QI4021).</exception>
    AuditRecord Append(AuditEvent auditEvent, CancellationToken cancellationToken);
}
