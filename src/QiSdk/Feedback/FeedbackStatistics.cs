using QiSdk.Indicators;

namespace QiSdk.Feedback;

/// <summary>
/// The statistics of the feedback stage: funnel limits, intervals widened for rounding, positions against limits.
/// Public so hosts can draw their own funnels with the same numbers.
/// </summary>
public static class FeedbackStatistics
{
    /// <summary>
    /// Funnel-plot limits at denominator <paramref name="n"/> around <paramref name="target"/> from the exact binomial
    /// distribution, with Spiegelhalter's interpolation between integer quantiles (2005, appendix A.1.1): the only
    /// approximation. Limits are proportions 0..1.
    /// </summary>
    /// <param name="target">The pooled (or reference) rate, 0..1.</param>
    /// <param name="n">The denominator, greater than zero.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> not positive or <paramref name="target"/> outside 0..1.</exception>
    public static FunnelLimits Funnel(double target, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        if (!(target >= 0 && target <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(target), target, "target must be a proportion in 0..1.");
        }

        return new FunnelLimits(
            Binomial.InterpolatedQuantile(n, target, 0.025) / n,
            Binomial.InterpolatedQuantile(n, target, 0.975) / n,
            Binomial.InterpolatedQuantile(n, target, 0.001) / n,
            Binomial.InterpolatedQuantile(n, target, 0.999) / n);
    }

    /// <summary>
    /// The 95% Wilson interval over every (numerator, denominator) consistent with a rounded release: the lowest lower
    /// bound and the highest upper bound, so rounding widens the interval and never narrows it. Exact counts give the
    /// plain Wilson interval. Null when no consistent pair has a positive denominator.
    /// </summary>
    /// <param name="numerator">Numerator range (inclusive).</param>
    /// <param name="denominator">Effective denominator range (inclusive).</param>
    public static ProportionInterval? WorstCaseWilson((int Low, int High) numerator, (int Low, int High) denominator)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var (x, n) in Consistent(numerator, denominator))
        {
            var ci = ProportionInterval.Wilson(x, n);
            lo = Math.Min(lo, ci.Lower);
            hi = Math.Max(hi, ci.Upper);
        }

        return double.IsFinite(lo) ? new ProportionInterval(lo, hi) : null;
    }

    /// <summary>
    /// Where a rate lies against the limits around <paramref name="target"/>: above or below only when every
    /// (numerator, denominator) consistent with the release is beyond the limit at its own denominator.
    /// </summary>
    /// <param name="target">The pooled or reference rate.</param>
    /// <param name="numerator">Numerator range (inclusive).</param>
    /// <param name="denominator">Effective denominator range (inclusive).</param>
    /// <param name="use998">True for the 99.8% limits, false for 95%.</param>
    public static LimitPosition Position(double target, (int Low, int High) numerator, (int Low, int High) denominator, bool use998 = false)
    {
        bool allAbove = true, allBelow = true, any = false;
        var cache = new Dictionary<int, FunnelLimits>();
        foreach (var (x, n) in Consistent(numerator, denominator))
        {
            any = true;
            if (!cache.TryGetValue(n, out var limits))
            {
                limits = cache[n] = Funnel(target, n);
            }

            double rate = (double)x / n;
            double lower = use998 ? limits.Lower998 : limits.Lower95, upper = use998 ? limits.Upper998 : limits.Upper95;
            allAbove &= rate > upper;
            allBelow &= rate < lower;
        }

        return !any ? LimitPosition.Within : allAbove ? LimitPosition.Above : allBelow ? LimitPosition.Below : LimitPosition.Within;
    }

    /// <summary>Reads a position with the improvement direction.</summary>
    /// <param name="position">Above, below or within.</param>
    /// <param name="direction">Which way is better.</param>
    public static ComparisonSignal Read(LimitPosition position, ImprovementDirection direction) => position switch
    {
        LimitPosition.Above => direction == ImprovementDirection.Increase ? ComparisonSignal.Better : ComparisonSignal.Worse,
        LimitPosition.Below => direction == ImprovementDirection.Increase ? ComparisonSignal.Worse : ComparisonSignal.Better,
        _ => ComparisonSignal.AsExpected,
    };

    private static IEnumerable<(int X, int N)> Consistent((int Low, int High) numerator, (int Low, int High) denominator)
    {
        for (int n = Math.Max(1, denominator.Low); n <= denominator.High; n++)
        {
            for (int x = Math.Max(0, numerator.Low); x <= Math.Min(n, numerator.High); x++)
            {
                yield return (x, n);
            }
        }
    }
}
