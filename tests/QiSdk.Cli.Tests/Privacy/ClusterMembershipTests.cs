using QiSdk.Cli;
using static QiSdk.Tests.Privacy.PrivacyStateLeakTests;
using static QiSdk.Tests.Privacy.PrivacyTestData;

namespace QiSdk.Tests.Privacy;

/// <summary>Issue 11 leak 6: cluster ids were free per release, so overlapping memberships exposed single practices.</summary>
public sealed class ClusterMembershipTests
{
    private string _root = null!;

    [SetUp]
    public void CreateFolder() => _root = TestPaths.NewTempFolder();

    /// <summary>Five practices with distinct, non-small counts of one indicator.</summary>
    private string Practice(string code, int numerator) =>
        Results(_root, code, Summary("x", Counts(200 + numerator, 150 + numerator, numerator), reporter: code));

    private Task<(int Exit, string Out, string Err)> Register(string id, string practices) =>
        Run("cluster", "register", "--cluster-id", id, "--practices", practices, "--audit-log", Path.Combine(_root, "qi-audit.log"));

    private Task<(int Exit, string Out, string Err)> Release(string id, params string[] codes) =>
        Run(["disclose", "--policy", "cluster-aggregate", "--cluster-id", id, "--results", .. codes.Select(c => Path.Combine(_root, c)),
             "--out", Path.Combine(_root, "out-" + id), "--audit-log", Path.Combine(_root, "qi-audit.log")]);

    private void FivePractices()
    {
        Practice("A", 40);
        Practice("B", 55);
        Practice("C", 61);
        Practice("D", 47);
        Practice("E", 52);
    }

    [Test]
    public async Task An_unregistered_cluster_is_refused_but_may_be_previewed()
    {
        FivePractices();
        var release = await Release("north", "A", "B", "C");
        var preview = await Run("disclose", "--policy", "cluster-aggregate", "--cluster-id", "north", "--results", Path.Combine(_root, "A"), Path.Combine(_root, "B"), Path.Combine(_root, "C"),
            "--preview", "--audit-log", Path.Combine(_root, "qi-audit.log"));
        Assert.Multiple(() =>
        {
            Assert.That((release.Exit, release.Err.Contains("QI4028", StringComparison.Ordinal)), Is.EqualTo((ExitCodes.UsageOrInputError, true)), release.Err);
            Assert.That(release.Err, Does.Contain("qi cluster register"));
            Assert.That(preview.Exit, Is.EqualTo(ExitCodes.Ok), preview.Err);
        });
    }

    [Test]
    public async Task Registration_is_versioned_and_audited_and_a_release_for_another_membership_under_the_id_is_refused()
    {
        FivePractices();
        var first = await Register("north", "A,B,C");
        var again = await Register("north", "C,B,A");
        Assert.That((first.Exit, again.Exit), Is.EqualTo((ExitCodes.Ok, ExitCodes.Ok)), first.Err + again.Err);
        Assert.That(again.Out, Does.Contain("nothing changed"));
        Assert.That(File.ReadLines(Path.Combine(_root, "qi-audit.log")).Single(), Does.Contain("cluster-register").And.Contain("\"practices\":\"A,B,C\""));

        var ok = await Release("north", "A", "B", "C");
        var other = await Release("north", "A", "B", "D");
        Assert.Multiple(() =>
        {
            Assert.That(ok.Exit, Is.EqualTo(ExitCodes.Ok), ok.Err);
            Assert.That((other.Exit, other.Err.Contains("QI4028", StringComparison.Ordinal)), Is.EqualTo((ExitCodes.CheckFailed, true)), other.Err);
        });
    }

    [Test]
    public async Task Overlapping_memberships_under_new_ids_cannot_be_differenced_to_one_practice()
    {
        // The attack from the issue: {A,B,C}, {A,B,D}, {A,C,D} under three ids; each pair differs by two practices, so
        // A could subtract releases and recover C - D, B - C... and with its own counts every other practice.
        FivePractices();
        foreach (var (id, members) in new[] { ("c1", "A,B,C"), ("c2", "A,B,D"), ("c3", "A,C,D") })
        {
            Assert.That((await Register(id, members)).Exit, Is.EqualTo(ExitCodes.Ok));
        }

        var r1 = await Release("c1", "A", "B", "C");
        var r2 = await Release("c2", "A", "B", "D");
        var r3 = await Release("c3", "A", "C", "D");
        Assert.Multiple(() =>
        {
            Assert.That(r1.Exit, Is.EqualTo(ExitCodes.Ok), r1.Err);
            Assert.That(r1.Out, Does.Match(@"numerator\s+156 -> 156"));
            Assert.That(r2.Exit, Is.EqualTo(ExitCodes.CheckFailed), "nothing of x may leave for c2");
            Assert.That(r2.Out, Does.Contain("QI4061"));
            Assert.That(r3.Exit, Is.EqualTo(ExitCodes.CheckFailed));
        });
    }

    [Test]
    public async Task A_practice_joining_under_a_new_id_is_not_exposed()
    {
        FivePractices();
        await Register("north", "A,B,C");
        await Register("north-plus", "A,B,C,D");
        Assert.That((await Release("north", "A", "B", "C")).Exit, Is.EqualTo(ExitCodes.Ok));
        var joined = await Release("north-plus", "A", "B", "C", "D");
        Assert.That(joined.Exit, Is.EqualTo(ExitCodes.CheckFailed), "the difference of the two releases would be D's own counts");
        Assert.That(joined.Out, Does.Contain("QI4061").And.Contain("D"));
    }

    [Test]
    public async Task A_new_version_of_the_same_id_is_checked_as_differencing_too()
    {
        FivePractices();
        await Register("north", "A,B,C");
        Assert.That((await Release("north", "A", "B", "C")).Exit, Is.EqualTo(ExitCodes.Ok));
        var v2 = await Register("north", "A,B,C,D");
        Assert.That(v2.Out, Does.Contain("version 2"));
        var joined = await Release("north", "A", "B", "C", "D");
        Assert.That((joined.Exit, joined.Out.Contains("QI4061", StringComparison.Ordinal)), Is.EqualTo((ExitCodes.CheckFailed, true)), joined.Out + joined.Err);
    }

    [Test]
    public async Task Memberships_that_differ_by_at_least_the_minimum_may_both_release()
    {
        FivePractices();
        Practice("F", 58);
        await Register("west", "A,B,C");
        await Register("east", "D,E,F");
        var west = await Release("west", "A", "B", "C");
        var east = await Release("east", "D", "E", "F");
        Assert.That((west.Exit, east.Exit), Is.EqualTo((ExitCodes.Ok, ExitCodes.Ok)), west.Err + east.Err);
    }

    [Test]
    public async Task The_same_results_under_two_practice_codes_are_one_practice()
    {
        FivePractices();
        File.Copy(Path.Combine(_root, "A", "measure-reports.json"), Path.Combine(Directory.CreateDirectory(Path.Combine(_root, "A2")).FullName, "measure-reports.json"));
        string text = File.ReadAllText(Path.Combine(_root, "A2", "measure-reports.json")).Replace("\"A\"", "\"A2\"", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(_root, "A2", "measure-reports.json"), text);
        await Register("north", "A,A2,B");
        var release = await Release("north", "A", "A2", "B");
        Assert.That((release.Exit, release.Err.Contains("QI4017", StringComparison.Ordinal)), Is.EqualTo((ExitCodes.CheckFailed, true)), release.Err);
    }
}
