using System.Collections.Immutable;
using System.Text.Json;
using QiSdk.Indicators;
using QiSdk.Records;
using QiSdk.Reports;

namespace QiSdk.Feedback;

/// <summary>
/// Reads released disclosures (<c>disclosure.json</c> from <c>qi disclose</c>, or any FHIR R4 Bundle of summary
/// MeasureReports) into <see cref="ReleasedDisclosure"/>. Unlike <see cref="MeasureReportJson.ReadSummaryBundle"/>, which
/// reads a practice's own complete results, this reader expects protected cells: a population with no <c>count</c> (the
/// <c>cell-note</c> "withheld by privacy policy") is a withheld count, and a <c>cell-rounding</c> extension (valueRange)
/// gives the range of true counts a rounded value stands for. It reads the documented FHIR shape only (resource ids
/// and fullUrls are ignored), so it is robust to how the writer names reports.
/// </summary>
public static class ReleasedResults
{
    /// <summary>Reads one disclosure file.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="ReportFormatException">The file is not a Bundle of MeasureReports or a report is malformed; the message says where.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ReleasedDisclosure ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads a disclosure from a stream.</summary>
    /// <param name="input">The JSON (not closed).</param>
    /// <param name="sourceName">The file name, used in error messages.</param>
    /// <exception cref="ReportFormatException">The JSON is malformed, not a Bundle of MeasureReports, or a report lacks what a summary needs.</exception>
    public static ReleasedDisclosure Read(Stream input, string sourceName)
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
            var indicators = ImmutableArray.CreateBuilder<ReleasedIndicator>();
            int skipped = 0;
            if (type == "MeasureReport")
            {
                if (!Add(root, null))
                {
                    skipped++;
                }
            }
            else if (type == "Bundle")
            {
                if (root.TryGetProperty("entry", out var entries))
                {
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

                        if (!Add(resource, index))
                        {
                            skipped++;
                        }

                        index++;
                    }
                }
            }
            else
            {
                throw new ReportFormatException(ReportErrors.NotABundle, sourceName, null, "resourceType", $"expected a Bundle of MeasureReports (a disclosure) or a MeasureReport, found resourceType '{type ?? "(none)"}'.");
            }

            return new ReleasedDisclosure(sourceName, indicators.ToImmutable(), skipped);

            bool Add(JsonElement report, int? entry)
            {
                // Individual rows (pseudonymised extracts) are not summaries: counted, not compared.
                if (report.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() != "summary")
                {
                    return false;
                }

                indicators.Add(ReadReport(report, sourceName, entry));
                return true;
            }
        }
    }

    private static ReleasedIndicator ReadReport(JsonElement report, string source, int? entry)
    {
        string prefix = entry is { } e ? $"Bundle.entry[{e}].resource." : "MeasureReport.";
        ReportFormatException Error(string code, string path, string message) => new(code, source, entry, prefix + path, message);

        string url = report.TryGetProperty("measure", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : throw Error(ReportErrors.MissingField, "measure", "MeasureReport.measure (the indicator's canonical URL) is missing.");
        string bare = url.Split('|')[0];
        string id = ExtensionString(report, FhirTerms.IndicatorIdExtension) ?? bare[(bare.LastIndexOf('/') + 1)..];
        if (!report.TryGetProperty("period", out var period) || period.ValueKind != JsonValueKind.Object
            || !period.TryGetProperty("end", out var endElement) || endElement.ValueKind != JsonValueKind.String)
        {
            throw Error(ReportErrors.MissingField, "period.end", "MeasureReport.period.end (the reference date) is missing.");
        }

        DateOnly end = Date(endElement.GetString()!, () => Error(ReportErrors.InvalidValue, "period.end", $"'{endElement.GetString()}' is not a date."));
        DateOnly? start = period.TryGetProperty("start", out var s) && s.ValueKind == JsonValueKind.String
            ? Date(s.GetString()!, () => Error(ReportErrors.InvalidValue, "period.start", $"'{s.GetString()}' is not a date."))
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
            throw Error(ReportErrors.MissingField, "group", "MeasureReport.group is missing or empty.");
        }

        var group = groups[0];
        var counts = ReadCounts(group, "group[0].", Error);
        var strata = ImmutableArray.CreateBuilder<ReleasedStratum>();
        if (group.TryGetProperty("stratifier", out var stratifiers) && stratifiers.ValueKind == JsonValueKind.Array)
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
                        strata.Add(new ReleasedStratum(name, value, ReadCounts(stratum, $"group[0].stratifier[{si}].stratum[{ti}].", Error)));
                        ti++;
                    }
                }

                si++;
            }
        }

        string? reporter = Reporter(report);
        return new ReleasedIndicator
        {
            IndicatorId = id,
            Title = ExtensionString(report, FhirTerms.IndicatorTitleExtension) ?? id,
            Url = bare,
            Version = ExtensionString(report, FhirTerms.IndicatorVersionExtension) ?? (url.Contains('|', StringComparison.Ordinal) ? url.Split('|')[1] : string.Empty),
            Kind = kind,
            Direction = direction,
            PeriodStart = start,
            PeriodEnd = end,
            Reporter = reporter,
            Counts = counts,
            Strata = strata.ToImmutable(),
            Freshness = MeasureReportJson.ReadFreshness(report, (p, msg) => Error(ReportErrors.InvalidValue, p, msg)),
            Source = entry is { } en ? $"{source} entry {en}" : source,
        };
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

    private static ReleasedCounts ReadCounts(JsonElement group, string path, Func<string, string, string, ReportFormatException> error)
    {
        if (group.ValueKind != JsonValueKind.Object || !group.TryGetProperty("population", out var populations) || populations.ValueKind != JsonValueKind.Array)
        {
            throw error(ReportErrors.MissingField, path + "population", "population array is missing.");
        }

        // A population the report does not list is not known: treat it as withheld, never as zero.
        var values = new ReleasedCount[5];
        Array.Fill(values, ReleasedCount.Withheld);
        int i = 0;
        foreach (var population in populations.EnumerateArray())
        {
            string? code = population.ValueKind == JsonValueKind.Object && population.TryGetProperty("code", out var c) ? FirstCode(c) : null;
            if (FhirTerms.TryParsePopulation(code, out var which))
            {
                values[(int)which] = ReadCount(population, $"{path}population[{i}]", code!, error);
            }

            i++;
        }

        // A listed population without a count is withheld. An absent exclusion or exception population is zero when the
        // report lists a denominator: they are optional in FHIR and other writers leave empty ones out (QiSdk writes all five).
        var seen = new HashSet<MeasurePopulation>();
        foreach (var population in populations.EnumerateArray())
        {
            if (population.ValueKind == JsonValueKind.Object && population.TryGetProperty("code", out var c) && FhirTerms.TryParsePopulation(FirstCode(c), out var which))
            {
                seen.Add(which);
            }
        }

        if (seen.Contains(MeasurePopulation.Denominator))
        {
            foreach (var optional in (ReadOnlySpan<MeasurePopulation>)[MeasurePopulation.DenominatorExclusion, MeasurePopulation.DenominatorException])
            {
                if (!seen.Contains(optional))
                {
                    values[(int)optional] = ReleasedCount.Exact(0);
                }
            }
        }

        return new ReleasedCounts(values[0], values[1], values[2], values[3], values[4]);
    }

    private static ReleasedCount ReadCount(JsonElement population, string path, string code, Func<string, string, string, ReportFormatException> error)
    {
        if (!population.TryGetProperty("count", out var count))
        {
            return ReleasedCount.Withheld;
        }

        if (count.ValueKind != JsonValueKind.Number || !count.TryGetInt32(out int n) || n < 0)
        {
            throw error(FeedbackErrors.InvalidReleasedCount, path + ".count", $"population '{code}' has a count that is not a non-negative integer ({count.GetRawText()}).");
        }

        if (population.TryGetProperty("extension", out var exts) && exts.ValueKind == JsonValueKind.Array)
        {
            foreach (var ext in exts.EnumerateArray())
            {
                if (ext.ValueKind == JsonValueKind.Object && ext.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String && u.GetString() == FhirTerms.CellRoundingExtension)
                {
                    int? low = RangeBound(ext, "low"), high = RangeBound(ext, "high");
                    if (low is not { } lo || high is not { } hi || lo < 0 || lo > n || hi < n)
                    {
                        throw error(FeedbackErrors.InvalidReleasedCount, path + ".extension", $"population '{code}': cell-rounding needs a valueRange with integer low <= count ({n}) <= high.");
                    }

                    return new ReleasedCount(n, lo, hi);
                }
            }
        }

        return ReleasedCount.Exact(n);
    }

    private static int? RangeBound(JsonElement ext, string name) =>
        ext.TryGetProperty("valueRange", out var range) && range.ValueKind == JsonValueKind.Object
        && range.TryGetProperty(name, out var q) && q.ValueKind == JsonValueKind.Object
        && q.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) ? i : null;

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

    private static string? FirstCode(JsonElement concept)
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

    private static string? TextOrCode(JsonElement concept) =>
        concept.ValueKind == JsonValueKind.Object && concept.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : FirstCode(concept);

    private static DateOnly Date(string text, Func<ReportFormatException> error) =>
        FhirDate.TryParse(text, out var date) ? date.Date : throw error();
}
