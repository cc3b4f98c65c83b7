using QiSdk.Indicators;
using QiSdk.Privacy;
using static QiSdk.Tests.Privacy.PrivacyTestData;

namespace QiSdk.Tests.Privacy;

public sealed class SecondarySuppressionTests
{
    internal static IndicatorSummary RandomTable(Random random, int max, int stratifiers, bool exclusions, string reporter = "A81001", string id = "ind")
    {
        PopulationCounts Cell()
        {
            int ip = random.Next(max + 1);
            int den = random.Next(ip + 1);
            int excl = exclusions ? random.Next(Math.Min(2, den) + 1) : 0;
            int exc = exclusions ? random.Next(Math.Min(2, den - excl) + 1) : 0;
            int num = random.Next(den - excl - exc + 1);
            return new PopulationCounts(ip, den, excl, exc, num);
        }

        var strata = new List<StratumCounts>();
        PopulationCounts? total = null;
        for (int s = 0; s < stratifiers; s++)
        {
            var parts = Enumerable.Range(0, random.Next(2, 4)).Select(i => new StratumCounts(s == 0 ? "age-band" : "sex", $"{i * 20}-{(i * 20) + 19}", Cell())).ToList();
            var sum = parts.Aggregate(PopulationCounts.Zero, (a, p) => Add(a, p.Counts));
            if (s == 0)
            {
                total = random.Next(3) == 0 ? Add(sum, Cell()) : sum;
            }
            else
            {
                // Make the second stratifier partition the same total: put the difference in its last stratum when possible.
                var diff = Sub(total!, Add(sum, PopulationCounts.Zero));
                if (diff.InitialPopulation < 0 || diff.Denominator < 0 || diff.Numerator < 0 || diff.DenominatorExclusion < 0 || diff.DenominatorException < 0
                    || diff.InitialPopulation < diff.Denominator || diff.Denominator < diff.DenominatorExclusion + diff.DenominatorException + diff.Numerator)
                {
                    continue;
                }

                parts.Add(new StratumCounts("sex", "unknown", diff));
            }

            strata.AddRange(parts);
        }

        return Summary(id, total ?? Cell(), strata, reporter);
    }

    private static PopulationCounts Add(PopulationCounts a, PopulationCounts b) =>
        new(a.InitialPopulation + b.InitialPopulation, a.Denominator + b.Denominator, a.DenominatorExclusion + b.DenominatorExclusion, a.DenominatorException + b.DenominatorException, a.Numerator + b.Numerator);

    private static PopulationCounts Sub(PopulationCounts a, PopulationCounts b) =>
        new(a.InitialPopulation - b.InitialPopulation, a.Denominator - b.Denominator, a.DenominatorExclusion - b.DenominatorExclusion, a.DenominatorException - b.DenominatorException, a.Numerator - b.Numerator);

    [TestCase(5, 40, 1, 0)]
    [TestCase(10, 60, 2, 1)]
    [TestCase(7, 25, 2, 2)]
    public void No_count_in_the_suppressed_range_is_a_linear_combination_of_released_cells(int threshold, int max, int stratifiers, int seed)
    {
        var random = new Random(seed);
        var profile = SuppressionProfile.Custom(threshold, 1);
        int sensitiveChecked = 0;
        for (int table = 0; table < 150; table++)
        {
            var summary = RandomTable(random, max, random.Next(stratifiers + 1), exclusions: true);
            var outcome = PreviewExact([DisclosurePolicies.SmallNumberSuppression(profile)], summary);
            if (outcome.IsRefused)
            {
                continue;
            }

            var attacker = new TableAttacker(outcome.Cells);
            foreach (var (label, f, truth) in attacker.Quantities())
            {
                if (truth >= 1 && truth <= threshold)
                {
                    sensitiveChecked++;
                    Assert.That(attacker.Determines(f), Is.False, $"table {table}: {label} = {truth} can be worked out from the released cells");
                }
            }
        }

        Assert.That(sensitiveChecked, Is.GreaterThan(100), "the random tables should contain many small counts");
    }

    [TestCase(7)]
    [TestCase(11)]
    [TestCase(23)]
    public void The_attacker_cannot_bound_a_small_count_to_the_suppressed_range_on_small_tables(int seed)
    {
        const int T = 3;
        var random = new Random(seed);
        int tablesChecked = 0;
        for (int table = 0; table < 400 && tablesChecked < 40; table++)
        {
            var summary = RandomTable(random, 6, 1, exclusions: false);
            var outcome = PreviewExact([DisclosurePolicies.SmallNumberSuppression(SuppressionProfile.Custom(T, 1))], summary);
            if (outcome.IsRefused)
            {
                continue;
            }

            var attacker = new TableAttacker(outcome.Cells);
            var sensitive = attacker.Quantities().Where(q => q.Truth >= 1 && q.Truth <= T).ToList();
            var all = attacker.FeasibleValues([.. sensitive.Select(q => q.F)], cap: outcome.Cells.Max(c => c.OriginalValue) + (2 * T));
            if (all is null || sensitive.Count == 0)
            {
                continue;
            }

            tablesChecked++;
            for (int q = 0; q < sensitive.Count; q++)
            {
                var (label, _, truth) = sensitive[q];
                var feasible = all[q];
                Assert.That(feasible, Does.Contain(truth), $"table {table}: sanity, the truth must be feasible for {label}");
                Assert.That(feasible.Max, Is.GreaterThan(T), $"table {table}: {label} = {truth} is bounded to {feasible.Min}..{feasible.Max} by the released cells\n{string.Join("\n", outcome.Cells.Select(c => $"{c.Column} {c.Population} {c.OriginalValue} -> {c.ReleasedValue?.ToString() ?? "-"}"))}");
                Assert.That(feasible, Has.Count.GreaterThan(T), $"table {table}: {label} = {truth} has only {feasible.Count} possible values");
            }

        }

        Assert.That(tablesChecked, Is.GreaterThanOrEqualTo(20));
    }

    [Test]
    public void A_small_complement_withholds_the_numerator_or_denominator()
    {
        // 50 in the denominator, 47 in the numerator: releasing both reveals that exactly 3 patients missed the target.
        var outcome = Preview([DisclosurePolicies.SmallNumberSuppression(SuppressionProfile.Cms)], Summary("c", Counts(60, 50, 47)));
        bool bothReleased = outcome.Released("total", MeasurePopulation.Denominator) is not null && outcome.Released("total", MeasurePopulation.Numerator) is not null;
        Assert.That(bothReleased, Is.False);
        Assert.That(outcome.Rates.Single().ReleasedScore, Is.Null, "no rate when a count it depends on is withheld");
    }

    [Test]
    public void A_suppressed_stratum_cannot_be_recovered_from_the_total_and_its_sibling()
    {
        var summary = Summary("s", Counts(100, 90, 20), [Stratum("sex", "female", Counts(50, 45, 3)), Stratum("sex", "male", Counts(50, 45, 17))]);
        var outcome = Preview([DisclosurePolicies.SmallNumberSuppression(SuppressionProfile.Nhs)], summary);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Released("sex=female", MeasurePopulation.Numerator), Is.Null, "3 is primary-suppressed");
            bool recoverable = outcome.Released("total", MeasurePopulation.Numerator) is not null && outcome.Released("sex=male", MeasurePopulation.Numerator) is not null;
            Assert.That(recoverable, Is.False, "total - male would give female");
            var secondary = outcome.Cells.Where(c => c.ReasonCode == "QI4051").ToList();
            Assert.That(secondary, Is.Not.Empty);
        });
    }

    [Test]
    public void Released_rates_are_recomputed_from_the_rounded_counts()
    {
        var outcome = Preview([DisclosurePolicies.SmallNumberSuppression(SuppressionProfile.Nhs)], Summary("r", Counts(120, 103, 62)));
        var rate = outcome.Rates.Single();
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Released("total", MeasurePopulation.Denominator), Is.EqualTo(105));
            Assert.That(outcome.Released("total", MeasurePopulation.Numerator), Is.EqualTo(60));
            Assert.That(rate.ReleasedScore, Is.EqualTo(60.0 / 105).Within(1e-12));
            Assert.That(rate.OriginalScore, Is.EqualTo(62.0 / 103).Within(1e-12));
        });
    }
}
