namespace QiSdk.Privacy;

/// <summary>How a <see cref="SuppressionProfile"/> rounds the counts it does not suppress.</summary>
public enum SuppressionRounding
{
    /// <summary>
    /// To the nearest multiple of the base; an exact tie (only possible with an even base) goes up, away from zero
    /// (<see cref="MidpointRounding.AwayFromZero"/>; never banker's rounding). Computed in integer arithmetic.
    /// </summary>
    NearestHalfUp = 0,

    /// <summary>To the midpoint of the base-wide block holding the count: <c>ceiling(x/b)*b - floor(b/2)</c>; zero stays zero (OpenSAFELY midpoint6 with b = 6).</summary>
    BlockMidpoint = 1,
}
