namespace QiSdk.Privacy;

/// <summary>The outcome of asking a budget ledger to spend privacy budget.</summary>
/// <param name="Accepted">True when the spend was recorded; false when it would exceed the total (nothing was spent).</param>
/// <param name="SpentBefore">Epsilon spent before this request.</param>
/// <param name="SpentAfter">Epsilon spent after it (equal to <paramref name="SpentBefore"/> when refused).</param>
/// <param name="TotalBudget">The practice's total budget.</param>
public sealed record PrivacyBudgetCharge(bool Accepted, decimal SpentBefore, decimal SpentAfter, decimal TotalBudget)
{
    /// <summary>Budget left after the request.</summary>
    public decimal Remaining => TotalBudget - SpentAfter;
}
