namespace QiSdk.Feedback;

/// <summary>
/// Exact binomial distribution functions for funnel-plot limits. Hand-written (the core has no third-party
/// dependencies, and the BCL has no binomial distribution); probabilities are summed in log space from the mode outward
/// so registers of any practice size (n up to millions) neither underflow nor lose the tails.
/// </summary>
internal static class Binomial
{
    /// <summary>
    /// The p-quantile of Binomial(n, theta) as Spiegelhalter (2005, Statistics in Medicine 24:1185, appendix A.1.1)
    /// interpolates it: r is the smallest integer with P(X &lt;= r) &gt;= p, alpha = (P(X &lt;= r) - p) / P(X = r), and the
    /// quantile is r - alpha. The interpolation makes limits smooth in n; it is the only approximation.
    /// </summary>
    public static double InterpolatedQuantile(int n, double theta, double p)
    {
        if (n <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "n must be positive.");
        }

        if (theta <= 0)
        {
            return 0;
        }

        if (theta >= 1)
        {
            return n;
        }

        var pmf = Pmf(n, theta);
        double cumulative = 0;
        for (int r = 0; r <= n; r++)
        {
            cumulative += pmf[r];
            if (cumulative >= p)
            {
                double alpha = pmf[r] > 0 ? (cumulative - p) / pmf[r] : 0;
                return Math.Max(0, r - alpha);
            }
        }

        return n;
    }

    /// <summary>P(X = k) for k = 0..n, normalised so the terms sum to 1.</summary>
    public static double[] Pmf(int n, double theta)
    {
        var log = new double[n + 1];
        double lt = Math.Log(theta), l1t = Math.Log(1 - theta);
        double lf = 0;

        // log C(n, k) by the recurrence C(n, k+1) = C(n, k) (n - k) / (k + 1).
        for (int k = 0; k <= n; k++)
        {
            log[k] = lf + (k * lt) + ((n - k) * l1t);
            lf += Math.Log(n - k) - Math.Log(k + 1);
        }

        double max = log.Max();
        var pmf = new double[n + 1];
        double sum = 0;
        for (int k = 0; k <= n; k++)
        {
            pmf[k] = Math.Exp(log[k] - max);
            sum += pmf[k];
        }

        for (int k = 0; k <= n; k++)
        {
            pmf[k] /= sum;
        }

        return pmf;
    }
}
