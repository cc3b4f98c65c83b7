using System.Collections.Immutable;
using System.Text.Json;
using QiSdk.Indicators;
using QiSdk.Privacy;
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

    /// <summary>
    /// The typed view of a disclosure just prepared or released (<see cref="Disclosure.Content"/>, exactly the bytes that
    /// leave): withheld counts are null, rounded counts carry the range they stand for.
    /// </summary>
    /// <param name="disclosure">The disclosure.</param>
    /// <returns>The released indicators; <see cref="ReleasedDisclosure.SourceName"/> is the release id.</returns>
    /// <exception cref="ReportFormatException">The content is not a Bundle of MeasureReports (a custom renderer's format).</exception>
    public static ReleasedDisclosure Read(Disclosure disclosure)
    {
        ArgumentNullException.ThrowIfNull(disclosure);
        using var stream = new MemoryStream(disclosure.Content.ToArray(), writable: false);
        return Read(stream, disclosure.ReleaseId);
    }

    /// <summary>Reads a disclosure from a stream.</summary>
    /// <param name="input">The JSON (not closed).</param>
    /// <param name="sourceName">The file name, used in error messages.</param>
    /// <exception cref="ReportFormatException">The JSON is malformed, not a Bundle of MeasureReports, or a report lacks what a summary needs.</exception>
    public static ReleasedDisclosure Read(Stream input, string sourceName)
    {
        var indicators = ImmutableArray.CreateBuilder<ReleasedIndicator>();
        int skipped = 0;
        MeasureReportReading.ReadDocument(input, sourceName, "a Bundle of MeasureReports (a disclosure) or a MeasureReport", (report, entry) =>
        {
            // Individual rows (pseudonymised extracts) are not summaries: counted, not compared.
            if (report.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() != "summary")
            {
                skipped++;
                return;
            }

            var r = MeasureReportReading.ReadSummary(report, MeasureReportReading.ErrorsFor(sourceName, entry), ReadCounts);
            indicators.Add(new ReleasedIndicator
            {
                IndicatorId = r.IndicatorId,
                Title = r.Title,
                Url = r.Url,
                Version = r.Version,
                Kind = r.Kind,
                Direction = r.Direction,
                PeriodStart = r.PeriodStart,
                PeriodEnd = r.PeriodEnd,
                Reporter = r.Reporter,
                Counts = r.Counts,
                Strata = [.. r.Strata.Select(st => new ReleasedStratum(st.Stratifier, st.Value, st.Counts))],
                Freshness = r.Freshness,
                Source = entry is { } en ? $"{sourceName} entry {en}" : sourceName,
            });
        });
        return new ReleasedDisclosure(sourceName, indicators.ToImmutable(), skipped);
    }

    private static ReleasedCounts ReadCounts(JsonElement group, string path, MeasureReportReading.ErrorAt error)
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
            string? code = MeasureReportReading.PopulationCode(population);
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
            if (FhirTerms.TryParsePopulation(MeasureReportReading.PopulationCode(population), out var which))
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

    private static ReleasedCount ReadCount(JsonElement population, string path, string code, MeasureReportReading.ErrorAt error)
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
}
