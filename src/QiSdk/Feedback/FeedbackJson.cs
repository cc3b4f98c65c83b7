using System.Globalization;
using System.Text.Json;
using QiSdk.Indicators;

namespace QiSdk.Feedback;

/// <summary>
/// Writes <c>comparison.json</c> and <c>trend.json</c> (shapes in docs/feedback.md). Rates are fractions 0..1 rounded to
/// 6 decimal places; dates are ISO <c>yyyy-MM-dd</c>; withheld values are JSON null.
/// </summary>
public static class FeedbackJson
{
    /// <summary>Writes a comparison.</summary>
    /// <param name="output">Where the JSON goes (not closed).</param>
    /// <param name="comparison">The comparison.</param>
    public static void WriteComparison(Stream output, ClusterComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(comparison);
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteStartObject("period");
        Date(w, "start", comparison.PeriodStart);
        Date(w, "end", comparison.PeriodEnd);
        w.WriteEndObject();
        w.WriteString("mode", comparison.ClusterOnly ? "cluster-only" : "practices");
        if (comparison.ForPractice is not null)
        {
            w.WriteString("for", comparison.ForPractice);
        }

        Strings(w, "practices", comparison.Practices);
        Strings(w, "headline", comparison.Headline);
        w.WriteStartArray("indicators");
        foreach (var i in comparison.Indicators)
        {
            w.WriteStartObject();
            w.WriteString("id", i.IndicatorId);
            w.WriteString("title", i.Title);
            w.WriteString("improvement", Improvement(i.Direction));
            Date(w, "periodStart", i.PeriodStart);
            Date(w, "periodEnd", i.PeriodEnd);
            w.WritePropertyName("cluster");
            Totals(w, i.Cluster);
            if (!comparison.ClusterOnly)
            {
                w.WriteStartArray("practices");
                foreach (var p in i.Practices)
                {
                    Practice(w, p);
                }

                w.WriteEndArray();
            }
            else
            {
                w.WriteStartArray("history");
                foreach (var h in i.History)
                {
                    w.WriteStartObject();
                    Date(w, "periodStart", h.PeriodStart);
                    Date(w, "periodEnd", h.PeriodEnd);
                    w.WritePropertyName("cluster");
                    Totals(w, h.Totals);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartArray("references");
                foreach (var r in i.References)
                {
                    w.WriteStartObject();
                    w.WriteString("label", r.Label);
                    Rate(w, "rate", r.Rate);
                    Funnel(w, r.Funnel);
                    w.WriteString("signal", SignalName(r.Signal));
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("pairs");
        foreach (var pair in comparison.Pairs)
        {
            w.WriteStartObject();
            Strings(w, "practices", pair.Practices);
            w.WriteNumber("score", Math.Round(pair.Score, 6));
            w.WriteString("reason", pair.Reason);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("strengths");
        foreach (var (practice, statements) in comparison.Strengths)
        {
            w.WriteStartArray(practice);
            foreach (var s in statements)
            {
                w.WriteStartObject();
                w.WriteString("indicator", s.IndicatorId);
                w.WriteString("title", s.Title);
                w.WriteString("signal", SignalName(s.Signal));
                Rate(w, "rate", s.Rate);
                w.WriteNumber("numerator", s.Numerator);
                w.WriteNumber("denominator", s.Denominator);
                Rate(w, "clusterRate", s.ClusterRate);
                Rate(w, "limit95", s.Limit);
                w.WriteString("text", s.Text);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
        Strings(w, "stale", comparison.StalePractices);
        Strings(w, "notes", comparison.Notes);
        w.WriteEndObject();
        w.Flush();
    }

    /// <summary>Writes a trend report.</summary>
    /// <param name="output">Where the JSON goes (not closed).</param>
    /// <param name="trend">The trend report.</param>
    public static void WriteTrend(Stream output, TrendReport trend)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(trend);
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteStartArray("dates");
        foreach (var d in trend.Dates)
        {
            w.WriteStringValue(Iso(d));
        }

        w.WriteEndArray();
        w.WriteNumber("patients", trend.Patients);
        WriteFreshness(w, trend.Freshness.Select(f => (f.ResourceType, f.LatestEventDate)), trend.Dates[^1]);
        w.WriteStartArray("indicators");
        foreach (var t in trend.Indicators)
        {
            w.WriteStartObject();
            w.WriteString("id", t.IndicatorId);
            w.WriteString("title", t.Title);
            w.WriteString("improvement", Improvement(t.Direction));
            Rate(w, "median", t.RunChart.Median);
            Rate(w, "centreLine", t.CentreLine);
            w.WriteStartObject("runs");
            w.WriteNumber("count", t.RunChart.Runs);
            w.WriteNumber("usefulObservations", t.RunChart.UsefulObservations);
            Int(w, "fewestExpected", t.RunChart.FewestExpectedRuns);
            Int(w, "mostExpected", t.RunChart.MostExpectedRuns);
            w.WriteEndObject();
            w.WriteStartArray("points");
            foreach (var p in t.Points)
            {
                w.WriteStartObject();
                w.WriteString("date", Iso(p.Date));
                w.WriteNumber("initialPopulation", p.Counts.InitialPopulation);
                w.WriteNumber("denominator", p.Counts.Denominator);
                w.WriteNumber("denominatorExclusion", p.Counts.DenominatorExclusion);
                w.WriteNumber("denominatorException", p.Counts.DenominatorException);
                w.WriteNumber("numerator", p.Counts.Numerator);
                Rate(w, "rate", p.Rate);
                Interval(w, p.Ci95);
                w.WriteStartObject("pChart");
                Rate(w, "lower", p.Lower3Sigma);
                Rate(w, "upper", p.Upper3Sigma);
                w.WriteBoolean("specialCause", p.SpecialCause);
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("signals");
            foreach (var s in t.RunChart.Signals.Concat(t.PChartSignals))
            {
                w.WriteStartObject();
                w.WriteString("rule", s.Rule);
                w.WriteString("from", Iso(s.From));
                w.WriteString("to", Iso(s.To));
                w.WriteString("description", s.Description);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.Flush();
    }

    private static void Practice(Utf8JsonWriter w, PracticeComparison p)
    {
        w.WriteStartObject();
        w.WriteString("practice", p.Practice);
        Int(w, "numerator", p.Numerator);
        Int(w, "denominator", p.Denominator);
        Rate(w, "rate", p.Rate);
        Interval(w, p.Ci95);
        w.WriteBoolean("rounded", p.Rounded);
        if (p.Funnel is { } f)
        {
            Funnel(w, f);
        }
        else
        {
            w.WriteNull("funnel");
        }

        w.WriteString("signal", SignalName(p.Signal));
        if (p.Position is { } pos)
        {
            w.WriteString("position", pos switch { LimitPosition.Above => "above", LimitPosition.Below => "below", _ => "within" });
        }
        else
        {
            w.WriteNull("position");
        }

        w.WriteBoolean("beyond998", p.Beyond998);
        w.WritePropertyName("freshness");
        w.WriteStartObject();
        Date(w, "referenceDate", p.Freshness.ReferenceDate);
        Date(w, "latestEventDate", p.Freshness.LatestEventDate);
        Int(w, "lagDays", p.Freshness.LagDays);
        w.WriteBoolean("known", p.Freshness.IsKnown);
        w.WriteBoolean("stale", p.Freshness.IsStale);
        w.WriteStartArray("resources");
        foreach (var r in p.Freshness.Resources)
        {
            w.WriteStartObject();
            w.WriteString("resourceType", r.ResourceType);
            w.WriteString("latestEventDate", Iso(r.LatestEventDate));
            w.WriteNumber("lagDays", r.LagDays);
            w.WriteBoolean("stale", r.IsStale);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteFreshness(Utf8JsonWriter w, IEnumerable<(string Type, DateOnly Latest)> freshness, DateOnly reference)
    {
        w.WriteStartArray("freshness");
        foreach (var (type, latest) in freshness)
        {
            w.WriteStartObject();
            w.WriteString("resourceType", type);
            w.WriteString("latestEventDate", Iso(latest));
            w.WriteNumber("lagDays", reference.DayNumber - latest.DayNumber);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void Totals(Utf8JsonWriter w, ClusterTotals t)
    {
        w.WriteStartObject();
        w.WriteNumber("numerator", t.Numerator);
        w.WriteNumber("denominator", t.Denominator);
        Rate(w, "rate", t.Rate);
        Interval(w, t.Ci95);
        w.WriteNumber("practicesPooled", t.Practices);
        w.WriteNumber("practicesWithheld", t.Withheld);
        w.WriteEndObject();
    }

    private static void Funnel(Utf8JsonWriter w, FunnelLimits f)
    {
        w.WriteStartObject("funnel");
        Rate(w, "lower95", f.Lower95);
        Rate(w, "upper95", f.Upper95);
        Rate(w, "lower998", f.Lower998);
        Rate(w, "upper998", f.Upper998);
        w.WriteEndObject();
    }

    private static void Interval(Utf8JsonWriter w, ProportionInterval? ci)
    {
        if (ci is { } c)
        {
            w.WriteStartArray("ci95");
            w.WriteNumberValue(Round(c.Lower));
            w.WriteNumberValue(Round(c.Upper));
            w.WriteEndArray();
        }
        else
        {
            w.WriteNull("ci95");
        }
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (string v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }

    private static void Rate(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, Round(v));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Int(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Date(Utf8JsonWriter w, string name, DateOnly? value)
    {
        if (value is { } v)
        {
            w.WriteString(name, Iso(v));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static decimal Round(double value) => Math.Round((decimal)value, 6, MidpointRounding.AwayFromZero);

    /// <summary>The JSON (and report) name of a signal: <c>better</c>, <c>worse</c>, <c>as-expected</c> or <c>withheld</c>.</summary>
    /// <param name="signal">The signal.</param>
    public static string SignalName(ComparisonSignal signal) => signal switch
    {
        ComparisonSignal.Better => "better",
        ComparisonSignal.Worse => "worse",
        ComparisonSignal.Withheld => "withheld",
        _ => "as-expected",
    };

    internal static string Improvement(ImprovementDirection direction) => direction == ImprovementDirection.Increase ? "increase" : "decrease";

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
