using QiSdk.Reports;
using System.Text;
using QiSdk.Privacy;
using static QiSdk.Tests.Privacy.PrivacyTestData;

namespace QiSdk.Tests.Privacy;

public sealed class AuditLogTests
{
    private static async Task<(string Log, List<AuditRecord> Records)> FiveReleasesAsync()
    {
        string folder = TestPaths.NewTempFolder();
        string log = Path.Combine(folder, "qi-audit.log");
        var gate = new DisclosureGate(new FileAuditLogStore(log));
        var pipeline = MeasureReportDisclosure.CreatePipeline([DisclosurePolicies.SmallNumberSuppression()]);
        var records = new List<AuditRecord>();
        for (int i = 0; i < 5; i++)
        {
            var outcome = pipeline.Prepare(DisclosureRequest.FromSummaries([Summary("ind-" + i, Counts(100 + i, 80, 40))]));
            records.Add(await gate.ReleaseAsync(outcome.Disclosure!, new FileDisclosureSink(folder, $"d{i}.json")));
        }

        return (log, records);
    }

    [Test]
    public async Task An_intact_log_verifies_and_each_entry_records_what_left()
    {
        var (log, records) = await FiveReleasesAsync();
        var result = AuditLogVerifier.Verify(log, records[^1].Hash);
        string first = File.ReadLines(log).First();
        string folder = Path.GetDirectoryName(log)!;
        string digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, "d0.json"))));
        Assert.Multiple(() =>
        {
            Assert.That(result.IsIntact, Is.True, result.Problem);
            Assert.That(result.EntryCount, Is.EqualTo(5));
            Assert.That(first, Does.Contain("\"payloadSha256\":\"" + digest + "\""), "the digest is of exactly the bytes written");
            Assert.That(first, Does.Contain("\"indicators\":[\"ind-0\"]").And.Contain("\"name\":\"small-number-suppression\"").And.Contain("\"profile\":\"nhs\""));
            Assert.That(records.Select(r => r.Sequence), Is.EqualTo(new long[] { 1, 2, 3, 4, 5 }));
            Assert.That(records[1].PreviousHash, Is.EqualTo(records[0].Hash));
        });
    }

    private static AuditLogVerification Tamper(string log, Func<List<string>, List<string>> change, string? head = null)
    {
        var lines = File.ReadAllLines(log).ToList();
        File.WriteAllText(log, string.Join("", change(lines).Select(l => l + "\n")));
        return AuditLogVerifier.Verify(log, head);
    }

    [Test]
    public async Task Editing_an_entry_is_detected_at_that_entry()
    {
        var (log, _) = await FiveReleasesAsync();
        var result = Tamper(log, l => { l[2] = l[2].Replace("ind-2", "ind-9", StringComparison.Ordinal); return l; });
        Assert.That((result.IsIntact, result.FirstBadEntry, result.Code), Is.EqualTo((false, (int?)3, "QI4031")));
    }

    [Test]
    public async Task Re_hashing_an_edited_entry_breaks_the_chain_at_the_next_one()
    {
        var (log, _) = await FiveReleasesAsync();
        var lines = File.ReadAllLines(log);
        var original = AuditLogFormat.Check(lines[1]);
        string edited = lines[1].Replace("ind-1", "ind-9", StringComparison.Ordinal);
        string body = string.Concat(edited.AsSpan(0, edited.Length - 75), "}");
        string newHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(body)));
        lines[1] = edited[..^66] + newHash + "\"}";
        var result = Tamper(log, _ => [.. lines]);
        Assert.That(original.Code, Is.Null);
        Assert.That((result.FirstBadEntry, result.Code), Is.EqualTo(((int?)3, "QI4032")));
    }

    [Test]
    public async Task Reordering_entries_is_detected()
    {
        var (log, _) = await FiveReleasesAsync();
        var result = Tamper(log, l => { (l[1], l[2]) = (l[2], l[1]); return l; });
        Assert.That((result.IsIntact, result.FirstBadEntry), Is.EqualTo((false, (int?)2)));
    }

    [Test]
    public async Task Deleting_an_entry_is_detected()
    {
        var (log, _) = await FiveReleasesAsync();
        var middle = Tamper(log, l => { l.RemoveAt(1); return l; });
        Assert.That((middle.IsIntact, middle.FirstBadEntry), Is.EqualTo((false, (int?)2)));
    }

    [Test]
    public async Task Deleting_the_first_entry_is_detected()
    {
        var (log, _) = await FiveReleasesAsync();
        var result = Tamper(log, l => { l.RemoveAt(0); return l; });
        Assert.That((result.IsIntact, result.FirstBadEntry), Is.EqualTo((false, (int?)1)));
    }

    [Test]
    public async Task Deleting_the_last_entry_is_detected_against_the_head_hash()
    {
        var (log, records) = await FiveReleasesAsync();
        var result = Tamper(log, l => { l.RemoveAt(4); return l; }, head: records[^1].Hash);
        Assert.That((result.IsIntact, result.Code), Is.EqualTo((false, "QI4034")));
    }

    [Test]
    public async Task A_truncated_last_entry_is_detected_and_blocks_further_releases()
    {
        var (log, _) = await FiveReleasesAsync();
        string text = File.ReadAllText(log);
        File.WriteAllText(log, text[..^40]);
        var result = AuditLogVerifier.Verify(log);
        Assert.That((result.IsIntact, result.FirstBadEntry), Is.EqualTo((false, (int?)5)));
        var ex = Assert.ThrowsAsync<PrivacyException>(() => new FileAuditLogStore(log).AppendAsync(
            new AuditEvent(DateTimeOffset.UnixEpoch, "r", "d", [], [], [], 0, "00", 0), default));
        Assert.That(ex!.Code, Is.EqualTo("QI4030"));
    }

    [Test]
    public void Entries_carry_the_time_from_the_injected_clock()
    {
        string log = Path.Combine(TestPaths.NewTempFolder(), "a.log");
        var clock = new FixedTimeProvider(new DateTimeOffset(2026, 4, 1, 9, 30, 0, TimeSpan.Zero));
        var outcome = MeasureReportDisclosure.CreatePipeline([DisclosurePolicies.SmallNumberSuppression()], new DisclosurePipelineOptions { TimeProvider = clock })
            .Prepare(DisclosureRequest.FromSummaries([Summary("i", Counts(100, 80, 40))]));
        new DisclosureGate(new FileAuditLogStore(log), timeProvider: clock).ReleaseAsync(outcome.Disclosure!, new FileDisclosureSink(Path.GetDirectoryName(log)!)).GetAwaiter().GetResult();
        Assert.That(File.ReadAllText(log), Does.Contain("\"at\":\"2026-04-01T09:30:00.0000000Z\""));
    }
}
