using System.Collections.Immutable;
using QiSdk.Indicators;
using QiSdk.Records;

namespace QiSdk.Feedback;

/// <summary>One indicator at one reference date.</summary>
/// <param name="Date">The reference date.</param>
/// <param name="Counts">The population counts.</param>
/// <param name="Rate">numerator / effective denominator; null when that is zero.</param>
/// <param name="Ci95">The 95% Wilson interval; null without a rate.</param>
/// <param name="Lower3Sigma">p-chart lower limit at this point's denominator (centre - 3 sigma, at least 0); null without a rate.</param>
/// <param name="Upper3Sigma">p-chart upper limit (centre + 3 sigma, at most 1); null without a rate.</param>
/// <param name="SpecialCause">True when the rate is outside its p-chart limits.</param>
public sealed record TrendPoint(DateOnly Date, PopulationCounts Counts, double? Rate, ProportionInterval? Ci95, double? Lower3Sigma, double? Upper3Sigma, bool SpecialCause);

/// <summary>A run-chart or p-chart signal and the dates it covers.</summary>
/// <param name="Rule"><c>shift</c>, <c>trend</c>, <c>too-few-runs</c>, <c>too-many-runs</c> or <c>outside-3-sigma</c>.</param>
/// <param name="From">First date covered.</param>
/// <param name="To">Last date covered.</param>
/// <param name="Description">What was seen, e.g. "8 points above the median".</param>
public sealed record TrendSignal(string Rule, DateOnly From, DateOnly To, string Description);

/// <summary>The run-chart reading of one series (NHS "Making Data Count" run rules).</summary>
/// <param name="Median">Median of the rates; null when there is no rate.</param>
/// <param name="UsefulObservations">Points not on the median (the ones runs are counted over).</param>
/// <param name="Runs">Number of runs (sequences of points on one side of the median).</param>
/// <param name="FewestExpectedRuns">Fewer runs than this is "too few" (exact Swed-Eisenhart distribution, 2.5% tail); null when too few points.</param>
/// <param name="MostExpectedRuns">More runs than this is "too many" (2.5% tail); null when too few points.</param>
/// <param name="Signals">Shifts, trends and run-count signals.</param>
public sealed record RunChart(double? Median, int UsefulObservations, int Runs, int? FewestExpectedRuns, int? MostExpectedRuns, ImmutableArray<TrendSignal> Signals);

/// <summary>One indicator over a series of reference dates.</summary>
public sealed record IndicatorTrend
{
    /// <summary>The indicator id.</summary>
    public required string IndicatorId { get; init; }

    /// <summary>Its title.</summary>
    public required string Title { get; init; }

    /// <summary>Which way is better.</summary>
    public required ImprovementDirection Direction { get; init; }

    /// <summary>One point per reference date, oldest first.</summary>
    public required ImmutableArray<TrendPoint> Points { get; init; }

    /// <summary>The run chart: median and run-rule signals.</summary>
    public required RunChart RunChart { get; init; }

    /// <summary>The p-chart centre line: total numerator / total denominator over all points; null when zero.</summary>
    public double? CentreLine { get; init; }

    /// <summary>p-chart special-cause signals (points outside 3-sigma limits).</summary>
    public ImmutableArray<TrendSignal> PChartSignals { get; init; } = [];
}

/// <summary>Every indicator over a series of reference dates for one practice (local only: nothing here leaves it).</summary>
/// <param name="Dates">The reference dates, oldest first.</param>
/// <param name="Indicators">One trend per indicator, in definition order.</param>
/// <param name="Freshness">Latest event date per resource type in the records read.</param>
/// <param name="Patients">Patients read (once).</param>
public sealed record TrendReport(ImmutableArray<DateOnly> Dates, ImmutableArray<IndicatorTrend> Indicators, ImmutableArray<ResourceFreshness> Freshness, int Patients);
