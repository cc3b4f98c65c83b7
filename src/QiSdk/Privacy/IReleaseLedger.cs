namespace QiSdk.Privacy;

/// <summary>
/// Remembers what earlier releases disclosed, so that a new release whose difference from an earlier one would reveal a
/// small count can be further protected. Built in: <see cref="FileReleaseLedger"/>. Implementations must be safe for
/// concurrent use by several processes (the file ledger locks).
/// </summary>
public interface IReleaseLedger
{
    /// <summary>Every cell released earlier for one indicator (any reporter, period or stratum).</summary>
    /// <param name="indicatorId">The indicator id.</param>
    /// <param name="cancellationToken">Stops waiting for a lock.</param>
    /// <exception cref="PrivacyException">QI4020 the ledger is corrupt; QI4021 it stayed locked.</exception>
    IReadOnlyList<ReleasedCell> ReleasedFor(string indicatorId, CancellationToken cancellationToken);

    /// <summary>Records the cells of one release (called by <see cref="DisclosureGate"/> after the audit entry is written).</summary>
    /// <param name="cells">The cells that left.</param>
    /// <param name="cancellationToken">Stops waiting for a lock.</param>
    /// <exception cref="PrivacyException">QI4020 the ledger is corrupt; QI4021 it stayed locked.</exception>
    void Record(IReadOnlyList<ReleasedCell> cells, CancellationToken cancellationToken);
}
