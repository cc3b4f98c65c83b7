using QiSdk.Privacy.AttackTests.Attack;

namespace QiSdk.Privacy.AttackTests.Reproductions;

/// <summary>
/// Issue 11, leaks 1 and 6 for clusters: one cluster-aggregate release alone (exact combined counts), and three releases
/// over overlapping memberships under different cluster ids, attacked by one member practice that knows its own counts.
/// </summary>
[TestFixture(UserReleases.Core)]
[TestFixture(UserReleases.Exact)]
[Category("Attack")]
public sealed class ClusterLeakTests(string checker)
{
    private static readonly string[] Indicators = ["dq-bp-recorded-45-5y", "qof-hyp008-bp-140-90", "qof-dm020-hba1c-58"];

    private static ClusterScenario Cluster(long seed, out Dictionary<string, PublishedDefinition> published)
    {
        var (definitions, p) = Scenario.Load(Indicators);
        published = p;
        var practices = new Dictionary<string, QiSdk.Records.PatientRecord[]>
        {
            ["A81001"] = UserReleases.Practice(120, seed, "A81001"),
            ["A81002"] = UserReleases.Practice(70, seed + 1, "A81002"),
            ["A81003"] = UserReleases.Practice(90, seed + 2, "A81003"),
            ["A81004"] = UserReleases.Practice(60, seed + 3, "A81004"),
        };
        return new ClusterScenario(definitions, practices, Scenario.MonthEnds[^1]);
    }

    [TestCase("cluster:7", 41)]
    [TestCase("cluster:7", 77)]
    public async Task One_cluster_aggregate_release_alone_reveals_no_small_count_to_an_outsider_or_a_member(string profile, long seed)
    {
        var cluster = Cluster(seed, out var published);
        string[] members = ["A81001", "A81002", "A81003"];
        var release = await cluster.ReleaseAsync("north", members, "north", profile, UserReleases.NewFolder(), checker);
        Assert.That(release, Is.Not.Null, "the release was refused");

        var campaign = new Campaign(published);
        campaign.Add(release!);
        var rule = UserReleases.Rule(profile);
        cluster.AttackAsMember(campaign, "A81001", [(release!, members)], rule);
        var result = campaign.Run();
        TestContext.Out.WriteLine($"{checker} checker, cluster seed {seed}, profile {profile}: {result.Describe()}");
        Assert.That(result.Unsound, Is.Empty, result.Describe());
        Assert.That(result.Leaks, Is.Empty, result.Describe());
    }

    [TestCase("cluster:7", 41)]
    [TestCase("cluster+nhs", 41)]
    [TestCase("cluster+cms", 77)]
    public async Task Three_releases_over_overlapping_memberships_do_not_let_a_member_recover_another_practice(string profile, long seed)
    {
        var cluster = Cluster(seed, out var published);
        string state = UserReleases.NewFolder();
        (string Id, string[] Members)[] plan =
            [("north-1", ["A81001", "A81002", "A81003"]), ("north-2", ["A81001", "A81002", "A81004"]), ("north-3", ["A81001", "A81003", "A81004"])];
        var campaign = new Campaign(published);
        var made = new List<(Release, IReadOnlyList<string>)>();
        foreach (var (id, members) in plan)
        {
            if (await cluster.ReleaseAsync(id, members, id, profile, state, checker) is { } release)
            {
                campaign.Add(release);
                made.Add((release, members));
            }
        }

        Assert.That(made, Is.Not.Empty, "every release was refused");
        cluster.AttackAsMember(campaign, "A81001", made, UserReleases.Rule(profile));
        var result = campaign.Run(singles: false, differences: false);
        TestContext.Out.WriteLine($"{checker} checker, cluster seed {seed}, profile {profile}, {made.Count} of {plan.Length} releases made: {result.Describe()}");
        Assert.That(result.Unsound, Is.Empty, result.Describe());
        Assert.That(result.Leaks, Is.Empty, result.Describe());
    }
}
