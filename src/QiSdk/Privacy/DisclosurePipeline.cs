using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using QiSdk.Indicators;
using QiSdk.Reports;

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

    /// <summary>Creates a pipeline.</summary>
    /// <param name="policies">The policies, applied in this order (at least one).</param>
    /// <param name="options">Shared settings; defaults when null.</param>
    /// <exception cref="ArgumentException">No policies, or a null policy.</exception>
    public DisclosurePipeline(IEnumerable<IDisclosurePolicy> policies, DisclosurePipelineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(policies);
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
    public DisclosureOutcome Preview(DisclosureRequest request, CancellationToken cancellationToken = default) => Run(request, true, cancellationToken);

    /// <summary>
    /// Prepares a release: runs the policies for real (differential privacy spends budget and draws noise here) and returns
    /// the <see cref="Disclosure"/> to pass to <see cref="DisclosureGate.ReleaseAsync"/>, or a refusal.
    /// </summary>
    /// <param name="request">The results to consider.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <exception cref="PrivacyException">A ledger could not be read or written.</exception>
    public DisclosureOutcome Prepare(DisclosureRequest request, CancellationToken cancellationToken = default) => Run(request, false, cancellationToken);

    private DisclosureOutcome Run(DisclosureRequest request, bool preview, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = _options.TimeProvider.GetUtcNow();
        string releaseId = string.Create(CultureInfo.InvariantCulture, $"rel-{now:yyyyMMddTHHmmssZ}-{RandomNumberGenerator.GetHexString(8, lowercase: true)}");
        var draft = new DisclosureDraft(request, preview, now, releaseId, _options.ReleaseLedger) { BoundSolver = _options.BoundSolver };
        bool localOnly = false;
        foreach (var policy in _policies)
        {
            cancellationToken.ThrowIfCancellationRequested();
            policy.Apply(draft, cancellationToken);
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

        byte[] content = Render(draft, now, cancellationToken);
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
                c.Population, c.OriginalValue, c.Value))))]);
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

    private static RateDecision Rate(DraftIndicator indicator, DraftColumn column, bool refused)
    {
        var original = new PopulationCounts(column.Cells[0].OriginalValue, column.Cells[1].OriginalValue, column.Cells[2].OriginalValue, column.Cells[3].OriginalValue, column.Cells[4].OriginalValue);
        var (score, reason) = refused ? (null, "egress refused") : ReleasedScore(column);
        return new RateDecision(indicator.Summary.IndicatorId, indicator.Summary.Reporter, column.Label, original.Score, score, reason);
    }

    /// <summary>The score from released values only; withheld when a count it depends on is withheld.</summary>
    private static (double? Score, string? Reason) ReleasedScore(DraftColumn column)
    {
        MeasurePopulation[] needed = [MeasurePopulation.Denominator, MeasurePopulation.DenominatorExclusion, MeasurePopulation.DenominatorException, MeasurePopulation.Numerator];
        var missing = needed.Where(p => column[p].IsWithheld).ToArray();
        if (missing.Length > 0)
        {
            return (null, $"{PrivacyErrors.RateWithheld} withheld because {string.Join(", ", missing.Select(IndicatorTerms.Code))} is withheld");
        }

        return (column.CurrentCounts().Score, null);
    }

    private byte[] Render(DisclosureDraft draft, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var models = new List<MeasureReportModel>();
        foreach (var indicator in draft.Indicators.Where(i => i.Cells.Any(c => !c.IsWithheld)))
        {
            var s = indicator.Summary;
            var (score, scoreNote) = ReleasedScore(indicator.Total);
            models.Add(new MeasureReportModel
            {
                Id = ReportId(s, "disclosed"),
                Type = MeasureReportType.Summary,
                IndicatorId = s.IndicatorId,
                Url = s.Url,
                Version = s.Version,
                Title = s.Title,
                Kind = s.Kind,
                Direction = s.Direction,
                PeriodStart = s.PeriodStart,
                PeriodEnd = s.PeriodEnd,
                Reporter = s.Reporter,
                Freshness = s.Freshness,
                Cells = CellsOf(indicator.Total),
                Score = score,
                ScoreNote = scoreNote is null ? null : WithheldNote,
                Strata = [.. indicator.Strata.Select(col =>
                {
                    var (stratumScore, stratumNote) = ReleasedScore(col);
                    return new ReportStratum(col.Stratifier!, col.StratumValue!, CellsOf(col), stratumScore, stratumNote is null ? null : WithheldNote);
                })],
            });
        }

        for (int r = 0; r < draft.Rows.Count; r++)
        {
            var row = draft.Rows[r];
            var s = row.Indicator;
            models.Add(new MeasureReportModel
            {
                Id = ReportId(s, "row-" + (r + 1).ToString(CultureInfo.InvariantCulture)),
                Type = MeasureReportType.Individual,
                IndicatorId = s.IndicatorId,
                Url = s.Url,
                Version = s.Version,
                Title = s.Title,
                Kind = s.Kind,
                Direction = s.Direction,
                PeriodStart = s.PeriodStart,
                PeriodEnd = s.PeriodEnd,
                Reporter = s.Reporter,
                Subject = row.Pseudonym,
                Cells = [.. row.Fields.Select(p => new ReportCell(p, (row.Populations & IndicatorTerms.Flag(p)) != 0 ? 1 : 0))],
            });
        }

        using var stream = new MemoryStream();
        MeasureReportJson.WriteBundle(stream, models, new MeasureReportWriteOptions { GeneratedAt = now, Indented = _options.Indented }, cancellationToken);
        return stream.ToArray();
    }

    private static ImmutableArray<ReportCell> CellsOf(DraftColumn column) =>
        [.. column.Cells.Select(c => c.IsWithheld ? new ReportCell(c.Population, null, WithheldNote) : new ReportCell(c.Population, c.Value) { RoundedFrom = c.RoundedFrom })];

    private static string ReportId(IndicatorSummary s, string suffix) =>
        string.Create(CultureInfo.InvariantCulture, $"{s.IndicatorId}-{s.PeriodEnd:yyyyMMdd}{(s.Reporter is null ? string.Empty : "-" + Sanitise(s.Reporter))}-{suffix}");

    private static string Sanitise(string text) => new([.. text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '-')]);
}
