using System.CommandLine;
using QiSdk.Cli;
using QiSdk.Indicators;
using QiSdk.Reports;
using QiSdk.Synthetic;
using static QiSdk.Tests.Privacy.PrivacyTestData;

namespace QiSdk.Tests.Privacy;

/// <summary>
/// Issue 11, leaks 2, 4, 6 and 7 as an attacker with only the CLI and the file system would try them: identity from a
/// folder name, state files that fail open, free cluster ids, weak keys and ungated sinks.
/// </summary>
public sealed class PrivacyStateLeakTests
{
    internal static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await QiCommand.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }).ConfigureAwait(false);
        return (exit, output.ToString(), error.ToString());
    }

    internal static string Results(string root, string name, params IndicatorSummary[] summaries)
    {
        string dir = Path.Combine(root, name);
        Directory.CreateDirectory(dir);
        using var stream = File.Create(Path.Combine(dir, "measure-reports.json"));
        MeasureReportJson.WriteSummaryBundle(stream, summaries);
        return dir;
    }

    private static string CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string f in Directory.GetFiles(from))
        {
            File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        }

        return to;
    }

    private static string[] Release(string results, string root, string outName = "out") =>
        ["disclose", "--policy", "small-number-suppression", "--suppression-profile", "cms", "--results", results, "--out", Path.Combine(root, outName),
         "--audit-log", Path.Combine(root, "qi-audit.log")];

    private static string[] DpRelease(string results, string root, string epsilon, params string[] extra) =>
        ["disclose", "--policy", "differential-privacy", "--epsilon", epsilon, "--results", results, "--out", Path.Combine(root, "out"),
         "--audit-log", Path.Combine(root, "qi-audit.log"), .. extra];

    // ---- 2. identity -------------------------------------------------------------------------------------------------

    [Test]
    public async Task Evaluate_with_practice_writes_the_reporter_into_every_report()
    {
        string dir = TestPaths.NewTempFolder();
        SyntheticPractice.Export(new SyntheticPracticeOptions { Patients = 150, Seed = 3 }, new SyntheticExportOptions { Directory = Path.Combine(dir, "records") });
        var (exit, _, err) = await Run("evaluate", "--records", Path.Combine(dir, "records"), "--indicators", "qof-dm020-hba1c-58", "qof-hyp008-bp-140-90",
            "--period-end", "2025-03-31", "--out", Path.Combine(dir, "out"), "--practice", "Y12345");
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok), err);
        await using var stream = File.OpenRead(Path.Combine(dir, "out", "measure-reports.json"));
        var summaries = MeasureReportJson.ReadSummaryBundle(stream, "measure-reports.json");
        Assert.That(summaries.Select(s => s.Reporter), Is.EqualTo(new[] { "Y12345", "Y12345" }));
    }

    [Test]
    public async Task Disclose_refuses_results_without_a_reporter_naming_the_file()
    {
        string root = TestPaths.NewTempFolder();
        string results = Results(root, "A81001", Summary("dm020", Counts(120, 103, 60), reporter: null));
        var (exit, _, err) = await Run(Release(results, root));
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(ExitCodes.UsageOrInputError), err);
            Assert.That(err, Does.Contain("QI4018").And.Contain(Path.Combine(results, "measure-reports.json")).And.Contain("--practice"));
            Assert.That(File.Exists(Path.Combine(root, "out", "disclosure.json")), Is.False);
        });
    }

    [Test]
    public async Task Copying_results_to_another_folder_gets_no_fresh_budget()
    {
        string root = TestPaths.NewTempFolder();
        string results = Results(root, "month-1", Summary("x", Counts(100, 80, 40), reporter: "P1"));
        Assert.That((await Run(DpRelease(results, root, "1"))).Exit, Is.EqualTo(ExitCodes.Ok));
        string copy = CopyFolder(results, Path.Combine(root, "fresh-name"));
        var (exit, _, err) = await Run(DpRelease(copy, root, "0.5"));
        Assert.That((exit, err.Contains("QI4003", StringComparison.Ordinal)), Is.EqualTo((ExitCodes.CheckFailed, true)), err);
    }

    [Test]
    public async Task The_same_results_under_another_practice_code_are_refused()
    {
        string root = TestPaths.NewTempFolder();
        string first = Results(root, "a", Summary("x", Counts(100, 80, 40), reporter: "P1"), Summary("y", Counts(60, 50, 21), reporter: "P1"));
        Assert.That((await Run(Release(first, root))).Exit, Is.EqualTo(ExitCodes.Ok));
        string renamed = Results(root, "b", Summary("x", Counts(100, 80, 40), reporter: "P9"), Summary("y", Counts(60, 50, 21), reporter: "P9"));
        var (exit, _, err) = await Run(Release(renamed, root));
        Assert.That(exit, Is.EqualTo(ExitCodes.CheckFailed), err);
        Assert.That(err, Does.Contain("QI4019").And.Contain("P1"));
    }

    // ---- 4. state that fails closed ----------------------------------------------------------------------------------

    private static async Task<string> TwoReleasesAsync(string root)
    {
        var a = await Run(Release(Results(root, "m1", Summary("x", Counts(100, 80, 40), reporter: "P1"), Summary("y", Counts(200, 150, 90), reporter: "P1")), root));
        var b = await Run(Release(Results(root, "m2", Summary("x", Counts(130, 95, 50), reporter: "P1"), Summary("y", Counts(230, 170, 99), reporter: "P1")), root));
        Assert.That((a.Exit, b.Exit), Is.EqualTo((ExitCodes.Ok, ExitCodes.Ok)), a.Err + b.Err);
        return Results(root, "m3", Summary("x", Counts(131, 96, 51), reporter: "P1"), Summary("y", Counts(231, 171, 100), reporter: "P1"));
    }

    [TestCase("deleted")]
    [TestCase("emptied")]
    [TestCase("truncated")]
    [TestCase("one-indicator-removed")]
    [TestCase("rolled-back")]
    [TestCase("edited")]
    public async Task A_tampered_release_ledger_refuses_the_next_release(string tampering)
    {
        string root = TestPaths.NewTempFolder();
        string ledger = Path.Combine(root, "qi-releases.jsonl");
        string afterFirst = Path.Combine(root, "after-first.jsonl");
        await Run(Release(Results(root, "m0", Summary("z", Counts(300, 200, 100), reporter: "P1")), root));
        File.Copy(ledger, afterFirst);
        string next = await TwoReleasesAsync(root);
        var lines = File.ReadAllLines(ledger).ToList();
        switch (tampering)
        {
            case "deleted": File.Delete(ledger); break;
            case "emptied": File.WriteAllText(ledger, string.Empty); break;
            case "truncated": File.WriteAllLines(ledger, lines.Take(lines.Count - 3)); break;
            case "one-indicator-removed": File.WriteAllLines(ledger, lines.Where(l => !l.Contains("\"x\"", StringComparison.Ordinal))); break;
            case "rolled-back": File.Copy(afterFirst, ledger, overwrite: true); break;
            case "edited": File.WriteAllLines(ledger, lines.Select(l => l.Replace("\"originalValue\":40", "\"originalValue\":45", StringComparison.OrdinalIgnoreCase))); break;
        }

        var (exit, _, err) = await Run(Release(next, root));
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(ExitCodes.UsageOrInputError), err);
            Assert.That(err, Does.Match("QI402[02]").And.Contain("qi-releases.jsonl"));
        });
    }

    [TestCase("deleted")]
    [TestCase("rolled-back")]
    public async Task A_tampered_budget_ledger_refuses_the_next_release(string tampering)
    {
        string root = TestPaths.NewTempFolder();
        string results = Results(root, "eval", Summary("x", Counts(100, 80, 40), reporter: "P1"));
        string budget = Path.Combine(root, "qi-budget.jsonl");
        Assert.That((await Run(DpRelease(results, root, "0.25"))).Exit, Is.EqualTo(ExitCodes.Ok));
        string old = File.ReadAllText(budget);
        Assert.That((await Run(DpRelease(results, root, "0.25"))).Exit, Is.EqualTo(ExitCodes.Ok));
        if (tampering == "deleted")
        {
            File.Delete(budget);
        }
        else
        {
            File.WriteAllText(budget, old);
        }

        var (exit, _, err) = await Run(DpRelease(results, root, "0.25"));
        Assert.That((exit, err.Contains("QI4023", StringComparison.Ordinal)), Is.EqualTo((ExitCodes.UsageOrInputError, true)), err);
    }

    [Test]
    public async Task Budget_on_the_command_line_does_not_reset_the_recorded_total_and_set_is_audited()
    {
        string root = TestPaths.NewTempFolder();
        string results = Results(root, "eval", Summary("x", Counts(100, 80, 40), reporter: "P1"));
        string log = Path.Combine(root, "qi-audit.log");
        Assert.That((await Run(DpRelease(results, root, "1", "--budget", "1"))).Exit, Is.EqualTo(ExitCodes.Ok));
        var raised = await Run(DpRelease(results, root, "1", "--budget", "100"));
        Assert.That((raised.Exit, raised.Err.Contains("qi budget set", StringComparison.Ordinal)), Is.EqualTo((ExitCodes.UsageOrInputError, true)), raised.Err);

        var set = await Run("budget", "set", "--practice", "P1", "--total", "2", "--budget-ledger", Path.Combine(root, "qi-budget.jsonl"), "--audit-log", log);
        Assert.That(set.Exit, Is.EqualTo(ExitCodes.Ok), set.Err);
        Assert.That(File.ReadLines(log).Last(), Does.Contain("budget-set").And.Contain("\"total\":\"2\""));
        Assert.That((await Run(DpRelease(results, root, "1"))).Exit, Is.EqualTo(ExitCodes.Ok));
        Assert.That((await Run(DpRelease(results, root, "1"))).Exit, Is.EqualTo(ExitCodes.CheckFailed));
    }

    [Test]
    public async Task Two_releases_started_at_once_serialise_and_the_second_sees_the_first()
    {
        // Month 1 and month 2 differ by one patient in the numerator: released one after the other, the second's
        // numerator is withheld by the differencing check. Started at once, both used to pass.
        for (int attempt = 0; attempt < 4; attempt++)
        {
            string root = TestPaths.NewTempFolder();
            string m1 = Results(root, "m1", Summary("x", Counts(100, 80, 40), reporter: "P1", end: new DateOnly(2026, 1, 31)));
            string m2 = Results(root, "m2", Summary("x", Counts(100, 80, 41), reporter: "P1", end: new DateOnly(2026, 2, 28)));
            var runs = await Task.WhenAll(
                Task.Run(() => Run(Release(m1, root, "o1"))),
                Task.Run(() => Run(Release(m2, root, "o2"))));
            Assert.That(runs.Select(r => r.Exit), Is.All.EqualTo(ExitCodes.Ok), string.Join("\n", runs.Select(r => r.Err)));
            int numeratorsReleased = runs.Count(r => System.Text.RegularExpressions.Regex.IsMatch(r.Out, @"numerator\s+4[01] -> 4[01]"));
            Assert.That(numeratorsReleased, Is.EqualTo(1), "only one of two numerators one patient apart may leave");
        }
    }

    [Test]
    public async Task A_zero_byte_audit_log_is_not_intact()
    {
        string root = TestPaths.NewTempFolder();
        await Run(Release(Results(root, "m1", Summary("x", Counts(100, 80, 40), reporter: "P1")), root));
        string log = Path.Combine(root, "qi-audit.log");
        File.WriteAllText(log, string.Empty);
        var (exit, _, err) = await Run("audit-log", "verify", log);
        Assert.That((exit, err.Contains("QI4036", StringComparison.Ordinal)), Is.EqualTo((ExitCodes.CheckFailed, true)), err);
        var next = await Run(Release(Results(root, "m2", Summary("x", Counts(130, 95, 50), reporter: "P1")), root));
        Assert.That(next.Exit, Is.EqualTo(ExitCodes.UsageOrInputError), next.Err);
    }

    // ---- 7. keys, profiles, audit failures ---------------------------------------------------------------------------

    [Test]
    public async Task An_audit_log_that_cannot_be_written_is_its_own_exit_code()
    {
        string root = TestPaths.NewTempFolder();
        string log = Path.Combine(root, "log-is-a-folder");
        Directory.CreateDirectory(log);
        var (exit, _, err) = await Run("disclose", "--policy", "small-number-suppression", "--results", Results(root, "m1", Summary("x", Counts(100, 80, 40), reporter: "P1")),
            "--out", Path.Combine(root, "out"), "--audit-log", log, "--release-ledger", Path.Combine(root, "r.jsonl"));
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(74), err);
            Assert.That(err, Does.Contain("QI4037").And.Contain("log-is-a-folder"));
            Assert.That(File.Exists(Path.Combine(root, "out", "disclosure.json")), Is.False);
        });
    }

    [Test]
    public async Task A_profile_that_suppresses_nothing_is_refused_outside_preview()
    {
        string root = TestPaths.NewTempFolder();
        string results = Results(root, "m1", Summary("x", Counts(100, 80, 3), reporter: "P1"));
        var preview = await Run("disclose", "--policy", "small-number-suppression", "--suppression-profile", "custom:0", "--results", results, "--preview", "--audit-log", Path.Combine(root, "a.log"));
        var release = await Run("disclose", "--policy", "small-number-suppression", "--suppression-profile", "custom:0", "--results", results, "--out", root, "--audit-log", Path.Combine(root, "a.log"));
        Assert.Multiple(() =>
        {
            Assert.That(preview.Exit, Is.EqualTo(ExitCodes.Ok), preview.Err);
            Assert.That(release.Exit, Is.EqualTo(ExitCodes.UsageOrInputError));
            Assert.That(release.Err, Does.Contain("QI4012").And.Contain("custom:0"));
            Assert.That(File.Exists(Path.Combine(root, "disclosure.json")), Is.False);
        });
    }

    [Test]
    public void A_random_32_byte_raw_key_file_is_read_as_that_key()
    {
        string path = Path.Combine(TestPaths.NewTempFolder(), "key.bin");
        byte[] key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        File.WriteAllBytes(path, key);
        Assert.That(QiSdk.Privacy.PseudonymisedExtractOptions.ReadKeyFile(path), Is.EqualTo(key));
    }

    private static IEnumerable<TestCaseData> WeakKeyFiles()
    {
        yield return new TestCaseData(Enumerable.Repeat((byte)1, 32).ToArray()).SetName("Thirty_two_bytes_of_0x01_are_rejected_as_a_weak_key");
        yield return new TestCaseData(System.Text.Encoding.ASCII.GetBytes(new string('1', 64))).SetName("Sixty_four_ones_are_rejected_as_a_weak_key");
        yield return new TestCaseData(System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("0123456789abcdef", 4)))).SetName("A_repeated_hex_pattern_is_rejected_as_a_weak_key");
        yield return new TestCaseData(System.Text.Encoding.ASCII.GetBytes("correct horse battery staple!!!!")).SetName("A_32_character_passphrase_is_rejected_as_a_weak_key");
        yield return new TestCaseData(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()).SetName("A_counting_sequence_is_rejected_as_a_weak_key");
    }

    [TestCaseSource(nameof(WeakKeyFiles))]
    public void Weak_keys_are_rejected_with_a_clear_message(byte[] content)
    {
        string path = Path.Combine(TestPaths.NewTempFolder(), "key");
        File.WriteAllBytes(path, content);
        var ex = Assert.Throws<QiSdk.Privacy.PrivacyException>(() => QiSdk.Privacy.DisclosurePolicies.PseudonymisedExtract(new QiSdk.Privacy.PseudonymisedExtractOptions
        {
            Key = QiSdk.Privacy.PseudonymisedExtractOptions.ReadKeyFile(path),
            KeyVersion = "k1",
        }));
        Assert.That(ex!.Code, Is.EqualTo("QI4013"));
        Assert.That(ex.Message, Does.Contain("low-entropy"));
    }
}
