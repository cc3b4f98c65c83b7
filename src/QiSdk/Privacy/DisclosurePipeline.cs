using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using QiSdk.Indicators;

namespace QiSdk.Privacy;

/// <summary>
/// Runs privacy policies in order over a <see cref="DisclosureRequest"/> and produces either a <see cref="Disclosure"/>
/// (the only thing a sink accepts) or a refusal. Deny by default: a count no policy cleared is withheld, and a run that
/// clears nothing is refused (QI4002). Rates are recomputed from the protected counts; a rate is withheld when any count
/// it depends on is. In the disclosed JSON every withheld cell carries the same note, so primary and secondary
/// suppressions cannot be told apart. Thread-safe if its policies are.
/// </summary>
public sealed class DisclosurePipeline
{
    internal const string WithheldNote = "withheld by privacy policy";
    private readonly ImmutableArray<IDisclosurePolicy> _policies;
    private readonly DisclosurePipelineOptions _options;
    private readonly IDisclosureRenderer _renderer;

    /// <summary>
    /// Creates a pipeline that renders what it releases with <paramref name="renderer"/> (the reports stage's writer: the
    /// privacy stage decides, it does not write documents). Hosts create one with
    /// <c>QiSdk.Reports.MeasureReportDisclosure.CreatePipeline</c>.
    /// </summary>
    /// <param name="policies">The policies, applied in this order (at least one).</param>
    /// <param name="renderer">Writes the released cells and rows as the disclosed document.</param>
    /// <param name="options">Shared settings; defaults when null.</param>
    /// <exception cref="ArgumentException">No policies, or a null policy.</exception>
    internal DisclosurePipeline(IEnumerable<IDisclosurePolicy> policies, IDisclosureRenderer renderer, DisclosurePipelineOptions? options)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(renderer);
        _renderer = renderer;
        _policies = [.. policies];
        if (_policies.IsEmpty || _policies.Any(p => p is null))
        {
            throw new ArgumentException("A disclosure pipeline needs at least one policy and no null entries.", nameof(policies));
        }

        _options = options ?? new DisclosurePipelineOptions();
    }

    /// <summary>The policies in order.</summary>
    public ImmutableArray<IDisclosurePolicy> Policies => _policies;

    /// <summary>Shows what would leave and why, without spending privacy budget or recording anything.</summary>
    /// <param name="request">The results to consider.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <exception cref="PrivacyException">A ledger could not be read.</exception>
    public Task<DisclosureOutcome> PreviewAsync(DisclosureRequest request, CancellationToken cancellationToken = default) => RunAsync(request, true, null, cancellationToken);

    /// <summary>
    /// Prepares a release: runs the policies for real (differential privacy spends budget and draws noise here) and returns
    /// the <see cref="Disclosure"/> to pass to <see cref="DisclosureGate.ReleaseAsync(Disclosure, IDisclosureSink, CancellationToken)"/>,
    /// or a refusal. Prefer <see cref="DisclosureGate.ReleaseAsync(DisclosurePipeline, DisclosureRequest, IDisclosureSink, CancellationToken)"/>,
    /// which prepares and records under one lock.
    /// </summary>
    /// <param name="request">The results to consider.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <exception cref="PrivacyException">A ledger could not be read or written, or a profile that protects nothing was used.</exception>
    public Task<DisclosureOutcome> PrepareAsync(DisclosureRequest request, CancellationToken cancellationToken = default) => RunAsync(request, false, null, cancellationToken);

    /// <summary>Synchronous <see cref="PreviewAsync"/> (blocks the calling thread on the ledger reads).</summary>
    /// <param name="request">The results to consider.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <exception cref="PrivacyException">A ledger could not be read.</exception>
    public DisclosureOutcome Preview(DisclosureRequest request, CancellationToken cancellationToken = default) =>
        Task.Run(() => PreviewAsync(request, cancellationToken), cancellationToken).GetAwaiter().GetResult();

    /// <summary>Synchronous <see cref="PrepareAsync"/> (blocks the calling thread on the ledger reads and budget spend).</summary>
    /// <param name="request">The results to consider.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <exception cref="PrivacyException">A ledger could not be read or written.</exception>
    public DisclosureOutcome Prepare(DisclosureRequest request, CancellationToken cancellationToken = default) =>
        Task.Run(() => PrepareAsync(request, cancellationToken), cancellationToken).GetAwaiter().GetResult();

    /// <summary>The budget ledgers of the pipeline's differential-privacy policies (bound to the audit log by the gate).</summary>
    internal IEnumerable<IPrivacyBudgetLedger> BudgetLedgers => _policies.OfType<DifferentialPrivacyPolicy>().Select(p => p.BudgetLedger);

    /// <summary>The release ledger the pipeline checks against (null = none).</summary>
    internal IReleaseLedger? ReleaseLedger => _options.ReleaseLedger;

    internal async Task<DisclosureOutcome> RunAsync(DisclosureRequest request, bool preview, ReleaseHistory? history, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!preview)
        {
            RejectProfilesThatProtectNothing();
        }

        if (history is null && _options.ReleaseLedger is { } ledger)
        {
            history = await ledger.ReadAsync(cancellationToken).ConfigureAwait(false);
        }

        var now = _options.TimeProvider.GetUtcNow();
        string releaseId = string.Create(CultureInfo.InvariantCulture, $"rel-{now:yyyyMMddTHHmmssZ}-{RandomNumberGenerator.GetHexString(8, lowercase: true)}");
        var summaries = request.EffectiveSummaries;
        var practices = Contributions(summaries);
        // Under local-only nothing can leave, so identity does not matter: its own refusal (QI4001) is the answer.
        var identityProblem = _policies.Any(p => p is LocalOnlyPolicy) ? null : IdentityProblem(summaries, practices, history, preview);
        var draft = new DisclosureDraft(request, preview, now, releaseId, history) { BoundSolver = _options.BoundSolver };
        if (identityProblem is { } problem)
        {
            draft.Refuse(problem.Code, problem.Reason);
        }

        bool localOnly = false;
        foreach (var policy in draft.IsRefused ? ImmutableArray<IDisclosurePolicy>.Empty : _policies)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (policy is IAsyncDisclosurePolicy asynchronous)
            {
                await asynchronous.ApplyAsync(draft, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                policy.Apply(draft, cancellationToken);
            }

            draft.AppliedPolicies.Add((policy.Name, policy.Parameters));
            localOnly |= policy is LocalOnlyPolicy;
            if (draft.IsRefused)
            {
                break;
            }
        }

        if (!draft.IsRefused)
        {
            foreach (var cell in draft.Indicators.SelectMany(i => i.Cells).Where(c => c.State == CellState.Unprotected))
            {
                cell.Withhold("(deny by default)", PrivacyErrors.CellDeniedByDefault, "no policy in the pipeline cleared this value for release (deny by default)");
            }

            if (!draft.Indicators.SelectMany(i => i.Cells).Any(c => !c.IsWithheld) && draft.Rows.Count == 0)
            {
                draft.Refuse(PrivacyErrors.NothingReleasable, $"nothing would leave: every value was withheld by [{string.Join(", ", _policies.Select(p => p.Name))}] (add a releasing policy such as small-number-suppression, cluster-aggregate or differential-privacy).");
            }
        }

        var cells = draft.Indicators.SelectMany(i => i.Columns.SelectMany(col => col.Cells.Select(c => new CellDecision(
            i.Summary.IndicatorId, i.Summary.Reporter, col.Label, c.Population, c.OriginalValue,
            c.IsWithheld || draft.IsRefused ? null : c.Value, draft.IsRefused ? CellState.Withheld : c.State, c.ReasonCode ?? draft.RefusalCode, c.Reason ?? draft.RefusalReason, c.Policy)))).ToImmutableArray();
        var rates = draft.Indicators.SelectMany(i => i.Columns.Select(col => Rate(i, col, draft.IsRefused))).ToImmutableArray();

        if (draft.IsRefused)
        {
            return new DisclosureOutcome
            {
                ReleaseId = releaseId,
                IsPreview = preview,
                RefusalCode = draft.RefusalCode,
                RefusalReason = draft.RefusalReason,
                Cells = cells,
                Rates = rates,
                Notes = [.. draft.Notes],
                LocalDetail = localOnly ? draft.PatientResults : [],
            };
        }

        byte[] content = _renderer.Render(draft, now, _options.Indented, cancellationToken);
        bool noisedPreview = preview && draft.Indicators.SelectMany(i => i.Cells).Any(c => c.ReasonCode == PrivacyErrors.CellNoised);
        Disclosure? disclosure = preview ? null : new Disclosure(
            releaseId,
            now,
            content,
            [.. draft.AppliedPolicies.Select(p => new PolicyRecord(p.Name, p.Parameters))],
            [.. draft.Indicators.Where(i => i.Cells.Any(c => !c.IsWithheld)).Select(i => i.Summary.IndicatorId).Distinct(StringComparer.Ordinal)],
            [.. draft.Indicators.SelectMany(i => i.Strata).Where(s => s.Cells.Any(c => !c.IsWithheld)).Select(s => s.Label).Distinct(StringComparer.Ordinal)],
            draft.Rows.Count,
            [.. draft.Indicators.SelectMany(i => i.Columns.SelectMany(col => col.Cells.Where(c => !c.IsWithheld).Select(c => new ReleasedCell(
                releaseId, i.Summary.IndicatorId, i.Summary.Reporter, i.Summary.PeriodStart, i.Summary.PeriodEnd, col.Stratifier, col.StratumValue,
                c.Population, c.OriginalValue, c.Value))))])
        {
            Practices = practices,
            Cluster = draft.Cluster,
            CheckedAgainst = history?.Head,
            BudgetLedger = draft.BudgetLedger,
        };
        return new DisclosureOutcome
        {
            ReleaseId = releaseId,
            IsPreview = preview,
            Disclosure = disclosure,
            Cells = cells,
            Rates = rates,
            Notes = [.. draft.Notes],
            Content = noisedPreview ? null : (ReadOnlyMemory<byte>?)content,
            LocalDetail = localOnly ? draft.PatientResults : [],
        };
    }

    /// <summary>Refuses (QI4012) a small-number profile whose threshold disables protection, such as <c>custom:0</c>; preview only.</summary>
    private void RejectProfilesThatProtectNothing()
    {
        foreach (var policy in _policies.OfType<SmallNumberSuppressionPolicy>())
        {
            if (policy.Parameters.TryGetValue("threshold", out string? t) && t == "0"
                && policy.Parameters.TryGetValue("rounding", out string? r) && r != "block-midpoint")
            {
                throw new PrivacyException(PrivacyErrors.InvalidSuppressionProfile, $"small-number-suppression: the profile {policy.Parameters["profile"]} (custom:0) suppresses nothing and does not protect small counts; it is allowed in preview only. Use nhs, cms, midpoint6 or custom:T with T >= 1.");
            }
        }
    }

    /// <summary>One contribution per practice: its code and the hash of its results' content.</summary>
    internal static ImmutableArray<PracticeContribution> Contributions(ImmutableArray<IndicatorSummary> summaries) =>
        [.. summaries.Where(s => !string.IsNullOrWhiteSpace(s.Reporter)).GroupBy(s => s.Reporter!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new PracticeContribution(g.Key, ReleaseHistory.ContentHash(g)))];

    /// <summary>
    /// Identity checks, before any policy: a release needs a practice code on every result (never a folder name); one
    /// practice may not supply the same indicator and period twice; results whose content was already released under
    /// another practice code (or given twice under two codes) are refused. All-zero results are exempt from the content
    /// check (they reveal nothing and are common to every empty practice).
    /// </summary>
    private static (string Code, string Reason)? IdentityProblem(ImmutableArray<IndicatorSummary> summaries, ImmutableArray<PracticeContribution> practices, ReleaseHistory? history, bool preview)
    {
        if (!preview && summaries.FirstOrDefault(s => string.IsNullOrWhiteSpace(s.Reporter)) is { } anonymous)
        {
            return (PrivacyErrors.MissingReporter, $"the result for {anonymous.IndicatorId} names no practice (reporter); releases, ledgers and budgets are kept per practice identity, so run 'qi evaluate --practice CODE' (or set QiSdkOptions.PracticeCode).");
        }

        if (summaries.Where(s => s.Reporter is not null).GroupBy(s => (s.Reporter, s.IndicatorId, s.Version, s.PeriodStart, s.PeriodEnd)).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            return (PrivacyErrors.DuplicateReporter, $"practice '{twice.Key.Reporter}' supplied {twice.Key.IndicatorId} for the period ending {twice.Key.PeriodEnd:yyyy-MM-dd} more than once (the same results given twice, e.g. from two folders).");
        }

        var nonTrivial = practices.Where(p => summaries.Any(s => s.Reporter == p.PracticeCode && !IsAllZero(s))).ToList();
        if (nonTrivial.GroupBy(p => p.ContentSha256, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } same)
        {
            return (PrivacyErrors.DuplicateReporter, $"practices {string.Join(" and ", same.Select(p => "'" + p.PracticeCode + "'"))} supplied identical results (content SHA-256 {same.Key[..12]}...): the same practice under two codes.");
        }

        if (history is not null)
        {
            foreach (var p in nonTrivial)
            {
                var earlier = history.Releases.SelectMany(r => r.Practices.Select(c => (Release: r.ReleaseId, Contribution: c)))
                    .FirstOrDefault(x => x.Contribution.ContentSha256 == p.ContentSha256 && x.Contribution.PracticeCode != p.PracticeCode);
                if (earlier.Contribution is not null)
                {
                    return (PrivacyErrors.ResultsReleasedUnderAnotherPractice, $"the results of '{p.PracticeCode}' are identical to those released as practice '{earlier.Contribution.PracticeCode}' in {earlier.Release}: a practice keeps one identity (its ledger and budget), so this release is refused.");
                }
            }
        }

        return null;
    }

    private static bool IsAllZero(IndicatorSummary s) =>
        s.Counts == PopulationCounts.Zero && s.Strata.All(st => st.Counts == PopulationCounts.Zero);

    private static RateDecision Rate(DraftIndicator indicator, DraftColumn column, bool refused)
    {
        var original = new PopulationCounts(column.Cells[0].OriginalValue, column.Cells[1].OriginalValue, column.Cells[2].OriginalValue, column.Cells[3].OriginalValue, column.Cells[4].OriginalValue);
        var (score, reason) = refused ? (null, "egress refused") : ReleasedScore(column);
        return new RateDecision(indicator.Summary.IndicatorId, indicator.Summary.Reporter, column.Label, original.Score, score, reason);
    }

    /// <summary>The score from released values only; withheld when a count it depends on is withheld.</summary>
    internal static (double? Score, string? Reason) ReleasedScore(DraftColumn column)
    {
        MeasurePopulation[] needed = [MeasurePopulation.Denominator, MeasurePopulation.DenominatorExclusion, MeasurePopulation.DenominatorException, MeasurePopulation.Numerator];
        var missing = needed.Where(p => column[p].IsWithheld).ToArray();
        if (missing.Length > 0)
        {
            return (null, $"{PrivacyErrors.RateWithheld} withheld because {string.Join(", ", missing.Select(IndicatorTerms.Code))} is withheld");
        }

        return (column.CurrentCounts().Score, null);
    }
}
