using QiSdk.Privacy.AttackTests.Attack;

namespace QiSdk.Privacy.AttackTests.Reproductions;

/// <summary>
/// Issue 11, leak 1: from one release alone (profiles that publish exact values), the attacker works out withheld small
/// counts from exhaustive strata, listed = non-empty, IP = denominator, and non-negativity.
/// </summary>
[TestFixture(UserReleases.Core)]
[TestFixture(UserReleases.Exact)]
[Category("Attack")]
public sealed class OneReleaseLeakTests(string checker)
{
    [TestCase("cms", 150, 11)]
    [TestCase("cms", 90, 23)]
    [TestCase("custom:5", 150, 11)]
    [TestCase("custom:10", 220, 31)]
    public async Task One_release_under_an_exact_profile_reveals_no_small_count(string profile, int patients, long seed)
    {
        var (definitions, published) = Scenario.Load(Scenario.Indicators);
        var release = await Scenario.ReleaseAsync("r1", UserReleases.Practice(patients, seed), definitions, Scenario.MonthEnds[^1], "A81001", profile, UserReleases.NewFolder(), checker);
        Assert.That(release, Is.Not.Null, "the release was refused: nothing to attack");

        var campaign = new Campaign(published);
        campaign.Add(release!);
        var result = campaign.Run();
        TestContext.Out.WriteLine($"{checker} checker, practice {patients} patients seed {seed}, profile {profile}: {result.Describe()}");

        Assert.That(result.Unsound, Is.Empty, result.Describe());
        Assert.That(result.Leaks, Is.Empty, result.Describe());
    }
}
