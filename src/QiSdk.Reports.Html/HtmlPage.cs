using System.Globalization;
using System.Text;

namespace QiSdk.Reports.Html;

/// <summary>The page shell: one self-contained HTML document (inline CSS, no scripts, fonts or external resources).</summary>
internal static class HtmlPage
{
    private const string Css = """
        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; margin: 0 auto; padding: 12px; max-width: 1040px; color: #111; background: #fff; line-height: 1.4; }
        h1 { font-size: 1.5rem; margin: 0.4em 0; } h2 { font-size: 1.2rem; margin-top: 1.6em; border-bottom: 2px solid #0072B2; padding-bottom: 2px; } h3 { font-size: 1.05rem; margin-bottom: 0.3em; }
        .meta { color: #333; font-size: 0.92rem; }
        .note { background: #fff7e0; border-left: 4px solid #E69F00; padding: 6px 10px; margin: 8px 0; }
        .table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; }
        table { border-collapse: collapse; width: 100%; font-size: 0.9rem; margin: 6px 0 12px; }
        th, td { border: 1px solid #cfcfcf; padding: 4px 6px; text-align: left; vertical-align: top; }
        th { background: #f0f4f8; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        figure { margin: 10px 0; page-break-inside: avoid; break-inside: avoid; }
        figcaption { font-size: 0.88rem; color: #222; margin-top: 4px; }
        svg.chart { width: 100%; height: auto; max-width: 640px; display: block; border: 1px solid #ddd; }
        .signal { font-weight: 600; white-space: nowrap; }
        .signal.better { color: #005a8c; } .signal.worse { color: #a34400; } .signal.as-expected { color: #444; } .signal.withheld { color: #666; font-style: italic; }
        .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 10px; }
        section.indicator { page-break-inside: avoid; break-inside: avoid; }
        ul.statements li { margin: 3px 0; }
        @media (max-width: 600px) { body { padding: 6px; } th, td { padding: 3px 4px; font-size: 0.82rem; } h1 { font-size: 1.25rem; } }
        @media print { body { max-width: none; } h2 { page-break-after: avoid; } .table-wrap { overflow: visible; } a { color: #000; } }
        """;

    public static string Build(string title, string subtitle, Action<StringBuilder> body)
    {
        var sb = new StringBuilder(64 * 1024);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n");
        sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");

        // No external requests of any kind: everything is inline, and the policy forbids loading anything else.
        sb.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
        sb.Append(CultureInfo.InvariantCulture, $"<title>{Svg.E(title)}</title>\n<style>{Css}</style>\n</head>\n<body>\n<main>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<h1>{Svg.E(title)}</h1>\n<p class=\"meta\">{Svg.E(subtitle)}</p>\n");
        body(sb);
        sb.Append("</main>\n</body>\n</html>\n");
        return sb.ToString();
    }

    public static string Direction(QiSdk.Indicators.ImprovementDirection direction) =>
        direction == QiSdk.Indicators.ImprovementDirection.Increase ? "higher is better" : "lower is better";

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Slug(string text) => new([.. text.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-')]);
}
