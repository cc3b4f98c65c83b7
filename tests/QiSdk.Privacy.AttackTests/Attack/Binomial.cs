namespace QiSdk.Privacy.AttackTests.Attack;

/// <summary>
/// Exact (Clopper-Pearson) confidence bounds for a binomial proportion, from the binomial tail computed in log space.
/// Hand-written because it is twenty lines and the test project should not pull a statistics package for it.
/// </summary>
internal static class Binomial
{
    /// <summary>Largest p with P(Bin(n, p) &lt;= k) &gt;= delta: p is below it with probability at least 1 - delta.</summary>
    public static double Upper(int k, int n, double delta) => k >= n ? 1 : Bisect(p => Cdf(k, n, p) >= delta);

    /// <summary>Smallest p with P(Bin(n, p) &gt;= k) &gt;= delta: p is above it with probability at least 1 - delta.</summary>
    public static double Lower(int k, int n, double delta) => k <= 0 ? 0 : 1 - Upper(n - k, n, delta);

    private static double Bisect(Func<double, bool> holds)
    {
        double lo = 0, hi = 1; // holds(lo) is true, the CDF falls as p rises
        for (int i = 0; i < 60; i++)
        {
            double mid = (lo + hi) / 2;
            (lo, hi) = holds(mid) ? (mid, hi) : (lo, mid);
        }

        return lo;
    }

    private static double Cdf(int k, int n, double p)
    {
        if (p <= 0) { return 1; }
        if (p >= 1) { return k >= n ? 1 : 0; }

        double sum = 0;
        for (int i = 0; i <= k; i++)
        {
            sum += Math.Exp(LogChoose(n, i) + (i * Math.Log(p)) + ((n - i) * Math.Log(1 - p)));
        }

        return Math.Min(1, sum);
    }

    private static double LogChoose(int n, int k)
    {
        double s = 0;
        for (int i = 1; i <= k; i++)
        {
            s += Math.Log(n - k + i) - Math.Log(i);
        }

        return s;
    }
}
