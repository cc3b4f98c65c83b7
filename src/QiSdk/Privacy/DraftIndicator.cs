using System.Collections.Immutable;
using QiSdk.Indicators;

namespace QiSdk.Privacy;

/// <summary>One indicator in a draft disclosure: its metadata, a total column and one column per stratum.</summary>
public sealed class DraftIndicator
{
    internal DraftIndicator(IndicatorSummary summary, ImmutableArray<IndicatorSummary> contributors)
    {
        Summary = summary;
        Contributors = contributors;
        Total = new DraftColumn(null, null, summary.Counts);
        _strata = [.. summary.Strata.Select(s => new DraftColumn(s.Stratifier, s.Value, s.Counts))];
    }

    private List<DraftColumn> _strata;

    /// <summary>The indicator's metadata and original counts (local only).</summary>
    public IndicatorSummary Summary { get; }

    /// <summary>The total column.</summary>
    public DraftColumn Total { get; }

    /// <summary>The stratum columns, in the order given.</summary>
    public IReadOnlyList<DraftColumn> Strata => _strata;

    /// <summary>Total column first, then the strata.</summary>
    public IEnumerable<DraftColumn> Columns => Strata.Prepend(Total);

    /// <summary>Every cell of every column.</summary>
    public IEnumerable<DraftCell> Cells => Columns.SelectMany(c => c.Cells);

    /// <summary>True when the whole indicator is withheld.</summary>
    public bool IsWithheld { get; private set; }

    /// <summary>Why the indicator was withheld, for the local preview.</summary>
    public string? WithheldReason { get; private set; }

    /// <summary>The stable reason code when withheld.</summary>
    public string? WithheldReasonCode { get; private set; }

    /// <summary>The policy that withheld it.</summary>
    public string? WithheldBy { get; private set; }

    /// <summary>The per-practice summaries combined into this one (cluster aggregates), otherwise empty. Local only.</summary>
    internal ImmutableArray<IndicatorSummary> Contributors { get; }

    /// <summary>
    /// Attackers inside the release (set by cluster-aggregate): per member coalition, what the other practices' counts are
    /// per column and what the coalition contributed itself. A later policy (small-number-suppression) checks these views
    /// with its own threshold and width too, so a stricter profile after the cluster policy protects every practice's
    /// hidden counts by its own rule, not only by the cluster policy's threshold.
    /// </summary>
    internal IReadOnlyList<(PopulationCounts[] Truth, PopulationCounts[]? Own, string Label)> InsiderViews { get; set; } = [];

    /// <summary>
    /// Gives the indicator exactly the strata of <paramref name="universe"/>, in that order: missing ones are added with
    /// zero counts, others (and duplicates) are dropped. Used where the release's shape must not depend on the data.
    /// </summary>
    /// <returns>The labels of the strata dropped.</returns>
    internal List<string> FixStrata(IReadOnlyList<(string Stratifier, string Value)> universe)
    {
        var byKey = new Dictionary<(string, string), DraftColumn>();
        foreach (var column in _strata)
        {
            byKey.TryAdd((column.Stratifier!, column.StratumValue!), column);
        }

        var keep = universe.Select(k => byKey.TryGetValue(k, out var c) ? c : new DraftColumn(k.Stratifier, k.Value, PopulationCounts.Zero)).ToList();
        var dropped = _strata.Where(c => !keep.Contains(c)).Select(c => c.Label).ToList();
        _strata = keep;
        return dropped;
    }

    /// <summary>Withholds the whole indicator and every cell in it.</summary>
    /// <param name="policy">The policy's name.</param>
    /// <param name="reasonCode">Stable reason code.</param>
    /// <param name="reason">Why, for the local preview.</param>
    public void Withhold(string policy, string reasonCode, string reason)
    {
        if (IsWithheld)
        {
            return;
        }

        IsWithheld = true;
        WithheldBy = policy;
        WithheldReasonCode = reasonCode;
        WithheldReason = reason;
        foreach (var cell in Cells)
        {
            cell.Withhold(policy, reasonCode, reason);
        }
    }
}
