using System.Collections.Immutable;
using QiSdk.Indicators;

namespace QiSdk.Feedback;

/// <summary>How a practice's rate reads against the cluster, with the indicator's improvement direction applied.</summary>
public enum ComparisonSignal
{
    /// <summary>Inside the 95% funnel limits (or uncertain because of rounding).</summary>
    AsExpected,

    /// <summary>Beyond the 95% limit on the better side (above when higher is better, below when lower is better).</summary>
    Better,

    /// <summary>Beyond the 95% limit on the worse side.</summary>
    Worse,

    /// <summary>A count the rate needs was withheld by the practice's privacy policy.</summary>
    Withheld,
}

/// <summary>Where a rate lies against the 95% funnel limits, before the improvement direction is applied.</summary>
public enum LimitPosition
{
    /// <summary>Between the 95% limits, or not clearly outside them once rounding is allowed for.</summary>
    Within,

    /// <summary>Above the upper 95% limit for every true count consistent with the release.</summary>
    Above,

    /// <summary>Below the lower 95% limit for every true count consistent with the release.</summary>
    Below,
}

/// <summary>Funnel-plot control limits at one denominator, as proportions 0..1 (exact binomial, Spiegelhalter 2005).</summary>
/// <param name="Lower95">Lower 95% limit (2.5% quantile / n).</param>
/// <param name="Upper95">Upper 95% limit (97.5% quantile / n).</param>
/// <param name="Lower998">Lower 99.8% limit (0.1% quantile / n).</param>
/// <param name="Upper998">Upper 99.8% limit (99.9% quantile / n).</param>
public sealed record FunnelLimits(double Lower95, double Upper95, double Lower998, double Upper998);

/// <summary>The latest event date of one resource type and its lag to the reference date.</summary>
/// <param name="ResourceType">The FHIR resource type.</param>
/// <param name="LatestEventDate">Latest event date seen.</param>
/// <param name="LagDays">Days from that date to the reference date (negative when events are later than it).</param>
/// <param name="IsStale">True when the lag is longer than the staleness threshold.</param>
public sealed record ResourceLag(string ResourceType, DateOnly LatestEventDate, int LagDays, bool IsStale);

/// <summary>How fresh one practice's data is at the reference date.</summary>
/// <param name="ReferenceDate">The period end the results are for.</param>
/// <param name="Resources">Per resource type; empty when the release does not carry freshness.</param>
/// <param name="LatestEventDate">The latest event date over all types; null when unknown.</param>
/// <param name="LagDays">Its lag to the reference date; null when unknown.</param>
/// <param name="IsStale">True when even the latest event is older than the threshold (default 3 months) before the reference date.</param>
public sealed record PracticeFreshness(DateOnly ReferenceDate, ImmutableArray<ResourceLag> Resources, DateOnly? LatestEventDate, int? LagDays, bool IsStale)
{
    /// <summary>False when the release carried no freshness information.</summary>
    public bool IsKnown => LatestEventDate is not null;
}

/// <summary>One practice's row for one indicator.</summary>
public sealed record PracticeComparison
{
    /// <summary>The practice code.</summary>
    public required string Practice { get; init; }

    /// <summary>Released numerator; null when withheld.</summary>
    public int? Numerator { get; init; }

    /// <summary>Released effective denominator (denominator - exclusions - exceptions); null when withheld.</summary>
    public int? Denominator { get; init; }

    /// <summary>Released rate 0..1; null when withheld or the denominator is zero.</summary>
    public double? Rate { get; init; }

    /// <summary>95% Wilson interval, widened to the worst case over every count consistent with rounding; null when withheld.</summary>
    public ProportionInterval? Ci95 { get; init; }

    /// <summary>True when a count behind the rate was rounded (so the interval was widened).</summary>
    public bool Rounded { get; init; }

    /// <summary>Funnel limits at the practice's released denominator around the pooled rate; null when withheld.</summary>
    public FunnelLimits? Funnel { get; init; }

    /// <summary>Where the rate lies against the 95% limits; null when withheld.</summary>
    public LimitPosition? Position { get; init; }

    /// <summary>True when the rate is beyond a 99.8% limit for every count consistent with rounding (an "alarm" in Spiegelhalter's terms).</summary>
    public bool Beyond998 { get; init; }

    /// <summary>The position read with the improvement direction.</summary>
    public required ComparisonSignal Signal { get; init; }

    /// <summary>How fresh the practice's data is.</summary>
    public required PracticeFreshness Freshness { get; init; }
}

/// <summary>Pooled counts over the practices whose rate was released.</summary>
/// <param name="Numerator">Sum of released numerators.</param>
/// <param name="Denominator">Sum of released effective denominators.</param>
/// <param name="Rate">Pooled rate 0..1; null when the denominator is zero.</param>
/// <param name="Practices">Practices pooled.</param>
/// <param name="Withheld">Practices left out because a count was withheld.</param>
public sealed record ClusterTotals(int Numerator, int Denominator, double? Rate, int Practices, int Withheld)
{
    /// <summary>95% Wilson interval of the pooled rate; null without a denominator.</summary>
    public ProportionInterval? Ci95 => Denominator > 0 ? ProportionInterval.Wilson(Numerator, Denominator) : null;
}

/// <summary>A reference rate for cluster-only comparison (national or board average), given as input.</summary>
/// <param name="IndicatorId">The indicator.</param>
/// <param name="Rate">The reference rate 0..1.</param>
/// <param name="Label">Where it comes from, e.g. <c>national 2024/25</c>.</param>
public sealed record ReferenceRate(string IndicatorId, double Rate, string Label);

/// <summary>The cluster in one period (cluster-only mode): its pooled rate against a reference.</summary>
/// <param name="PeriodStart">Period start, when given.</param>
/// <param name="PeriodEnd">Period end.</param>
/// <param name="Totals">The pooled counts.</param>
public sealed record ClusterPeriod(DateOnly? PeriodStart, DateOnly PeriodEnd, ClusterTotals Totals);

/// <summary>The cluster's latest period against one reference rate (its own history, or a rate given as input).</summary>
/// <param name="Label">What the reference is, e.g. <c>cluster history</c> or <c>national 2024/25</c>.</param>
/// <param name="Rate">The reference rate.</param>
/// <param name="Funnel">Limits around the reference rate at the cluster's denominator.</param>
/// <param name="Signal">The cluster's latest rate read against them.</param>
public sealed record ReferenceComparison(string Label, double Rate, FunnelLimits Funnel, ComparisonSignal Signal);

/// <summary>One indicator across the cluster.</summary>
public sealed record IndicatorComparison
{
    /// <summary>The indicator id.</summary>
    public required string IndicatorId { get; init; }

    /// <summary>Its title.</summary>
    public required string Title { get; init; }

    /// <summary>Which way is better.</summary>
    public required ImprovementDirection Direction { get; init; }

    /// <summary>Period start, when given.</summary>
    public DateOnly? PeriodStart { get; init; }

    /// <summary>Period end (the same for every practice: differing periods are never compared).</summary>
    public required DateOnly PeriodEnd { get; init; }

    /// <summary>The pooled cluster counts (latest period in cluster-only mode).</summary>
    public required ClusterTotals Cluster { get; init; }

    /// <summary>Per practice, sorted by code; empty in cluster-only mode.</summary>
    public ImmutableArray<PracticeComparison> Practices { get; init; } = [];

    /// <summary>Cluster-only mode: the cluster in every period released, oldest first.</summary>
    public ImmutableArray<ClusterPeriod> History { get; init; } = [];

    /// <summary>Cluster-only mode: the latest period against its own earlier periods and against reference rates.</summary>
    public ImmutableArray<ReferenceComparison> References { get; init; } = [];
}

/// <summary>One statement of a practice's strengths or opportunities, with the numbers behind it.</summary>
/// <param name="IndicatorId">The indicator.</param>
/// <param name="Title">Its title.</param>
/// <param name="Signal"><see cref="ComparisonSignal.Better"/> (a strength) or <see cref="ComparisonSignal.Worse"/> (an opportunity).</param>
/// <param name="Rate">The practice's rate.</param>
/// <param name="Numerator">Its numerator.</param>
/// <param name="Denominator">Its denominator.</param>
/// <param name="ClusterRate">The pooled cluster rate.</param>
/// <param name="Limit">The 95% limit it is beyond.</param>
/// <param name="Text">The statement, e.g. "Better than the cluster on ...: 82.0% (41/50) vs cluster 70.0% (95% limit 79.5%; higher is better)".</param>
public sealed record PracticeStatement(string IndicatorId, string Title, ComparisonSignal Signal, double Rate, int Numerator, int Denominator, double ClusterRate, double Limit, string Text);

/// <summary>Why a pair was made: one practice leads the other on one headline indicator.</summary>
/// <param name="Leader">The practice that leads.</param>
/// <param name="Other">The practice that is weaker there.</param>
/// <param name="IndicatorId">The indicator.</param>
/// <param name="Title">Its title.</param>
/// <param name="LeaderRate">The leader's rate.</param>
/// <param name="OtherRate">The other's rate.</param>
public sealed record PairLead(string Leader, string Other, string IndicatorId, string Title, double LeaderRate, double OtherRate);

/// <summary>A reciprocal peer-review pair (or trio, when the cluster size is odd).</summary>
/// <param name="Practices">Two practices (three for the trio of an odd cluster), sorted by code.</param>
/// <param name="Score">The complementarity score of the pair (for a trio, of its core pair); see docs/feedback.md.</param>
/// <param name="Leads">What each leads on (at most one per practice).</param>
/// <param name="Reason">One sentence, e.g. "A leads on X (80% vs 55%) where B is weaker; B leads on Y (70% vs 40%) where A is weaker."</param>
public sealed record PeerPair(ImmutableArray<string> Practices, double Score, ImmutableArray<PairLead> Leads, string Reason);

/// <summary>The result of comparing a cluster's released results: what <c>comparison.json</c> and the report show.</summary>
public sealed record ClusterComparison
{
    /// <summary>Period start, when the indicators share one.</summary>
    public DateOnly? PeriodStart { get; init; }

    /// <summary>Period end (the latest one in cluster-only mode).</summary>
    public required DateOnly PeriodEnd { get; init; }

    /// <summary>The practices, sorted by code (as letters in a copy made for one practice).</summary>
    public required ImmutableArray<string> Practices { get; init; }

    /// <summary>True for cluster-only mode: no per-practice rows.</summary>
    public bool ClusterOnly { get; init; }

    /// <summary>The practice a copy was made for (<see cref="ClusterComparer.ForPractice"/>); null for the full comparison.</summary>
    public string? ForPractice { get; init; }

    /// <summary>Per indicator, in the order first seen.</summary>
    public required ImmutableArray<IndicatorComparison> Indicators { get; init; }

    /// <summary>The headline indicators used for pairing.</summary>
    public ImmutableArray<string> Headline { get; init; } = [];

    /// <summary>Reciprocal peer-review pairs over the headline indicators.</summary>
    public ImmutableArray<PeerPair> Pairs { get; init; } = [];

    /// <summary>Per practice: strengths (better) first, then opportunities (worse).</summary>
    public ImmutableSortedDictionary<string, ImmutableArray<PracticeStatement>> Strengths { get; init; } = ImmutableSortedDictionary<string, ImmutableArray<PracticeStatement>>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Practices whose data is stale at the reference date.</summary>
    public ImmutableArray<string> StalePractices { get; init; } = [];

    /// <summary>Practices or indicators left out, each with its reason (nothing is dropped silently).</summary>
    public ImmutableArray<string> Notes { get; init; } = [];
}

/// <summary>Options for <see cref="ClusterComparer.Compare"/>.</summary>
public sealed record ComparisonOptions
{
    /// <summary>Headline indicators for pairing; empty: the four with the most released practices (then largest pooled denominator, then id).</summary>
    public ImmutableArray<string> Headline { get; init; } = [];

    /// <summary>How many headline indicators to choose when <see cref="Headline"/> is empty (default 4).</summary>
    public int DefaultHeadlineCount { get; init; } = 4;

    /// <summary>Cluster-only mode: pooled rates, history and reference rates; no per-practice rows, no pairs, no strengths.</summary>
    public bool ClusterOnly { get; init; }

    /// <summary>Reference rates (national, board) for cluster-only mode.</summary>
    public ImmutableArray<ReferenceRate> ReferenceRates { get; init; } = [];

    /// <summary>Data older than this many months before the reference date is stale (default 3).</summary>
    public int StaleAfterMonths { get; init; } = 3;
}
