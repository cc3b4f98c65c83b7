using QiSdk.Privacy.AttackTests.Attack;

namespace QiSdk.Privacy.AttackTests.Reproductions;

/// <summary>
/// Issue 11, leak 3: differencing. Month-over-month releases of one practice with one patient removed or added; two
/// indicators that differ only by minimum age (45 and 46) released together; midpoint6, which skipped the ledger check.
/// </summary>
[TestFixture(UserReleases.Core)]
[TestFixture(UserReleases.Exact)]
[Category("Attack")]
public sealed class DifferencingLeakTests(string checker)
{
    [TestCase("cms", 150, 11, true)]
    [TestCase("cms", 120, 5, false)]
    [TestCase("nhs", 150, 11, true)]
    [TestCase("midpoint6", 150, 11, true)]
    [TestCase("midpoint6", 200, 8, false)]
    [TestCase("custom:5", 150, 11, true)]
    public async Task Releases_a_month_apart_with_one_patient_removed_or_added_reveal_no_small_difference(string profile, int patients, long seed, bool removed)
    {
        var (definitions, published) = Scenario.Load(Scenario.Indicators);
        var practice = UserReleases.Practice(patients + 1, seed);
        int who = Neighbours.InPopulation(practice, definitions[0], Scenario.MonthEnds[1], start: patients / 2);
        var smaller = Neighbours.Without(practice, who);
        var (first, second) = removed ? (practice, smaller) : (smaller, practice);

        string state = UserReleases.NewFolder();
        var campaign = new Campaign(published);
        var m1 = await Scenario.ReleaseAsync("2025-01", first, definitions, Scenario.MonthEnds[0], "A81001", profile, state, checker);
        var m2 = await Scenario.ReleaseAsync("2025-02", second, definitions, Scenario.MonthEnds[1], "A81001", profile, state, checker);
        Assert.That(m1, Is.Not.Null, "the first release was refused");
        campaign.Add(m1!);
        if (m2 is not null)
        {
            campaign.Add(m2);
        }

        var result = campaign.Run(singles: false); // single-release leaks are OneReleaseLeakTests' subject
        TestContext.Out.WriteLine($"{checker} checker, practice {patients} patients seed {seed}, patient #{who} {(removed ? "removed" : "added")}, profile {profile}, second release {(m2 is null ? "refused" : "made")}: {result.Describe()}");
        Assert.That(result.Unsound, Is.Empty, result.Describe());
        Assert.That(result.Leaks, Is.Empty, result.Describe());
    }

    [TestCase("cms", 150, 11)]
    [TestCase("cms", 250, 3)]
    [TestCase("nhs", 250, 3)]
    [TestCase("midpoint6", 250, 3)]
    public async Task Indicators_aged_45_or_over_and_46_or_over_released_together_do_not_reveal_the_patients_aged_45(string profile, int patients, long seed)
    {
        var (definitions, published) = Scenario.Load(["dq-bp-recorded-45-5y"], withAge46: true);
        var release = await Scenario.ReleaseAsync("r1", UserReleases.Practice(patients, seed), definitions, Scenario.MonthEnds[^1], "A81001", profile, UserReleases.NewFolder(), checker);
        Assert.That(release, Is.Not.Null, "the release was refused");

        var campaign = new Campaign(published);
        campaign.Add(release!);
        var result = campaign.Run();
        TestContext.Out.WriteLine($"{checker} checker, practice {patients} patients seed {seed}, profile {profile}: {result.Describe()}");
        Assert.That(result.Unsound, Is.Empty, result.Describe());
        Assert.That(result.Leaks, Is.Empty, result.Describe());
    }
}
