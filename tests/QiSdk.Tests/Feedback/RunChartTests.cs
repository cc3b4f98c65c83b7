using QiSdk.Feedback;
using QiSdk.Indicators;

namespace QiSdk.Tests.Feedback;

/// <summary>Run rules and p-charts on hand-made series, and the runs distribution against brute-force enumeration.</summary>
public sealed class RunChartTests
{
    private static readonly DateOnly Start = new(2024, 1, 31);

    private static List<(DateOnly, double)> Series(params double[] values) =>
        [.. values.Select((v, i) => (Start.AddMonths(i), v))];

    [Test]
    public void Seven_points_below_the_median_are_a_shift_and_six_are_not()
    {
        // Median of these 14 values is 0.5 (between 0.4 and 0.6); points 8-14 are all below it.
        var seven = TrendAnalysis.RunRules(Series(0.6, 0.7, 0.6, 0.8, 0.7, 0.6, 0.9, 0.4, 0.3, 0.4, 0.2, 0.3, 0.4, 0.1), ImprovementDirection.Increase);
        Assert.That(seven.Signals.Count(s => s.Rule == "shift"), Is.EqualTo(2), "the first 7 are above the median: a shift too");
        var shift = seven.Signals.Single(s => s.Rule == "shift" && s.Description.Contains("below", StringComparison.Ordinal));
        Assert.That(shift.From, Is.EqualTo(Start.AddMonths(7)));
        Assert.That(shift.To, Is.EqualTo(Start.AddMonths(13)));
        Assert.That(shift.Description, Does.Contain("7 points below").And.Contain("concern"));

        // 7 high and 7 low values, the longest run below the median 6 long and above it 5: no shift.
        var six = TrendAnalysis.RunRules(Series(0.8, 0.2, 0.81, 0.21, 0.22, 0.23, 0.24, 0.25, 0.26, 0.82, 0.83, 0.84, 0.85, 0.86), ImprovementDirection.Increase);
        Assert.That(six.Median, Is.EqualTo(0.53));
        Assert.That(six.Signals.Where(s => s.Rule == "shift"), Is.Empty);
        Assert.That(six.Runs, Is.EqualTo(5));
    }

    [Test]
    public void Points_on_the_median_neither_count_towards_nor_break_a_shift()
    {
        // 11 values, median 0.5; 0.5 points sit inside a run of 7 values above it.
        var chart = TrendAnalysis.RunRules(Series(0.1, 0.2, 0.6, 0.7, 0.5, 0.8, 0.6, 0.5, 0.9, 0.7, 0.6, 0.5, 0.3, 0.2, 0.1), ImprovementDirection.Increase);
        Assert.That(chart.Median, Is.EqualTo(0.5));
        var shift = chart.Signals.Single(s => s.Rule == "shift");
        Assert.That(shift.From, Is.EqualTo(Start.AddMonths(2)));
        Assert.That(shift.To, Is.EqualTo(Start.AddMonths(10)));
        Assert.That(shift.Description, Does.StartWith("7 points above"));
        Assert.That(chart.UsefulObservations, Is.EqualTo(12));
    }

    [Test]
    public void Seven_increasing_points_are_a_trend_ties_neither_add_nor_break_it()
    {
        var chart = TrendAnalysis.RunRules(Series(0.5, 0.1, 0.2, 0.3, 0.3, 0.4, 0.5, 0.6, 0.7, 0.2), ImprovementDirection.Decrease);
        var trend = chart.Signals.Single(s => s.Rule == "trend");
        Assert.That(trend.From, Is.EqualTo(Start.AddMonths(1)));
        Assert.That(trend.To, Is.EqualTo(Start.AddMonths(8)));
        Assert.That(trend.Description, Is.EqualTo("7 points increasing (concern)."), "lower is better, so rising is a concern");

        var six = TrendAnalysis.RunRules(Series(0.5, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.2), ImprovementDirection.Decrease);
        Assert.That(six.Signals.Where(s => s.Rule == "trend"), Is.Empty);
    }

    [Test]
    public void Alternating_points_are_too_many_runs_and_two_long_halves_too_few()
    {
        var alternating = TrendAnalysis.RunRules(Series([.. Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? 0.3 : 0.7)]), ImprovementDirection.Increase);
        Assert.That(alternating.Runs, Is.EqualTo(20));
        Assert.That(alternating.Signals.Select(s => s.Rule), Does.Contain("too-many-runs"));

        // 10 low then 10 high with a little noise: 2 runs (also shifts).
        var halves = TrendAnalysis.RunRules(Series([.. Enumerable.Range(0, 20).Select(i => (i < 10 ? 0.3 : 0.7) + (i % 3 * 0.01))]), ImprovementDirection.Increase);
        Assert.That(halves.Runs, Is.EqualTo(2));
        Assert.That(halves.Signals.Select(s => s.Rule), Does.Contain("too-few-runs").And.Contain("shift"));

        // For 10 above and 10 below, the Swed-Eisenhart 2.5% critical values are 6 and 16: runs < 7 or > 15 signal.
        Assert.That(halves.FewestExpectedRuns, Is.EqualTo(7));
        Assert.That(halves.MostExpectedRuns, Is.EqualTo(15));
    }

    [TestCase(5, 5)]
    [TestCase(6, 4)]
    [TestCase(7, 3)]
    [TestCase(8, 6)]
    public void Runs_distribution_matches_enumerating_every_arrangement(int above, int below)
    {
        // Independent oracle: count runs over every arrangement of 'above' ones and 'below' zeros.
        int n = above + below;
        var counts = new double[n + 1];
        int total = 0;
        for (int mask = 0; mask < 1 << n; mask++)
        {
            if (System.Numerics.BitOperations.PopCount((uint)mask) != above)
            {
                continue;
            }

            int runs = 1;
            for (int i = 1; i < n; i++)
            {
                if (((mask >> i) & 1) != ((mask >> (i - 1)) & 1))
                {
                    runs++;
                }
            }

            counts[runs]++;
            total++;
        }

        var p = TrendAnalysis.RunsDistribution(above, below);
        for (int r = 0; r <= n; r++)
        {
            Assert.That(p[r], Is.EqualTo(counts[r] / total).Within(1e-12), $"P(R={r})");
        }
    }

    [Test]
    public void P_chart_limits_follow_each_points_denominator_and_flag_special_cause()
    {
        var series = new List<(DateOnly, PopulationCounts)>
        {
            (Start, Counts(50, 100)),
            (Start.AddMonths(1), Counts(52, 100)),
            (Start.AddMonths(2), Counts(24, 50)),
            (Start.AddMonths(3), Counts(90, 100)),
        };
        var trend = TrendAnalysis.Analyse("x", "X", ImprovementDirection.Increase, series);
        double pbar = (50 + 52 + 24 + 90) / 350.0;
        Assert.That(trend.CentreLine, Is.EqualTo(pbar).Within(1e-12));
        var p2 = trend.Points[2];
        Assert.That(p2.Upper3Sigma, Is.EqualTo(pbar + (3 * Math.Sqrt(pbar * (1 - pbar) / 50))).Within(1e-12));
        Assert.That(p2.Lower3Sigma, Is.EqualTo(pbar - (3 * Math.Sqrt(pbar * (1 - pbar) / 50))).Within(1e-12));
        Assert.That(trend.Points.Select(p => p.SpecialCause), Is.EqualTo(new[] { false, false, false, true }));
        var signal = trend.PChartSignals.Single();
        Assert.That(signal.From, Is.EqualTo(Start.AddMonths(3)));
        Assert.That(signal.Description, Does.Contain("above").And.Contain("improvement"));

        static PopulationCounts Counts(int numerator, int denominator) => new(denominator, denominator, 0, 0, numerator);
    }

    [Test]
    public void Monthly_dates_from_a_month_end_are_month_ends()
    {
        var dates = TrendAnalysis.Dates(new DateOnly(2024, 1, 31), new DateOnly(2024, 5, 31));
        Assert.That(dates, Is.EqualTo(new[] { new DateOnly(2024, 1, 31), new DateOnly(2024, 2, 29), new DateOnly(2024, 3, 31), new DateOnly(2024, 4, 30), new DateOnly(2024, 5, 31) }));
        Assert.That(TrendAnalysis.Dates(new DateOnly(2024, 1, 15), new DateOnly(2024, 12, 31), 3), Has.Length.EqualTo(4));
        Assert.That(() => TrendAnalysis.Dates(new DateOnly(2024, 5, 1), new DateOnly(2024, 1, 1)), Throws.TypeOf<FeedbackException>().With.Property("Code").EqualTo("QI5106"));
    }
}
