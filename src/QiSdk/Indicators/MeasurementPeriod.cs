namespace QiSdk.Indicators;

/// <summary>The audit period: the reference date R (period end, inclusive) and an optional period start (inclusive).</summary>
/// <param name="End">The reference date R.</param>
/// <param name="Start">The period start, needed only by definitions that use the <c>period</c> window.</param>
public sealed record MeasurementPeriod(DateOnly End, DateOnly? Start = null)
{
    /// <summary>The start is after the end.</summary>
    public bool IsInverted => Start is { } s && s > End;
}
