using System.Globalization;
using System.Net;
using System.Text;

namespace QiSdk.Reports.Html;

/// <summary>
/// Hand-drawn inline SVG charts (docs/feedback.md says why not ScottPlot): a few kilobytes each, text as real text (so
/// screen readers, search and print work), a title and description inside every chart, and signals shown by marker
/// shape and a text label as well as colour (Okabe-Ito palette, safe for the common colour-vision deficiencies).
/// </summary>
internal static class Svg
{
    // Okabe-Ito colour-blind-safe palette.
    public const string Blue = "#0072B2";
    public const string Vermillion = "#D55E00";
    public const string Orange = "#E69F00";
    public const string Grey = "#6b6b6b";
    public const string Sky = "#56B4E9";
    public const string Black = "#000000";

    public const int Width = 640;
    public const int Height = 320;
    public const int Left = 56;
    public const int Right = 16;
    public const int Top = 16;
    public const int Bottom = 44;

    /// <summary>A marker: shape and colour carry the signal together with the table's text.</summary>
    public enum Marker
    {
        Circle,
        TriangleUp,
        TriangleDown,
        Square,
        Diamond,
        Hollow,
    }

    public static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Pct(double value) => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    public static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>Opens an SVG with role img, a title and a description (its text equivalent).</summary>
    public static void Open(StringBuilder sb, string id, string kind, string title, string description)
    {
        sb.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" data-chart=\"{kind}\" id=\"{id}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" xmlns=\"http://www.w3.org/2000/svg\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-t\">{E(title)}</title><desc id=\"{id}-d\">{E(description)}</desc>");
        sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"0\" y=\"0\" width=\"{Width}\" height=\"{Height}\" fill=\"#ffffff\"/>");
    }

    public static void Close(StringBuilder sb) => sb.Append("</svg>");

    /// <summary>Axes with ticks; y as percentages.</summary>
    public static void Axes(StringBuilder sb, Scale x, Scale y, string xLabel, string yLabel, IEnumerable<(double Value, string Label)> xTicks)
    {
        double x0 = Left, x1 = Width - Right, y0 = Height - Bottom, y1 = Top;
        foreach (double t in y.Ticks(6))
        {
            double py = y.Map(t);
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(x0)}\" y1=\"{F(py)}\" x2=\"{F(x1)}\" y2=\"{F(py)}\" stroke=\"#e3e3e3\" stroke-width=\"1\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x0 - 6)}\" y=\"{F(py + 4)}\" font-size=\"11\" text-anchor=\"end\" fill=\"#333\">{Pct(t)}</text>");
        }

        foreach (var (value, label) in xTicks)
        {
            double px = x.Map(value);
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(px)}\" y1=\"{F(y0)}\" x2=\"{F(px)}\" y2=\"{F(y0 + 4)}\" stroke=\"#333\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(px)}\" y=\"{F(y0 + 16)}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#333\">{E(label)}</text>");
        }

        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(x0)}\" y1=\"{F(y0)}\" x2=\"{F(x1)}\" y2=\"{F(y0)}\" stroke=\"#333\"/>");
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(x0)}\" y1=\"{F(y0)}\" x2=\"{F(x0)}\" y2=\"{F(y1)}\" stroke=\"#333\"/>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F((x0 + x1) / 2)}\" y=\"{Height - 6}\" font-size=\"12\" text-anchor=\"middle\" fill=\"#111\">{E(xLabel)}</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"12\" y=\"{F((y0 + y1) / 2)}\" font-size=\"12\" text-anchor=\"middle\" fill=\"#111\" transform=\"rotate(-90 12 {F((y0 + y1) / 2)})\">{E(yLabel)}</text>");
    }

    public static void Polyline(StringBuilder sb, IEnumerable<(double X, double Y)> points, string colour, string dash, double width = 1.5, string? label = null)
    {
        var text = string.Join(' ', points.Select(p => $"{F(p.X)},{F(p.Y)}"));
        if (text.Length == 0)
        {
            return;
        }

        sb.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{text}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{F(width)}\"{(dash.Length > 0 ? $" stroke-dasharray=\"{dash}\"" : string.Empty)}{(label is null ? string.Empty : $" data-line=\"{label}\"")}/>");
    }

    public static void Point(StringBuilder sb, double x, double y, Marker marker, string colour, string tooltip, double size = 5, string? dataAttributes = null)
    {
        string attrs = dataAttributes is null ? string.Empty : " " + dataAttributes;
        string shape = marker switch
        {
            Marker.TriangleUp => $"<path d=\"M{F(x)},{F(y - size - 1)} L{F(x + size + 1)},{F(y + size)} L{F(x - size - 1)},{F(y + size)} Z\" fill=\"{colour}\" stroke=\"#000\" stroke-width=\"0.6\"{attrs}>",
            Marker.TriangleDown => $"<path d=\"M{F(x)},{F(y + size + 1)} L{F(x + size + 1)},{F(y - size)} L{F(x - size - 1)},{F(y - size)} Z\" fill=\"{colour}\" stroke=\"#000\" stroke-width=\"0.6\"{attrs}>",
            Marker.Square => $"<rect x=\"{F(x - size)}\" y=\"{F(y - size)}\" width=\"{F(2 * size)}\" height=\"{F(2 * size)}\" fill=\"{colour}\" stroke=\"#000\" stroke-width=\"0.6\"{attrs}>",
            Marker.Diamond => $"<path d=\"M{F(x)},{F(y - size - 1)} L{F(x + size + 1)},{F(y)} L{F(x)},{F(y + size + 1)} L{F(x - size - 1)},{F(y)} Z\" fill=\"{colour}\" stroke=\"#000\" stroke-width=\"0.6\"{attrs}>",
            Marker.Hollow => $"<circle cx=\"{F(x)}\" cy=\"{F(y)}\" r=\"{F(size)}\" fill=\"#fff\" stroke=\"{colour}\" stroke-width=\"1.5\"{attrs}>",
            _ => $"<circle cx=\"{F(x)}\" cy=\"{F(y)}\" r=\"{F(size - 1)}\" fill=\"{colour}\" stroke=\"#000\" stroke-width=\"0.6\"{attrs}>",
        };
        string close = marker switch { Marker.Square => "</rect>", Marker.Hollow or Marker.Circle => "</circle>", _ => "</path>" };
        sb.Append(shape).Append("<title>").Append(E(tooltip)).Append("</title>").Append(close);
    }

    public static void Label(StringBuilder sb, double x, double y, string text, string anchor = "start", int size = 11, string colour = "#111")
    {
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x)}\" y=\"{F(y)}\" font-size=\"{size}\" text-anchor=\"{anchor}\" fill=\"{colour}\">{E(text)}</text>");
    }

    /// <summary>A small legend row at the top right.</summary>
    public static void Legend(StringBuilder sb, IReadOnlyList<(string Text, string Colour, string Dash, Marker? Marker)> items)
    {
        double x = Left + 8, y = Top + 10;
        foreach (var (text, colour, dash, marker) in items)
        {
            if (marker is { } m)
            {
                Point(sb, x + 8, y - 4, m, colour, text, 4);
            }
            else
            {
                sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(x)}\" y1=\"{F(y - 4)}\" x2=\"{F(x + 16)}\" y2=\"{F(y - 4)}\" stroke=\"{colour}\" stroke-width=\"2\"{(dash.Length > 0 ? $" stroke-dasharray=\"{dash}\"" : string.Empty)}/>");
            }

            Label(sb, x + 20, y, text, size: 10);
            x += 28 + (text.Length * 5.6);
            if (x > Width - 140)
            {
                x = Left + 8;
                y += 14;
            }
        }
    }

    /// <summary>A linear scale from data to pixels.</summary>
    public sealed record Scale(double Min, double Max, double PixelMin, double PixelMax)
    {
        public double Map(double value) => Max <= Min ? (PixelMin + PixelMax) / 2 : PixelMin + ((value - Min) / (Max - Min) * (PixelMax - PixelMin));

        public IEnumerable<double> Ticks(int count)
        {
            double span = Max - Min;
            if (span <= 0)
            {
                yield return Min;
                yield break;
            }

            double raw = span / count;
            double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
            double step = new[] { 1, 2, 2.5, 5, 10 }.Select(s => s * magnitude).First(s => s >= raw);
            for (double t = Math.Ceiling(Min / step) * step; t <= Max + (step * 1e-9); t += step)
            {
                yield return Math.Round(t, 10);
            }
        }
    }

    public static Scale YScale(double min, double max)
    {
        min = Math.Max(0, min);
        max = Math.Min(1, max);
        double pad = Math.Max(0.02, (max - min) * 0.08);
        return new Scale(Math.Max(0, min - pad), Math.Min(1, max + pad), Height - Bottom, Top + 24);
    }
}
