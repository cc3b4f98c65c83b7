namespace QiSdk.Privacy;

/// <summary>Parameters of the <c>differential-privacy</c> policy.</summary>
public sealed record DifferentialPrivacyOptions
{
    /// <summary>
    /// Epsilon spent by one release (all indicators, strata and populations together; the noise scale per cell is
    /// sensitivity / epsilon). Must be finite and in (0, 100]. No default: the practice must choose.
    /// </summary>
    public required double Epsilon { get; init; }

    /// <summary>The practice's total epsilon across all releases (default 1.0).</summary>
    public decimal TotalBudget { get; init; } = 1.0m;

    /// <summary>Where spent budget is recorded. Required: a release without a persistent ledger is refused.</summary>
    public required IPrivacyBudgetLedger BudgetLedger { get; init; }

    /// <summary>The budget account; default the reporter (practice code) of the results, which must then be unique.</summary>
    public string? PracticeId { get; init; }
}
