using System.Globalization;
using QiSdk.Indicators;

namespace QiSdk.Reports;

/// <summary>
/// Writes indicator summaries as a flat CSV (RFC 4180 quoting, invariant culture, <c>\n</c> line ends): one row for
/// each indicator's overall counts (empty stratifier) and one per stratum. Columns: <c>indicator_id, title, kind,
/// improvement, period_start, period_end, stratifier, stratum, initial_population, denominator, denominator_exclusion,
/// denominator_exception, numerator, effective_denominator, score, score_ci95_lower, score_ci95_upper</c>; the score and
/// its 95% Wilson interval are empty when the effective denominator is zero.
/// </summary>
public static class MeasureReportCsv
{
    /// <summary>The header row's column names, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "indicator_id", "title", "kind", "improvement", "period_start", "period_end", "stratifier", "stratum",
        "initial_population", "denominator", "denominator_exclusion", "denominator_exception", "numerator",
        "effective_denominator", "score", "score_ci95_lower", "score_ci95_upper",
    ];

    /// <summary>Writes the header and a row per indicator and stratum.</summary>
    /// <param name="output">Where the CSV goes (not closed).</param>
    /// <param name="summaries">The summaries, in the order given.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void Write(TextWriter output, IEnumerable<IndicatorSummary> summaries)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(summaries);
        output.Write(string.Join(',', Columns));
        output.Write('\n');
        foreach (var summary in summaries)
        {
            WriteRow(output, summary, string.Empty, string.Empty, summary.Counts);
            foreach (var stratum in summary.Strata)
            {
                WriteRow(output, summary, stratum.Stratifier, stratum.Value, stratum.Counts);
            }
        }
    }

    private static void WriteRow(TextWriter output, IndicatorSummary s, string stratifier, string stratum, PopulationCounts c)
    {
        string[] fields =
        [
            s.IndicatorId, s.Title, FhirTerms.Code(s.Kind), FhirTerms.Code(s.Direction),
            s.PeriodStart?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty,
            s.PeriodEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            stratifier, stratum,
            Int(c.InitialPopulation), Int(c.Denominator), Int(c.DenominatorExclusion), Int(c.DenominatorException), Int(c.Numerator),
            Int(c.EffectiveDenominator),
            Dec(c.Score),
            Dec(c.ScoreInterval95?.Lower),
            Dec(c.ScoreInterval95?.Upper),
        ];
        for (int i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                output.Write(',');
            }

            output.Write(Quote(fields[i]));
        }

        output.Write('\n');

        static string Int(int n) => n.ToString(CultureInfo.InvariantCulture);
        static string Dec(double? value) => value is { } v ? Math.Round((decimal)v, 6, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture) : string.Empty;
    }

    /// <summary>RFC 4180: quote a field holding a comma, quote, CR or LF; double inner quotes.</summary>
    internal static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
