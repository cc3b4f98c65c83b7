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

/// <summary>
/// A release ledger that can be replaced by its compacted form (see <see cref="DisclosureGate.CompactReleaseLedgerAsync"/>),
/// in two phases so a failure at any point leaves a ledger the audit log is bound to: the compacted ledger is prepared
/// beside the ledger, the gate appends the audit entry naming its head, then the prepared ledger is moved into place. A
/// gate that finds the audit log naming a head the ledger does not hold commits a prepared ledger with exactly that head.
/// Built in: <see cref="FileReleaseLedger"/>.
/// </summary>
public interface ICompactableReleaseLedger : IReleaseLedger
{
    /// <summary>
    /// Writes (atomically, beside the ledger, replacing any earlier prepared one) a compaction record followed by
    /// <paramref name="releases"/> as a new chain; refused when the ledger no longer ends at <paramref name="expected"/>.
    /// </summary>
    /// <param name="expected">The head the compaction was computed from.</param>
    /// <param name="compaction">What the first record says.</param>
    /// <param name="releases">The compacted releases, oldest first.</param>
    /// <param name="cancellationToken">Stops waiting for a lock (never interrupts the write once started).</param>
    /// <returns>The prepared ledger's head.</returns>
    /// <exception cref="PrivacyException">QI4025 the ledger moved; QI4020 corrupt; QI4021 locked; QI4026 could not be written.</exception>
    Task<LedgerHead> PrepareCompactionAsync(LedgerHead expected, LedgerCompactionRecord compaction, IReadOnlyList<ReleaseEntry> releases, CancellationToken cancellationToken);

    /// <summary>Moves the prepared ledger into place when its head is <paramref name="head"/> (otherwise discards it).</summary>
    /// <param name="head">The head the audit log recorded for the compaction.</param>
    /// <param name="cancellationToken">Stops waiting for a lock.</param>
    /// <returns>True when a prepared ledger with that head replaced the ledger.</returns>
    /// <exception cref="PrivacyException">QI4020 the prepared ledger is corrupt; QI4021 locked; QI4026 it could not be moved.</exception>
    Task<bool> CommitCompactionAsync(LedgerHead head, CancellationToken cancellationToken);
}

/// <summary>The first record of a compacted release ledger.</summary>
/// <param name="From">The head of the ledger it replaced (as the audit entry of the compaction also records).</param>
/// <param name="CellsRemoved">Cell records left out (in this and every earlier compaction).</param>
/// <param name="At">When (ISO 8601, UTC).</param>
public sealed record LedgerCompactionRecord(LedgerHead From, long CellsRemoved, string At);
