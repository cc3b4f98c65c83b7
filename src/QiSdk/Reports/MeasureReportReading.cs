using System.Collections.Immutable;
using System.Text.Json;
using QiSdk.Indicators;
using QiSdk.Records;

namespace QiSdk.Reports;

/// <summary>
/// Reads the documented FHIR shape of summary MeasureReports, shared by the results reader
/// (<see cref="MeasureReportJson.ReadSummaryBundle(Stream, string)"/>, exact counts) and the disclosure reader
/// (<c>QiSdk.Feedback.ReleasedResults</c>, withheld and rounded counts): the Bundle walk, the report's identity, period,
/// kind, direction, reporter and freshness, and its strata. Only how a population's count is read differs, so the
/// caller passes that. Every property is checked for its JSON kind before use, so malformed input becomes a located
/// <see cref="ReportFormatException"/>, never another exception.
/// </summary>
internal static class MeasureReportReading
{
    /// <summary>Makes a located error: code, path below the report, message.</summary>
    internal delegate ReportFormatException ErrorAt(string code, string path, string message);

    /// <summary>Reads a population group's (or stratum's) counts; <c>path</c> is the group's path with a trailing dot.</summary>
    internal delegate TCounts CountsReader<TCounts>(JsonElement group, string path, ErrorAt error);

    /// <summary>
    /// Parses a Bundle of MeasureReports (or one MeasureReport) and calls <paramref name="visit"/> for each report with its
    /// entry index (null for a bare report).
    /// </summary>
    /// <exception cref="ReportFormatException">Malformed JSON, not a Bundle or MeasureReport, an entry without a resource or of another type.</exception>
    internal static void ReadDocument(Stream input, string sourceName, string expected, Action<JsonElement, int?> visit)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(sourceName);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(input);
        }
        catch (JsonException ex)
        {
            throw new ReportFormatException(ReportErrors.MalformedJson, sourceName, null, ex.Path, $"not valid JSON (line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}): {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            string? type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("resourceType", out var rt) && rt.ValueKind == JsonValueKind.String ? rt.GetString() : null;
            if (type == "MeasureReport")
            {
                visit(root, null);
                return;
            }

            if (type != "Bundle")
            {
                throw new ReportFormatException(ReportErrors.NotABundle, sourceName, null, "resourceType", $"expected {expected}, found resourceType '{type ?? "(none)"}'.");
            }

            if (!root.TryGetProperty("entry", out var entries))
            {
                return;
            }

            if (entries.ValueKind != JsonValueKind.Array)
            {
                throw new ReportFormatException(ReportErrors.WrongType, sourceName, null, "Bundle.entry", "Bundle.entry must be an array.");
            }

            int index = 0;
            foreach (var entry in entries.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("resource", out var resource) || resource.ValueKind != JsonValueKind.Object)
                {
                    throw new ReportFormatException(ReportErrors.WrongType, sourceName, index, $"Bundle.entry[{index}].resource", "entry has no resource object.");
                }

                string? entryType = resource.TryGetProperty("resourceType", out var ert) && ert.ValueKind == JsonValueKind.String ? ert.GetString() : null;
                if (entryType != "MeasureReport")
                {
                    throw new ReportFormatException(ReportErrors.NotAMeasureReport, sourceName, index, $"Bundle.entry[{index}].resource.resourceType", $"expected a MeasureReport, found '{entryType ?? "(none)"}'.");
                }

                visit(resource, index);
                index++;
            }
        }
    }

    /// <summary>The located-error factory for one report of a source.</summary>
    internal static ErrorAt ErrorsFor(string source, int? entry)
    {
        string prefix = entry is { } e ? $"Bundle.entry[{e}].resource." : "MeasureReport.";
        return (code, path, message) => new ReportFormatException(code, source, entry, prefix + path, message);
    }

    /// <summary>Reads one summary report's fields, its first group's counts and its strata.</summary>
    /// <exception cref="ReportFormatException">A field a summary needs is missing or malformed.</exception>
    internal static SummaryReport<TCounts> ReadSummary<TCounts>(JsonElement report, ErrorAt error, CountsReader<TCounts> readCounts)
    {
        string url = report.TryGetProperty("measure", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : throw error(ReportErrors.MissingField, "measure", "MeasureReport.measure (the indicator's canonical URL) is missing.");
        string bare = url.Split('|')[0];
        string id = ExtensionString(report, FhirTerms.IndicatorIdExtension) ?? bare[(bare.LastIndexOf('/') + 1)..];
        if (!report.TryGetProperty("period", out var period) || period.ValueKind != JsonValueKind.Object
            || !period.TryGetProperty("end", out var endElement) || endElement.ValueKind != JsonValueKind.String)
        {
            throw error(ReportErrors.MissingField, "period.end", "MeasureReport.period.end (the reference date) is missing.");
        }

        DateOnly end = Date(endElement.GetString()!, () => error(ReportErrors.InvalidValue, "period.end", $"'{endElement.GetString()}' is not a date."));
        DateOnly? start = period.TryGetProperty("start", out var s) && s.ValueKind == JsonValueKind.String
            ? Date(s.GetString()!, () => error(ReportErrors.InvalidValue, "period.start", $"'{s.GetString()}' is not a date."))
            : null;
        var direction = report.TryGetProperty("improvementNotation", out var notation) && FirstCode(notation) == "decrease"
            ? ImprovementDirection.Decrease
            : ImprovementDirection.Increase;
        var kind = IndicatorKind.Outcome;
        if (report.TryGetProperty("extension", out var exts) && exts.ValueKind == JsonValueKind.Array)
        {
            foreach (var ext in exts.EnumerateArray())
            {
                if (ext.ValueKind == JsonValueKind.Object && ext.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String && u.GetString() == FhirTerms.IndicatorKindExtension
                    && ext.TryGetProperty("valueCodeableConcept", out var cc) && FirstCode(cc) == "process")
                {
                    kind = IndicatorKind.Process;
                }
            }
        }

        if (!report.TryGetProperty("group", out var groups) || groups.ValueKind != JsonValueKind.Array || groups.GetArrayLength() == 0)
        {
            throw error(ReportErrors.MissingField, "group", "MeasureReport.group is missing or empty.");
        }

        var group = groups[0];
        var counts = readCounts(group, "group[0].", error);
        var strata = ImmutableArray.CreateBuilder<(string, string, TCounts)>();
        if (group.ValueKind == JsonValueKind.Object && group.TryGetProperty("stratifier", out var stratifiers) && stratifiers.ValueKind == JsonValueKind.Array)
        {
            int si = 0;
            foreach (var stratifier in stratifiers.EnumerateArray())
            {
                string name = stratifier.ValueKind == JsonValueKind.Object && stratifier.TryGetProperty("code", out var codes) && codes.ValueKind == JsonValueKind.Array && codes.GetArrayLength() > 0
                    ? TextOrCode(codes[0]) ?? $"stratifier-{si}"
                    : $"stratifier-{si}";
                if (stratifier.ValueKind == JsonValueKind.Object && stratifier.TryGetProperty("stratum", out var stratumArray) && stratumArray.ValueKind == JsonValueKind.Array)
                {
                    int ti = 0;
                    foreach (var stratum in stratumArray.EnumerateArray())
                    {
                        string value = stratum.ValueKind == JsonValueKind.Object && stratum.TryGetProperty("value", out var v) ? TextOrCode(v) ?? string.Empty : string.Empty;
                        strata.Add((name, value, readCounts(stratum, $"group[0].stratifier[{si}].stratum[{ti}].", error)));
                        ti++;
                    }
                }

                si++;
            }
        }

        return new SummaryReport<TCounts>(
            id,
            bare,
            ExtensionString(report, FhirTerms.IndicatorVersionExtension) ?? (url.Contains('|', StringComparison.Ordinal) ? url.Split('|')[1] : string.Empty),
            ExtensionString(report, FhirTerms.IndicatorTitleExtension) ?? id,
            kind,
            direction,
            start,
            end,
            Reporter(report),
            MeasureReportJson.ReadFreshness(report, (p, msg) => error(ReportErrors.InvalidValue, p, msg)),
            counts,
            strata.ToImmutable());
    }

    /// <summary>The <c>code</c> of the first coding of a CodeableConcept.</summary>
    internal static string? FirstCode(JsonElement concept)
    {
        if (concept.ValueKind == JsonValueKind.Object && concept.TryGetProperty("coding", out var codings) && codings.ValueKind == JsonValueKind.Array)
        {
            foreach (var coding in codings.EnumerateArray())
            {
                if (coding.ValueKind == JsonValueKind.Object && coding.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String)
                {
                    return code.GetString();
                }
            }
        }

        return null;
    }

    /// <summary>The population code of a population entry, or null.</summary>
    internal static string? PopulationCode(JsonElement population) =>
        population.ValueKind == JsonValueKind.Object && population.TryGetProperty("code", out var c) ? FirstCode(c) : null;

    private static string? TextOrCode(JsonElement concept) =>
        concept.ValueKind == JsonValueKind.Object && concept.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : FirstCode(concept);

    private static string? ExtensionString(JsonElement element, string url)
    {
        if (element.TryGetProperty("extension", out var exts) && exts.ValueKind == JsonValueKind.Array)
        {
            foreach (var ext in exts.EnumerateArray())
            {
                if (ext.ValueKind == JsonValueKind.Object && ext.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String && u.GetString() == url
                    && ext.TryGetProperty("valueString", out var v) && v.ValueKind == JsonValueKind.String)
                {
                    return v.GetString();
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The reporter's name: <c>reporter.display</c>, else the contained resource <c>reporter.reference</c> points to
    /// (<c>#id</c>; an Organization's <c>name</c> or first identifier value), so a writer that names the reporter as a
    /// contained Organization (as R4's ref-1 asks) reads the same.
    /// </summary>
    private static string? Reporter(JsonElement report)
    {
        if (!report.TryGetProperty("reporter", out var rep) || rep.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (rep.TryGetProperty("display", out var d) && d.ValueKind == JsonValueKind.String && d.GetString() is { Length: > 0 } display)
        {
            return display;
        }

        if (rep.TryGetProperty("reference", out var r) && r.ValueKind == JsonValueKind.String && r.GetString() is ['#', .. var id]
            && report.TryGetProperty("contained", out var contained) && contained.ValueKind == JsonValueKind.Array)
        {
            foreach (var resource in contained.EnumerateArray())
            {
                if (resource.ValueKind == JsonValueKind.Object && resource.TryGetProperty("id", out var rid) && rid.ValueKind == JsonValueKind.String && rid.GetString() == id)
                {
                    if (resource.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
                    {
                        return name.GetString();
                    }

                    if (resource.TryGetProperty("identifier", out var ids) && ids.ValueKind == JsonValueKind.Array && ids.GetArrayLength() > 0
                        && ids[0].ValueKind == JsonValueKind.Object && ids[0].TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String)
                    {
                        return v.GetString();
                    }
                }
            }
        }

        return null;
    }

    private static DateOnly Date(string text, Func<ReportFormatException> error) =>
        FhirDate.TryParse(text, out var date) ? date.Date : throw error();
}

/// <summary>One summary MeasureReport as read: identity, period, reporter, freshness, counts and strata.</summary>
internal sealed record SummaryReport<TCounts>(
    string IndicatorId,
    string Url,
    string Version,
    string Title,
    IndicatorKind Kind,
    ImprovementDirection Direction,
    DateOnly? PeriodStart,
    DateOnly PeriodEnd,
    string? Reporter,
    ImmutableArray<ResourceFreshness> Freshness,
    TCounts Counts,
    ImmutableArray<(string Stratifier, string Value, TCounts Counts)> Strata);
