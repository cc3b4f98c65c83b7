namespace QiSdk.Privacy;

/// <summary>
/// An append-only, hash-chained audit log of disclosures. Built in: <see cref="FileAuditLogStore"/>; a host may store
/// entries elsewhere (a database table) as long as appends are serialised, entries never change, and
/// <see cref="LockReleasesAsync"/> excludes every other release of the practice (across processes) while held.
/// </summary>
public interface IAuditLogStore
{
    /// <summary>Appends one entry chained to the current last entry.</summary>
    /// <param name="auditEvent">What to record.</param>
    /// <param name="cancellationToken">Stops waiting for a lock (never interrupts a write once started).</param>
    /// <returns>The stored entry with its sequence number and hash.</returns>
    /// <exception cref="PrivacyException">QI403x the existing log is damaged; QI4037 the entry could not be written; QI4021 the log stayed locked.</exception>
    Task<AuditRecord> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken);

    /// <summary>Reads and verifies every entry (empty when the log does not exist yet).</summary>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <exception cref="PrivacyException">QI4030-QI4033 an entry is damaged; QI4036 the log exists but is empty (its entries were removed).</exception>
    Task<IReadOnlyList<AuditRecord>> ReadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Takes the practice's release lock: held by <see cref="DisclosureGate"/> from the ledger check to the audit entry, so
    /// two releases never interleave (the second sees what the first recorded). Dispose to release it.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="PrivacyException">QI4021 another release held the lock too long.</exception>
    Task<IAsyncDisposable> LockReleasesAsync(CancellationToken cancellationToken);
}
