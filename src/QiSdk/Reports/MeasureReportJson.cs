using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using QiSdk.Indicators;

namespace QiSdk.Reports;

/// <summary>
/// Writes indicator results as FHIR R4 MeasureReports (summary, subject-list, individual) inside a <c>collection</c>
/// Bundle, and reads summary MeasureReports back. Population codes are the standard
/// <c>http://terminology.hl7.org/CodeSystem/measure-population</c> codes; <c>measure</c> is the indicator's canonical URL;
/// <c>measureScore</c> is numerator / (denominator - exclusions - exceptions), omitted when that is zero.
/// </summary>
public static class MeasureReportJson
{
    private const string ReporterId = "reporter";

    /// <summary>Writes one summary MeasureReport per indicator (no patient identifiers) as a <c>collection</c> Bundle.</summary>
    /// <param name="output">Where the JSON goes (not closed).</param>
    /// <param name="summaries">The indicator summaries, written in the order given.</param>
    /// <param name="options">Formatting options; defaults when null.</param>
    /// <param name="cancellationToken">Stops between reports.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void WriteSummaryBundle(Stream output, IEnumerable<IndicatorSummary> summaries, MeasureReportWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(summaries);
        WriteBundle(output, summaries.Select(s => MeasureReportModel.FromSummary(s, MeasureReportType.Summary, ReportId(s, "summary"))), options, cancellationToken);
    }

    /// <summary>
    /// Writes one subject-list MeasureReport per indicator: the summary counts plus, for each population, a contained
    /// <c>List</c> of the patients in it (referenced from <c>population.subjectResults</c>). Patient-level: local only.
    /// </summary>
    /// <param name="output">Where the JSON goes (not closed).</param>
    /// <param name="results">The indicator results with their patients.</param>
    /// <param name="options">Formatting options; defaults when null.</param>
    /// <param name="cancellationToken">Stops between reports.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void WriteSubjectListBundle(Stream output, IEnumerable<IndicatorResult> results, MeasureReportWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(results);
        WriteBundle(output, results.Select(SubjectList), options, cancellationToken);

        static MeasureReportModel SubjectList(IndicatorResult result)
        {
            var model = MeasureReportModel.FromSummary(result.Summary, MeasureReportType.SubjectList, ReportId(result.Summary, "subject-list"));
            return model with
            {
                Cells = [.. model.Cells.Select(c => c with
                {
                    Subjects = [.. result.Patients.Where(p => (p.Populations & FhirTerms.Flag(c.Population)) != 0).Select(p => p.PatientId)],
                })],
            };
        }
    }

    /// <summary>Writes one individual MeasureReport per patient and indicator (patients in no population are skipped). Local only.</summary>
    /// <param name="output">Where the JSON goes (not closed).</param>
    /// <param name="results">The indicator results with their patients.</param>
    /// <param name="options">Formatting options; defaults when null.</param>
    /// <param name="cancellationToken">Stops between reports.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void WriteIndividualBundle(Stream output, IEnumerable<IndicatorResult> results, MeasureReportWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(results);
        WriteBundle(output, results.SelectMany(Individuals), options, cancellationToken);

        static IEnumerable<MeasureReportModel> Individuals(IndicatorResult result)
        {
            foreach (var patient in result.Patients)
            {
                if (patient.Populations == PopulationMembership.None)
                {
                    continue;
                }

                bool In(MeasurePopulation p) => (patient.Populations & FhirTerms.Flag(p)) != 0;
                var counts = new PopulationCounts(
                    In(MeasurePopulation.InitialPopulation) ? 1 : 0,
                    In(MeasurePopulation.Denominator) ? 1 : 0,
                    In(MeasurePopulation.DenominatorExclusion) ? 1 : 0,
                    In(MeasurePopulation.DenominatorException) ? 1 : 0,
                    In(MeasurePopulation.Numerator) ? 1 : 0);
                var summary = result.Summary with { Counts = counts, Strata = [] };
                yield return MeasureReportModel.FromSummary(summary, MeasureReportType.Individual, ReportId(result.Summary, "individual-" + patient.PatientId))
                    with { Subject = patient.PatientId };
            }
        }
    }

    /// <summary>
    /// Reads summary MeasureReports from a Bundle (as written by <see cref="WriteSummaryBundle"/>, or by another FHIR
    /// system) or a single MeasureReport. Groups are matched by position; only <c>group[0]</c> is read.
    /// Reports without QiSdk's indicator-kind extension are read as <see cref="IndicatorKind.Outcome"/> (the cautious choice
    /// for policies that release process measures only).
    /// </summary>
    /// <param name="input">The JSON.</param>
    /// <param name="sourceName">The file name, used in error messages.</param>
    /// <exception cref="ReportFormatException">The JSON is malformed or a report lacks what a summary needs; the message says where.</exception>
    public static ImmutableArray<IndicatorSummary> ReadSummaryBundle(Stream input, string sourceName)
    {
        var builder = ImmutableArray.CreateBuilder<IndicatorSummary>();
        MeasureReportReading.ReadDocument(input, sourceName, "a Bundle of MeasureReports or a MeasureReport", (report, entry) =>
        {
            var r = MeasureReportReading.ReadSummary(report, MeasureReportReading.ErrorsFor(sourceName, entry), ReadCounts);
            builder.Add(new IndicatorSummary
            {
                IndicatorId = r.IndicatorId,
                Url = r.Url,
                Version = r.Version,
                Title = r.Title,
                Kind = r.Kind,
                Direction = r.Direction,
                PeriodStart = r.PeriodStart,
                PeriodEnd = r.PeriodEnd,
                Counts = r.Counts,
                Strata = [.. r.Strata.Select(st => new StratumCounts(st.Stratifier, st.Value, st.Counts))],
                Reporter = r.Reporter,
                Freshness = r.Freshness,
            });
        });
        return builder.ToImmutable();
    }

    internal static void WriteBundle(Stream output, IEnumerable<MeasureReportModel> reports, MeasureReportWriteOptions? options, CancellationToken cancellationToken)
    {
        options ??= new MeasureReportWriteOptions();
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = options.Indented });
        writer.WriteStartObject();
        writer.WriteString("resourceType", "Bundle");
        writer.WriteString("type", "collection");
        if (options.GeneratedAt is { } at)
        {
            writer.WriteString("timestamp", at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
        }

        writer.WriteStartArray("entry");
        foreach (var report in reports)
        {
            cancellationToken.ThrowIfCancellationRequested();
            writer.WriteStartObject();
            writer.WriteString("fullUrl", "urn:uuid:" + DeterministicGuid(report.Id));
            writer.WritePropertyName("resource");
            WriteReport(writer, report, options);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
    }

    internal static void WriteReport(Utf8JsonWriter w, MeasureReportModel r, MeasureReportWriteOptions options)
    {
        w.WriteStartObject();
        w.WriteString("resourceType", "MeasureReport");
        FhirIds.WriteId(w, r.Id);
        if (r.Type == MeasureReportType.SubjectList || r.Reporter is not null)
        {
            w.WriteStartArray("contained");
            if (r.Reporter is not null)
            {
                // The reporter as a contained Organization: a Reference with only a display fails R4's ref-1 in validators.
                w.WriteStartObject();
                w.WriteString("resourceType", "Organization");
                FhirIds.WriteId(w, ReporterId);
                w.WriteString("name", r.Reporter);
                w.WriteEndObject();
            }

            if (r.Type == MeasureReportType.SubjectList)
            {
                WriteContainedLists(w, r);
            }

            w.WriteEndArray();
        }

        w.WriteStartArray("extension");
        WriteStringExtension(w, FhirTerms.IndicatorIdExtension, r.IndicatorId);
        WriteStringExtension(w, FhirTerms.IndicatorVersionExtension, r.Version);
        WriteStringExtension(w, FhirTerms.IndicatorTitleExtension, r.Title);
        w.WriteStartObject();
        w.WriteString("url", FhirTerms.IndicatorKindExtension);
        w.WriteStartObject("valueCodeableConcept");
        WriteCoding(w, FhirTerms.MeasureTypeSystem, FhirTerms.Code(r.Kind));
        w.WriteEndObject();
        w.WriteEndObject();
        foreach (var fresh in r.Freshness)
        {
            w.WriteStartObject();
            w.WriteString("url", FhirTerms.DataFreshnessExtension);
            w.WriteStartArray("extension");
            w.WriteStartObject();
            w.WriteString("url", "resourceType");
            w.WriteString("valueCode", fresh.ResourceType);
            w.WriteEndObject();
            w.WriteStartObject();
            w.WriteString("url", "latestEventDate");
            w.WriteString("valueDate", Iso(fresh.LatestEventDate));
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();

        // The report's full name (indicator, reference date, kind): the id is derived from it and may be shortened.
        w.WriteStartArray("identifier");
        w.WriteStartObject();
        w.WriteString("system", FhirTerms.ReportNameSystem);
        w.WriteString("value", r.Id);
        w.WriteEndObject();
        w.WriteEndArray();

        w.WriteString("status", "complete");
        w.WriteString("type", FhirTerms.Code(r.Type));
        w.WriteString("measure", r.Url);
        if (r.Subject is not null)
        {
            w.WriteStartObject("subject");
            w.WriteString("reference", "Patient/" + r.Subject);
            w.WriteEndObject();
        }

        if (options.GeneratedAt is { } at)
        {
            w.WriteString("date", at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
        }

        if (r.Reporter is not null)
        {
            w.WriteStartObject("reporter");
            w.WriteString("reference", "#" + ReporterId);
            w.WriteString("display", r.Reporter);
            w.WriteEndObject();
        }

        w.WriteStartObject("period");
        if (r.PeriodStart is { } start)
        {
            w.WriteString("start", Iso(start));
        }

        w.WriteString("end", Iso(r.PeriodEnd));
        w.WriteEndObject();

        w.WriteStartObject("improvementNotation");
        WriteCoding(w, FhirTerms.ImprovementNotationSystem, FhirTerms.Code(r.Direction));
        w.WriteEndObject();

        w.WriteStartArray("group");
        w.WriteStartObject();
        WritePopulations(w, r.Cells, r.Type == MeasureReportType.SubjectList ? r : null);
        WriteScore(w, r.Score, r.ScoreNote);
        if (!r.Strata.IsDefaultOrEmpty)
        {
            w.WriteStartArray("stratifier");
            foreach (var byStratifier in r.Strata.GroupBy(s => s.Stratifier, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteStartArray("code");
                w.WriteStartObject();
                w.WriteString("text", byStratifier.Key);
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteStartArray("stratum");
                foreach (var stratum in byStratifier)
                {
                    w.WriteStartObject();
                    w.WriteStartObject("value");
                    w.WriteString("text", stratum.Value);
                    w.WriteEndObject();
                    WritePopulations(w, stratum.Cells, null);
                    WriteScore(w, stratum.Score, stratum.ScoreNote);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteContainedLists(Utf8JsonWriter w, MeasureReportModel r)
    {
        foreach (var cell in r.Cells)
        {
            w.WriteStartObject();
            w.WriteString("resourceType", "List");
            FhirIds.WriteId(w, ListId(cell.Population));
            w.WriteString("status", "current");
            w.WriteString("mode", "snapshot");
            w.WriteString("title", FhirTerms.Code(cell.Population));
            if (!cell.Subjects.IsDefaultOrEmpty)
            {
                w.WriteStartArray("entry");
                foreach (string subject in cell.Subjects)
                {
                    w.WriteStartObject();
                    w.WriteStartObject("item");
                    w.WriteString("reference", "Patient/" + subject);
                    w.WriteEndObject();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }
    }

    private static void WritePopulations(Utf8JsonWriter w, ImmutableArray<ReportCell> cells, MeasureReportModel? withSubjects)
    {
        w.WriteStartArray("population");
        foreach (var cell in cells)
        {
            w.WriteStartObject();
            if (cell.Note is not null || cell.RoundedFrom is not null)
            {
                w.WriteStartArray("extension");
                if (cell.Note is not null)
                {
                    WriteStringExtension(w, FhirTerms.CellNoteExtension, cell.Note);
                }

                if (cell.RoundedFrom is { } range)
                {
                    w.WriteStartObject();
                    w.WriteString("url", FhirTerms.CellRoundingExtension);
                    w.WriteStartObject("valueRange");
                    w.WriteStartObject("low");
                    w.WriteNumber("value", range.Low);
                    w.WriteEndObject();
                    w.WriteStartObject("high");
                    w.WriteNumber("value", range.High);
                    w.WriteEndObject();
                    w.WriteEndObject();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteStartObject("code");
            WriteCoding(w, FhirTerms.MeasurePopulationSystem, FhirTerms.Code(cell.Population));
            w.WriteEndObject();
            if (cell.Count is { } count)
            {
                w.WriteNumber("count", count);
            }

            if (withSubjects is not null)
            {
                w.WriteStartObject("subjectResults");
                w.WriteString("reference", "#" + ListId(cell.Population));
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteScore(Utf8JsonWriter w, double? score, string? note)
    {
        if (score is null && note is null)
        {
            return;
        }

        w.WriteStartObject("measureScore");
        if (note is not null)
        {
            w.WriteStartArray("extension");
            WriteStringExtension(w, FhirTerms.CellNoteExtension, note);
            w.WriteEndArray();
        }

        if (score is { } value)
        {
            // Proportions are written to 6 decimal places; the exact counts beside them are authoritative.
            w.WriteNumber("value", Math.Round((decimal)value, 6, MidpointRounding.AwayFromZero));
        }

        w.WriteEndObject();
    }

    private static void WriteStringExtension(Utf8JsonWriter w, string url, string value)
    {
        w.WriteStartObject();
        w.WriteString("url", url);
        w.WriteString("valueString", value);
        w.WriteEndObject();
    }

    private static void WriteCoding(Utf8JsonWriter w, string system, string code)
    {
        w.WriteStartArray("coding");
        w.WriteStartObject();
        w.WriteString("system", system);
        w.WriteString("code", code);
        w.WriteEndObject();
        w.WriteEndArray();
    }

    /// <summary>Reads the data-freshness extensions of a MeasureReport (absent: empty).</summary>
    internal static ImmutableArray<Records.ResourceFreshness> ReadFreshness(JsonElement report, Func<string, string, Exception> error)
    {
        if (!report.TryGetProperty("extension", out var exts) || exts.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var result = ImmutableArray.CreateBuilder<Records.ResourceFreshness>();
        int i = 0;
        foreach (var ext in exts.EnumerateArray())
        {
            if (ext.ValueKind == JsonValueKind.Object && ext.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String
                && u.GetString() == FhirTerms.DataFreshnessExtension)
            {
                string? type = null, date = null;
                if (ext.TryGetProperty("extension", out var parts) && parts.ValueKind == JsonValueKind.Array)
                {
                    foreach (var part in parts.EnumerateArray())
                    {
                        string? name = part.ValueKind == JsonValueKind.Object && part.TryGetProperty("url", out var pu) && pu.ValueKind == JsonValueKind.String ? pu.GetString() : null;
                        if (name == "resourceType" && part.TryGetProperty("valueCode", out var vc) && vc.ValueKind == JsonValueKind.String)
                        {
                            type = vc.GetString();
                        }
                        else if (name == "latestEventDate" && part.TryGetProperty("valueDate", out var vd) && vd.ValueKind == JsonValueKind.String)
                        {
                            date = vd.GetString();
                        }
                    }
                }

                if (type is null || date is null || !Records.FhirDate.TryParse(date, out var parsed))
                {
                    throw error($"extension[{i}]", $"data-freshness extension needs a resourceType (valueCode) and a latestEventDate (valueDate); found '{type ?? "(none)"}', '{date ?? "(none)"}'.");
                }

                result.Add(new Records.ResourceFreshness(type, parsed.Date));
            }

            i++;
        }

        return result.ToImmutable();
    }

    private static PopulationCounts ReadCounts(JsonElement group, string path, MeasureReportReading.ErrorAt error)
    {
        Span<int> values = stackalloc int[5];
        if (group.ValueKind != JsonValueKind.Object || !group.TryGetProperty("population", out var populations) || populations.ValueKind != JsonValueKind.Array)
        {
            throw error(ReportErrors.MissingField, path + "population", "population array is missing.");
        }

        int i = 0;
        foreach (var population in populations.EnumerateArray())
        {
            string? code = MeasureReportReading.PopulationCode(population);
            if (FhirTerms.TryParsePopulation(code, out var which))
            {
                if (!population.TryGetProperty("count", out var count) || count.ValueKind != JsonValueKind.Number || !count.TryGetInt32(out int n) || n < 0)
                {
                    throw error(ReportErrors.InvalidValue, $"{path}population[{i}].count", $"population '{code}' has no non-negative integer count (a withheld count cannot be read back as a result).");
                }

                values[(int)which] = n;
            }

            i++;
        }

        return new PopulationCounts(values[0], values[1], values[2], values[3], values[4]);
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string ListId(MeasurePopulation population) => "subjects-" + FhirTerms.Code(population);

    /// <summary>The report's full name; its FHIR id is <see cref="FhirIds.For"/> of it.</summary>
    private static string ReportId(IndicatorSummary summary, string suffix) =>
        $"{summary.IndicatorId}-{summary.PeriodEnd:yyyyMMdd}-{suffix}";

    /// <summary>A stable UUID (v5-style, SHA-1 of the report id) so the same results give the same bytes.</summary>
    private static Guid DeterministicGuid(string name)
    {
        byte[] hash = System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes("qisdk:" + name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
