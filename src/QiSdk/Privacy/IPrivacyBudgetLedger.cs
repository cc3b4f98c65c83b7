namespace QiSdk.Privacy;

/// <summary>
/// A persistent per-practice differential-privacy budget (epsilon, composed by addition). The total is a practice
/// setting recorded at first use and changed only by <see cref="SetTotalAsync"/> (audited through
/// <see cref="DisclosureGate.SetBudgetTotalAsync"/>). Spending must be atomic: two concurrent releases can never together
/// exceed the total. Records form a hash chain whose head the audit log records. Built in:
/// <see cref="FilePrivacyBudgetLedger"/>.
/// </summary>
public interface IPrivacyBudgetLedger
{
    /// <summary>One account: epsilon spent so far and the recorded total (null when none was recorded yet).</summary>
    /// <param name="practiceId">The practice (or cluster) id.</param>
    /// <param name="cancellationToken">Stops waiting for a lock.</param>
    /// <exception cref="PrivacyException">QI4020 the ledger is corrupt; QI4021 it stayed locked.</exception>
    Task<PrivacyBudgetAccount> GetAccountAsync(string practiceId, CancellationToken cancellationToken);

    /// <summary>
    /// Spends <paramref name="epsilon"/> if the account stays within its total; otherwise spends nothing. The total is the
    /// recorded one; when none is recorded yet, <paramref name="totalBudget"/> (or 1.0) is recorded first.
    /// </summary>
    /// <param name="practiceId">The practice (or cluster) id.</param>
    /// <param name="epsilon">The epsilon of this release (&gt; 0).</param>
    /// <param name="totalBudget">The total the caller expects, or null for "the recorded total".</param>
    /// <param name="releaseId">The release, recorded beside the spend.</param>
    /// <param name="cancellationToken">Stops waiting for a lock.</param>
    /// <exception cref="PrivacyException">QI4027 <paramref name="totalBudget"/> differs from the recorded total; QI4020 corrupt; QI4021 locked; QI4026 not writable.</exception>
    Task<PrivacyBudgetCharge> ChargeAsync(string practiceId, decimal epsilon, decimal? totalBudget, string releaseId, CancellationToken cancellationToken);

    /// <summary>Records a new total for one account (call through <see cref="DisclosureGate.SetBudgetTotalAsync"/> so it is audited).</summary>
    /// <param name="practiceId">The practice (or cluster) id.</param>
    /// <param name="total">The new total (&gt; 0).</param>
    /// <param name="cancellationToken">Stops waiting for a lock.</param>
    /// <returns>The ledger's head afterwards.</returns>
    /// <exception cref="PrivacyException">QI4011 invalid total; QI4020 corrupt; QI4021 locked; QI4026 not writable.</exception>
    Task<LedgerHead> SetTotalAsync(string practiceId, decimal total, CancellationToken cancellationToken);

    /// <summary>Reads and verifies the ledger: its head and whether it still holds a head recorded earlier.</summary>
    /// <param name="cancellationToken">Stops waiting for a lock.</param>
    /// <exception cref="PrivacyException">QI4020 the ledger is corrupt or its chain is broken; QI4021 it stayed locked.</exception>
    Task<LedgerState> ReadStateAsync(CancellationToken cancellationToken);
}

/// <summary>A budget account.</summary>
/// <param name="PracticeId">The account.</param>
/// <param name="Spent">Epsilon spent so far.</param>
/// <param name="Total">The recorded total, or null when not recorded yet.</param>
public sealed record PrivacyBudgetAccount(string PracticeId, decimal Spent, decimal? Total);

/// <summary>A verified ledger's head and its chain (to check that it still holds a head the audit log recorded).</summary>
public sealed class LedgerState
{
    private readonly string[] _hashes;

    /// <summary>Creates the state from the hash of every record, in order.</summary>
    /// <param name="recordHashes">The chain.</param>
    /// <exception cref="ArgumentNullException"><paramref name="recordHashes"/> is null.</exception>
    public LedgerState(IEnumerable<string> recordHashes)
    {
        ArgumentNullException.ThrowIfNull(recordHashes);
        _hashes = [.. recordHashes];
        Head = _hashes.Length == 0 ? LedgerHead.Empty : new LedgerHead(_hashes.Length, _hashes[^1]);
    }

    /// <summary>The current head.</summary>
    public LedgerHead Head { get; }

    /// <summary>True when record number <c>Count</c> of the ledger has the hash of <paramref name="head"/>.</summary>
    /// <param name="head">A head recorded in the audit log.</param>
    public bool Contains(LedgerHead head)
    {
        ArgumentNullException.ThrowIfNull(head);
        return head.Count == 0 || (head.Count <= _hashes.Length && string.Equals(_hashes[(int)head.Count - 1], head.Hash, StringComparison.Ordinal));
    }
}
