using System.CommandLine;
using System.Globalization;
using QiSdk.Codes;
using QiSdk.Feedback;
using QiSdk.Indicators;
using QiSdk.Records;
using QiSdk.Reports.Html;

namespace QiSdk.Cli.Commands;

/// <summary>
/// <c>qi trend --records PATH... --indicators ID...|all --from DATE --to DATE [--every month|quarter|year]
/// [--code-map FILE...] [--value-set FILE...] [--out DIR]</c>: reads the records once, evaluates the indicators at each
/// reference date and writes <c>DIR/trend.json</c> and <c>DIR/trend.html</c> (run chart and p-chart per indicator).
/// Local only. Exit 0 written; 2 unusable arguments or input; 130 cancelled.
/// </summary>
internal static class TrendCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var records = FeedbackFiles.Multi("--records", "(required) FHIR R4 input: .json, .ndjson, .ndjson.gz files or folders.", "PATH");
        var indicators = FeedbackFiles.Multi("--indicators", "(required) Indicator ids from 'qi indicators', definition .json files, or 'all'.", "ID|FILE");
        var from = new Option<string>("--from") { Description = "(required) First reference date, YYYY-MM-DD (a month end gives month ends).", HelpName = "YYYY-MM-DD" };
        var to = new Option<string>("--to") { Description = "(required) Last reference date (inclusive), YYYY-MM-DD.", HelpName = "YYYY-MM-DD" };
        var every = new Option<string>("--every") { Description = "Step between reference dates: month (default), quarter or year.", DefaultValueFactory = _ => "month" };
        var codeMaps = FeedbackFiles.Multi("--code-map", "Local-to-standard code maps (as for 'qi evaluate').", "FILE");
        var valueSets = FeedbackFiles.Multi("--value-set", "Extra code sets (as for 'qi evaluate').", "FILE");
        var outDir = FeedbackFiles.Out();
        var command = new Command("trend", "Evaluate indicators monthly (records read once) for PDSA: run chart with median and run rules, p-chart with 3-sigma limits; writes trend.json and trend.html. Local only.")
        {
            records, indicators, from, to, every, codeMaps, valueSets, outDir,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            int Fail(string message)
            {
                error.WriteLine("qi trend: " + message);
                return ExitCodes.UsageOrInputError;
            }

            string[] paths = parse.GetValue(records) ?? [], ids = parse.GetValue(indicators) ?? [];
            if (paths.Length == 0)
            {
                return Fail("--records needs at least one PATH (a FHIR .json/.ndjson/.ndjson.gz file or a folder).");
            }

            if (ids.Length == 0)
            {
                return Fail("--indicators needs at least one indicator id, definition file, or 'all' (see 'qi indicators').");
            }

            if (!FeedbackFiles.TryDate(parse.GetValue(from), out var start))
            {
                return Fail($"--from '{parse.GetValue(from)}' must be a date YYYY-MM-DD.");
            }

            if (!FeedbackFiles.TryDate(parse.GetValue(to), out var end))
            {
                return Fail($"--to '{parse.GetValue(to)}' must be a date YYYY-MM-DD.");
            }

            int? months = parse.GetValue(every) switch { "month" => 1, "quarter" => 3, "year" => 12, _ => null };
            if (months is null)
            {
                return Fail($"--every '{parse.GetValue(every)}' must be month, quarter or year.");
            }

            try
            {
                var dates = TrendAnalysis.Dates(start, end, months.Value);
                var pipeline = Pipeline(parse.GetValue(codeMaps) ?? [], parse.GetValue(valueSets) ?? [], ct);
                var (trend, log) = await EvaluateAsync(pipeline, paths, ids, dates, ct).ConfigureAwait(false);
                string dir = parse.GetValue(outDir) ?? ".";
                string json = FeedbackFiles.Write(dir, "trend.json", s => FeedbackJson.WriteTrend(s, trend));
                string html = FeedbackFiles.WriteText(dir, "trend.html", HtmlReports.Trend(trend));
                foreach (var t in trend.Indicators)
                {
                    var signals = t.RunChart.Signals.Concat(t.PChartSignals).GroupBy(s => s.Rule).Select(g => g.Count() == 1 ? g.Key : $"{g.Key} x{g.Count()}").ToList();
                    await output.WriteLineAsync($"{t.IndicatorId,-56} median {(t.RunChart.Median is { } m ? m.ToString("P1", CultureInfo.InvariantCulture) : "-"),7}  {(signals.Count == 0 ? "no signal" : string.Join(", ", signals))}").ConfigureAwait(false);
                }

                await output.WriteLineAsync($"{trend.Dates.Length} dates, {trend.Patients} patients read once, {log.Count} data-quality problem(s). Wrote {json} and {html}.").ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            catch (Exception ex) when (Failure(ex) is { } message)
            {
                return Fail(message);
            }
            catch (OperationCanceledException)
            {
                await error.WriteLineAsync("qi trend: cancelled.").ConfigureAwait(false);
                return ExitCodes.Cancelled;
            }
        });
        return command;
    }

    /// <summary>Reads the records once (unless given) and evaluates the indicators at every date.</summary>
    internal static async Task<(TrendReport Trend, DataQualityLog Log)> EvaluateAsync(QualityPipeline pipeline, string[] paths, string[] ids, IReadOnlyList<DateOnly> dates, CancellationToken ct, IReadOnlyList<PatientRecord>? patients = null, DataQualityLog? log = null)
    {
        foreach (string path in paths)
        {
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                throw new FileNotFoundException($"'{path}' does not exist.", path);
            }
        }

        log ??= pipeline.CreateRunLog();
        var definitions = pipeline.Resolve(ids);
        patients ??= (await pipeline.CreateReader().ReadAsync(paths, log, ct).ConfigureAwait(false)).Patients;
        return (TrendAnalysis.Evaluate(pipeline, definitions, patients, dates, log, ct), log);
    }

    /// <summary>The pipeline of the feedback commands: built-in code sets and indicators, the given files, counts only.</summary>
    internal static QualityPipeline Pipeline(string[] codeMaps, string[] valueSets, CancellationToken ct) => QualityPipeline.Create(new QualityPipelineOptions
    {
        CodeSetFiles = valueSets,
        CodeMapFiles = codeMaps,
        Evaluation = new IndicatorEngineOptions { IncludePatientResults = false },
    }, cancellationToken: ct);

    /// <summary>The located message of an input or argument problem; null for anything else (which is a bug and propagates).</summary>
    internal static string? Failure(Exception ex) => ex switch
    {
        FeedbackException or TerminologyException or KeyNotFoundException or FileNotFoundException or IOException or UnauthorizedAccessException => ex.Message,
        IndicatorDefinitionException d => string.Join("; ", d.Errors),
        FhirReadException r => r.Issue.ToString(),
        IndicatorEvaluationException e => e.Issue.ToString(),
        _ => null,
    };
}
