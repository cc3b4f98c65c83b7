using System.Collections.Immutable;
using QiSdk.Indicators;

namespace QiSdk.Privacy;

/// <summary>
/// A disclosure being prepared by a <see cref="DisclosurePipeline"/>: what the policies have decided so far. Local only;
/// created by the pipeline, never by callers, and never handed to a sink.
/// </summary>
public sealed class DisclosureDraft
{
    private readonly List<DraftIndicator> _indicators;
    private readonly List<string> _notes = [];

    internal DisclosureDraft(DisclosureRequest request, bool isPreview, DateTimeOffset now, string releaseId, ReleaseHistory? releaseLedger)
    {
        ReleaseId = releaseId;
        _indicators = [.. request.EffectiveSummaries.Select(s => new DraftIndicator(s, []))];
        PatientResults = request.Results.IsDefault ? [] : request.Results;
        IsPreview = isPreview;
        Now = now;
        ReleaseLedger = releaseLedger;
    }

    /// <summary>The indicators under consideration.</summary>
    public IReadOnlyList<DraftIndicator> Indicators => _indicators;

    /// <summary>Patient-level results (local; empty when only summaries were given).</summary>
    public ImmutableArray<IndicatorResult> PatientResults { get; }

    /// <summary>True when nothing will leave (preview): policies must not spend budget or record releases.</summary>
    public bool IsPreview { get; }

    /// <summary>The time of the run (from the pipeline's <see cref="TimeProvider"/>).</summary>
    public DateTimeOffset Now { get; }

    /// <summary>The id this release will have in the audit log and the ledgers.</summary>
    public string ReleaseId { get; }

    /// <summary>True when a policy refused egress altogether.</summary>
    public bool IsRefused => RefusalCode is not null;

    /// <summary>The refusal's stable code, or null.</summary>
    public string? RefusalCode { get; private set; }

    /// <summary>Why egress was refused, or null.</summary>
    public string? RefusalReason { get; private set; }

    /// <summary>Notes policies left for the preview (e.g. budget that a release would spend).</summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <summary>Refuses egress: the pipeline produces no disclosure (the first refusal is kept).</summary>
    /// <param name="code">Stable code.</param>
    /// <param name="reason">Why.</param>
    public void Refuse(string code, string reason)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(reason);
        if (RefusalCode is null)
        {
            RefusalCode = code;
            RefusalReason = reason;
        }
    }

    /// <summary>Adds a note for the preview.</summary>
    /// <param name="note">The note.</param>
    public void AddNote(string note)
    {
        ArgumentNullException.ThrowIfNull(note);
        _notes.Add(note);
    }

    /// <summary>Earlier releases (read once, under the release lock when released through the gate); null = none kept.</summary>
    internal ReleaseHistory? ReleaseLedger { get; }

    /// <summary>The budget ledger a differential-privacy policy spent from (bound to the audit log by the gate).</summary>
    internal IPrivacyBudgetLedger? BudgetLedger { get; set; }

    /// <summary>The registered membership a <c>cluster-aggregate</c> policy released for.</summary>
    internal ClusterMembership? Cluster { get; set; }

    /// <summary>The exact bound solver for secondary suppression (null: the conservative built-in check).</summary>
    internal IDisclosureBoundSolver? BoundSolver { get; init; }

    /// <summary>Pseudonymised patient-level rows cleared for release.</summary>
    internal List<PseudonymisedRow> Rows { get; } = [];

    /// <summary>Policies that ran, with their parameters, in order (for the audit log).</summary>
    internal List<(string Name, IReadOnlyDictionary<string, string> Parameters)> AppliedPolicies { get; } = [];

    internal void ReplaceIndicators(IEnumerable<DraftIndicator> indicators)
    {
        var list = indicators.ToList();
        _indicators.Clear();
        _indicators.AddRange(list);
    }
}

/// <summary>One pseudonymised patient-level row: indicator, pseudonym, and the named populations the patient is in.</summary>
internal sealed record PseudonymisedRow(IndicatorSummary Indicator, string Pseudonym, string KeyVersion, ImmutableArray<MeasurePopulation> Fields, PopulationMembership Populations);
