using QiSdk.Privacy;
using QiSdk.Reports;
using static QiSdk.Tests.Privacy.PrivacyTestData;

namespace QiSdk.Tests.Privacy;

/// <summary>
/// DisclosureGate.ReleaseOnceAsync with a disclosure archive: the process "dies" (a simulated crash thrown right after a
/// durable write) after each step of a release, then a fresh gate over the same files retries. Oracles that do not use
/// the gate's own bookkeeping: the audit-log verifier, the ledger's release lines as text, the bytes the sink received,
/// and a clean run in another folder.
/// </summary>
public sealed class ReleaseOnceArchiveTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 1, 2, 0, 0, TimeSpan.Zero);

    public enum Step
    {
        AfterArchive,
        AfterLedger,
        AfterAudit,
        InSink,
        AfterSink,
        AfterMarkSent,
    }

    private static DisclosureRequest Request() => DisclosureRequest.FromSummaries([
        Summary("x", Counts(120, 90, 44), [Stratum("sex", "female", Counts(60, 45, 20)), Stratum("sex", "male", Counts(60, 45, 24))]),
        Summary("y", Counts(300, 210, 150))]);

    private sealed class SimulatedCrash(string step) : Exception($"simulated crash {step}");

    private sealed class Faults(Step? crash)
    {
        public void After(Step step)
        {
            if (crash == step)
            {
                throw new SimulatedCrash(step.ToString());
            }
        }
    }

    private sealed class CrashingArchive(IDisclosureArchive inner, Faults faults) : IDisclosureArchive
    {
        public async Task StoreAsync(Disclosure disclosure, CancellationToken cancellationToken)
        {
            await inner.StoreAsync(disclosure, cancellationToken);
            faults.After(Step.AfterArchive);
        }

        public Task<byte[]?> ReadAsync(string sha256, CancellationToken cancellationToken) => inner.ReadAsync(sha256, cancellationToken);

        public async Task MarkSentAsync(string sha256, string releaseId, CancellationToken cancellationToken)
        {
            await inner.MarkSentAsync(sha256, releaseId, cancellationToken);
            faults.After(Step.AfterMarkSent);
        }

        public Task<bool> WasSentAsync(string sha256, CancellationToken cancellationToken) => inner.WasSentAsync(sha256, cancellationToken);
    }

    private sealed class CrashingLedger(IReleaseLedger inner, Faults faults) : IReleaseLedger
    {
        public Task<ReleaseHistory> ReadAsync(CancellationToken cancellationToken) => inner.ReadAsync(cancellationToken);

        public async Task<LedgerHead> RecordAsync(ReleaseEntry release, CancellationToken cancellationToken)
        {
            var head = await inner.RecordAsync(release, cancellationToken);
            faults.After(Step.AfterLedger);
            return head;
        }
    }

    private sealed class CrashingAuditLog(IAuditLogStore inner, Faults faults) : IAuditLogStore
    {
        public async Task<AuditRecord> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
        {
            var record = await inner.AppendAsync(auditEvent, cancellationToken);
            faults.After(Step.AfterAudit);
            return record;
        }

        public Task<IReadOnlyList<AuditRecord>> ReadAsync(CancellationToken cancellationToken) => inner.ReadAsync(cancellationToken);

        public Task<IAsyncDisposable> LockReleasesAsync(CancellationToken cancellationToken) => inner.LockReleasesAsync(cancellationToken);
    }

    /// <summary>The host's outbound channel: every accepted payload, in order.</summary>
    private sealed class RecordingSink(Faults faults, List<(string ReleaseId, byte[] Bytes)> received) : IDisclosureSink
    {
        public Task WriteAsync(AuditedDisclosure disclosure, CancellationToken cancellationToken)
        {
            faults.After(Step.InSink);
            received.Add((disclosure.ReleaseId, disclosure.Content.ToArray()));
            faults.After(Step.AfterSink);
            return Task.CompletedTask;
        }
    }

    private static Task<GateResult> Attempt(string folder, Step? crash, List<(string, byte[])> received)
    {
        var faults = new Faults(crash);
        var ledger = new CrashingLedger(new FileReleaseLedger(Path.Combine(folder, "r.jsonl")), faults);
        var clock = new FixedTimeProvider(Now);
        var gate = new DisclosureGate(new CrashingAuditLog(new FileAuditLogStore(Path.Combine(folder, "a.log")), faults), ledger, clock);
        var pipeline = MeasureReportDisclosure.CreatePipeline([DisclosurePolicies.SmallNumberSuppression()], new DisclosurePipelineOptions { ReleaseLedger = ledger, TimeProvider = clock });
        return gate.ReleaseOnceAsync(pipeline, Request(), new RecordingSink(faults, received), new CrashingArchive(new FileDisclosureArchive(Path.Combine(folder, "archive")), faults));
    }

    [TestCase(Step.AfterArchive, 1, false)]
    [TestCase(Step.AfterLedger, 1, false)]
    [TestCase(Step.AfterAudit, 1, true)]
    [TestCase(Step.InSink, 1, true)]
    [TestCase(Step.AfterSink, 2, true)]
    [TestCase(Step.AfterMarkSent, 1, false)]
    public async Task A_crash_after_any_step_ends_after_a_retry_with_one_audited_release_and_its_bytes_sent(Step crash, int deliveries, bool retryResends)
    {
        // The oracle: the same release on clean stores, no crash.
        var clean = new List<(string, byte[])>();
        await Attempt(TestPaths.NewTempFolder(), null, clean);
        byte[] expected = clean.Single().Item2;

        string folder = TestPaths.NewTempFolder();
        var received = new List<(string ReleaseId, byte[] Bytes)>();
        Assert.ThrowsAsync<SimulatedCrash>(() => Attempt(folder, crash, received));
        var retry = await Attempt(folder, null, received);
        var again = await Attempt(folder, null, received);

        var audit = AuditLogVerifier.Verify(Path.Combine(folder, "a.log"));
        var auditText = File.ReadAllLines(Path.Combine(folder, "a.log"));
        var ledgerReleases = File.ReadLines(Path.Combine(folder, "r.jsonl")).Where(l => l.Contains("\"kind\":\"release\"", StringComparison.Ordinal)).ToList();
        string releaseId = retry.AuditRecord!.Event.ReleaseId;
        Assert.Multiple(() =>
        {
            Assert.That(audit.IsIntact, Is.True, audit.Problem);
            Assert.That(audit.EntryCount, Is.EqualTo(1), "one audited release");
            Assert.That(auditText.Count(l => l.Contains(releaseId, StringComparison.Ordinal)), Is.EqualTo(1));
            // Exactly one ledger release that has an audit entry; a crash between ledger and audit entry leaves one more
            // record that was never audited and never sent (it only makes later checks stricter).
            Assert.That(ledgerReleases.Count(l => l.Contains(releaseId, StringComparison.Ordinal)), Is.EqualTo(1));
            Assert.That(ledgerReleases, Has.Count.EqualTo(crash == Step.AfterLedger ? 2 : 1));
            Assert.That(retry.Resent, Is.EqualTo(retryResends));
            Assert.That(retry.IsRepeat, Is.EqualTo(crash is Step.AfterAudit or Step.InSink or Step.AfterSink or Step.AfterMarkSent));
            Assert.That((again.IsRepeat, again.Resent), Is.EqualTo((true, false)), "a third attempt sends nothing");
            Assert.That(received, Has.Count.EqualTo(deliveries));
            Assert.That(received.Select(r => r.ReleaseId), Is.All.EqualTo(releaseId));
            Assert.That(received.Select(r => r.Bytes), Is.All.EqualTo(expected), "the sink always gets the bytes a clean run releases");
            Assert.That(File.ReadAllBytes(Path.Combine(folder, "archive", retry.AuditRecord.Event.PayloadSha256 + ".json")), Is.EqualTo(expected));
        });
    }

    [Test]
    public async Task Archived_bytes_that_no_longer_match_the_audit_entry_are_refused_not_sent()
    {
        string folder = TestPaths.NewTempFolder();
        var received = new List<(string, byte[])>();
        Assert.ThrowsAsync<SimulatedCrash>(() => Attempt(folder, Step.AfterAudit, received));
        string archived = Directory.GetFiles(Path.Combine(folder, "archive"), "*.json").Single();
        byte[] bytes = File.ReadAllBytes(archived);
        bytes[^2] ^= 0x20;
        File.WriteAllBytes(archived, bytes);
        var ex = Assert.ThrowsAsync<PrivacyException>(() => Attempt(folder, null, received));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Code, Is.EqualTo(QiErrorCodes.Privacy.ArchivedDisclosureMismatch));
            Assert.That(received, Is.Empty);
        });
        await Task.CompletedTask;
    }
}
