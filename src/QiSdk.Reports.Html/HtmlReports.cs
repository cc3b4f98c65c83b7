using QiSdk.Feedback;

namespace QiSdk.Reports.Html;

/// <summary>
/// Renders feedback results as self-contained HTML pages: no scripts, no external fonts, stylesheets or images, no
/// network requests (a Content-Security-Policy forbids them); printable and readable on a phone; charts are inline SVG
/// with a title, a text description and a data table each, and signals are shown by shape and words as well as colour.
/// </summary>
public static class HtmlReports
{
    /// <summary>The cluster comparison (funnel plot and table per indicator, pairs, strengths), or its cluster-only form.</summary>
    /// <param name="comparison">The comparison (or a copy for one practice from <see cref="ClusterComparer.ForPractice"/>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="comparison"/> is null.</exception>
    public static string Comparison(ClusterComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        return ComparisonHtml.Render(comparison);
    }

    /// <summary>Run chart and p-chart per indicator, with tables and signals.</summary>
    /// <param name="trend">The trend report.</param>
    /// <exception cref="ArgumentNullException"><paramref name="trend"/> is null.</exception>
    public static string Trend(TrendReport trend)
    {
        ArgumentNullException.ThrowIfNull(trend);
        return TrendHtml.Render(trend);
    }

    /// <summary>The practice self-check: every indicator with its interval and direction, trends, patients to review (counts), unmapped codes and freshness.</summary>
    /// <param name="selfCheck">The self-check.</param>
    /// <param name="practice">The practice's name or code for the heading; optional.</param>
    /// <exception cref="ArgumentNullException"><paramref name="selfCheck"/> is null.</exception>
    public static string SelfCheck(PracticeSelfCheck selfCheck, string? practice = null)
    {
        ArgumentNullException.ThrowIfNull(selfCheck);
        return SelfCheckHtml.Render(selfCheck, practice);
    }
}
