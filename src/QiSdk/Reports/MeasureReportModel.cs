using System.Collections.Immutable;
using QiSdk.Indicators;

namespace QiSdk.Reports;

/// <summary>
/// One population cell of a report as it will be written: a count, or no count when withheld (with a note saying
/// why), and for subject-list reports the patients in it. Internal so privacy policies in this assembly can write
/// protected values (suppressed or rounded) with the same writer as local results.
/// </summary>
internal sealed record ReportCell(MeasurePopulation Population, int? Count, string? Note = null)
{
    public ImmutableArray<string> Subjects { get; init; } = [];

    /// <summary>When the count was rounded: the inclusive range of original counts it stands for (cell-rounding extension).</summary>
    public (int Low, int High)? RoundedFrom { get; init; }
}

/// <summary>One stratum of a report.</summary>
internal sealed record ReportStratum(string Stratifier, string Value, ImmutableArray<ReportCell> Cells, double? Score, string? ScoreNote = null);

/// <summary>Everything one MeasureReport carries, independent of where the numbers came from.</summary>
internal sealed record MeasureReportModel
{
    public required string Id { get; init; }

    public required MeasureReportType Type { get; init; }

    public required string IndicatorId { get; init; }

    public required string Url { get; init; }

    public required string Version { get; init; }

    public required string Title { get; init; }

    public required IndicatorKind Kind { get; init; }

    public required ImprovementDirection Direction { get; init; }

    public DateOnly? PeriodStart { get; init; }

    public required DateOnly PeriodEnd { get; init; }

    public string? Reporter { get; init; }

    public string? Subject { get; init; }

    public ImmutableArray<Records.ResourceFreshness> Freshness { get; init; } = [];

    public required ImmutableArray<ReportCell> Cells { get; init; }

    public double? Score { get; init; }

    public string? ScoreNote { get; init; }

    public ImmutableArray<ReportStratum> Strata { get; init; } = [];

    public static MeasureReportModel FromSummary(IndicatorSummary summary, MeasureReportType type, string id) => new()
    {
        Id = id,
        Type = type,
        IndicatorId = summary.IndicatorId,
        Url = summary.Url,
        Version = summary.Version,
        Title = summary.Title,
        Kind = summary.Kind,
        Direction = summary.Direction,
        PeriodStart = summary.PeriodStart,
        PeriodEnd = summary.PeriodEnd,
        Reporter = summary.Reporter,
        Freshness = summary.Freshness,
        Cells = CellsOf(summary.Counts),
        Score = summary.Counts.Score,
        Strata = [.. summary.Strata.Select(s => new ReportStratum(s.Stratifier, s.Value, CellsOf(s.Counts), s.Counts.Score))],
    };

    private static ImmutableArray<ReportCell> CellsOf(PopulationCounts counts) =>
        [.. FhirTerms.Populations.Select(p => new ReportCell(p, counts[p]))];
}
