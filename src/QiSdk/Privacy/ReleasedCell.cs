using QiSdk.Indicators;

namespace QiSdk.Privacy;

/// <summary>
/// One count that left the practice in an earlier release, as remembered by an <see cref="IReleaseLedger"/>. Holds the
/// original count as well as the released one so later releases can be checked for differencing: the ledger is local
/// and must be protected like the results themselves (it holds aggregate counts, never patient identifiers).
/// </summary>
/// <param name="ReleaseId">The release it left in.</param>
/// <param name="IndicatorId">The indicator.</param>
/// <param name="Reporter">The practice or cluster the count is about.</param>
/// <param name="PeriodStart">Period start.</param>
/// <param name="PeriodEnd">Period end (reference date).</param>
/// <param name="Stratifier">Stratifier id, or null for the total.</param>
/// <param name="StratumValue">Stratum value, or null for the total.</param>
/// <param name="Population">The population counted.</param>
/// <param name="OriginalValue">The count before protection (local only).</param>
/// <param name="ReleasedValue">The value that left.</param>
public sealed record ReleasedCell(
    string ReleaseId,
    string IndicatorId,
    string? Reporter,
    DateOnly? PeriodStart,
    DateOnly PeriodEnd,
    string? Stratifier,
    string? StratumValue,
    MeasurePopulation Population,
    int OriginalValue,
    int ReleasedValue);
