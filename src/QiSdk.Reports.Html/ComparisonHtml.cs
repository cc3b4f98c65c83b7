using System.Globalization;
using System.Text;
using QiSdk.Feedback;

namespace QiSdk.Reports.Html;

/// <summary>The cluster comparison page: a summary table, a funnel plot and table per indicator, pairs, strengths.</summary>
internal static class ComparisonHtml
{
    public static string Render(ClusterComparison c)
    {
        string title = c.ClusterOnly ? "Cluster results against history and reference rates"
            : c.ForPractice is { } me ? $"Peer comparison for {me}" : "Cluster peer comparison";
        string period = (c.PeriodStart is { } s ? $"{HtmlPage.Iso(s)} to " : "period ending ") + HtmlPage.Iso(c.PeriodEnd);
        string subtitle = c.ClusterOnly
            ? $"{period}. Cluster-level aggregates only: no practice is shown. {c.Practices.Length} reporter(s) pooled."
            : $"{period}. {c.Practices.Length} practices: {string.Join(", ", c.Practices)}. Released (privacy-protected) results only."
              + (c.ForPractice is null ? string.Empty : " Peers are shown as letters that stay the same across indicators and runs of this cluster.");
        return HtmlPage.Build(title, subtitle, sb =>
        {
            sb.Append("<p class=\"meta\">Each rate has its 95% Wilson interval. Funnel limits (95% and 99.8%) come from the exact binomial distribution around the pooled cluster rate (Spiegelhalter 2005). ")
              .Append("A practice is <em>better</em> or <em>worse</em> only when it is beyond a 95% limit on that side for every count its rounding allows; withheld counts are shown as withheld and left out of the pooled rate.</p>\n");
            foreach (string note in c.Notes)
            {
                sb.Append("<p class=\"note\">").Append(Svg.E(note)).Append("</p>\n");
            }

            if (!c.StalePractices.IsEmpty)
            {
                sb.Append("<p class=\"note\" data-testid=\"stale\">Stale data (latest event more than 3 months before the reference date): ")
                  .Append(Svg.E(string.Join(", ", c.StalePractices))).Append(". Read their results with care.</p>\n");
            }

            Summary(sb, c);
            foreach (var i in c.Indicators)
            {
                if (c.ClusterOnly)
                {
                    ClusterOnlySection(sb, i);
                }
                else
                {
                    IndicatorSection(sb, c, i);
                }
            }

            if (!c.ClusterOnly)
            {
                Pairs(sb, c);
                Strengths(sb, c);
            }
        });
    }

    private static void Summary(StringBuilder sb, ClusterComparison c)
    {
        sb.Append("<h2>Summary</h2>\n<div class=\"table-wrap\"><table data-testid=\"summary\"><caption class=\"meta\">Every indicator: cluster rate and how many practices read better, as expected, worse, or withheld.</caption>");
        sb.Append("<thead><tr><th scope=\"col\">Indicator</th><th scope=\"col\">Better is</th><th scope=\"col\">Cluster rate (95% CI)</th><th scope=\"col\">Numerator / denominator</th>");
        if (!c.ClusterOnly)
        {
            sb.Append("<th scope=\"col\">Better</th><th scope=\"col\">As expected</th><th scope=\"col\">Worse</th><th scope=\"col\">Withheld</th>");
        }

        sb.Append("</tr></thead><tbody>");
        foreach (var i in c.Indicators)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr data-indicator=\"{Svg.E(i.IndicatorId)}\"><th scope=\"row\"><a href=\"#ind-{HtmlPage.Slug(i.IndicatorId)}\">{Svg.E(i.Title)}</a><br><small>{Svg.E(i.IndicatorId)}</small></th>");
            sb.Append(CultureInfo.InvariantCulture, $"<td>{HtmlPage.Direction(i.Direction)}</td><td class=\"num\" data-field=\"cluster-rate\">{Rate(i.Cluster.Rate)}{Ci(i.Cluster.Ci95)}</td><td class=\"num\">{i.Cluster.Numerator} / {i.Cluster.Denominator}</td>");
            if (!c.ClusterOnly)
            {
                foreach (var s in (ComparisonSignal[])[ComparisonSignal.Better, ComparisonSignal.AsExpected, ComparisonSignal.Worse, ComparisonSignal.Withheld])
                {
                    sb.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{i.Practices.Count(p => p.Signal == s)}</td>");
                }
            }

            sb.Append("</tr>");
        }

        sb.Append("</tbody></table></div>\n");
    }

    private static void IndicatorSection(StringBuilder sb, ClusterComparison c, IndicatorComparison i)
    {
        string id = "ind-" + HtmlPage.Slug(i.IndicatorId);
        sb.Append(CultureInfo.InvariantCulture, $"<section class=\"indicator\" id=\"{id}\" data-indicator=\"{Svg.E(i.IndicatorId)}\"><h2>{Svg.E(i.Title)}</h2>");
        sb.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">{Svg.E(i.IndicatorId)} · {HtmlPage.Direction(i.Direction)} · cluster {Rate(i.Cluster.Rate)} ({i.Cluster.Numerator}/{i.Cluster.Denominator}, {i.Cluster.Practices} practices pooled{(i.Cluster.Withheld > 0 ? $", {i.Cluster.Withheld} withheld" : string.Empty)})</p>");
        string description = Description(i);
        sb.Append("<figure>");
        Funnel(sb, id + "-funnel", i, c.ForPractice, description);
        sb.Append("<figcaption>").Append(Svg.E(description)).Append("</figcaption></figure>");
        sb.Append("<div class=\"table-wrap\"><table data-testid=\"practices\"><thead><tr><th scope=\"col\">Practice</th><th scope=\"col\">Numerator / denominator</th><th scope=\"col\">Rate</th><th scope=\"col\">95% CI</th>")
          .Append("<th scope=\"col\">95% limits</th><th scope=\"col\">99.8% limits</th><th scope=\"col\">Reads as</th><th scope=\"col\">Latest event (days before reference date)</th></tr></thead><tbody>");
        foreach (var p in i.Practices)
        {
            string signal = FeedbackJson.SignalName(p.Signal);
            sb.Append(CultureInfo.InvariantCulture, $"<tr data-practice=\"{Svg.E(p.Practice)}\"><th scope=\"row\">{Svg.E(p.Practice)}</th>");
            sb.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{(p.Numerator is { } n ? n.ToString(CultureInfo.InvariantCulture) : "withheld")} / {(p.Denominator is { } d ? d.ToString(CultureInfo.InvariantCulture) : "withheld")}{(p.Rounded ? " <small>(rounded)</small>" : string.Empty)}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td class=\"num\" data-field=\"rate\">{Rate(p.Rate)}</td><td class=\"num\" data-field=\"ci\">{(p.Ci95 is { } ci ? $"{Svg.Pct(ci.Lower)} – {Svg.Pct(ci.Upper)}" : "–")}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{(p.Funnel is { } f ? $"{Svg.Pct(f.Lower95)} – {Svg.Pct(f.Upper95)}" : "–")}</td><td class=\"num\">{(p.Funnel is { } g ? $"{Svg.Pct(g.Lower998)} – {Svg.Pct(g.Upper998)}" : "–")}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td><span class=\"signal {signal}\" data-field=\"signal\">{Symbol(p.Signal)} {signal}</span>{(p.Beyond998 ? " <small>(beyond 99.8%)</small>" : string.Empty)}</td>");
            sb.Append("<td>").Append(Svg.E(Freshness(p.Freshness))).Append("</td></tr>");
        }

        sb.Append("</tbody></table></div></section>\n");
    }

    private static string Description(IndicatorComparison i)
    {
        var parts = i.Practices.Select(p => p.Rate is { } r
            ? $"{p.Practice} {Svg.Pct(r)} ({p.Numerator}/{p.Denominator}) {FeedbackJson.SignalName(p.Signal)}"
            : $"{p.Practice} withheld");
        return $"Funnel plot: rate against denominator for each practice, with the pooled cluster rate {Rate(i.Cluster.Rate)} and its 95% and 99.8% exact binomial limits. " + string.Join("; ", parts) + ".";
    }

    private static void Funnel(StringBuilder sb, string id, IndicatorComparison i, string? me, string description)
    {
        Svg.Open(sb, id, "funnel", $"Funnel plot: {i.Title}", description);
        var shown = i.Practices.Where(p => p.Rate is not null && p.Denominator is > 0).ToList();
        if (shown.Count == 0 || i.Cluster.Rate is not { } pooled)
        {
            Svg.Label(sb, Svg.Width / 2.0, Svg.Height / 2.0, "No released rates to plot (all withheld).", "middle", 14);
            Svg.Close(sb);
            return;
        }

        int maxN = shown.Max(p => p.Denominator!.Value), minN = shown.Min(p => p.Denominator!.Value);
        double xMax = Math.Max(maxN * 1.1, 10);
        int from = Math.Max(1, (int)(minN * 0.5));
        var grid = Enumerable.Range(0, 61).Select(k => (int)Math.Round(from + ((xMax - from) * k / 60.0))).Distinct().Where(n => n >= 1).ToList();
        var limits = grid.Select(n => (N: n, L: FeedbackStatistics.Funnel(pooled, n))).ToList();
        double yMin = Math.Min(limits.Min(l => l.L.Lower998), shown.Min(p => p.Rate!.Value));
        double yMax = Math.Max(limits.Max(l => l.L.Upper998), shown.Max(p => p.Rate!.Value));
        var x = new Svg.Scale(0, xMax, Svg.Left, Svg.Width - Svg.Right);
        var y = Svg.YScale(yMin, yMax);
        var xTicks = x.Ticks(6).Select(t => (t, t.ToString("0", CultureInfo.InvariantCulture)));
        Svg.Axes(sb, x, y, "Denominator (patients)", "Rate", xTicks);
        Svg.Polyline(sb, [(x.Map(0), y.Map(pooled)), (x.Map(xMax), y.Map(pooled))], Svg.Black, string.Empty, 1.5, "pooled");
        Svg.Polyline(sb, limits.Select(l => (x.Map(l.N), y.Map(l.L.Upper95))), Svg.Blue, "6 3", 1.5, "upper95");
        Svg.Polyline(sb, limits.Select(l => (x.Map(l.N), y.Map(l.L.Lower95))), Svg.Blue, "6 3", 1.5, "lower95");
        Svg.Polyline(sb, limits.Select(l => (x.Map(l.N), y.Map(l.L.Upper998))), Svg.Orange, "2 3", 1.8, "upper998");
        Svg.Polyline(sb, limits.Select(l => (x.Map(l.N), y.Map(l.L.Lower998))), Svg.Orange, "2 3", 1.8, "lower998");
        foreach (var p in shown)
        {
            var (marker, colour) = Mark(p.Signal);
            double px = x.Map(p.Denominator!.Value), py = y.Map(p.Rate!.Value);
            bool isMe = p.Practice == me;
            Svg.Point(sb, px, py, marker, colour, $"{p.Practice}: {Svg.Pct(p.Rate.Value)} ({p.Numerator}/{p.Denominator}), {FeedbackJson.SignalName(p.Signal)}", isMe ? 7 : 5,
                $"data-practice=\"{Svg.E(p.Practice)}\" data-rate=\"{p.Rate.Value.ToString("0.######", CultureInfo.InvariantCulture)}\"");
            string label = isMe ? p.Practice + " (you)" : p.Practice;
            bool nearRight = px > Svg.Width - Svg.Right - 110;
            Svg.Label(sb, nearRight ? px - 8 : px + 8, py - 6, label, nearRight ? "end" : "start", isMe ? 12 : 10);
        }

        Svg.Legend(sb, [("pooled rate", Svg.Black, string.Empty, null), ("95% limits", Svg.Blue, "6 3", null), ("99.8% limits", Svg.Orange, "2 3", null),
            ("better", Svg.Blue, string.Empty, Svg.Marker.TriangleUp), ("as expected", Svg.Grey, string.Empty, Svg.Marker.Circle), ("worse", Svg.Vermillion, string.Empty, Svg.Marker.TriangleDown)]);
        Svg.Close(sb);
    }

    private static void ClusterOnlySection(StringBuilder sb, IndicatorComparison i)
    {
        string id = "ind-" + HtmlPage.Slug(i.IndicatorId);
        sb.Append(CultureInfo.InvariantCulture, $"<section class=\"indicator\" id=\"{id}\" data-indicator=\"{Svg.E(i.IndicatorId)}\"><h2>{Svg.E(i.Title)}</h2><p class=\"meta\">{Svg.E(i.IndicatorId)} · {HtmlPage.Direction(i.Direction)}</p>");
        string description = $"Cluster rate per period with 95% intervals: " + string.Join("; ", i.History.Select(h => $"{HtmlPage.Iso(h.PeriodEnd)} {Rate(h.Totals.Rate)} ({h.Totals.Numerator}/{h.Totals.Denominator})"))
            + (i.References.IsEmpty ? "." : ". Against: " + string.Join("; ", i.References.Select(r => $"{r.Label} {Svg.Pct(r.Rate)}: {FeedbackJson.SignalName(r.Signal)}")) + ".");
        sb.Append("<figure>");
        Svg.Open(sb, id + "-history", "history", $"Cluster history: {i.Title}", description);
        var pts = i.History.Where(h => h.Totals.Rate is not null).ToList();
        if (pts.Count == 0)
        {
            Svg.Label(sb, Svg.Width / 2.0, Svg.Height / 2.0, "No released rates to plot (all withheld).", "middle", 14);
        }
        else
        {
            double yMin = pts.Min(h => h.Totals.Ci95!.Value.Lower), yMax = pts.Max(h => h.Totals.Ci95!.Value.Upper);
            foreach (var r in i.References)
            {
                yMin = Math.Min(yMin, r.Rate);
                yMax = Math.Max(yMax, r.Rate);
            }

            var x = new Svg.Scale(-0.5, pts.Count - 0.5, Svg.Left, Svg.Width - Svg.Right);
            var y = Svg.YScale(yMin, yMax);
            Svg.Axes(sb, x, y, "Period ending", "Rate", pts.Select((h, k) => ((double)k, HtmlPage.Iso(h.PeriodEnd))));
            string[] dashes = ["6 3", "2 3", "8 2 2 2"];
            string[] colours = [Svg.Blue, Svg.Orange, Svg.Sky];
            var legend = new List<(string, string, string, Svg.Marker?)> { ("cluster rate (95% CI)", Svg.Black, string.Empty, Svg.Marker.Circle) };
            for (int k = 0; k < i.References.Length; k++)
            {
                var r = i.References[k];
                Svg.Polyline(sb, [(x.Map(-0.5), y.Map(r.Rate)), (x.Map(pts.Count - 0.5), y.Map(r.Rate))], colours[k % 3], dashes[k % 3], 1.5, "reference");
                legend.Add((r.Label, colours[k % 3], dashes[k % 3], null));
            }

            for (int k = 0; k < pts.Count; k++)
            {
                var h = pts[k];
                var ci = h.Totals.Ci95!.Value;
                Svg.Polyline(sb, [(x.Map(k), y.Map(ci.Lower)), (x.Map(k), y.Map(ci.Upper))], Svg.Grey, string.Empty, 1.5);
                Svg.Point(sb, x.Map(k), y.Map(h.Totals.Rate!.Value), Svg.Marker.Circle, Svg.Black, $"{HtmlPage.Iso(h.PeriodEnd)}: {Rate(h.Totals.Rate)}", 5,
                    $"data-rate=\"{h.Totals.Rate.Value.ToString("0.######", CultureInfo.InvariantCulture)}\"");
            }

            Svg.Legend(sb, legend);
        }

        Svg.Close(sb);
        sb.Append("<figcaption>").Append(Svg.E(description)).Append("</figcaption></figure>");
        sb.Append("<div class=\"table-wrap\"><table data-testid=\"history\"><thead><tr><th scope=\"col\">Period ending</th><th scope=\"col\">Numerator / denominator</th><th scope=\"col\">Rate</th><th scope=\"col\">95% CI</th><th scope=\"col\">Reporters pooled</th></tr></thead><tbody>");
        foreach (var h in i.History)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{HtmlPage.Iso(h.PeriodEnd)}</th><td class=\"num\">{h.Totals.Numerator} / {h.Totals.Denominator}</td><td class=\"num\" data-field=\"rate\">{Rate(h.Totals.Rate)}</td><td class=\"num\">{Ci(h.Totals.Ci95)}</td><td class=\"num\">{h.Totals.Practices}{(h.Totals.Withheld > 0 ? $" ({h.Totals.Withheld} withheld)" : string.Empty)}</td></tr>");
        }

        sb.Append("</tbody></table></div>");
        if (!i.References.IsEmpty)
        {
            sb.Append("<div class=\"table-wrap\"><table data-testid=\"references\"><thead><tr><th scope=\"col\">Compared with</th><th scope=\"col\">Reference rate</th><th scope=\"col\">95% limits at the cluster's denominator</th><th scope=\"col\">Latest cluster rate reads as</th></tr></thead><tbody>");
            foreach (var r in i.References)
            {
                string signal = FeedbackJson.SignalName(r.Signal);
                sb.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{Svg.E(r.Label)}</th><td class=\"num\">{Svg.Pct(r.Rate)}</td><td class=\"num\">{Svg.Pct(r.Funnel.Lower95)} – {Svg.Pct(r.Funnel.Upper95)}</td><td><span class=\"signal {signal}\">{Symbol(r.Signal)} {signal}</span></td></tr>");
            }

            sb.Append("</tbody></table></div>");
        }

        sb.Append("</section>\n");
    }

    private static void Pairs(StringBuilder sb, ClusterComparison c)
    {
        sb.Append("<h2>Reciprocal peer review pairs</h2>");
        sb.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">Over the headline indicators ({Svg.E(string.Join(", ", c.Headline))}): practices are paired so that each leads where the other is weaker (maximum total complementarity; an odd practice joins one pair as a trio).</p>");
        if (c.Pairs.IsEmpty)
        {
            sb.Append("<p>No pairs: fewer than two practices, or no headline indicator.</p>");
            return;
        }

        sb.Append("<div class=\"table-wrap\"><table data-testid=\"pairs\"><thead><tr><th scope=\"col\">Practices</th><th scope=\"col\">Score</th><th scope=\"col\">Why</th></tr></thead><tbody>");
        foreach (var p in c.Pairs)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{Svg.E(string.Join(" + ", p.Practices))}</th><td class=\"num\">{p.Score.ToString("0.00", CultureInfo.InvariantCulture)}</td><td>{Svg.E(p.Reason)}</td></tr>");
        }

        sb.Append("</tbody></table></div>\n");
    }

    private static void Strengths(StringBuilder sb, ClusterComparison c)
    {
        sb.Append("<h2>Strengths and opportunities</h2><p class=\"meta\">Significantly better than the cluster first (beyond the 95% limit on the better side), then significantly worse.</p>");
        foreach (var (practice, statements) in c.Strengths)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<h3>{Svg.E(practice)}</h3>");
            if (statements.IsEmpty)
            {
                sb.Append("<p>No indicator is significantly different from the cluster.</p>");
                continue;
            }

            sb.Append("<ul class=\"statements\">");
            foreach (var s in statements)
            {
                string signal = FeedbackJson.SignalName(s.Signal);
                sb.Append(CultureInfo.InvariantCulture, $"<li><span class=\"signal {signal}\">{Symbol(s.Signal)} {(s.Signal == ComparisonSignal.Better ? "strength" : "opportunity")}</span> {Svg.E(s.Text)}</li>");
            }

            sb.Append("</ul>");
        }
    }

    internal static string Freshness(PracticeFreshness f)
    {
        if (!f.IsKnown)
        {
            return "not stated in the release";
        }

        string lag = $"latest {HtmlPage.Iso(f.LatestEventDate!.Value)} ({f.LagDays} d)";
        var stale = f.Resources.Where(r => r.IsStale).Select(r => $"{r.ResourceType} {r.LagDays} d").ToList();
        return (f.IsStale ? "STALE: " : string.Empty) + lag + (stale.Count > 0 ? "; stale: " + string.Join(", ", stale) : string.Empty);
    }

    internal static (Svg.Marker, string) Mark(ComparisonSignal signal) => signal switch
    {
        ComparisonSignal.Better => (Svg.Marker.TriangleUp, Svg.Blue),
        ComparisonSignal.Worse => (Svg.Marker.TriangleDown, Svg.Vermillion),
        ComparisonSignal.Withheld => (Svg.Marker.Hollow, Svg.Grey),
        _ => (Svg.Marker.Circle, Svg.Grey),
    };

    internal static string Symbol(ComparisonSignal signal) => signal switch
    {
        ComparisonSignal.Better => "▲",
        ComparisonSignal.Worse => "▼",
        ComparisonSignal.Withheld => "○",
        _ => "●",
    };

    internal static string Rate(double? rate) => rate is { } r ? Svg.Pct(r) : "withheld";

    private static string Ci(QiSdk.Indicators.ProportionInterval? ci) => ci is { } c ? $" <small>({Svg.Pct(c.Lower)} – {Svg.Pct(c.Upper)})</small>" : string.Empty;
}
