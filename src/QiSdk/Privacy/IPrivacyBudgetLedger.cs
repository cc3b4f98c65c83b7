namespace QiSdk.Privacy;

/// <summary>
/// A persistent per-practice differential-privacy budget (epsilon, composed by addition). Spending must be atomic:
/// two concurrent releases can never together exceed the total. Built in: <see cref="FilePrivacyBudgetLedger"/>.
/// </summary>
public interface IPrivacyBudgetLedger
{
    /// <summary>Epsilon spent so far by one practice (0 when unknown).</summary>
    /// <param name="practiceId">The practice (or cluster) id.</param>
    /// <param name="cancellationToken">Stops waiting for a lock.</param>
    /// <exception cref="PrivacyException">QI4020 the ledger is corrupt; QI4021 it stayed locked.</exception>
    decimal Spent(string practiceId, CancellationToken cancellationToken);

    /// <summary>Spends <paramref name="epsilon"/> if the total would stay within <paramref name="totalBudget"/>; otherwise spends nothing.</summary>
    /// <param name="practiceId">The practice (or cluster) id.</param>
    /// <param name="epsilon">The epsilon of this release (&gt; 0).</param>
    /// <param name="totalBudget">The practice's total budget.</param>
    /// <param name="releaseId">The release, recorded beside the spend.</param>
    /// <param name="cancellationToken">Stops waiting for a lock.</param>
    /// <exception cref="PrivacyException">QI4020 the ledger is corrupt; QI4021 it stayed locked.</exception>
    PrivacyBudgetCharge TrySpend(string practiceId, decimal epsilon, decimal totalBudget, string releaseId, CancellationToken cancellationToken);
}
