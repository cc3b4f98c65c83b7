using QiSdk.Reports;
using QiSdk.Indicators;
using QiSdk.Privacy;
using static QiSdk.Tests.Privacy.PrivacyTestData;

namespace QiSdk.Tests.Privacy;

public sealed class ClusterAggregateTests
{
    [Test]
    public void Only_combined_counts_leave_and_no_practice_row()
    {
        var outcome = MeasureReportDisclosure.CreatePipeline([DisclosurePolicies.ClusterAggregate()]).Prepare(DisclosureRequest.FromSummaries(
        [
            Summary("x", Counts(100, 80, 40), reporter: "P1"),
            Summary("x", Counts(120, 90, 50), reporter: "P2"),
            Summary("x", Counts(90, 70, 30), reporter: "P3"),
        ]));
        string json = System.Text.Encoding.UTF8.GetString(outcome.Disclosure!.Content.Span);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Cells.Select(c => c.Reporter).Distinct(), Is.EqualTo(new[] { "cluster" }));
            Assert.That(outcome.Released("total", MeasurePopulation.Numerator), Is.EqualTo(120));
            Assert.That(json, Does.Not.Contain("P1").And.Not.Contain("P2").And.Not.Contain("P3"));
        });
    }

    [Test]
    public void Fewer_than_the_minimum_number_of_practices_releases_nothing()
    {
        var outcome = MeasureReportDisclosure.CreatePipeline([DisclosurePolicies.ClusterAggregate()]).Prepare(DisclosureRequest.FromSummaries(
            [Summary("x", Counts(100, 80, 40), reporter: "P1"), Summary("x", Counts(120, 90, 50), reporter: "P2")]));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.IsRefused, Is.True);
            Assert.That(outcome.Cells.All(c => c.ReasonCode == "QI4060"), Is.True);
        });
    }

    [Test]
    public void A_practice_cannot_difference_itself_out_to_a_small_count_of_the_rest()
    {
        // P2 and P3 together have 5 numerator patients; P1 knows its own 60 and would learn 5 from a total of 65.
        var outcome = MeasureReportDisclosure.CreatePipeline([DisclosurePolicies.ClusterAggregate()]).Prepare(DisclosureRequest.FromSummaries(
        [
            Summary("x", Counts(100, 80, 60), reporter: "P1"),
            Summary("x", Counts(40, 30, 2), reporter: "P2"),
            Summary("x", Counts(50, 40, 3), reporter: "P3"),
        ]));
        Assert.That(outcome.Released("total", MeasurePopulation.Numerator), Is.Null);
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Practice_as_attacker_on_random_clusters_learns_no_small_count_of_the_others(int seed)
    {
        const int T = 7;
        var random = new Random(seed);
        int checkedViews = 0;
        for (int round = 0; round < 60; round++)
        {
            int practices = random.Next(3, 6);
            var members = Enumerable.Range(1, practices).Select(p => SecondarySuppressionTests.RandomTable(random, 30, random.Next(2), exclusions: true, reporter: $"P{p}", id: "x")).ToList();

            // Same strata in every practice so the cluster table is well formed.
            var strata = members[0].Strata;
            members = [.. members.Select((m, i) => i == 0 ? m : m with { Strata = [.. strata.Select(s => s with { Counts = SecondarySuppressionTests.RandomTable(random, 30, 0, true).Counts })] })];
            var outcome = MeasureReportDisclosure.CreatePipeline([DisclosurePolicies.ClusterAggregate()]).Preview(DisclosureRequest.FromSummaries(members));
            if (outcome.IsRefused)
            {
                continue;
            }

            foreach (var attacker in members)
            {
                // The attacker subtracts its own counts from every released cluster cell: what is left describes the others.
                var rest = outcome.Cells.Select(c =>
                {
                    var own = c.Column == "total" ? attacker.Counts : attacker.Strata.FirstOrDefault(s => $"{s.Stratifier}={s.Value}" == c.Column)?.Counts ?? PopulationCounts.Zero;
                    return c with { OriginalValue = c.OriginalValue - own[c.Population], ReleasedValue = c.ReleasedValue - own[c.Population] };
                }).ToList();
                var view = new TableAttacker(rest);
                foreach (var (label, f, truth) in view.Quantities())
                {
                    if (truth >= 1 && truth <= T)
                    {
                        checkedViews++;
                        Assert.That(view.Determines(f), Is.False, $"round {round}: {attacker.Reporter} can work out that the other practices have {label} = {truth}");
                    }
                }
            }
        }

        Assert.That(checkedViews, Is.GreaterThan(50));
    }
}
