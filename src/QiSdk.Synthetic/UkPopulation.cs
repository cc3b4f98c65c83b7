using System.Collections.Immutable;

namespace QiSdk.Synthetic;

/// <summary>
/// Age and sex structure of a UK registered list, and age-dependent prevalences calibrated to QOF-like totals.
/// </summary>
/// <remarks>
/// The pyramid is the shape of the ONS mid-year population estimates for England and Wales (Census 2021 based), in
/// thousands per 5-year band, rounded; the 90+ band is spread over ages 90-99 with a declining weight. It is a shape,
/// not an exact copy: tests check the generated list against it within a tolerance.
/// </remarks>
internal static class UkPopulation
{
    public const int MaxAge = 99;

    // 5-year bands 0-4, 5-9, ..., 85-89, 90+ (thousands).
    private static readonly int[] MaleBands = [1722, 1868, 1855, 1695, 1818, 1965, 2036, 1954, 1853, 1893, 2048, 1988, 1704, 1454, 1410, 995, 655, 376, 180];
    private static readonly int[] FemaleBands = [1639, 1780, 1765, 1606, 1769, 1986, 2093, 2011, 1886, 1944, 2114, 2045, 1768, 1543, 1538, 1141, 812, 530, 346];

    /// <summary>Expected share of the list per single year of age, male then female (index = age, 0..99).</summary>
    public static readonly ImmutableArray<double> MaleByAge = Spread(MaleBands);

    /// <summary>Expected share of the list per single year of age for females.</summary>
    public static readonly ImmutableArray<double> FemaleByAge = Spread(FemaleBands);

    // Cumulative distribution over (sex, age): index 0..99 male, 100..199 female.
    private static readonly ImmutableArray<double> Cumulative = BuildCumulative();

    /// <summary>Samples sex (true = female) and age in completed years at the reference date.</summary>
    public static (bool Female, int Age) Sample(ref SplitMix64 rng)
    {
        double u = rng.NextDouble();
        int lo = 0;
        int hi = Cumulative.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi) >> 1;
            if (Cumulative[mid] < u)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo > MaxAge ? (true, lo - MaxAge - 1) : (false, lo);
    }

    /// <summary>The expected share of the whole list that is in the given age range (inclusive), for tests and calibration.</summary>
    public static double Share(int minAge, int maxAge, bool? female = null)
    {
        double s = 0;
        for (int a = Math.Max(0, minAge); a <= Math.Min(MaxAge, maxAge); a++)
        {
            if (female != true)
            {
                s += MaleByAge[a];
            }

            if (female != false)
            {
                s += FemaleByAge[a];
            }
        }

        return s;
    }

    private static ImmutableArray<double> Spread(int[] bands)
    {
        double total = MaleBands.Sum() + FemaleBands.Sum();
        var byAge = new double[MaxAge + 1];
        for (int b = 0; b < 18; b++)
        {
            for (int a = b * 5; a < (b * 5) + 5; a++)
            {
                byAge[a] = bands[b] / 5.0 / total;
            }
        }

        // 90+: weights 10, 9, ..., 1 over ages 90..99.
        for (int a = 90; a <= MaxAge; a++)
        {
            byAge[a] = bands[18] * (100 - a) / 55.0 / total;
        }

        return [.. byAge];
    }

    private static ImmutableArray<double> BuildCumulative()
    {
        var c = new double[2 * (MaxAge + 1)];
        double run = 0;
        for (int a = 0; a <= MaxAge; a++)
        {
            run += MaleByAge[a];
            c[a] = run;
        }

        for (int a = 0; a <= MaxAge; a++)
        {
            run += FemaleByAge[a];
            c[MaxAge + 1 + a] = run;
        }

        for (int i = 0; i < c.Length; i++)
        {
            c[i] /= run;
        }

        c[^1] = 1.0;
        return [.. c];
    }
}

/// <summary>
/// An age-dependent prevalence: relative weights per age (piecewise by age from <paramref name="MinAge"/>) scaled once so
/// that the prevalence over the eligible part of the list equals <paramref name="Target"/>.
/// </summary>
/// <param name="Name">For documentation and tests.</param>
/// <param name="Target">Target share of the eligible population (e.g. 0.07 for diabetes in 17+).</param>
/// <param name="MinAge">Youngest eligible age (the denominator of <paramref name="Target"/>).</param>
/// <param name="Weights">Relative weight from each listed age upwards: (age, weight) pairs in ascending age.</param>
/// <param name="MaleFactor">Relative weight of males (1 = same as females).</param>
/// <param name="OfWholeList">True when <paramref name="Target"/> is a share of the whole list (as QOF reports most registers), false when of ages <paramref name="MinAge"/>+.</param>
internal sealed record Prevalence(string Name, double Target, int MinAge, (int Age, double Weight)[] Weights, double MaleFactor = 1.0, bool OfWholeList = false)
{
    private readonly double[] _male = Build(Target, MinAge, Weights, MaleFactor, OfWholeList, female: false);
    private readonly double[] _female = Build(Target, MinAge, Weights, MaleFactor, OfWholeList, female: true);

    /// <summary>The youngest age in the target's denominator (0 for a whole-list target).</summary>
    public int DenominatorMinAge => OfWholeList ? 0 : MinAge;

    /// <summary>The probability for one person.</summary>
    public double For(int age, bool female) => (female ? _female : _male)[Math.Clamp(age, 0, UkPopulation.MaxAge)];

    private static double Weight((int Age, double Weight)[] weights, int age)
    {
        double w = 0;
        foreach (var (from, weight) in weights)
        {
            if (age >= from)
            {
                w = weight;
            }
        }

        return w;
    }

    private static double[] Build(double target, int minAge, (int Age, double Weight)[] weights, double maleFactor, bool ofWholeList, bool female)
    {
        double eligible = 0;
        double weighted = 0;
        for (int a = minAge; a <= UkPopulation.MaxAge; a++)
        {
            double pm = UkPopulation.MaleByAge[a];
            double pf = UkPopulation.FemaleByAge[a];
            double w = Weight(weights, a);
            eligible += pm + pf;
            weighted += (pm * w * maleFactor) + (pf * w);
        }

        double k = weighted > 0 ? target * (ofWholeList ? 1.0 : eligible) / weighted : 0;
        var p = new double[UkPopulation.MaxAge + 1];
        for (int a = minAge; a <= UkPopulation.MaxAge; a++)
        {
            p[a] = Math.Min(0.95, k * Weight(weights, a) * (female ? 1.0 : maleFactor));
        }

        return p;
    }
}

/// <summary>The QOF-like prevalences the generator aims at (see <c>docs/synthetic-practice.md</c>).</summary>
internal static class Prevalences
{
    public static readonly Prevalence Diabetes = new("diabetes (17+)", 0.072, 17, [(17, 1), (30, 2), (40, 4), (50, 8), (60, 12), (70, 15), (80, 13)], 1.25);
    public static readonly Prevalence Hypertension = new("hypertension (whole list)", 0.14, 18, [(18, 0.1), (30, 0.6), (40, 2), (50, 5), (60, 9), (70, 13), (80, 15)], 1.1, OfWholeList: true);
    public static readonly Prevalence AtrialFibrillation = new("atrial fibrillation (whole list)", 0.021, 30, [(30, 0.05), (50, 0.5), (60, 2), (70, 5), (80, 10), (90, 12)], 1.3, OfWholeList: true);
    public static readonly Prevalence Asthma = new("asthma (6+)", 0.065, 6, [(6, 1.2), (18, 1), (65, 0.9)]);
    public static readonly Prevalence Copd = new("COPD (whole list)", 0.019, 35, [(35, 0.3), (45, 1), (55, 2.5), (65, 4), (75, 5)], 1.1, OfWholeList: true);
    public static readonly Prevalence Ckd = new("CKD 3-5 (18+)", 0.04, 18, [(18, 0.05), (40, 0.3), (50, 1), (60, 3), (70, 7), (80, 12)], 0.8);
    public static readonly Prevalence Chd = new("CHD (whole list)", 0.03, 30, [(30, 0.1), (45, 1), (55, 3), (65, 6), (75, 9), (85, 10)], 1.8, OfWholeList: true);
    public static readonly Prevalence StrokeTia = new("stroke/TIA (whole list)", 0.019, 30, [(30, 0.1), (45, 0.6), (55, 2), (65, 4), (75, 7), (85, 9)], 1.1, OfWholeList: true);
    public static readonly Prevalence HeartFailure = new("heart failure (whole list)", 0.010, 30, [(30, 0.05), (50, 0.5), (60, 2), (70, 5), (80, 10), (90, 13)], 1.3, OfWholeList: true);
    public static readonly Prevalence Frailty = new("frailty coded (65+)", 0.35, 65, [(65, 1), (75, 1.8), (85, 2.5)]);

}
