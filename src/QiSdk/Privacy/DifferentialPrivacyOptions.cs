namespace QiSdk.Privacy;

/// <summary>Parameters of the <c>differential-privacy</c> policy.</summary>
public sealed record DifferentialPrivacyOptions
{
    /// <summary>
    /// Epsilon spent by one release (all indicators, strata and populations together; the noise scale per cell is
    /// sensitivity / epsilon). Must be finite and in (0, 100]. No default: the practice must choose.
    /// </summary>
    public required double Epsilon { get; init; }

    /// <summary>
    /// The practice's total epsilon across all releases: a practice setting, recorded in the budget ledger at first use
    /// (1.0 when null then). Afterwards null means "the recorded total"; a different value is refused (QI4027): change
    /// the total with <see cref="DisclosureGate.SetBudgetTotalAsync"/> (<c>qi budget set</c>), which is audited.
    /// </summary>
    public decimal? TotalBudget { get; init; }

    /// <summary>Where spent budget is recorded. Required: a release without a persistent ledger is refused.</summary>
    public required IPrivacyBudgetLedger BudgetLedger { get; init; }

    /// <summary>
    /// Optional check: the budget account is always the results' single reporter (practice or cluster code); when set,
    /// a release whose reporter differs is refused (QI4018).
    /// </summary>
    public string? PracticeId { get; init; }
}
