using System.Collections.Immutable;
using QiSdk.Codes;
using QiSdk.Indicators;

namespace QiSdk.Feedback;

/// <summary>One indicator in a practice's self-check.</summary>
/// <param name="IndicatorId">The indicator id.</param>
/// <param name="Title">Its title.</param>
/// <param name="Direction">Which way is better.</param>
/// <param name="Counts">The counts at the reference date.</param>
/// <param name="Ci95">The 95% Wilson interval of the rate; null without a denominator.</param>
/// <param name="PatientsToReview">
/// Patients to review (a count; names never leave the record system by default): for "higher is better" the eligible
/// patients not yet in the numerator, for "lower is better" the patients in the numerator (e.g. a hazardous prescription).
/// </param>
/// <param name="Trend">The indicator over the months before, ending at the reference date.</param>
public sealed record SelfCheckIndicator(string IndicatorId, string Title, ImprovementDirection Direction, PopulationCounts Counts, ProportionInterval? Ci95, int PatientsToReview, IndicatorTrend Trend);

/// <summary>A practice's self-check: what <c>qi report</c> shows. Local only.</summary>
/// <param name="PeriodEnd">The reference date.</param>
/// <param name="Indicators">Every indicator, in catalogue order.</param>
/// <param name="Freshness">Latest event date per resource type, with its lag to the reference date.</param>
/// <param name="UnmappedCodes">Recorded codes in no code set and no map (most patients first): a local code that maps nowhere can never count towards an indicator.</param>
/// <param name="UnmappedTotal">How many distinct unmapped codings there were in all (the list may be cut).</param>
/// <param name="Patients">Patients read.</param>
public sealed record PracticeSelfCheck(DateOnly PeriodEnd, ImmutableArray<SelfCheckIndicator> Indicators, ImmutableArray<ResourceLag> Freshness, ImmutableArray<CodeCoverageEntry> UnmappedCodes, int UnmappedTotal, int Patients)
{
    /// <summary>Builds a self-check from a trend whose last date is the reference date, and a code coverage report.</summary>
    /// <param name="trend">Indicators evaluated monthly up to the reference date (<c>TrendAnalysis.Evaluate</c>).</param>
    /// <param name="coverage">Code coverage of the same records.</param>
    /// <param name="maxUnmapped">How many unmapped codes to list (default 25).</param>
    /// <param name="staleAfterMonths">Freshness threshold in months (default 3).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static PracticeSelfCheck Create(TrendReport trend, CoverageReport coverage, int maxUnmapped = 25, int staleAfterMonths = 3)
    {
        ArgumentNullException.ThrowIfNull(trend);
        ArgumentNullException.ThrowIfNull(coverage);
        var end = trend.Dates[^1];
        var indicators = trend.Indicators.Select(t =>
        {
            var last = t.Points[^1];
            var c = last.Counts;
            int review = t.Direction == ImprovementDirection.Increase ? Math.Max(0, c.EffectiveDenominator - c.Numerator) : c.Numerator;
            return new SelfCheckIndicator(t.IndicatorId, t.Title, t.Direction, c, c.ScoreInterval95, review, t);
        }).ToImmutableArray();
        var cutoff = end.AddMonths(-staleAfterMonths);
        var lags = trend.Freshness.Select(f => new ResourceLag(f.ResourceType, f.LatestEventDate, end.DayNumber - f.LatestEventDate.DayNumber, f.LatestEventDate < cutoff)).ToImmutableArray();
        return new PracticeSelfCheck(end, indicators, lags, [.. coverage.Unmapped.Take(maxUnmapped)], coverage.Unmapped.Length, trend.Patients);
    }
}
