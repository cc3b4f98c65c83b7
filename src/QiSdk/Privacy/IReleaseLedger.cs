namespace QiSdk.Privacy;

/// <summary>
/// Remembers what earlier releases disclosed (cells, the practices and content they came from, cluster membership), so
/// a new release whose difference from an earlier one would reveal a small count can be further protected. Records form
/// a hash chain whose head each audit-log entry records (see <see cref="LedgerHead"/>). Built in:
/// <see cref="FileReleaseLedger"/>. Implementations must be safe for concurrent use by several processes.
/// </summary>
public interface IReleaseLedger
{
    /// <summary>Reads and verifies every record.</summary>
    /// <param name="cancellationToken">Stops waiting for a lock.</param>
    /// <exception cref="PrivacyException">QI4020 the ledger is corrupt or its chain is broken; QI4021 it stayed locked.</exception>
    Task<ReleaseHistory> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Records one release (called by <see cref="DisclosureGate"/> before the audit entry is written).</summary>
    /// <param name="release">The release.</param>
    /// <param name="cancellationToken">Stops waiting for a lock (never interrupts a write once started).</param>
    /// <returns>The ledger's head afterwards.</returns>
    /// <exception cref="PrivacyException">QI4020 corrupt; QI4021 locked; QI4026 the ledger could not be written.</exception>
    Task<LedgerHead> RecordAsync(ReleaseEntry release, CancellationToken cancellationToken);
}
