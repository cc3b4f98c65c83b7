using System.Globalization;
using QiSdk.Feedback;

namespace QiSdk.Reports.Html;

/// <summary>The practice self-check page.</summary>
internal static class SelfCheckHtml
{
    public static string Render(PracticeSelfCheck r, string? practice)
    {
        string subtitle = $"{(practice is null ? string.Empty : practice + ": ")}reference date {HtmlPage.Iso(r.PeriodEnd)}; {r.Patients} patients. Local only: patients to review are counted, never named.";
        return HtmlPage.Build("Practice self-check", subtitle, sb =>
        {
            var stale = r.Freshness.Where(f => f.IsStale).ToList();
            if (stale.Count > 0)
            {
                sb.Append("<p class=\"note\" data-testid=\"stale\">Stale data: ").Append(Svg.E(string.Join(", ", stale.Select(f => $"{f.ResourceType} (latest {HtmlPage.Iso(f.LatestEventDate)}, {f.LagDays} days)")))).Append(". Results that depend on them may be too low.</p>");
            }

            sb.Append("<h2>Indicators</h2><div class=\"table-wrap\"><table data-testid=\"indicators\"><thead><tr><th scope=\"col\">Indicator</th><th scope=\"col\">Better is</th><th scope=\"col\">Numerator / denominator</th><th scope=\"col\">Rate</th><th scope=\"col\">95% CI</th><th scope=\"col\">Patients to review</th><th scope=\"col\">Trend signals</th></tr></thead><tbody>");
            foreach (var i in r.Indicators)
            {
                var signals = i.Trend.RunChart.Signals.Concat(i.Trend.PChartSignals).Select(s => s.Rule).Distinct().ToList();
                sb.Append(CultureInfo.InvariantCulture, $"<tr data-indicator=\"{Svg.E(i.IndicatorId)}\"><th scope=\"row\"><a href=\"#trend-{HtmlPage.Slug(i.IndicatorId)}\">{Svg.E(i.Title)}</a><br><small>{Svg.E(i.IndicatorId)}</small></th>");
                sb.Append(CultureInfo.InvariantCulture, $"<td>{HtmlPage.Direction(i.Direction)}</td><td class=\"num\">{i.Counts.Numerator} / {i.Counts.EffectiveDenominator}</td><td class=\"num\" data-field=\"rate\">{(i.Counts.Score is { } s ? Svg.Pct(s) : "–")}</td>");
                sb.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{(i.Ci95 is { } ci ? $"{Svg.Pct(ci.Lower)} – {Svg.Pct(ci.Upper)}" : "–")}</td><td class=\"num\" data-field=\"review\">{i.PatientsToReview}</td><td>{(signals.Count == 0 ? "none" : Svg.E(string.Join(", ", signals)))}</td></tr>");
            }

            sb.Append("</tbody></table></div><p class=\"meta\">Patients to review: for \"higher is better\" the eligible patients not yet meeting the indicator; for \"lower is better\" the patients the indicator flags (e.g. a hazardous prescription). Lists of names stay in the record system.</p>");
            TrendHtml.FreshnessTable(sb, r.Freshness.Select(f => (f.ResourceType, f.LatestEventDate)), r.PeriodEnd);
            sb.Append("<h2>Local codes that map to nothing</h2>");
            if (r.UnmappedCodes.IsEmpty)
            {
                sb.Append("<p>Every recorded code belongs to a code set or a map.</p>");
            }
            else
            {
                sb.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">{r.UnmappedTotal} distinct recorded codes are in no code set and no code map, so they can never count towards an indicator. If one of them means something an indicator looks for (a diagnosis, a reading, a medicine), add it to the practice's code map. Most patients first{(r.UnmappedTotal > r.UnmappedCodes.Length ? $"; the first {r.UnmappedCodes.Length} shown" : string.Empty)}.</p>");
                sb.Append("<div class=\"table-wrap\"><table data-testid=\"unmapped\"><thead><tr><th scope=\"col\">System</th><th scope=\"col\">Code</th><th scope=\"col\">Display</th><th scope=\"col\">Patients</th><th scope=\"col\">Records</th></tr></thead><tbody>");
                foreach (var u in r.UnmappedCodes)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{Svg.E(u.System ?? "(none)")}</td><td>{Svg.E(u.Code ?? "(none)")}</td><td>{Svg.E(u.Display ?? string.Empty)}</td><td class=\"num\">{u.Patients}</td><td class=\"num\">{u.Records}</td></tr>");
                }

                sb.Append("</tbody></table></div>");
            }

            sb.Append("<h2>Trends</h2>");
            foreach (var i in r.Indicators)
            {
                TrendHtml.Section(sb, i.Trend, "h3");
            }
        });
    }
}
