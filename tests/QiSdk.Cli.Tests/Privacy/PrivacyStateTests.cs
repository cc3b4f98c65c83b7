using QiSdk.Reports;
using QiSdk.Cli;
using QiSdk.Privacy;
using static QiSdk.Tests.Privacy.PrivacyStateLeakTests;
using static QiSdk.Tests.Privacy.PrivacyTestData;

namespace QiSdk.Tests.Privacy;

/// <summary>The release state through the API: binding, staleness, identity and content checks.</summary>
public sealed class PrivacyStateTests
{
    private static (DisclosureGate Gate, DisclosurePipeline Pipeline, string Folder) Setup()
    {
        string folder = TestPaths.NewTempFolder();
        var ledger = new FileReleaseLedger(Path.Combine(folder, "r.jsonl"));
        var gate = new DisclosureGate(new FileAuditLogStore(Path.Combine(folder, "a.log")), ledger);
        var pipeline = MeasureReportDisclosure.CreatePipeline([DisclosurePolicies.SmallNumberSuppression(SuppressionProfile.Cms)], new DisclosurePipelineOptions { ReleaseLedger = ledger });
        return (gate, pipeline, folder);
    }

    [Test]
    public async Task A_disclosure_prepared_before_another_release_was_recorded_is_stale()
    {
        var (gate, pipeline, folder) = Setup();
        var first = await pipeline.PrepareAsync(DisclosureRequest.FromSummaries([Summary("x", Counts(100, 80, 40), end: new DateOnly(2026, 1, 31))]));
        var second = await pipeline.PrepareAsync(DisclosureRequest.FromSummaries([Summary("x", Counts(100, 80, 41), end: new DateOnly(2026, 2, 28))]));
        await gate.ReleaseAsync(first.Disclosure!, new FileDisclosureSink(folder, "1.json"));
        var ex = Assert.ThrowsAsync<PrivacyException>(() => gate.ReleaseAsync(second.Disclosure!, new FileDisclosureSink(folder, "2.json")));
        Assert.That(ex!.Code, Is.EqualTo("QI4025"));
        Assert.That(File.Exists(Path.Combine(folder, "2.json")), Is.False);
    }

    [Test]
    public async Task Deleting_the_audit_log_after_releases_refuses_the_next_one()
    {
        var (gate, pipeline, folder) = Setup();
        for (int i = 0; i < 2; i++)
        {
            var r = await gate.ReleaseAsync(pipeline, DisclosureRequest.FromSummaries([Summary("x" + i, Counts(100, 80, 40))]), new FileDisclosureSink(folder, i + ".json"));
            Assert.That(r.Released, Is.True, r.Outcome.RefusalReason);
        }

        File.Delete(Path.Combine(folder, "a.log"));
        var ex = Assert.ThrowsAsync<PrivacyException>(() => gate.ReleaseAsync(pipeline, DisclosureRequest.FromSummaries([Summary("y", Counts(100, 80, 40))]), new FileDisclosureSink(folder, "3.json")));
        Assert.That(ex!.Code, Is.EqualTo("QI4024"), "the ledger records releases with audit entries 1 and 2, the log has none");
    }

    [Test]
    public async Task Each_audit_entry_records_the_ledger_heads_and_the_practices()
    {
        var (gate, pipeline, folder) = Setup();
        var result = await gate.ReleaseAsync(pipeline, DisclosureRequest.FromSummaries([Summary("x", Counts(100, 80, 40))]), new FileDisclosureSink(folder));
        var history = await new FileReleaseLedger(Path.Combine(folder, "r.jsonl")).ReadAsync(default);
        Assert.Multiple(() =>
        {
            Assert.That(result.AuditRecord!.Event.ReleaseLedger, Is.EqualTo(history.Head));
            Assert.That(result.AuditRecord.Event.Practices, Is.EqualTo(new[] { "A81001" }));
            Assert.That(File.ReadAllText(Path.Combine(folder, "a.log")), Does.Contain($"\"releaseLedger\":{{\"count\":{history.Head.Count},\"head\":\"{history.Head.Hash}\"}}"));
            Assert.That(history.Releases.Single().Practices.Single().ContentSha256, Is.EqualTo(ReleaseHistory.ContentHash([Summary("x", Counts(100, 80, 40), reporter: "other")])),
                "the content hash leaves out the reporter and any path");
        });
    }

    [Test]
    public async Task The_same_practice_from_two_folders_is_refused()
    {
        string root = TestPaths.NewTempFolder();
        string a = Results(root, "a", Summary("x", Counts(100, 80, 40), reporter: "P1"));
        string b = Results(root, "b", Summary("x", Counts(100, 80, 40), reporter: "P1"));
        var (exit, _, err) = await Run("disclose", "--policy", "small-number-suppression", "--results", a, b, "--out", root, "--audit-log", Path.Combine(root, "q.log"));
        Assert.That((exit, err.Contains("QI4017", StringComparison.Ordinal)), Is.EqualTo((ExitCodes.CheckFailed, true)), err);
    }

    [Test]
    public async Task The_same_content_under_two_codes_in_one_cluster_is_refused()
    {
        var (gate, _, folder) = Setup();
        var pipeline = MeasureReportDisclosure.CreatePipeline([DisclosurePolicies.ClusterAggregate()]);
        var result = await gate.ReleaseAsync(pipeline, DisclosureRequest.FromSummaries([
            Summary("x", Counts(100, 80, 40), reporter: "P1"), Summary("x", Counts(100, 80, 40), reporter: "P1-copy"), Summary("x", Counts(90, 70, 30), reporter: "P2")]),
            new FileDisclosureSink(folder));
        Assert.That((result.Released, result.Outcome.RefusalCode), Is.EqualTo((false, "QI4017")));
    }

    [Test]
    public async Task A_budget_account_other_than_the_results_practice_is_refused()
    {
        string root = TestPaths.NewTempFolder();
        string results = Results(root, "eval", Summary("x", Counts(100, 80, 40), reporter: "P1"));
        var (exit, _, err) = await Run("disclose", "--policy", "differential-privacy", "--epsilon", "0.5", "--practice", "FRESH", "--results", results, "--out", root, "--audit-log", Path.Combine(root, "q.log"));
        Assert.That((exit, err.Contains("QI4018", StringComparison.Ordinal)), Is.EqualTo((ExitCodes.CheckFailed, true)), err);
    }

    [Test]
    public async Task Verify_checks_the_ledgers_beside_the_log()
    {
        string root = TestPaths.NewTempFolder();
        string log = Path.Combine(root, "qi-audit.log");
        var released = await Run("disclose", "--policy", "small-number-suppression", "--results", Results(root, "m", Summary("x", Counts(100, 80, 40), reporter: "P1")), "--out", root, "--audit-log", log);
        Assert.That(released.Exit, Is.EqualTo(ExitCodes.Ok), released.Err);
        var ok = await Run("audit-log", "verify", log);
        File.WriteAllText(Path.Combine(root, "qi-releases.jsonl"), string.Empty);
        var bad = await Run("audit-log", "verify", log);
        Assert.Multiple(() =>
        {
            Assert.That(ok.Exit, Is.EqualTo(ExitCodes.Ok), ok.Err);
            Assert.That(ok.Out, Does.Contain("ledgers hold what it recorded"));
            Assert.That((bad.Exit, bad.Err.Contains("QI4022", StringComparison.Ordinal)), Is.EqualTo((ExitCodes.CheckFailed, true)), bad.Err);
        });
    }

    [Test]
    public async Task The_file_lock_waits_asynchronously_and_honours_cancellation()
    {
        string path = Path.Combine(TestPaths.NewTempFolder(), "x");
        await using var held = await FileLock.AcquireAsync(path, TimeSpan.FromSeconds(30), default);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        Assert.CatchAsync<OperationCanceledException>(() => FileLock.AcquireAsync(path, TimeSpan.FromSeconds(30), cts.Token));
        var timeout = Assert.ThrowsAsync<PrivacyException>(() => FileLock.AcquireAsync(path, TimeSpan.FromMilliseconds(50), default));
        Assert.That(timeout!.Code, Is.EqualTo("QI4021"));
    }
}
