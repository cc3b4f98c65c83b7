using System.Collections.Immutable;
using QiSdk.Feedback;

namespace QiSdk.Tests.Feedback;

/// <summary>The exact matching against brute force, and the pairing's determinism and odd-size handling.</summary>
public sealed class PeerPairingTests
{
    /// <summary>Best total weight over every matching that leaves at most one vertex single (brute force).</summary>
    private static double BruteForce(double[,] w, int remaining)
    {
        if (remaining == 0)
        {
            return 0;
        }

        int i = System.Numerics.BitOperations.TrailingZeroCount(remaining);
        int rest = remaining & ~(1 << i);
        double best = double.NegativeInfinity;
        if (System.Numerics.BitOperations.PopCount((uint)remaining) % 2 == 1)
        {
            // i stays single only if everything else pairs up.
            best = PairAll(w, rest);
        }

        for (int j = i + 1; j < 32; j++)
        {
            if ((rest & (1 << j)) != 0)
            {
                best = Math.Max(best, w[i, j] + BruteForce(w, rest & ~(1 << j)));
            }
        }

        return best;
    }

    private static double PairAll(double[,] w, int remaining)
    {
        if (remaining == 0)
        {
            return 0;
        }

        int i = System.Numerics.BitOperations.TrailingZeroCount(remaining);
        int rest = remaining & ~(1 << i);
        double best = double.NegativeInfinity;
        for (int j = i + 1; j < 32; j++)
        {
            if ((rest & (1 << j)) != 0)
            {
                best = Math.Max(best, w[i, j] + PairAll(w, rest & ~(1 << j)));
            }
        }

        return best;
    }

    [Test]
    public void Matching_is_optimal_against_brute_force_on_random_clusters_of_2_to_10()
    {
        var random = new Random(20261129);
        for (int trial = 0; trial < 200; trial++)
        {
            int n = 2 + (trial % 9);
            var w = new double[n, n];
            for (int a = 0; a < n; a++)
            {
                for (int b = a + 1; b < n; b++)
                {
                    w[a, b] = w[b, a] = Math.Round(random.NextDouble() * 5, 2);
                }
            }

            var matching = PeerPairing.MaximumWeightMatching(w, n);
            double total = matching.Where(m => m.B >= 0).Sum(m => w[m.A, m.B]);
            Assert.That(total, Is.EqualTo(BruteForce(w, (1 << n) - 1)).Within(1e-9), $"trial {trial}, n={n}");
            var covered = matching.SelectMany(m => m.B >= 0 ? new[] { m.A, m.B } : [m.A]).Order().ToArray();
            Assert.That(covered, Is.EqualTo(Enumerable.Range(0, n).ToArray()), "every practice appears exactly once");
            Assert.That(matching.Count(m => m.B < 0), Is.EqualTo(n % 2));
        }
    }

    [Test]
    public void Complementarity_score_is_zero_when_one_practice_leads_on_everything()
    {
        Assert.That(PeerPairing.Score([1, 2, 3], [0, 1, 2]), Is.EqualTo(0));
        Assert.That(PeerPairing.Score([2, 0], [0, 2]), Is.EqualTo(4), "2 x 2");
        Assert.That(PeerPairing.Score([1, 0], [0, 4]), Is.EqualTo(4), "1 x 4");
    }

    [Test]
    public void Complementary_practices_are_paired_with_a_reason_naming_what_each_leads_on()
    {
        // A strong on X, weak on Y; B the reverse; C and D average on both: {A,B} and {C,D}.
        var headline = new List<IndicatorComparison>
        {
            Indicator("x", "Indicator X", ("A", 90, 100), ("B", 50, 100), ("C", 70, 100), ("D", 71, 100)),
            Indicator("y", "Indicator Y", ("A", 50, 100), ("B", 90, 100), ("C", 70, 100), ("D", 69, 100)),
        };
        var pairs = PeerPairing.Pair(["A", "B", "C", "D"], headline);
        Assert.That(pairs.Select(p => string.Join("+", p.Practices)), Is.EqualTo(new[] { "A+B", "C+D" }));
        Assert.That(pairs[0].Reason, Is.EqualTo("A leads on Indicator X (90.0% vs 50.0%) where B is weaker; B leads on Indicator Y (90.0% vs 50.0%) where A is weaker."));
        Assert.That(pairs[0].Score, Is.GreaterThan(pairs[1].Score));
    }

    [Test]
    public void An_odd_cluster_makes_one_trio_and_the_result_does_not_depend_on_input_order()
    {
        var headline = new List<IndicatorComparison>
        {
            Indicator("x", "X", ("A", 90, 100), ("B", 50, 100), ("C", 70, 100), ("D", 60, 100), ("E", 80, 100)),
            Indicator("y", "Y", ("A", 50, 100), ("B", 90, 100), ("C", 70, 100), ("D", 85, 100), ("E", 55, 100)),
        };
        var pairs = PeerPairing.Pair(["A", "B", "C", "D", "E"], headline);
        Assert.That(pairs.Sum(p => p.Practices.Length), Is.EqualTo(5));
        Assert.That(pairs.Count(p => p.Practices.Length == 3), Is.EqualTo(1));
        var reversed = headline.Select(i => i with { Practices = [.. i.Practices.Reverse()] }).ToList();
        Assert.That(PeerPairing.Pair(["A", "B", "C", "D", "E"], reversed).Select(p => p.Reason), Is.EqualTo(pairs.Select(p => p.Reason)));
    }

    [Test]
    public void More_practices_than_the_exact_matching_handles_is_refused_clearly()
    {
        var codes = Enumerable.Range(0, 21).Select(i => $"P{i:00}").ToImmutableArray();
        var headline = new List<IndicatorComparison> { Indicator("x", "X", [.. codes.Select(c => (c, 50, 100))]) };
        Assert.That(() => PeerPairing.Pair(codes, headline), Throws.TypeOf<FeedbackException>().With.Property("Code").EqualTo("QI5104").And.Message.Contains("21 practices"));
    }

    internal static IndicatorComparison Indicator(string id, string title, params (string Practice, int Numerator, int Denominator)[] rows)
    {
        int n = rows.Sum(r => r.Numerator), d = rows.Sum(r => r.Denominator);
        return new IndicatorComparison
        {
            IndicatorId = id,
            Title = title,
            Direction = QiSdk.Indicators.ImprovementDirection.Increase,
            PeriodEnd = new DateOnly(2025, 3, 31),
            Cluster = new ClusterTotals(n, d, (double)n / d, rows.Length, 0),
            Practices = [.. rows.Select(r => new PracticeComparison
            {
                Practice = r.Practice,
                Numerator = r.Numerator,
                Denominator = r.Denominator,
                Rate = (double)r.Numerator / r.Denominator,
                Signal = ComparisonSignal.AsExpected,
                Freshness = new PracticeFreshness(new DateOnly(2025, 3, 31), [], null, null, false),
            })],
        };
    }
}
