namespace QiSdk.Indicators;

/// <summary>
/// A confidence interval for a proportion. Small practices give small denominators (N = 4 makes a rate meaningless on
/// its own), so every score QiSdk shows carries its interval.
/// </summary>
/// <param name="Lower">Lower bound, 0..1.</param>
/// <param name="Upper">Upper bound, 0..1.</param>
public readonly record struct ProportionInterval(double Lower, double Upper)
{
    /// <summary>
    /// The Wilson score interval (Wilson 1927; recommended over the normal approximation by Brown, Cai and DasGupta
    /// 2001, and used by NHS Digital's public health indicator methods for proportions).
    /// </summary>
    /// <param name="successes">Numerator, 0..<paramref name="trials"/>.</param>
    /// <param name="trials">Denominator, greater than zero.</param>
    /// <param name="z">The normal quantile; 1.959964 (the default) gives a 95% interval.</param>
    /// <exception cref="ArgumentOutOfRangeException">Counts out of range, or z not positive and finite.</exception>
    public static ProportionInterval Wilson(int successes, int trials, double z = 1.959963984540054)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(trials);
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        if (!double.IsFinite(z) || z <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(z), z, "z must be a positive finite number.");
        }

        double n = trials;
        double p = successes / n;
        double z2 = z * z;
        double centre = (p + (z2 / (2 * n))) / (1 + (z2 / n));
        double half = z / (1 + (z2 / n)) * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n)));
        return new ProportionInterval(
            successes == 0 ? 0 : Math.Max(0, centre - half),
            successes == trials ? 1 : Math.Min(1, centre + half));
    }
}
