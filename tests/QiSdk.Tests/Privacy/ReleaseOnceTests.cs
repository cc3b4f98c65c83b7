using QiSdk.Privacy;
using QiSdk.Reports;
using static QiSdk.Tests.Privacy.PrivacyTestData;

namespace QiSdk.Tests.Privacy;

/// <summary>DisclosureGate.ReleaseOnceAsync: one release per practice, period and content, however often it is retried.</summary>
public sealed class ReleaseOnceTests
{
    private static (DisclosureGate Gate, DisclosurePipeline Pipeline, string Folder) Setup()
    {
        string folder = TestPaths.NewTempFolder();
        var ledger = new FileReleaseLedger(Path.Combine(folder, "r.jsonl"));
        var gate = new DisclosureGate(new FileAuditLogStore(Path.Combine(folder, "a.log")), ledger);
        var pipeline = MeasureReportDisclosure.CreatePipeline([DisclosurePolicies.SmallNumberSuppression()], new DisclosurePipelineOptions { ReleaseLedger = ledger });
        return (gate, pipeline, folder);
    }

    private static int ReleaseLines(string folder) =>
        File.ReadLines(Path.Combine(folder, "r.jsonl")).Count(l => l.Contains("\"kind\":\"release\"", StringComparison.Ordinal));

    [Test]
    public async Task A_retried_release_of_the_same_results_records_nothing_and_returns_the_first_release()
    {
        var (gate, pipeline, folder) = Setup();
        var request = DisclosureRequest.FromSummaries([Summary("x", Counts(100, 80, 40))]);
        var first = await gate.ReleaseOnceAsync(pipeline, request, new FileDisclosureSink(folder, "1.json"));
        var retry = await gate.ReleaseOnceAsync(pipeline, request, new FileDisclosureSink(folder, "2.json"));
        Assert.Multiple(() =>
        {
            Assert.That((first.Released, first.IsRepeat), Is.EqualTo((true, false)));
            Assert.That((retry.Released, retry.IsRepeat), Is.EqualTo((true, true)));
            Assert.That((retry.AuditRecord!.Sequence, retry.AuditRecord.Hash), Is.EqualTo((first.AuditRecord!.Sequence, first.AuditRecord.Hash)));
            Assert.That(retry.Outcome.ReleaseId, Is.EqualTo(first.Outcome.ReleaseId));
            Assert.That(File.Exists(Path.Combine(folder, "2.json")), Is.False, "nothing is sent again");
            Assert.That(ReleaseLines(folder), Is.EqualTo(1));
            Assert.That(AuditLogVerifier.Verify(Path.Combine(folder, "a.log")).EntryCount, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Changed_results_or_another_period_are_released_again()
    {
        var (gate, pipeline, folder) = Setup();
        var one = await gate.ReleaseOnceAsync(pipeline, DisclosureRequest.FromSummaries([Summary("x", Counts(100, 80, 40))]), new FileDisclosureSink(folder, "1.json"));
        var changed = await gate.ReleaseOnceAsync(pipeline, DisclosureRequest.FromSummaries([Summary("x", Counts(100, 80, 45))]), new FileDisclosureSink(folder, "2.json"));
        var later = await gate.ReleaseOnceAsync(pipeline, DisclosureRequest.FromSummaries([Summary("x", Counts(100, 80, 45), end: new DateOnly(2026, 2, 28))]), new FileDisclosureSink(folder, "3.json"));
        Assert.Multiple(() =>
        {
            Assert.That(new[] { one.IsRepeat, changed.IsRepeat, later.IsRepeat }, Is.All.False);
            Assert.That(new[] { one.Released, changed.Released, later.Released }, Is.All.True);
            Assert.That(ReleaseLines(folder), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task Concurrent_retries_serialise_on_the_release_lock_and_record_one_release()
    {
        var (gate, pipeline, folder) = Setup();
        var request = DisclosureRequest.FromSummaries([Summary("x", Counts(100, 80, 40))]);
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => gate.ReleaseOnceAsync(pipeline, request, new FileDisclosureSink(folder, i + ".json")))));
        Assert.Multiple(() =>
        {
            Assert.That(results.Count(r => !r.IsRepeat), Is.EqualTo(1));
            Assert.That(results.Select(r => r.AuditRecord!.Sequence).Distinct(), Is.EqualTo(new[] { 1L }));
            Assert.That(ReleaseLines(folder), Is.EqualTo(1));
        });
    }

    [Test]
    public void Without_a_release_ledger_there_is_nothing_to_be_idempotent_against()
    {
        string folder = TestPaths.NewTempFolder();
        var gate = new DisclosureGate(new FileAuditLogStore(Path.Combine(folder, "a.log")));
        var pipeline = MeasureReportDisclosure.CreatePipeline([DisclosurePolicies.SmallNumberSuppression()]);
        Assert.ThrowsAsync<InvalidOperationException>(() => gate.ReleaseOnceAsync(pipeline, DisclosureRequest.FromSummaries([Summary("x", Counts(100, 80, 40))]), new FileDisclosureSink(folder)));
    }
}
