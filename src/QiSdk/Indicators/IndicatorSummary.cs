using System.Collections.Immutable;

namespace QiSdk.Indicators;

/// <summary>
/// The aggregate result of one indicator over one practice and period: what a summary MeasureReport carries.
/// No patient identifiers. This is the input privacy policies decide on.
/// </summary>
public sealed record IndicatorSummary
{
    /// <summary>The indicator id, e.g. <c>qof-dm020-hba1c-58</c>.</summary>
    public required string IndicatorId { get; init; }

    /// <summary>The indicator's canonical URL (ends in <c>/</c> + id).</summary>
    public required string Url { get; init; }

    /// <summary>The indicator definition's version.</summary>
    public required string Version { get; init; }

    /// <summary>Title for people.</summary>
    public required string Title { get; init; }

    /// <summary>Process or outcome.</summary>
    public required IndicatorKind Kind { get; init; }

    /// <summary>Which way is better.</summary>
    public required ImprovementDirection Direction { get; init; }

    /// <summary>Period start (inclusive), when the indicator has one.</summary>
    public DateOnly? PeriodStart { get; init; }

    /// <summary>Period end, the reference date R (inclusive).</summary>
    public required DateOnly PeriodEnd { get; init; }

    /// <summary>Counts over all patients.</summary>
    public required PopulationCounts Counts { get; init; }

    /// <summary>Counts per stratum.</summary>
    public ImmutableArray<StratumCounts> Strata { get; init; } = [];

    /// <summary>
    /// How fresh the data behind the counts is: the latest event date seen per resource type in the records read
    /// (written as the <c>data-freshness</c> extension; empty when unknown).
    /// </summary>
    public ImmutableArray<Records.ResourceFreshness> Freshness { get; init; } = [];

    /// <summary>Who the counts are about: a practice code, or a cluster id for combined results.</summary>
    public string? Reporter { get; init; }
}
