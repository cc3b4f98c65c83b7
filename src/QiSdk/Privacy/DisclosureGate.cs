using System.Collections.Immutable;
using System.Globalization;

namespace QiSdk.Privacy;

/// <summary>
/// The only way a disclosure reaches a sink, and the keeper of the practice's release state. Under the practice's release
/// lock (<see cref="IAuditLogStore.LockReleasesAsync"/>) it (1) reads and verifies the audit log and checks that the release
/// ledger and the budget ledger still hold the heads the audit log recorded (missing, emptied, truncated, rolled back or
/// edited ledgers are refused); (2) prepares the release against that state; (3) records the released cells in the release
/// ledger; (4) appends the audit entry naming both ledgers' new heads; then, after the lock, (5) hands the sink an
/// <see cref="AuditedDisclosure"/>. Nothing leaves unrecorded; if the sink fails, the log shows an attempted release.
/// </summary>
public sealed class DisclosureGate
{
    private readonly IAuditLogStore _audit;
    private readonly IReleaseLedger? _releases;
    private readonly IPrivacyBudgetLedger? _budget;
    private readonly TimeProvider _time;

    /// <summary>Creates the gate.</summary>
    /// <param name="auditLog">The audit log (required).</param>
    /// <param name="releaseLedger">The release ledger the pipeline checks (null = releases not remembered).</param>
    /// <param name="timeProvider">Clock for audit entries (default system).</param>
    /// <param name="budgetLedger">The privacy-budget ledger (default: the one a differential-privacy policy uses, if any).</param>
    /// <exception cref="ArgumentNullException"><paramref name="auditLog"/> is null.</exception>
    public DisclosureGate(IAuditLogStore auditLog, IReleaseLedger? releaseLedger = null, TimeProvider? timeProvider = null, IPrivacyBudgetLedger? budgetLedger = null)
    {
        ArgumentNullException.ThrowIfNull(auditLog);
        _audit = auditLog;
        _releases = releaseLedger;
        _budget = budgetLedger;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Prepares and releases under one lock: the ledger check, the policies, the ledger records and the audit entry happen
    /// while no other release of the practice can run, so two releases started at once serialise and the second sees the
    /// first's ledger entries. The pipeline should use this gate's release ledger.
    /// </summary>
    /// <param name="pipeline">The policies.</param>
    /// <param name="request">The results.</param>
    /// <param name="sink">Where an approved disclosure goes.</param>
    /// <param name="cancellationToken">Stops before anything is recorded (after that, before the sink is called).</param>
    /// <returns>The outcome and, when something left, its audit entry.</returns>
    /// <exception cref="PrivacyException">The state is damaged or unbound (QI402x, QI403x), or a store could not be written (QI4026, QI4037); nothing was sent.</exception>
    public async Task<GateResult> ReleaseAsync(DisclosurePipeline pipeline, DisclosureRequest request, IDisclosureSink sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sink);
        AuditedDisclosure audited;
        DisclosureOutcome outcome;
        var releases = _releases ?? pipeline.ReleaseLedger;
        await using (await _audit.LockReleasesAsync(cancellationToken).ConfigureAwait(false))
        {
            var budgets = BudgetLedgers(pipeline.BudgetLedgers);
            var (audit, history) = await CheckStateAsync(releases, budgets, cancellationToken).ConfigureAwait(false);
            outcome = await pipeline.RunAsync(request, false, history ?? (releases is null ? null : ReleaseHistory.Empty), cancellationToken).ConfigureAwait(false);
            if (outcome.Disclosure is null)
            {
                return new GateResult(outcome, null);
            }

            audited = await RecordAsync(outcome.Disclosure, sink, releases, audit.Count, cancellationToken).ConfigureAwait(false);
        }

        await sink.WriteAsync(audited, cancellationToken).ConfigureAwait(false);
        return new GateResult(outcome, audited.AuditRecord);
    }

    /// <summary>
    /// Like <see cref="ReleaseAsync(DisclosurePipeline, DisclosureRequest, IDisclosureSink, CancellationToken)"/>, but
    /// idempotent per practice, period and content: when the release ledger already holds an audited release of exactly
    /// these results (the same practice codes with the same content hashes, which cover every indicator's id, version and
    /// period; not a cluster release), nothing is prepared, recorded or sent again and the earlier release is returned
    /// (<see cref="GateResult.IsRepeat"/>). For schedulers that retry: a retried audit never appends a second release.
    /// A ledger record without its audit entry (the audit append failed, so nothing left) does not count as released.
    /// </summary>
    /// <param name="pipeline">The policies.</param>
    /// <param name="request">The results.</param>
    /// <param name="sink">Where an approved disclosure goes (not called for a repeat).</param>
    /// <param name="cancellationToken">Stops before anything is recorded (after that, before the sink is called).</param>
    /// <returns>The outcome and audit entry of the new release, or of the earlier one when <see cref="GateResult.IsRepeat"/>.</returns>
    /// <exception cref="InvalidOperationException">Neither the gate nor the pipeline has a release ledger (nothing to be idempotent against).</exception>
    /// <exception cref="PrivacyException">The state is damaged or unbound, or a store could not be written; nothing was sent.</exception>
    public Task<GateResult> ReleaseOnceAsync(DisclosurePipeline pipeline, DisclosureRequest request, IDisclosureSink sink, CancellationToken cancellationToken = default) =>
        ReleaseOnceCoreAsync(pipeline, request, sink, null, cancellationToken);

    /// <summary>
    /// Like <see cref="ReleaseOnceAsync(DisclosurePipeline, DisclosureRequest, IDisclosureSink, CancellationToken)"/>, and
    /// closes the window between recording a release and sending it: the approved bytes are stored in the
    /// <paramref name="archive"/> (by SHA-256) BEFORE the release ledger and the audit entry are written, and marked sent
    /// after the sink accepted them. A retry that finds the release already recorded reads the archived bytes, checks them
    /// against the audit entry's SHA-256 and, when they were never marked sent (the process died after the audit entry,
    /// or the sink failed), hands exactly those bytes to the sink again (<see cref="GateResult.Resent"/>). So whatever
    /// step a failure interrupts, a retry ends with one audited release and its bytes sent: at least once to the sink
    /// (a sink may see a release twice only when the process died after the sink accepted it and before the mark, so a
    /// sink that must not should key on <see cref="AuditedDisclosure.ReleaseId"/>), never a second release.
    /// </summary>
    /// <param name="pipeline">The policies.</param>
    /// <param name="request">The results.</param>
    /// <param name="sink">Where an approved disclosure goes (for a repeat: only when its bytes were never marked sent).</param>
    /// <param name="archive">The practice's archive of released bytes.</param>
    /// <param name="cancellationToken">Stops before anything is recorded (after that, before the sink is called).</param>
    /// <returns>The outcome and audit entry of the new release, or of the earlier one when <see cref="GateResult.IsRepeat"/>.</returns>
    /// <exception cref="InvalidOperationException">Neither the gate nor the pipeline has a release ledger.</exception>
    /// <exception cref="PrivacyException">The state is damaged or unbound, a store or the archive could not be written
    /// (QI4038), or the archived bytes of the earlier release do not match its audit entry (QI4039); nothing was sent.</exception>
    public Task<GateResult> ReleaseOnceAsync(DisclosurePipeline pipeline, DisclosureRequest request, IDisclosureSink sink, IDisclosureArchive archive, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(archive);
        return ReleaseOnceCoreAsync(pipeline, request, sink, archive, cancellationToken);
    }

    private async Task<GateResult> ReleaseOnceCoreAsync(DisclosurePipeline pipeline, DisclosureRequest request, IDisclosureSink sink, IDisclosureArchive? archive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sink);
        var releases = _releases ?? pipeline.ReleaseLedger
            ?? throw new InvalidOperationException("ReleaseOnceAsync needs a release ledger (give the gate or the pipeline options an IReleaseLedger): releases are recognised by the ledger's practice content hashes.");
        var contributions = DisclosurePipeline.Contributions(request.EffectiveSummaries);
        AuditedDisclosure audited;
        DisclosureOutcome outcome;
        bool resent = false;
        await using (await _audit.LockReleasesAsync(cancellationToken).ConfigureAwait(false))
        {
            var budgets = BudgetLedgers(pipeline.BudgetLedgers);
            var (audit, history) = await CheckStateAsync(releases, budgets, cancellationToken).ConfigureAwait(false);
            if (!contributions.IsEmpty && EarlierRelease(history!, audit, contributions) is { } earlier)
            {
                var repeat = new DisclosureOutcome
                {
                    ReleaseId = earlier.Event.ReleaseId,
                    IsPreview = false,
                    Cells = [],
                    Rates = [],
                    Notes = [string.Create(CultureInfo.InvariantCulture, $"already released as {earlier.Event.ReleaseId} (audit entry {earlier.Sequence}, SHA-256 {earlier.Event.PayloadSha256}): the same practice, period and content are not released twice.")],
                };
                var unsent = archive is null ? null : await UnsentAsync(archive, earlier, cancellationToken).ConfigureAwait(false);
                if (unsent is null)
                {
                    return new GateResult(repeat, earlier) { IsRepeat = true };
                }

                audited = unsent;
                outcome = repeat;
                resent = true;
            }
            else
            {
                outcome = await pipeline.RunAsync(request, false, history, cancellationToken).ConfigureAwait(false);
                if (outcome.Disclosure is null)
                {
                    return new GateResult(outcome, null);
                }

                if (archive is not null)
                {
                    // Bytes first: a recorded release always has its bytes, whatever fails after this.
                    await StoreAsync(archive, outcome.Disclosure, cancellationToken).ConfigureAwait(false);
                }

                audited = await RecordAsync(outcome.Disclosure, sink, releases, audit.Count, cancellationToken).ConfigureAwait(false);
            }
        }

        await sink.WriteAsync(audited, cancellationToken).ConfigureAwait(false);
        if (archive is not null)
        {
            await archive.MarkSentAsync(audited.Sha256, audited.ReleaseId, CancellationToken.None).ConfigureAwait(false);
        }

        return new GateResult(outcome, audited.AuditRecord) { IsRepeat = resent, Resent = resent };
    }

    /// <summary>The earlier release rebuilt from its archived bytes and audit entry when it was never marked sent; otherwise null.</summary>
    private static async Task<AuditedDisclosure?> UnsentAsync(IDisclosureArchive archive, AuditRecord earlier, CancellationToken cancellationToken)
    {
        string sha = earlier.Event.PayloadSha256;
        if (await archive.WasSentAsync(sha, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var bytes = await archive.ReadAsync(sha, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return null; // recorded without the archive (before it was used): nothing to resend; the caller sees IsRepeat only
        }

        string actual = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        if (!string.Equals(actual, sha, StringComparison.Ordinal) || bytes.LongLength != earlier.Event.PayloadBytes)
        {
            throw new PrivacyException(PrivacyErrors.ArchivedDisclosureMismatch, $"release {earlier.Event.ReleaseId} (audit entry {earlier.Sequence}) recorded {earlier.Event.PayloadBytes} bytes with SHA-256 {sha}, but the archive holds {bytes.LongLength} bytes with SHA-256 {actual}: the archive was edited or replaced; nothing was sent.");
        }

        var e = earlier.Event;
        var disclosure = new Disclosure(e.ReleaseId, e.At, bytes, e.Policies, e.Indicators, e.Strata, e.PseudonymisedRows, []);
        return new AuditedDisclosure(disclosure, earlier);
    }

    private static async Task StoreAsync(IDisclosureArchive archive, Disclosure disclosure, CancellationToken cancellationToken)
    {
        try
        {
            await archive.StoreAsync(disclosure, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PrivacyException(PrivacyErrors.ArchiveWriteFailed, $"release {disclosure.ReleaseId}: the disclosure archive could not be written ({ex.Message}); nothing was recorded or sent.", ex);
        }
    }

    /// <summary>
    /// Audits, records and sends a disclosure prepared earlier with <see cref="DisclosurePipeline.PrepareAsync"/>. Refused
    /// (QI4025) when another release was recorded in the release ledger since it was prepared: prepare it again.
    /// </summary>
    /// <param name="disclosure">From <see cref="DisclosurePipeline.PrepareAsync"/>.</param>
    /// <param name="sink">Where it goes.</param>
    /// <param name="cancellationToken">Stops before the sink is called (after that, the sink decides).</param>
    /// <returns>The audit entry written.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="PrivacyException">The state is damaged, unbound or moved on since preparation, or a store could not be written; nothing was sent.</exception>
    public async Task<AuditRecord> ReleaseAsync(Disclosure disclosure, IDisclosureSink sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(disclosure);
        ArgumentNullException.ThrowIfNull(sink);
        AuditedDisclosure audited;
        await using (await _audit.LockReleasesAsync(cancellationToken).ConfigureAwait(false))
        {
            var budgets = BudgetLedgers(disclosure.BudgetLedger is null ? [] : [disclosure.BudgetLedger]);
            var (audit, history) = await CheckStateAsync(_releases, budgets, cancellationToken).ConfigureAwait(false);
            if (history is not null && history.Head != (disclosure.CheckedAgainst ?? LedgerHead.Empty))
            {
                throw new PrivacyException(PrivacyErrors.DisclosureStale, $"release {disclosure.ReleaseId} was checked against the release ledger at {disclosure.CheckedAgainst ?? LedgerHead.Empty}, but it is now at {history.Head} (another release was recorded, or the disclosure was prepared with another ledger); prepare it again.");
            }

            audited = await RecordAsync(disclosure, sink, _releases, audit.Count, cancellationToken).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        await sink.WriteAsync(audited, cancellationToken).ConfigureAwait(false);
        return audited.AuditRecord;
    }

    /// <summary>
    /// Changes a practice's total privacy budget (epsilon): checks the state, records the new total in the budget ledger
    /// and appends an audit entry (policy <c>budget-set</c> with the practice, the previous and the new total).
    /// </summary>
    /// <param name="practiceId">The practice code.</param>
    /// <param name="total">The new total (&gt; 0).</param>
    /// <param name="cancellationToken">Stops waiting for the lock.</param>
    /// <returns>The audit entry.</returns>
    /// <exception cref="InvalidOperationException">The gate has no budget ledger.</exception>
    /// <exception cref="PrivacyException">QI4011 invalid total; the state is damaged or unbound; a store could not be written.</exception>
    public async Task<AuditRecord> SetBudgetTotalAsync(string practiceId, decimal total, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(practiceId);
        var budget = _budget ?? throw new InvalidOperationException("This gate has no budget ledger: create it with the practice's IPrivacyBudgetLedger.");
        await using (await _audit.LockReleasesAsync(cancellationToken).ConfigureAwait(false))
        {
            await CheckStateAsync(_releases, [budget], cancellationToken).ConfigureAwait(false);
            var before = await budget.GetAccountAsync(practiceId, cancellationToken).ConfigureAwait(false);
            var head = await budget.SetTotalAsync(practiceId, total, cancellationToken).ConfigureAwait(false);
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["practice"] = practiceId,
                ["previousTotal"] = before.Total?.ToString(CultureInfo.InvariantCulture) ?? "none",
                ["total"] = total.ToString(CultureInfo.InvariantCulture),
                ["spent"] = before.Spent.ToString(CultureInfo.InvariantCulture),
            };
            string id = string.Create(CultureInfo.InvariantCulture, $"budget-{_time.GetUtcNow():yyyyMMddTHHmmssZ}");
            var releaseHead = _releases is null ? null : (await _releases.ReadAsync(cancellationToken).ConfigureAwait(false)).Head;
            return await AppendAuditAsync(new AuditEvent(_time.GetUtcNow(), id, "budget-ledger", [new PolicyRecord("budget-set", parameters)], [], [], 0, AuditLogFormat.Genesis, 0)
            {
                Practices = [practiceId],
                ReleaseLedger = releaseHead,
                BudgetLedger = head,
            }).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Registers a cluster membership (a new version when the practices changed) and appends an audit entry (policy
    /// <c>cluster-register</c> with the id, version and practices), under the release lock.
    /// </summary>
    /// <param name="registry">The registry.</param>
    /// <param name="clusterId">The cluster id.</param>
    /// <param name="practices">The member practice codes.</param>
    /// <param name="cancellationToken">Stops waiting for the lock.</param>
    /// <returns>The membership now current and its audit entry (null when the membership was already current).</returns>
    /// <exception cref="PrivacyException">Invalid membership (QI4015); damaged registry (QI4029) or state; a store could not be written.</exception>
    public async Task<ClusterRegistration> RegisterClusterAsync(FileClusterRegistry registry, string clusterId, IEnumerable<string> practices, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(practices);
        await using (await _audit.LockReleasesAsync(cancellationToken).ConfigureAwait(false))
        {
            await CheckStateAsync(_releases, _budget is null ? [] : [_budget], cancellationToken).ConfigureAwait(false);
            var (membership, isNew) = await registry.RegisterAsync(clusterId, practices, cancellationToken).ConfigureAwait(false);
            if (!isNew)
            {
                return new ClusterRegistration(membership, null);
            }

            var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["clusterId"] = membership.ClusterId,
                ["version"] = membership.Version.ToString(CultureInfo.InvariantCulture),
                ["practices"] = string.Join(",", membership.Practices),
                ["registry"] = registry.FullPath,
            };
            string id = string.Create(CultureInfo.InvariantCulture, $"cluster-{_time.GetUtcNow():yyyyMMddTHHmmssZ}");
            var record = await AppendAuditAsync(new AuditEvent(_time.GetUtcNow(), id, "cluster-registry", [new PolicyRecord("cluster-register", parameters)], [], [], 0, AuditLogFormat.Genesis, 0)
            {
                Practices = membership.Practices,
            }).ConfigureAwait(false);
            return new ClusterRegistration(membership, record);
        }
    }

    /// <summary>
    /// Compacts the release ledger, under the release lock, so a year of nightly releases does not grow every later check:
    /// release records are all kept; a release's cells for one indicator and reporter that repeat an earlier release's
    /// cells value for value are left out (they cannot change any later decision or reason: see docs/privacy.md). The
    /// compacted ledger is prepared beside the ledger, an audit entry (policy <c>ledger-compact</c>, naming the old and
    /// new heads and the cells removed) binds its head, then it is moved into place; a failure in between is completed
    /// by the next release's state check. Cluster releases are kept whole.
    /// </summary>
    /// <param name="minimumCellsRemoved">Do nothing unless at least this many cells (at least 1) would be removed.</param>
    /// <param name="cancellationToken">Stops before anything is written.</param>
    /// <returns>What was done (<see cref="LedgerCompactionResult.AuditRecord"/> null when nothing was).</returns>
    /// <exception cref="InvalidOperationException">The gate's release ledger is not an <see cref="ICompactableReleaseLedger"/>.</exception>
    /// <exception cref="PrivacyException">The state is damaged or unbound, or a store could not be written.</exception>
    public async Task<LedgerCompactionResult> CompactReleaseLedgerAsync(int minimumCellsRemoved = 1, CancellationToken cancellationToken = default)
    {
        var ledger = _releases as ICompactableReleaseLedger
            ?? throw new InvalidOperationException("CompactReleaseLedgerAsync needs the gate's release ledger to be an ICompactableReleaseLedger (FileReleaseLedger is).");
        await using (await _audit.LockReleasesAsync(cancellationToken).ConfigureAwait(false))
        {
            var (_, history) = await CheckStateAsync(ledger, _budget is null ? [] : [_budget], cancellationToken).ConfigureAwait(false);
            var (kept, removed) = ReleaseLedgerCompaction.Compact(history!);
            int before = history!.CellCount;
            if (removed < Math.Max(1, minimumCellsRemoved))
            {
                return new LedgerCompactionResult(history.Head, history.Head, before, before, null);
            }

            cancellationToken.ThrowIfCancellationRequested();
            var now = _time.GetUtcNow();
            long total = (history.Compaction?.CellsRemoved ?? 0) + removed;
            var head = await ledger.PrepareCompactionAsync(history.Head, new LedgerCompactionRecord(history.Head, total, now.ToString("O", CultureInfo.InvariantCulture)), kept, CancellationToken.None).ConfigureAwait(false);
            var budgetHead = _budget is null ? null : (await _budget.ReadStateAsync(CancellationToken.None).ConfigureAwait(false)).Head;
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["from"] = history.Head.ToString(),
                ["to"] = head.ToString(),
                ["releases"] = kept.Count.ToString(CultureInfo.InvariantCulture),
                ["cellsRemoved"] = removed.ToString(CultureInfo.InvariantCulture),
                ["cellsKept"] = (before - removed).ToString(CultureInfo.InvariantCulture),
            };
            string id = string.Create(CultureInfo.InvariantCulture, $"compact-{now:yyyyMMddTHHmmssZ}");
            var record = await AppendAuditAsync(new AuditEvent(now, id, "release-ledger", [new PolicyRecord("ledger-compact", parameters)], [], [], 0, AuditLogFormat.Genesis, 0)
            {
                ReleaseLedger = head,
                BudgetLedger = budgetHead,
            }).ConfigureAwait(false);
            await ledger.CommitCompactionAsync(head, CancellationToken.None).ConfigureAwait(false);
            return new LedgerCompactionResult(history.Head, head, before, before - removed, record);
        }
    }

    /// <summary>Checks, without releasing, that the audit log is intact and the ledgers still hold the heads it recorded.</summary>
    /// <param name="cancellationToken">Stops waiting for a lock.</param>
    /// <returns>The number of audit entries.</returns>
    /// <exception cref="PrivacyException">What is damaged or unbound, and where.</exception>
    public async Task<int> VerifyStateAsync(CancellationToken cancellationToken = default)
    {
        var (audit, _) = await CheckStateAsync(_releases, _budget is null ? [] : [_budget], cancellationToken).ConfigureAwait(false);
        return audit.Count;
    }

    /// <summary>The audit entry of an earlier non-cluster release of exactly these practice contributions, or null.</summary>
    private static AuditRecord? EarlierRelease(ReleaseHistory history, IReadOnlyList<AuditRecord> audit, ImmutableArray<PracticeContribution> contributions)
    {
        foreach (var release in history.Releases.Reverse())
        {
            if (release.Cluster is null && release.Practices.SequenceEqual(contributions)
                && audit.FirstOrDefault(r => r.Sequence == release.AuditSequence && string.Equals(r.Event.ReleaseId, release.ReleaseId, StringComparison.Ordinal)) is { } record)
            {
                return record;
            }
        }

        return null;
    }

    private List<IPrivacyBudgetLedger> BudgetLedgers(IEnumerable<IPrivacyBudgetLedger> fromPolicies) =>
        [.. (_budget is null ? fromPolicies : fromPolicies.Prepend(_budget)).Distinct()];

    /// <summary>The audit log (verified) and the release history, after checking every ledger against the log.</summary>
    private async Task<(IReadOnlyList<AuditRecord> Audit, ReleaseHistory? History)> CheckStateAsync(IReleaseLedger? releases, IReadOnlyList<IPrivacyBudgetLedger> budgets, CancellationToken cancellationToken)
    {
        var audit = await _audit.ReadAsync(cancellationToken).ConfigureAwait(false);
        ReleaseHistory? history = null;
        if (releases is not null)
        {
            history = await releases.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (audit.LastOrDefault(r => r.Event.ReleaseLedger is not null) is { } pending && !history.Contains(pending.Event.ReleaseLedger!)
                && releases is ICompactableReleaseLedger compactable
                && await compactable.CommitCompactionAsync(pending.Event.ReleaseLedger!, cancellationToken).ConfigureAwait(false))
            {
                // A compaction was audited but its prepared ledger not yet moved into place (the process stopped between).
                history = await releases.ReadAsync(cancellationToken).ConfigureAwait(false);
            }

            if (audit.LastOrDefault(r => r.Event.ReleaseLedger is not null) is { } bound && !history.Contains(bound.Event.ReleaseLedger!))
            {
                throw new PrivacyException(PrivacyErrors.ReleaseLedgerNotBound, $"{Where(releases)}: the release ledger does not hold what audit entry {bound.Sequence} recorded ({bound.Event.ReleaseLedger}); it has {history.Head.Count} record(s). It was deleted, emptied, truncated, rolled back or edited (or another ledger was given); refusing to release without the record of earlier releases.");
            }

            long lastAudited = history.Releases.IsEmpty ? 0 : history.Releases.Max(r => r.AuditSequence);
            if (lastAudited > audit.Count + 1)
            {
                throw new PrivacyException(PrivacyErrors.AuditLogBehindLedgers, $"{Where(releases)}: the release ledger records a release with audit entry {lastAudited}, but the audit log has {audit.Count} entr{(audit.Count == 1 ? "y" : "ies")}: the audit log was deleted, emptied or truncated (or another log was given).");
            }
        }

        foreach (var budget in budgets)
        {
            var state = await budget.ReadStateAsync(cancellationToken).ConfigureAwait(false);
            if (audit.LastOrDefault(r => r.Event.BudgetLedger is not null) is { } bound && !state.Contains(bound.Event.BudgetLedger!))
            {
                throw new PrivacyException(PrivacyErrors.BudgetLedgerNotBound, $"{Where(budget)}: the privacy-budget ledger does not hold what audit entry {bound.Sequence} recorded ({bound.Event.BudgetLedger}); it has {state.Head.Count} record(s). It was deleted, emptied, truncated, rolled back or edited (or another ledger was given); refusing to release with a budget that may have been reset.");
            }
        }

        return (audit, history);
    }

    private static string Where(object store) => store switch
    {
        FileReleaseLedger f => f.FullPath,
        FilePrivacyBudgetLedger b => b.FullPath,
        _ => store.GetType().Name,
    };

    private async Task<AuditedDisclosure> RecordAsync(Disclosure disclosure, IDisclosureSink sink, IReleaseLedger? releases, int auditEntries, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        string destination = sink is FileDisclosureSink file ? "file:" + file.Path : "sink:" + sink.GetType().FullName;
        LedgerHead? releaseHead = null;
        if (releases is not null)
        {
            // Ledger first: if the audit append then fails, the ledger is ahead of the log (allowed: it only withholds more).
            releaseHead = await releases.RecordAsync(new ReleaseEntry(disclosure.ReleaseId, auditEntries + 1, disclosure.Cells, disclosure.Practices, disclosure.Cluster), CancellationToken.None).ConfigureAwait(false);
        }

        var budget = disclosure.BudgetLedger ?? _budget;
        var budgetHead = budget is null ? null : (await budget.ReadStateAsync(CancellationToken.None).ConfigureAwait(false)).Head;
        var record = await AppendAuditAsync(new AuditEvent(_time.GetUtcNow(), disclosure.ReleaseId, destination, disclosure.Policies, disclosure.Indicators, disclosure.Strata,
            disclosure.PseudonymisedRows, disclosure.Sha256, disclosure.Content.Length)
        {
            Practices = disclosure.Cluster is { } c ? c.Practices : [.. disclosure.Practices.Select(p => p.PracticeCode)],
            ReleaseLedger = releaseHead,
            BudgetLedger = budgetHead,
        }).ConfigureAwait(false);
        return new AuditedDisclosure(disclosure, record);
    }

    private async Task<AuditRecord> AppendAuditAsync(AuditEvent auditEvent)
    {
        try
        {
            return await _audit.AppendAsync(auditEvent, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PrivacyException(PrivacyErrors.AuditLogWriteFailed, $"the audit log could not be written ({ex.Message}); nothing was sent.", ex);
        }
    }
}

/// <summary>What <see cref="DisclosureGate.ReleaseAsync(DisclosurePipeline, DisclosureRequest, IDisclosureSink, CancellationToken)"/> did.</summary>
/// <param name="Outcome">The policies' decision per cell and rate, or the refusal.</param>
/// <param name="AuditRecord">The audit entry of the release; null when refused (nothing left).</param>
public sealed record GateResult(DisclosureOutcome Outcome, AuditRecord? AuditRecord)
{
    /// <summary>True when something left the practice (for a repeat: when it left earlier).</summary>
    public bool Released => AuditRecord is not null;

    /// <summary>
    /// True when <c>DisclosureGate.ReleaseOnceAsync</c> found the same results already released: nothing was recorded
    /// or sent now; <see cref="AuditRecord"/> is the earlier release's entry and <see cref="Outcome"/> holds only a note.
    /// </summary>
    public bool IsRepeat { get; init; }

    /// <summary>
    /// True when the release was a repeat whose archived bytes had never been marked sent, so the gate handed exactly those
    /// bytes (checked against the audit entry) to the sink again (the archive overload of <c>ReleaseOnceAsync</c>).
    /// </summary>
    public bool Resent { get; init; }
}

/// <summary>What <see cref="DisclosureGate.CompactReleaseLedgerAsync"/> did.</summary>
/// <param name="From">The ledger's head before.</param>
/// <param name="To">The ledger's head after (equal to <paramref name="From"/> when nothing was done).</param>
/// <param name="CellsBefore">Cell records before.</param>
/// <param name="CellsAfter">Cell records after.</param>
/// <param name="AuditRecord">The audit entry of the compaction; null when nothing was removed (or fewer than asked).</param>
public sealed record LedgerCompactionResult(LedgerHead From, LedgerHead To, int CellsBefore, int CellsAfter, AuditRecord? AuditRecord)
{
    /// <summary>True when the ledger was compacted.</summary>
    public bool Compacted => AuditRecord is not null;
}

/// <summary>What <see cref="DisclosureGate.RegisterClusterAsync"/> did.</summary>
/// <param name="Membership">The membership now current.</param>
/// <param name="AuditRecord">The audit entry of the registration; null when the practices were already the current version's.</param>
public sealed record ClusterRegistration(ClusterMembership Membership, AuditRecord? AuditRecord);
