using System.Text.RegularExpressions;
using QiSdk.Indicators;
using QiSdk.Privacy;
using QiSdk.Reports;
using static QiSdk.Tests.Privacy.PrivacyTestData;

namespace QiSdk.Tests.Privacy;

/// <summary>
/// Release-ledger compaction over a year of nightly releases. The oracle is the same year released through a second
/// gate whose ledger is never compacted: every night's decisions (value, state, reason) and bytes must be the same.
/// </summary>
public sealed partial class LedgerCompactionTests
{
    private static readonly DateOnly FirstNight = new(2025, 4, 1);

    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2025, 4, 1, 2, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed record Practice(string Folder, FileReleaseLedger Ledger, DisclosureGate Gate, DisclosurePipeline Pipeline)
    {
        public static Practice In(string folder, TimeProvider clock, IReleaseLedger? wrap = null)
        {
            var ledger = new FileReleaseLedger(Path.Combine(folder, "r.jsonl"));
            var gate = new DisclosureGate(new FileAuditLogStore(Path.Combine(folder, "a.log")), wrap ?? ledger, clock);
            var pipeline = MeasureReportDisclosure.CreatePipeline([DisclosurePolicies.SmallNumberSuppression()], new DisclosurePipelineOptions { ReleaseLedger = wrap ?? ledger, TimeProvider = clock });
            return new Practice(folder, ledger, gate, pipeline);
        }
    }

    /// <summary>A practice's results drifting night by night: small counts that often move by 1-3 (so differencing fires) and often stay.</summary>
    private static IEnumerable<IndicatorSummary[]> Nights(int nights, int seed)
    {
        var random = new Random(seed);
        int[] x = [40, 30, 12, 14, 11, 16, 6];   // IP, den, num; female IP, den; male den, num (male IP = IP - female IP)
        int[] y = [300, 210, 150];
        int Step(int v, int lo, int hi) => random.NextDouble() < 0.3 ? Math.Clamp(v + random.Next(-3, 4), lo, hi) : v;
        for (int n = 0; n < nights; n++)
        {
            x[0] = Step(x[0], 35, 50);
            x[1] = Step(x[1], 25, 34);
            x[2] = Step(x[2], 8, 20);
            x[3] = Step(x[3], 10, 18);
            int femaleDen = Math.Min(x[3], x[1] - 12);
            int maleDen = x[1] - femaleDen;
            int maleNum = Math.Min(maleDen, Math.Min(x[2], Step(x[6], 2, 10)));
            x[6] = maleNum;
            y[1] = Step(y[1], 200, 220);
            y[2] = Step(y[2], 140, 160);
            var end = FirstNight.AddDays(n);
            var start = end.AddYears(-1).AddDays(1);
            yield return
            [
                Summary("x", Counts(x[0], x[1], x[2]), [
                    Stratum("sex", "female", Counts(x[3], femaleDen, x[2] - maleNum)),
                    Stratum("sex", "male", Counts(x[0] - x[3], maleDen, maleNum))]) with { PeriodStart = start, PeriodEnd = end },
                Summary("y", Counts(y[0], y[1], y[2])) with { PeriodStart = start, PeriodEnd = end },
            ];
        }
    }

    [GeneratedRegex("rel-[0-9TZ]+-[0-9a-f]{8}")]
    private static partial Regex ReleaseIdPattern();

    [Test]
    [CancelAfter(240_000)]
    public async Task A_year_of_nightly_releases_gives_the_same_decisions_and_bytes_with_the_ledger_compacted_monthly(CancellationToken cancellationToken)
    {
        var clock = new Clock();
        var plain = Practice.In(TestPaths.NewTempFolder(), clock);
        var compacted = Practice.In(TestPaths.NewTempFolder(), clock);
        var ids = new Dictionary<string, string>(StringComparer.Ordinal); // compacted side's release id -> plain side's
        int night = 0, differencing = 0, compactions = 0, decisions = 0;
        foreach (var summaries in Nights(365, 20250401))
        {
            clock.Now = new DateTimeOffset(FirstNight.AddDays(night).AddDays(1).ToDateTime(new TimeOnly(2, 0)), TimeSpan.Zero);
            var request = DisclosureRequest.FromSummaries(summaries);
            var a = await plain.Gate.ReleaseAsync(plain.Pipeline, request, new FileDisclosureSink(plain.Folder), cancellationToken);
            var b = await compacted.Gate.ReleaseAsync(compacted.Pipeline, request, new FileDisclosureSink(compacted.Folder), cancellationToken);
            ids[b.Outcome.ReleaseId] = a.Outcome.ReleaseId;
            string Mapped(string? reason) => reason is null ? "" : ReleaseIdPattern().Replace(reason, m => ids.GetValueOrDefault(m.Value, m.Value));
            var expected = a.Outcome.Cells.Select(c => (c.IndicatorId, c.Column, c.Population, c.OriginalValue, c.ReleasedValue, c.State, c.ReasonCode, Reason: Mapped(c.Reason))).ToList();
            var actual = b.Outcome.Cells.Select(c => (c.IndicatorId, c.Column, c.Population, c.OriginalValue, c.ReleasedValue, c.State, c.ReasonCode, Reason: Mapped(c.Reason))).ToList();
            Assert.That(actual, Is.EqualTo(expected), $"night {night}: decisions differ after compaction");
            Assert.That(b.Outcome.RefusalCode, Is.EqualTo(a.Outcome.RefusalCode), $"night {night}");
            Assert.That(File.ReadAllBytes(Path.Combine(compacted.Folder, "disclosure.json")), Is.EqualTo(File.ReadAllBytes(Path.Combine(plain.Folder, "disclosure.json"))), $"night {night}: bytes");
            differencing += a.Outcome.Cells.Count(c => c.ReasonCode == QiErrorCodes.Privacy.CellWithheldDifferencing);
            decisions += expected.Count;
            if (++night % 30 == 0)
            {
                var result = await compacted.Gate.CompactReleaseLedgerAsync(cancellationToken: cancellationToken);
                Assert.That(result.Compacted, Is.True, $"night {night}: nothing to compact");
                compactions++;
            }
        }

        var finalPlain = await plain.Ledger.ReadAsync(cancellationToken);
        var finalCompacted = await compacted.Ledger.ReadAsync(cancellationToken);
        var verification = AuditLogVerifier.Verify(Path.Combine(compacted.Folder, "a.log"));
        TestContext.Out.WriteLine($"365 nights: {decisions} cell decisions compared, {differencing} withheld for differencing; ledger cells {finalPlain.CellCount} -> {finalCompacted.CellCount} " +
            $"({new FileInfo(plain.Ledger.FullPath).Length / 1024} KB -> {new FileInfo(compacted.Ledger.FullPath).Length / 1024} KB) after {compactions} compactions");
        Assert.Multiple(() =>
        {
            Assert.That(differencing, Is.GreaterThan(50), "the year must exercise the checks over earlier releases");
            Assert.That(finalCompacted.Releases.Select(r => (r.ReleaseId, r.AuditSequence - 0)).Count(), Is.EqualTo(365), "every release record is kept");
            Assert.That(finalCompacted.CellCount, Is.LessThan(finalPlain.CellCount * 0.75), "compaction should remove the repeated cells");
            Assert.That(finalCompacted.Compaction, Is.Not.Null);
            Assert.That(verification.IsIntact, Is.True, verification.Problem);
            Assert.That(verification.EntryCount, Is.EqualTo(365 + compactions));
        });
        Assert.That(await compacted.Gate.VerifyStateAsync(cancellationToken), Is.EqualTo(365 + compactions));
    }

    [Test]
    public async Task Compaction_keeps_exactly_once_the_identity_check_and_refuses_a_tampered_compacted_ledger()
    {
        var clock = new Clock();
        var practice = Practice.In(TestPaths.NewTempFolder(), clock);
        var nights = Nights(20, 7).ToList();
        foreach (var summaries in nights)
        {
            clock.Now = clock.Now.AddDays(1);
            await practice.Gate.ReleaseOnceAsync(practice.Pipeline, DisclosureRequest.FromSummaries(summaries), new FileDisclosureSink(practice.Folder));
        }

        var result = await practice.Gate.CompactReleaseLedgerAsync();
        var repeat = await practice.Gate.ReleaseOnceAsync(practice.Pipeline, DisclosureRequest.FromSummaries(nights[3]), new FileDisclosureSink(practice.Folder, "again.json"));
        var otherCode = await practice.Gate.ReleaseOnceAsync(practice.Pipeline, DisclosureRequest.FromSummaries([.. nights[3].Select(s => s with { Reporter = "B99999" })]), new FileDisclosureSink(practice.Folder, "other.json"));
        Assert.Multiple(() =>
        {
            Assert.That(result.Compacted, Is.True);
            Assert.That(result.CellsAfter, Is.LessThan(result.CellsBefore));
            Assert.That(repeat.IsRepeat, Is.True, "an early night's release is still recognised after compaction");
            Assert.That(File.Exists(Path.Combine(practice.Folder, "again.json")), Is.False);
            Assert.That(otherCode.Outcome.RefusalCode, Is.EqualTo(QiErrorCodes.Privacy.ResultsReleasedUnderAnotherPractice));
        });

        // Dropping one more cell line from the compacted ledger (re-chained or not) is caught like any edited ledger.
        var lines = File.ReadAllLines(practice.Ledger.FullPath).ToList();
        lines.RemoveAt(lines.FindLastIndex(l => l.Contains("\"kind\":\"cell\"", StringComparison.Ordinal)));
        File.WriteAllLines(practice.Ledger.FullPath, lines);
        Assert.ThrowsAsync<PrivacyException>(() => practice.Gate.VerifyStateAsync());
    }

    /// <summary>Fails the commit (the move into place) once: the process stopped after the compaction's audit entry.</summary>
    private sealed class CommitFailsOnce(FileReleaseLedger inner) : ICompactableReleaseLedger
    {
        private bool _failed;

        public Task<ReleaseHistory> ReadAsync(CancellationToken cancellationToken) => inner.ReadAsync(cancellationToken);

        public Task<LedgerHead> RecordAsync(ReleaseEntry release, CancellationToken cancellationToken) => inner.RecordAsync(release, cancellationToken);

        public Task<LedgerHead> PrepareCompactionAsync(LedgerHead expected, LedgerCompactionRecord compaction, IReadOnlyList<ReleaseEntry> releases, CancellationToken cancellationToken) =>
            inner.PrepareCompactionAsync(expected, compaction, releases, cancellationToken);

        public Task<bool> CommitCompactionAsync(LedgerHead head, CancellationToken cancellationToken)
        {
            if (!_failed)
            {
                _failed = true;
                throw new IOException("simulated crash before the compacted ledger was moved into place");
            }

            return inner.CommitCompactionAsync(head, cancellationToken);
        }
    }

    [Test]
    public async Task A_compaction_interrupted_after_its_audit_entry_is_completed_by_the_next_release()
    {
        var clock = new Clock();
        string folder = TestPaths.NewTempFolder();
        var wrapped = new CommitFailsOnce(new FileReleaseLedger(Path.Combine(folder, "r.jsonl")));
        var practice = Practice.In(folder, clock, wrapped);
        var nights = Nights(15, 11).ToList();
        foreach (var summaries in nights.Take(14))
        {
            clock.Now = clock.Now.AddDays(1);
            await practice.Gate.ReleaseAsync(practice.Pipeline, DisclosureRequest.FromSummaries(summaries), new FileDisclosureSink(folder));
        }

        long cellsBefore = (await practice.Ledger.ReadAsync(CancellationToken.None)).CellCount;
        Assert.ThrowsAsync<IOException>(() => practice.Gate.CompactReleaseLedgerAsync());
        Assert.That((await practice.Ledger.ReadAsync(CancellationToken.None)).CellCount, Is.EqualTo(cellsBefore), "not moved into place yet");
        clock.Now = clock.Now.AddDays(1);
        var next = await practice.Gate.ReleaseAsync(practice.Pipeline, DisclosureRequest.FromSummaries(nights[14]), new FileDisclosureSink(folder));
        var history = await practice.Ledger.ReadAsync(CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(next.Released, Is.True);
            Assert.That(history.Compaction, Is.Not.Null, "the next release's state check moved the audited compaction into place");
            Assert.That(history.Releases, Has.Length.EqualTo(15));
            Assert.That(File.Exists(practice.Ledger.FullPath + ".compacted"), Is.False);
            Assert.That(AuditLogVerifier.Verify(Path.Combine(folder, "a.log")).IsIntact, Is.True);
        });
    }

    [Test]
    public async Task A_compaction_prepared_but_never_audited_is_ignored_and_the_ledger_kept()
    {
        var clock = new Clock();
        var practice = Practice.In(TestPaths.NewTempFolder(), clock);
        foreach (var summaries in Nights(10, 3))
        {
            clock.Now = clock.Now.AddDays(1);
            await practice.Gate.ReleaseAsync(practice.Pipeline, DisclosureRequest.FromSummaries(summaries), new FileDisclosureSink(practice.Folder));
        }

        var history = await practice.Ledger.ReadAsync(CancellationToken.None);
        // The process stopped after preparing: a compacted ledger that drops everything sits beside the real one.
        await practice.Ledger.PrepareCompactionAsync(history.Head, new LedgerCompactionRecord(history.Head, 0, "x"), [], CancellationToken.None);
        Assert.That(await practice.Gate.VerifyStateAsync(), Is.EqualTo(10));
        Assert.That((await practice.Ledger.ReadAsync(CancellationToken.None)).CellCount, Is.EqualTo(history.CellCount));
    }
}
