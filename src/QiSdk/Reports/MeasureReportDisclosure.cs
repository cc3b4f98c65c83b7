using System.Collections.Immutable;
using System.Globalization;
using QiSdk.Indicators;
using QiSdk.Privacy;

namespace QiSdk.Reports;

/// <summary>
/// Disclosures written as a FHIR R4 Bundle of MeasureReports: summary reports of the released counts (withheld counts
/// carry no <c>count</c> and the note "withheld by privacy policy"; rounded counts carry the <c>cell-rounding</c> range)
/// and, under <c>pseudonymised-extract</c>, one individual report per pseudonymised row. The privacy stage decides what
/// leaves; this writer renders it.
/// </summary>
public static class MeasureReportDisclosure
{
    /// <summary>Creates a disclosure pipeline whose released document is a FHIR Bundle of MeasureReports.</summary>
    /// <param name="policies">The policies, applied in this order (at least one).</param>
    /// <param name="options">Shared settings; defaults when null.</param>
    /// <returns>The pipeline.</returns>
    /// <exception cref="ArgumentException">No policies, or a null policy.</exception>
    public static DisclosurePipeline CreatePipeline(IEnumerable<IDisclosurePolicy> policies, DisclosurePipelineOptions? options = null) =>
        new(policies, Renderer.Instance, options);

    /// <summary>Renders a draft's released cells as summary MeasureReports and its rows as individual ones.</summary>
    private sealed class Renderer : IDisclosureRenderer
    {
        public static readonly Renderer Instance = new();

        public byte[] Render(DisclosureDraft draft, DateTimeOffset generatedAt, bool indented, CancellationToken cancellationToken)
        {
            var models = new List<MeasureReportModel>();
            foreach (var indicator in draft.Indicators.Where(i => i.Cells.Any(c => !c.IsWithheld)))
            {
                var s = indicator.Summary;
                var (score, scoreNote) = DisclosurePipeline.ReleasedScore(indicator.Total);
                models.Add(MeasureReportModel.FromSummary(s, MeasureReportType.Summary, ReportId(s, "disclosed")) with
                {
                    Cells = CellsOf(indicator.Total),
                    Score = score,
                    ScoreNote = scoreNote is null ? null : DisclosurePipeline.WithheldNote,
                    Strata = [.. indicator.Strata.Select(col =>
                    {
                        var (stratumScore, stratumNote) = DisclosurePipeline.ReleasedScore(col);
                        return new ReportStratum(col.Stratifier!, col.StratumValue!, CellsOf(col), stratumScore, stratumNote is null ? null : DisclosurePipeline.WithheldNote);
                    })],
                });
            }

            for (int r = 0; r < draft.Rows.Count; r++)
            {
                var row = draft.Rows[r];
                var s = row.Indicator;
                models.Add(MeasureReportModel.FromSummary(s, MeasureReportType.Individual, ReportId(s, "row-" + (r + 1).ToString(CultureInfo.InvariantCulture))) with
                {
                    Subject = row.Pseudonym,
                    Freshness = [],
                    Cells = [.. row.Fields.Select(p => new ReportCell(p, (row.Populations & IndicatorTerms.Flag(p)) != 0 ? 1 : 0))],
                    Score = null,
                    Strata = [],
                });
            }

            using var stream = new MemoryStream();
            MeasureReportJson.WriteBundle(stream, models, new MeasureReportWriteOptions { GeneratedAt = generatedAt, Indented = indented }, cancellationToken);
            return stream.ToArray();
        }

        private static ImmutableArray<ReportCell> CellsOf(DraftColumn column) =>
            [.. column.Cells.Select(c => c.IsWithheld ? new ReportCell(c.Population, null, DisclosurePipeline.WithheldNote) : new ReportCell(c.Population, c.Value) { RoundedFrom = c.RoundedFrom })];

        private static string ReportId(IndicatorSummary s, string suffix) =>
            string.Create(CultureInfo.InvariantCulture, $"{s.IndicatorId}-{s.PeriodEnd:yyyyMMdd}{(s.Reporter is null ? string.Empty : "-" + Sanitise(s.Reporter))}-{suffix}");

        private static string Sanitise(string text) => new([.. text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '-')]);
    }
}
