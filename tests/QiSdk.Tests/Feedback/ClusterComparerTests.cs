using QiSdk.Feedback;
using QiSdk.Indicators;
using QiSdk.Privacy;
using QiSdk.Records;
using static QiSdk.Tests.Feedback.FeedbackTestData;

namespace QiSdk.Tests.Feedback;

public sealed class ClusterComparerTests
{
    private static List<ReleasedDisclosure> Cluster(IDisclosurePolicy policy, ImprovementDirection direction = ImprovementDirection.Increase) =>
    [
        Released(policy, Summary("P1", "ind-a", 200, 180, direction), Summary("P1", "ind-b", 100, 50, direction)),
        Released(policy, Summary("P2", "ind-a", 200, 120, direction), Summary("P2", "ind-b", 100, 80, direction)),
        Released(policy, Summary("P3", "ind-a", 200, 150, direction), Summary("P3", "ind-b", 100, 65, direction)),
        Released(policy, Summary("P4", "ind-a", 200, 148, direction), Summary("P4", "ind-b", 100, 66, direction, exclusions: 2)),
    ];

    [Test]
    public void Practices_beyond_the_95_percent_limits_read_better_or_worse_with_the_improvement_direction()
    {
        var comparison = ClusterComparer.Compare(Cluster(Exact()));
        var a = comparison.Indicators.Single(i => i.IndicatorId == "ind-a");
        Assert.That(a.Cluster.Numerator, Is.EqualTo(598));
        Assert.That(a.Cluster.Denominator, Is.EqualTo(800));
        Assert.That(a.Cluster.Rate, Is.EqualTo(598 / 800.0));
        var signals = a.Practices.ToDictionary(p => p.Practice, p => p.Signal);
        Assert.That(signals["P1"], Is.EqualTo(ComparisonSignal.Better), "90% against a pooled 74.75% at n=200");
        Assert.That(signals["P2"], Is.EqualTo(ComparisonSignal.Worse));
        Assert.That(signals["P3"], Is.EqualTo(ComparisonSignal.AsExpected));
        var p1 = a.Practices.Single(p => p.Practice == "P1");
        Assert.That(p1.Funnel, Is.EqualTo(FeedbackStatistics.Funnel(598 / 800.0, 200)));
        Assert.That(p1.Ci95, Is.EqualTo(ProportionInterval.Wilson(180, 200)));
        Assert.That(p1.Beyond998, Is.True);

        var lowerIsBetter = ClusterComparer.Compare(Cluster(Exact(), ImprovementDirection.Decrease));
        var flipped = lowerIsBetter.Indicators.Single(i => i.IndicatorId == "ind-a").Practices.ToDictionary(p => p.Practice, p => p.Signal);
        Assert.That(flipped["P1"], Is.EqualTo(ComparisonSignal.Worse));
        Assert.That(flipped["P2"], Is.EqualTo(ComparisonSignal.Better));
    }

    [Test]
    public void Withheld_practices_are_shown_as_withheld_and_left_out_of_the_pooled_rate()
    {
        // Under the NHS profile P4's 2 exclusions are suppressed, so its ind-b rate is withheld.
        var comparison = ClusterComparer.Compare(Cluster(DisclosurePolicies.SmallNumberSuppression()));
        var b = comparison.Indicators.Single(i => i.IndicatorId == "ind-b");
        var p4 = b.Practices.Single(p => p.Practice == "P4");
        Assert.That(p4.Signal, Is.EqualTo(ComparisonSignal.Withheld));
        Assert.That(p4.Rate, Is.Null);
        Assert.That(p4.Ci95, Is.Null);
        Assert.That(b.Cluster.Practices, Is.EqualTo(3));
        Assert.That(b.Cluster.Withheld, Is.EqualTo(1));
        Assert.That(b.Cluster.Denominator, Is.EqualTo(300));
        Assert.That(comparison.Notes, Has.Some.Contains("ind-b (1)"));

        // Rounded rows are flagged and their intervals are at least as wide as the exact ones.
        var rounded = comparison.Indicators.Single(i => i.IndicatorId == "ind-a").Practices.Single(p => p.Practice == "P4");
        Assert.That(rounded.Rounded, Is.True);
        var exact = ProportionInterval.Wilson(rounded.Numerator!.Value, rounded.Denominator!.Value);
        Assert.That(rounded.Ci95!.Value.Lower, Is.LessThan(exact.Lower));
        Assert.That(rounded.Ci95!.Value.Upper, Is.GreaterThan(exact.Upper));
    }

    [Test]
    public void Strengths_come_first_then_opportunities_with_the_numbers()
    {
        var comparison = ClusterComparer.Compare(Cluster(Exact()));
        var p1 = comparison.Strengths["P1"];
        Assert.That(p1.Select(s => s.Signal), Is.EqualTo(new[] { ComparisonSignal.Better, ComparisonSignal.Worse }));
        Assert.That(p1[0].Text, Does.StartWith("Better than the cluster on Title of ind-a: 90.0% (180/200) vs cluster 74.8%, above the 95% limit of"));
        Assert.That(p1[1].IndicatorId, Is.EqualTo("ind-b"));
        Assert.That(comparison.Strengths["P3"], Is.Empty);
    }

    [Test]
    public void Pairs_over_the_headline_indicators_cover_every_practice()
    {
        var comparison = ClusterComparer.Compare(Cluster(Exact()));
        Assert.That(comparison.Headline, Is.EquivalentTo(new[] { "ind-a", "ind-b" }));
        Assert.That(comparison.Pairs.SelectMany(p => p.Practices).Order(), Is.EqualTo(new[] { "P1", "P2", "P3", "P4" }));
        Assert.That(comparison.Pairs.Single(p => p.Practices.Contains("P1")).Practices, Does.Contain("P2"), "P1 leads on a, P2 on b");
        Assert.That(() => ClusterComparer.Compare(Cluster(Exact()), new ComparisonOptions { Headline = ["nope"] }),
            Throws.TypeOf<FeedbackException>().With.Property("Code").EqualTo("QI5106"));
    }

    [Test]
    public void Differing_periods_are_never_compared()
    {
        var disclosures = Cluster(Exact());
        disclosures.Add(Released(Exact(), Summary("P5", "ind-a", 100, 70, end: End.AddMonths(-1))));
        var ex = Assert.Throws<FeedbackException>(() => ClusterComparer.Compare(disclosures));
        Assert.That(ex!.Code, Is.EqualTo("QI5103"));
        Assert.That(ex.Message, Does.Contain("ind-a").And.Contain("P5 ending 2025-02-28"));
    }

    [Test]
    public void Stale_practices_are_flagged_with_their_lag()
    {
        var disclosures = Cluster(Exact());
        disclosures.Add(Released(Exact(), Summary("P5", "ind-a", 100, 70, freshness: [new ResourceFreshness("Observation", End.AddMonths(-5))])));
        var comparison = ClusterComparer.Compare(disclosures);
        Assert.That(comparison.StalePractices, Is.EqualTo(new[] { "P5" }));
        var row = comparison.Indicators.Single(i => i.IndicatorId == "ind-a").Practices.Single(p => p.Practice == "P5");
        Assert.That(row.Freshness.IsStale, Is.True);
        Assert.That(row.Freshness.LagDays, Is.EqualTo(End.DayNumber - End.AddMonths(-5).DayNumber));
        Assert.That(comparison.Notes, Has.Some.Contains("P5 released nothing for: ind-b"));
        var fresh = comparison.Indicators.Single(i => i.IndicatorId == "ind-a").Practices.Single(p => p.Practice == "P1").Freshness;
        Assert.That(fresh.Resources.Select(r => (r.ResourceType, r.LagDays)), Is.EquivalentTo(new[] { ("Observation", 10), ("Condition", 40) }));
    }

    [Test]
    public void A_practice_copy_names_only_that_practice_and_gives_peers_stable_letters()
    {
        var cluster = Cluster(Exact());
        var copy = ClusterComparer.ForPractice(ClusterComparer.Compare(cluster), "P3");
        var shuffled = ClusterComparer.ForPractice(ClusterComparer.Compare(Enumerable.Reverse(cluster)), "P3");
        var letters = PeerLetters.Assign(["P1", "P2", "P3", "P4"]);
        using var stream = new MemoryStream();
        FeedbackJson.WriteComparison(stream, copy);
        string json = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        Assert.That(json, Does.Contain("\"P3\""));
        foreach (string peer in new[] { "P1", "P2", "P4" })
        {
            Assert.That(json, Does.Not.Contain(peer), $"{peer} must not be named in P3's copy");
            Assert.That(json, Does.Contain("Practice " + letters[peer]));
        }

        foreach (var indicator in copy.Indicators)
        {
            var peerNames = indicator.Practices.Select(p => p.Practice).Where(p => p != "P3").Order().ToList();
            Assert.That(peerNames, Is.EqualTo(new[] { "P1", "P2", "P4" }.Select(p => "Practice " + letters[p]).Order().ToList()), "the same letters on every indicator");
        }

        using var again = new MemoryStream();
        FeedbackJson.WriteComparison(again, shuffled);
        Assert.That(again.ToArray(), Is.EqualTo(stream.ToArray()), "input order changes nothing");
        Assert.That(copy.Strengths.Keys, Is.EqualTo(new[] { "P3" }));
    }

    [Test]
    public void Peer_letters_depend_on_the_cluster_not_on_order()
    {
        var one = PeerLetters.Assign(["C", "A", "B", "D"]);
        var two = PeerLetters.Assign(["D", "B", "A", "C"]);
        Assert.That(one, Is.EqualTo(two));
        Assert.That(one.Values.Order(), Is.EqualTo(new[] { "A", "B", "C", "D" }));
        var many = PeerLetters.Assign(Enumerable.Range(0, 30).Select(i => $"X{i}"));
        Assert.That(many.Values, Does.Contain("AA").And.Contain("AD"));
    }

    [Test]
    public void Cluster_only_mode_compares_the_cluster_with_its_history_and_reference_rates()
    {
        var policy = Exact();
        var disclosures = new List<ReleasedDisclosure>
        {
            Released(policy, Summary("cluster", "ind-a", 800, 400, end: End.AddYears(-1))),
            Released(policy, Summary("cluster", "ind-a", 820, 420, end: End.AddYears(-2))),
            Released(policy, Summary("cluster", "ind-a", 800, 560)),
        };
        var comparison = ClusterComparer.Compare(disclosures, new ComparisonOptions { ClusterOnly = true, ReferenceRates = [new ReferenceRate("ind-a", 0.7, "national")] });
        Assert.That(comparison.ClusterOnly, Is.True);
        var a = comparison.Indicators.Single();
        Assert.That(a.Practices, Is.Empty);
        Assert.That(a.History.Select(h => h.PeriodEnd), Is.EqualTo(new[] { End.AddYears(-2), End.AddYears(-1), End }));
        Assert.That(a.Cluster.Rate, Is.EqualTo(0.7));
        var history = a.References.Single(r => r.Label.StartsWith("cluster history", StringComparison.Ordinal));
        Assert.That(history.Rate, Is.EqualTo(820 / 1620.0).Within(1e-12));
        Assert.That(history.Signal, Is.EqualTo(ComparisonSignal.Better));
        Assert.That(a.References.Single(r => r.Label == "national").Signal, Is.EqualTo(ComparisonSignal.AsExpected));
        Assert.That(comparison.Pairs, Is.Empty);
    }
}
