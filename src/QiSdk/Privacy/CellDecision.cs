using QiSdk.Indicators;

namespace QiSdk.Privacy;

/// <summary>
/// What happens to one count (preview and local record): its original value, the value that leaves (null when
/// withheld), and why it was withheld or altered. Local only: the reasons may name small values.
/// </summary>
/// <param name="IndicatorId">The indicator.</param>
/// <param name="Reporter">The practice or cluster.</param>
/// <param name="Column"><c>total</c> or <c>stratifier=value</c>.</param>
/// <param name="Population">The population counted.</param>
/// <param name="OriginalValue">The count before any policy.</param>
/// <param name="ReleasedValue">The value that leaves, or null when withheld.</param>
/// <param name="State">Released unchanged, altered, or withheld.</param>
/// <param name="ReasonCode">Stable reason code (QI405x) when withheld or altered.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="Policy">The policy responsible.</param>
public sealed record CellDecision(
    string IndicatorId,
    string? Reporter,
    string Column,
    MeasurePopulation Population,
    int OriginalValue,
    int? ReleasedValue,
    CellState State,
    string? ReasonCode,
    string? Reason,
    string? Policy);

/// <summary>What happens to one rate (measure score): recomputed from the protected counts, or withheld.</summary>
/// <param name="IndicatorId">The indicator.</param>
/// <param name="Reporter">The practice or cluster.</param>
/// <param name="Column"><c>total</c> or <c>stratifier=value</c>.</param>
/// <param name="OriginalScore">The score from the original counts.</param>
/// <param name="ReleasedScore">The score recomputed from released counts, or null when withheld.</param>
/// <param name="Reason">Why it was withheld, or null.</param>
public sealed record RateDecision(string IndicatorId, string? Reporter, string Column, double? OriginalScore, double? ReleasedScore, string? Reason);

/// <summary>One policy as recorded in a disclosure and the audit log.</summary>
/// <param name="Name">The policy's name.</param>
/// <param name="Parameters">Its parameters (never secrets).</param>
public sealed record PolicyRecord(string Name, IReadOnlyDictionary<string, string> Parameters);
