using System.CommandLine;
using QiSdk.Cli;
using QiSdk.Indicators;
using QiSdk.Privacy;
using QiSdk.Reports;
using static QiSdk.Tests.Privacy.PrivacyTestData;

namespace QiSdk.Tests.Privacy;

public sealed class DiscloseCommandTests
{
    private static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await QiCommand.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }).ConfigureAwait(false);
        return (exit, output.ToString(), error.ToString());
    }

    private static string Results(string root, string name, params IndicatorSummary[] summaries)
    {
        string dir = Path.Combine(root, name);
        Directory.CreateDirectory(dir);
        using var stream = File.Create(Path.Combine(dir, "measure-reports.json"));
        MeasureReportJson.WriteSummaryBundle(stream, summaries);
        return dir;
    }

    [Test]
    public async Task Preview_shows_each_withheld_or_altered_cell_and_why_and_writes_nothing()
    {
        string root = TestPaths.NewTempFolder();
        string results = Results(root, "eval", Summary("dm020", Counts(120, 103, 5)));
        var (exit, stdout, stderr) = await Run("disclose", "--policy", "small-number-suppression", "--results", results, "--preview", "--out", root, "--audit-log", Path.Combine(root, "audit.log"));
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(ExitCodes.Ok), stderr);
            Assert.That(stdout, Does.Contain("preview"));
            Assert.That(stdout, Does.Match(@"numerator\s+5 -> withheld\s+\[QI4050"));
            Assert.That(stdout, Does.Match(@"denominator\s+103 -> 105\s+\[QI4052"));
            Assert.That(File.Exists(Path.Combine(root, "disclosure.json")), Is.False);
            Assert.That(File.Exists(Path.Combine(root, "audit.log")), Is.False);
        });
    }

    [Test]
    public async Task Release_writes_the_disclosure_and_an_audit_entry_that_verifies_and_tampering_is_reported()
    {
        string root = TestPaths.NewTempFolder();
        string results = Results(root, "eval", Summary("dm020", Counts(120, 103, 60)));
        string log = Path.Combine(root, "audit.log");
        string outDir = Path.Combine(root, "out");
        var (exit, stdout, stderr) = await Run("disclose", "--policy", "process-only", "small-number-suppression", "--suppression-profile", "cms", "--results", results, "--out", outDir, "--audit-log", log);
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok), stderr);
        Assert.That(File.ReadAllText(Path.Combine(outDir, "disclosure.json")), Does.Contain("\"count\": 60"));
        Assert.That(stdout, Does.Contain("audit log"));

        var (ok, okOut, _) = await Run("audit-log", "verify", log);
        Assert.That((ok, okOut.Contains("intact", StringComparison.Ordinal)), Is.EqualTo((ExitCodes.Ok, true)));

        File.WriteAllText(log, File.ReadAllText(log).Replace("dm020", "dm021", StringComparison.Ordinal));
        var (bad, _, badErr) = await Run("audit-log", "verify", log);
        Assert.Multiple(() =>
        {
            Assert.That(bad, Is.EqualTo(ExitCodes.CheckFailed));
            Assert.That(badErr, Does.Contain("entry 1").And.Contain("QI4031"));
        });
    }

    [Test]
    public async Task Cluster_aggregate_takes_several_results_folders_in_either_form()
    {
        string root = TestPaths.NewTempFolder();
        string a = Results(root, "P1", Summary("x", Counts(100, 80, 40), reporter: "P1"));
        string b = Results(root, "P2", Summary("x", Counts(120, 90, 50), reporter: "P2"));
        string c = Results(root, "P3", Summary("x", Counts(90, 70, 30), reporter: "P3"));
        string log = Path.Combine(root, "audit.log");
        var (one, out1, err1) = await Run("disclose", "--policy", "cluster-aggregate", "--results", a, b, c, "--preview", "--audit-log", log);
        var (two, out2, _) = await Run("disclose", "--policy", "cluster-aggregate", "--results", a, "--results", b, "--results", c, "--preview", "--audit-log", log);
        Assert.Multiple(() =>
        {
            Assert.That(one, Is.EqualTo(ExitCodes.Ok), err1);
            Assert.That(two, Is.EqualTo(ExitCodes.Ok));
            Assert.That(out1, Does.Contain("x (cluster)").And.Match(@"numerator\s+120 -> 120"));
            Assert.That(out2.Split('\n').Skip(1), Is.EqualTo(out1.Split('\n').Skip(1)));
        });
    }

    [Test]
    public async Task Local_only_is_refused_with_exit_1()
    {
        string root = TestPaths.NewTempFolder();
        string results = Results(root, "eval", Summary("x", Counts(100, 80, 40)));
        var (exit, _, stderr) = await Run("disclose", "--policy", "local-only", "--results", results, "--out", root, "--audit-log", Path.Combine(root, "a.log"));
        Assert.That((exit, stderr.Contains("QI4001", StringComparison.Ordinal)), Is.EqualTo((ExitCodes.CheckFailed, true)));
        Assert.That(File.Exists(Path.Combine(root, "disclosure.json")), Is.False);
    }

    [TestCase("NaN")]
    [TestCase("0")]
    [TestCase("-2")]
    public async Task Invalid_epsilon_is_a_usage_error(string epsilon)
    {
        string root = TestPaths.NewTempFolder();
        string results = Results(root, "eval", Summary("x", Counts(100, 80, 40)));
        var (exit, _, stderr) = await Run("disclose", "--policy", "differential-privacy", "--epsilon", epsilon, "--results", results, "--audit-log", Path.Combine(root, "a.log"));
        Assert.That((exit, stderr.Contains("QI4010", StringComparison.Ordinal)), Is.EqualTo((ExitCodes.UsageOrInputError, true)), stderr);
    }

    [Test]
    public async Task Differential_privacy_spends_from_the_ledger_until_the_budget_is_gone()
    {
        string root = TestPaths.NewTempFolder();
        string results = Results(root, "eval", Summary("x", Counts(100, 80, 40)));
        string[] args = ["disclose", "--policy", "differential-privacy", "--epsilon", "0.5", "--budget", "1", "--results", results, "--out", root, "--audit-log", Path.Combine(root, "a.log")];
        var first = await Run(args);
        var second = await Run(args);
        var third = await Run(args);
        Assert.Multiple(() =>
        {
            Assert.That(first.Exit, Is.EqualTo(ExitCodes.Ok), first.Err);
            Assert.That(second.Exit, Is.EqualTo(ExitCodes.Ok), second.Err);
            Assert.That(third.Exit, Is.EqualTo(ExitCodes.CheckFailed));
            Assert.That(third.Err, Does.Contain("QI4003"));
            Assert.That(new FilePrivacyBudgetLedger(Path.Combine(root, "qi-budget.jsonl")).SpentOf("A81001"), Is.EqualTo(1.0m));
        });
    }

    [Test]
    public async Task Pseudonymised_extract_from_summaries_explains_that_patient_level_results_are_needed()
    {
        string root = TestPaths.NewTempFolder();
        string results = Results(root, "eval", Summary("x", Counts(100, 80, 40)));
        string key = Path.Combine(root, "key.hex");
        File.WriteAllText(key, "dd283c3a9ab0289e4a2f25923c2b2714f9be0ca4c21b42934c6311e5461d4d84");
        var (exit, _, stderr) = await Run("disclose", "--policy", "pseudonymised-extract", "--key-file", key, "--key-version", "k1", "--results", results, "--audit-log", Path.Combine(root, "a.log"));
        Assert.That((exit, stderr.Contains("QI4005", StringComparison.Ordinal)), Is.EqualTo((ExitCodes.UsageOrInputError, true)), stderr);
        Assert.That(stderr, Does.Not.Contain("dd283c3a"));
    }

    [Test]
    public async Task A_missing_results_folder_is_one_clear_line_and_exit_2()
    {
        string root = TestPaths.NewTempFolder();
        var (exit, _, stderr) = await Run("disclose", "--policy", "small-number-suppression", "--results", Path.Combine(root, "nope"), "--audit-log", Path.Combine(root, "a.log"));
        Assert.That(exit, Is.EqualTo(ExitCodes.UsageOrInputError));
        Assert.That(stderr.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(stderr, Does.Contain("QI4006").And.Contain("measure-reports.json"));
    }

    [Test]
    public async Task Verify_of_a_missing_log_is_exit_2()
    {
        var (exit, _, stderr) = await Run("audit-log", "verify", Path.Combine(TestPaths.NewTempFolder(), "none.log"));
        Assert.That((exit, stderr.Contains("QI4035", StringComparison.Ordinal)), Is.EqualTo((ExitCodes.UsageOrInputError, true)));
    }
}
