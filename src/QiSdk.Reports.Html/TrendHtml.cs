using System.Globalization;
using System.Text;
using QiSdk.Feedback;
using QiSdk.Indicators;

namespace QiSdk.Reports.Html;

/// <summary>Run charts and p-charts per indicator (trend page, and the trends part of the self-check).</summary>
internal static class TrendHtml
{
    public static string Render(TrendReport trend)
    {
        string subtitle = $"{trend.Dates.Length} reference dates from {HtmlPage.Iso(trend.Dates[0])} to {HtmlPage.Iso(trend.Dates[^1])}; {trend.Patients} patients read once. Local only: nothing on this page leaves the practice.";
        return HtmlPage.Build("Indicator trends for PDSA", subtitle, sb =>
        {
            sb.Append("<p class=\"meta\">Run charts use the median and the NHS \"Making Data Count\" rules: a shift (7 or more points on one side of the median), a trend (7 or more points all increasing or all decreasing) and too few or too many runs (exact Swed–Eisenhart distribution, 2.5% each tail). ")
              .Append("p-charts use the pooled proportion as centre line with 3-sigma limits per point for its own denominator; a point outside is special cause.</p>");
            FreshnessTable(sb, trend.Freshness.Select(f => (f.ResourceType, f.LatestEventDate)), trend.Dates[^1]);
            foreach (var t in trend.Indicators)
            {
                Section(sb, t, "h2");
            }
        });
    }

    public static void FreshnessTable(StringBuilder sb, IEnumerable<(string Type, DateOnly Latest)> rows, DateOnly reference, int staleAfterMonths = 3)
    {
        sb.Append("<h2>Data freshness</h2><div class=\"table-wrap\"><table data-testid=\"freshness\"><thead><tr><th scope=\"col\">Resource type</th><th scope=\"col\">Latest event</th><th scope=\"col\">Days before the reference date</th><th scope=\"col\">Status</th></tr></thead><tbody>");
        var cutoff = reference.AddMonths(-staleAfterMonths);
        foreach (var (type, latest) in rows)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{Svg.E(type)}</th><td>{HtmlPage.Iso(latest)}</td><td class=\"num\">{reference.DayNumber - latest.DayNumber}</td><td>{(latest < cutoff ? "stale (older than " + staleAfterMonths + " months)" : "current")}</td></tr>");
        }

        sb.Append("</tbody></table></div>");
    }

    public static void Section(StringBuilder sb, IndicatorTrend t, string heading)
    {
        string id = "trend-" + HtmlPage.Slug(t.IndicatorId);
        sb.Append(CultureInfo.InvariantCulture, $"<section class=\"indicator\" id=\"{id}\" data-indicator=\"{Svg.E(t.IndicatorId)}\"><{heading}>{Svg.E(t.Title)}</{heading}>");
        sb.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">{Svg.E(t.IndicatorId)} · {HtmlPage.Direction(t.Direction)} · median {Rate(t.RunChart.Median)} · p-chart centre {Rate(t.CentreLine)} · {t.RunChart.Runs} runs in {t.RunChart.UsefulObservations} useful observations{(t.RunChart.FewestExpectedRuns is { } lo ? $" (expected {lo}–{t.RunChart.MostExpectedRuns})" : string.Empty)}</p>");
        var signals = t.RunChart.Signals.Concat(t.PChartSignals).ToList();
        string runText = $"Run chart of {t.Title}: " + string.Join("; ", t.Points.Select(p => $"{HtmlPage.Iso(p.Date)} {Rate(p.Rate)}")) + $". Median {Rate(t.RunChart.Median)}. "
            + (t.RunChart.Signals.IsEmpty ? "No run-rule signal." : "Signals: " + string.Join(" ", t.RunChart.Signals.Select(s => $"{s.Rule} {HtmlPage.Iso(s.From)} to {HtmlPage.Iso(s.To)}: {s.Description}")));
        string pText = $"p-chart of {t.Title}: centre line {Rate(t.CentreLine)}, 3-sigma limits per point. "
            + (t.PChartSignals.IsEmpty ? "No point outside its limits." : "Special cause: " + string.Join(" ", t.PChartSignals.Select(s => $"{HtmlPage.Iso(s.From)}: {s.Description}")));
        sb.Append("<div class=\"charts\"><figure>");
        RunChart(sb, id + "-run", t, runText);
        sb.Append("<figcaption>").Append(Svg.E(runText)).Append("</figcaption></figure><figure>");
        PChart(sb, id + "-p", t, pText);
        sb.Append("<figcaption>").Append(Svg.E(pText)).Append("</figcaption></figure></div>");
        if (signals.Count > 0)
        {
            sb.Append("<ul class=\"statements\" data-testid=\"signals\">");
            foreach (var s in signals)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<li><strong>{Svg.E(s.Rule)}</strong> {HtmlPage.Iso(s.From)} – {HtmlPage.Iso(s.To)}: {Svg.E(s.Description)}</li>");
            }

            sb.Append("</ul>");
        }

        sb.Append("<div class=\"table-wrap\"><table data-testid=\"points\"><thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Numerator / denominator</th><th scope=\"col\">Rate</th><th scope=\"col\">95% CI</th><th scope=\"col\">p-chart limits</th><th scope=\"col\">Special cause</th></tr></thead><tbody>");
        foreach (var p in t.Points)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr data-date=\"{HtmlPage.Iso(p.Date)}\"><th scope=\"row\">{HtmlPage.Iso(p.Date)}</th><td class=\"num\">{p.Counts.Numerator} / {p.Counts.EffectiveDenominator}</td><td class=\"num\" data-field=\"rate\">{Rate(p.Rate)}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{(p.Ci95 is { } ci ? $"{Svg.Pct(ci.Lower)} – {Svg.Pct(ci.Upper)}" : "–")}</td><td class=\"num\">{(p.Lower3Sigma is { } l && p.Upper3Sigma is { } u ? $"{Svg.Pct(l)} – {Svg.Pct(u)}" : "–")}</td><td>{(p.SpecialCause ? "■ yes" : "no")}</td></tr>");
        }

        sb.Append("</tbody></table></div></section>\n");
    }

    private static (Svg.Scale X, Svg.Scale Y, List<TrendPoint> Points) Frame(StringBuilder sb, IndicatorTrend t, bool withLimits)
    {
        var pts = t.Points.Where(p => p.Rate is not null).ToList();
        double yMin = pts.Count == 0 ? 0 : pts.Min(p => p.Rate!.Value), yMax = pts.Count == 0 ? 1 : pts.Max(p => p.Rate!.Value);
        if (withLimits)
        {
            yMin = Math.Min(yMin, pts.Select(p => p.Lower3Sigma ?? 1).DefaultIfEmpty(0).Min());
            yMax = Math.Max(yMax, pts.Select(p => p.Upper3Sigma ?? 0).DefaultIfEmpty(1).Max());
        }

        var x = new Svg.Scale(-0.5, t.Points.Length - 0.5, Svg.Left, Svg.Width - Svg.Right);
        var y = Svg.YScale(yMin, yMax);
        int every = Math.Max(1, (int)Math.Ceiling(t.Points.Length / 8.0));
        var ticks = t.Points.Select((p, k) => (p, k)).Where(q => q.k % every == 0).Select(q => ((double)q.k, q.p.Date.ToString("MMM yy", CultureInfo.InvariantCulture)));
        Svg.Axes(sb, x, y, "Reference date", "Rate", ticks);
        return (x, y, pts);
    }

    private static void RunChart(StringBuilder sb, string id, IndicatorTrend t, string description)
    {
        Svg.Open(sb, id, "run", $"Run chart: {t.Title}", description);
        var (x, y, pts) = Frame(sb, t, withLimits: false);
        if (pts.Count == 0)
        {
            Svg.Label(sb, Svg.Width / 2.0, Svg.Height / 2.0, "No rate at any date (empty denominator).", "middle", 14);
            Svg.Close(sb);
            return;
        }

        int Index(DateOnly d) => t.Points.IndexOf(t.Points.First(p => p.Date == d));
        if (t.RunChart.Median is { } median)
        {
            Svg.Polyline(sb, [(x.Map(-0.5), y.Map(median)), (x.Map(t.Points.Length - 0.5), y.Map(median))], Svg.Blue, "6 3", 1.5, "median");
        }

        Svg.Polyline(sb, pts.Select(p => (x.Map(Index(p.Date)), y.Map(p.Rate!.Value))), Svg.Grey, string.Empty, 1.2, "series");
        foreach (var p in pts)
        {
            bool flagged = t.RunChart.Signals.Any(s => p.Date >= s.From && p.Date <= s.To && s.Rule is "shift" or "trend");
            Svg.Point(sb, x.Map(Index(p.Date)), y.Map(p.Rate!.Value), flagged ? Svg.Marker.Diamond : Svg.Marker.Circle, flagged ? Svg.Orange : Svg.Black,
                $"{HtmlPage.Iso(p.Date)}: {Rate(p.Rate)} ({p.Counts.Numerator}/{p.Counts.EffectiveDenominator}){(flagged ? ", part of a shift or trend" : string.Empty)}", 4,
                $"data-date=\"{HtmlPage.Iso(p.Date)}\" data-rate=\"{p.Rate.Value.ToString("0.######", CultureInfo.InvariantCulture)}\"");
        }

        Svg.Legend(sb, [("median", Svg.Blue, "6 3", null), ("point", Svg.Black, string.Empty, Svg.Marker.Circle), ("in a shift or trend", Svg.Orange, string.Empty, Svg.Marker.Diamond)]);
        Svg.Close(sb);
    }

    private static void PChart(StringBuilder sb, string id, IndicatorTrend t, string description)
    {
        Svg.Open(sb, id, "p-chart", $"p-chart: {t.Title}", description);
        var (x, y, pts) = Frame(sb, t, withLimits: true);
        if (pts.Count == 0 || t.CentreLine is not { } centre)
        {
            Svg.Label(sb, Svg.Width / 2.0, Svg.Height / 2.0, "No rate at any date (empty denominator).", "middle", 14);
            Svg.Close(sb);
            return;
        }

        int Index(DateOnly d) => t.Points.IndexOf(t.Points.First(p => p.Date == d));
        Svg.Polyline(sb, [(x.Map(-0.5), y.Map(centre)), (x.Map(t.Points.Length - 0.5), y.Map(centre))], Svg.Black, string.Empty, 1.5, "centre");

        // Limits as steps: each point's limits span its own slot (they change with its denominator).
        Svg.Polyline(sb, pts.SelectMany(p => new[] { (x.Map(Index(p.Date) - 0.5), y.Map(p.Upper3Sigma!.Value)), (x.Map(Index(p.Date) + 0.5), y.Map(p.Upper3Sigma!.Value)) }), Svg.Vermillion, "4 3", 1.4, "ucl");
        Svg.Polyline(sb, pts.SelectMany(p => new[] { (x.Map(Index(p.Date) - 0.5), y.Map(p.Lower3Sigma!.Value)), (x.Map(Index(p.Date) + 0.5), y.Map(p.Lower3Sigma!.Value)) }), Svg.Vermillion, "4 3", 1.4, "lcl");
        Svg.Polyline(sb, pts.Select(p => (x.Map(Index(p.Date)), y.Map(p.Rate!.Value))), Svg.Grey, string.Empty, 1.2, "series");
        foreach (var p in pts)
        {
            Svg.Point(sb, x.Map(Index(p.Date)), y.Map(p.Rate!.Value), p.SpecialCause ? Svg.Marker.Square : Svg.Marker.Circle, p.SpecialCause ? Svg.Vermillion : Svg.Black,
                $"{HtmlPage.Iso(p.Date)}: {Rate(p.Rate)}, limits {Rate(p.Lower3Sigma)}–{Rate(p.Upper3Sigma)}{(p.SpecialCause ? ", special cause" : string.Empty)}", 4,
                $"data-date=\"{HtmlPage.Iso(p.Date)}\" data-rate=\"{p.Rate.Value.ToString("0.######", CultureInfo.InvariantCulture)}\"");
        }

        Svg.Legend(sb, [("centre line", Svg.Black, string.Empty, null), ("3-sigma limits", Svg.Vermillion, "4 3", null), ("special cause", Svg.Vermillion, string.Empty, Svg.Marker.Square)]);
        Svg.Close(sb);
    }

    private static string Rate(double? r) => r is { } v ? Svg.Pct(v) : "–";
}
