using System.Collections.Immutable;
using System.Globalization;
using QiSdk.Indicators;

namespace QiSdk.Feedback;

/// <summary>
/// Pairs practices for reciprocal peer review over headline indicators.
/// <para>
/// Complementarity score (docs/feedback.md): each practice's standing on indicator k is its oriented z-score
/// g = s (rate - pooled) / sqrt(pooled (1 - pooled) / n), with s = +1 when higher is better and -1 when lower is better,
/// clamped to [-4, 4]; a withheld rate counts as 0 (no information). For practices A and B, L(A,B) = sum over k of
/// max(0, g_A - g_B) is how much A can teach B; the pair's score is the product L(A,B) L(B,A), so it is high only when
/// each leads where the other is weaker (a pair where one leads on everything scores 0), and, being superlinear, the
/// matching prefers two strongly complementary practices together over spreading them across weaker pairs (with a
/// sum or geometric mean, mirrored clusters tie between such pairings).
/// </para>
/// <para>
/// The pairing is a maximum-weight perfect matching, found exactly by dynamic programming over subsets (bitmask DP,
/// O(2^n n)), for up to <see cref="MaxExact"/> practices. It is hand-written because the core has no third-party
/// dependencies (a general matching library or a solver would add one) and clusters are small (4-8 practices typically,
/// PCNs up to ~20). Practices are ordered by code and ties are broken towards the lexicographically smallest choice,
/// so the result is deterministic. An odd cluster leaves one practice unmatched by the best matching over the others
/// (a dummy partner of weight 0); it then joins the pair whose members it complements most (sum of its two scores),
/// forming one trio, so no practice is left out.
/// </para>
/// </summary>
internal static class PeerPairing
{
    /// <summary>The largest cluster paired exactly (2^20 subsets).</summary>
    public const int MaxExact = 20;

    public static ImmutableArray<PeerPair> Pair(ImmutableArray<string> practices, IReadOnlyList<IndicatorComparison> headline)
    {
        if (practices.Length < 2 || headline.Count == 0)
        {
            return [];
        }

        if (practices.Length > MaxExact)
        {
            throw new FeedbackException(FeedbackErrors.ClusterTooLargeToPair, $"{practices.Length} practices: reciprocal pairing is exact for up to {MaxExact} (pair sub-groups separately, e.g. per PCN).");
        }

        var standing = Standings(practices, headline);
        int n = practices.Length;
        var weight = new double[n, n];
        for (int a = 0; a < n; a++)
        {
            for (int b = 0; b < n; b++)
            {
                weight[a, b] = a == b ? 0 : Score(standing[a], standing[b]);
            }
        }

        var matching = MaximumWeightMatching(weight, n);
        var pairs = new List<List<int>>();
        int? single = null;
        foreach (var (a, b) in matching)
        {
            if (b < 0)
            {
                single = a;
            }
            else
            {
                pairs.Add([a, b]);
            }
        }

        if (single is { } s && pairs.Count > 0)
        {
            // The trio: the pair whose members the single practice complements most (first pair on ties).
            var best = pairs.OrderByDescending(p => weight[s, p[0]] + weight[s, p[1]]).ThenBy(p => p[0]).First();
            best.Add(s);
        }

        return [.. pairs.Select(p =>
        {
            var leads = Leads(p, practices, headline, standing);
            return new PeerPair([.. p.Select(i => practices[i]).Order(StringComparer.Ordinal)], Math.Round(weight[p[0], p[1]], 6), leads, Reason(leads));
        }).OrderBy(p => p.Practices[0], StringComparer.Ordinal)];
    }

    /// <summary>Oriented z-scores per practice (rows) and headline indicator (columns).</summary>
    internal static double[][] Standings(ImmutableArray<string> practices, IReadOnlyList<IndicatorComparison> headline) =>
        [.. practices.Select(p => headline.Select(i =>
        {
            var row = i.Practices.FirstOrDefault(r => r.Practice == p);
            if (row?.Rate is not { } rate || row.Denominator is not > 0 || i.Cluster.Rate is not { } pooled || pooled <= 0 || pooled >= 1)
            {
                return 0.0;
            }

            double z = (rate - pooled) / Math.Sqrt(pooled * (1 - pooled) / row.Denominator.Value);
            return Math.Clamp(i.Direction == ImprovementDirection.Increase ? z : -z, -4, 4);
        }).ToArray())];

    /// <summary>L(A,B) L(B,A), L(A,B) = sum of max(0, g_A - g_B).</summary>
    internal static double Score(double[] a, double[] b)
    {
        double ab = 0, ba = 0;
        for (int k = 0; k < a.Length; k++)
        {
            ab += Math.Max(0, a[k] - b[k]);
            ba += Math.Max(0, b[k] - a[k]);
        }

        return ab * ba;
    }

    /// <summary>
    /// Maximum-weight matching by DP over subsets of the unmatched vertices: the lowest unmatched vertex is paired with
    /// each other one (or, when the count is odd, left single once). Returns (a, b) pairs; b = -1 for the single one.
    /// </summary>
    internal static List<(int A, int B)> MaximumWeightMatching(double[,] weight, int n)
    {
        // f(mask, single) = best total weight pairing the vertices in mask, where single = 1 means exactly one of them is
        // left unmatched (mask has an odd count) and 0 means all are paired (even count). The lowest vertex of mask is
        // either left single (when allowed) or paired with each later vertex in turn.
        int states = 1 << n;
        var best = new double[states * 2];
        var choice = new int[states * 2];
        best[0] = 0;
        best[1] = double.NegativeInfinity;
        for (int mask = 1; mask < states; mask++)
        {
            bool oddCount = System.Numerics.BitOperations.PopCount((uint)mask) % 2 == 1;
            for (int single = 0; single <= 1; single++)
            {
                int idx = (mask * 2) + single;
                if (oddCount != (single == 1))
                {
                    best[idx] = double.NegativeInfinity;
                    continue;
                }

                int i = System.Numerics.BitOperations.TrailingZeroCount(mask);
                int rest = mask & ~(1 << i);
                double value = double.NegativeInfinity;
                int pick = -2;
                if (single == 1)
                {
                    value = best[rest * 2];
                    pick = -1;
                }

                for (int j = i + 1; j < n; j++)
                {
                    if ((rest & (1 << j)) == 0)
                    {
                        continue;
                    }

                    double v = weight[i, j] + best[((rest & ~(1 << j)) * 2) + single];

                    // Strictly greater (with a tolerance): ties keep the earlier choice, so the result is deterministic.
                    if (v > value + 1e-9)
                    {
                        value = v;
                        pick = j;
                    }
                }

                best[idx] = value;
                choice[idx] = pick;
            }
        }

        var result = new List<(int, int)>();
        int m = states - 1, u = n % 2;
        while (m != 0)
        {
            int i = System.Numerics.BitOperations.TrailingZeroCount(m);
            int j = choice[(m * 2) + u];
            if (j == -1)
            {
                result.Add((i, -1));
                m &= ~(1 << i);
                u = 0;
            }
            else
            {
                result.Add((i, j));
                m &= ~((1 << i) | (1 << j));
            }
        }

        return result;
    }

    private static ImmutableArray<PairLead> Leads(List<int> members, ImmutableArray<string> practices, IReadOnlyList<IndicatorComparison> headline, double[][] standing)
    {
        var leads = ImmutableArray.CreateBuilder<PairLead>();
        foreach (int leader in members)
        {
            // Where this member leads by most over the member that is weakest there.
            (int K, int Other, double Gap)? top = null;
            foreach (int other in members.Where(o => o != leader))
            {
                for (int k = 0; k < headline.Count; k++)
                {
                    double gap = standing[leader][k] - standing[other][k];
                    if (gap > 0 && (top is null || gap > top.Value.Gap + 1e-12))
                    {
                        top = (k, other, gap);
                    }
                }
            }

            if (top is { } t)
            {
                var i = headline[t.K];
                double Rate(int p) => i.Practices.FirstOrDefault(r => r.Practice == practices[p])?.Rate ?? double.NaN;
                leads.Add(new PairLead(practices[leader], practices[t.Other], i.IndicatorId, i.Title, Rate(leader), Rate(t.Other)));
            }
        }

        return leads.ToImmutable();
    }

    /// <summary>One sentence from the leads: "A leads on X (80.0% vs 55.0%) where B is weaker; ...".</summary>
    internal static string Reason(ImmutableArray<PairLead> leads)
    {
        if (leads.IsEmpty)
        {
            return "No headline differences between these practices; paired to keep everyone in a pair.";
        }

        static string Rate(double r) => double.IsNaN(r) ? "withheld" : ClusterComparer.Pct(r);
        return string.Join("; ", leads.Select(l => string.Create(CultureInfo.InvariantCulture,
            $"{l.Leader} leads on {l.Title} ({Rate(l.LeaderRate)} vs {Rate(l.OtherRate)}) where {l.Other} is weaker"))) + ".";
    }
}
