using System.Numerics;
using QiSdk.Feedback;
using QiSdk.Indicators;

namespace QiSdk.Tests.Feedback;

/// <summary>
/// Funnel limits against exact binomial quantiles computed here independently (exact rational arithmetic with
/// BigInteger, not the library's log-space sums), and Wilson intervals against published values.
/// </summary>
public sealed class FunnelAndIntervalTests
{
    /// <summary>P(X &lt;= r) for X ~ Binomial(n, a/b) as an exact fraction, evaluated to a double at the end.</summary>
    private static double ExactCdf(int n, int a, int b, int r)
    {
        BigInteger numerator = 0;
        BigInteger choose = 1;
        for (int k = 0; k <= r; k++)
        {
            if (k > 0)
            {
                choose = choose * (n - k + 1) / k;
            }

            numerator += choose * BigInteger.Pow(a, k) * BigInteger.Pow(b - a, n - k);
        }

        var denominator = BigInteger.Pow(b, n);
        return Ratio(numerator, denominator);
    }

    private static double Ratio(BigInteger num, BigInteger den)
    {
        // Scale to keep 30 significant digits, then divide as doubles.
        int shift = Math.Max(0, (int)den.GetBitLength() - 100);
        return (double)(num >> shift) / (double)(den >> shift);
    }

    /// <summary>The exact p-quantile and Spiegelhalter's interpolated value, from the exact CDF.</summary>
    private static (int R, double Interpolated) ExactQuantile(int n, int a, int b, double p)
    {
        double previous = 0;
        for (int r = 0; r <= n; r++)
        {
            double f = ExactCdf(n, a, b, r);
            if (f >= p)
            {
                double pmf = f - previous;
                return (r, r - ((f - p) / pmf));
            }

            previous = f;
        }

        return (n, n);
    }

    [TestCase(20, 7, 10)]
    [TestCase(50, 1, 20)]
    [TestCase(120, 3, 4)]
    [TestCase(400, 87, 100)]
    [TestCase(7, 1, 2)]
    [TestCase(1000, 1, 50)]
    public void Funnel_limits_are_the_exact_binomial_quantiles_interpolated_as_Spiegelhalter_describes(int n, int a, int b)
    {
        double theta = (double)a / b;
        var limits = FeedbackStatistics.Funnel(theta, n);
        foreach (var (p, value) in new[] { (0.025, limits.Lower95), (0.975, limits.Upper95), (0.001, limits.Lower998), (0.999, limits.Upper998) })
        {
            var (r, interpolated) = ExactQuantile(n, a, b, p);
            double x = value * n;
            Assert.That(x, Is.InRange(Math.Max(0, r - 1) - 1e-9, r + 1e-9), $"p={p}: the limit lies between the integer quantile and the one below it");
            Assert.That(x, Is.EqualTo(Math.Max(0, interpolated)).Within(1e-7), $"p={p}: r={r}");
        }

        Assert.That(limits.Lower998, Is.LessThanOrEqualTo(limits.Lower95));
        Assert.That(limits.Upper998, Is.GreaterThanOrEqualTo(limits.Upper95));
    }

    [Test]
    public void Funnel_limits_narrow_as_the_denominator_grows_and_stay_around_the_target()
    {
        var small = FeedbackStatistics.Funnel(0.6, 25);
        var large = FeedbackStatistics.Funnel(0.6, 2500);
        Assert.That(large.Upper95 - large.Lower95, Is.LessThan(small.Upper95 - small.Lower95));
        Assert.That(large.Lower95, Is.LessThan(0.6));
        Assert.That(large.Upper95, Is.GreaterThan(0.6));

        // Normal approximation at large n: 0.6 +- 1.96 sqrt(0.24/2500) = +- 0.0192 (to within the discreteness of 1/n).
        Assert.That(large.Upper95 - 0.6, Is.EqualTo(1.959964 * Math.Sqrt(0.24 / 2500)).Within(0.001));
    }

    [Test]
    public void Funnel_limits_at_target_zero_or_one_collapse_to_the_target()
    {
        Assert.That(FeedbackStatistics.Funnel(0, 40), Is.EqualTo(new FunnelLimits(0, 0, 0, 0)));
        Assert.That(FeedbackStatistics.Funnel(1, 40), Is.EqualTo(new FunnelLimits(1, 1, 1, 1)));
    }

    // Newcombe (1998), Statistics in Medicine 17:857, Table I, method 3 (Wilson score without continuity correction).
    [TestCase(81, 263, 0.2553, 0.3662)]
    [TestCase(15, 148, 0.0624, 0.1605)]
    [TestCase(0, 20, 0.0000, 0.1611)]
    [TestCase(1, 29, 0.0061, 0.1718)]
    public void Exact_counts_give_the_published_Wilson_interval(int x, int n, double lower, double upper)
    {
        var ci = FeedbackStatistics.WorstCaseWilson((x, x), (n, n))!.Value;
        Assert.That(ci.Lower, Is.EqualTo(lower).Within(0.00005));
        Assert.That(ci.Upper, Is.EqualTo(upper).Within(0.00005));
    }

    [Test]
    public void Rounded_counts_widen_the_interval_to_cover_every_count_they_stand_for()
    {
        // 40/100 released under NHS rounding to 5: the truth is 38..42 over 98..102.
        var widened = FeedbackStatistics.WorstCaseWilson((38, 42), (98, 102))!.Value;
        var exact = ProportionInterval.Wilson(40, 100);
        Assert.That(widened.Lower, Is.LessThan(exact.Lower));
        Assert.That(widened.Upper, Is.GreaterThan(exact.Upper));
        for (int x = 38; x <= 42; x++)
        {
            for (int n = 98; n <= 102; n++)
            {
                var ci = ProportionInterval.Wilson(x, n);
                Assert.That(widened.Lower, Is.LessThanOrEqualTo(ci.Lower));
                Assert.That(widened.Upper, Is.GreaterThanOrEqualTo(ci.Upper));
            }
        }

        Assert.That(widened.Lower, Is.EqualTo(ProportionInterval.Wilson(38, 102).Lower).Within(1e-12), "the worst case is the smallest numerator over the largest denominator");
    }

    [Test]
    public void A_rate_is_beyond_a_limit_only_when_every_count_rounding_allows_is_beyond_it()
    {
        double target = 0.5;

        // 70/100 exactly is far above the 95% limit (about 0.60).
        Assert.That(FeedbackStatistics.Position(target, (70, 70), (100, 100)), Is.EqualTo(LimitPosition.Above));

        // 60/100: the upper 95% limit at n=100 is 0.6 (interpolated just below); one consistent count 58/102 is inside.
        Assert.That(FeedbackStatistics.Position(target, (58, 62), (98, 102)), Is.EqualTo(LimitPosition.Within));
        Assert.That(FeedbackStatistics.Position(target, (25, 25), (100, 100)), Is.EqualTo(LimitPosition.Below));
        Assert.That(FeedbackStatistics.Read(LimitPosition.Above, ImprovementDirection.Decrease), Is.EqualTo(ComparisonSignal.Worse));
        Assert.That(FeedbackStatistics.Read(LimitPosition.Below, ImprovementDirection.Decrease), Is.EqualTo(ComparisonSignal.Better));
        Assert.That(FeedbackStatistics.Read(LimitPosition.Above, ImprovementDirection.Increase), Is.EqualTo(ComparisonSignal.Better));
    }
}
