using System.CommandLine;
using QiSdk.Codes;
using QiSdk.Feedback;
using QiSdk.Indicators;
using QiSdk.Records;
using QiSdk.Reports.Html;

namespace QiSdk.Cli.Commands;

/// <summary>
/// <c>qi report --records PATH... [--period-end DATE] [--months N] [--practice NAME] [--code-map FILE...]
/// [--value-set FILE...] [--out DIR]</c>: a practice self-check, <c>DIR/report.html</c>: every indicator with its
/// interval and direction, its trend, patients to review (counted, never named), unmapped local codes, data freshness.
/// Local only. Exit 0 written; 2 unusable arguments or input; 130 cancelled.
/// </summary>
internal static class ReportCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var records = FeedbackFiles.Multi("--records", "(required) FHIR R4 input: .json, .ndjson, .ndjson.gz files or folders.", "PATH");
        var periodEnd = new Option<string>("--period-end") { Description = "Reference date, YYYY-MM-DD (default: the latest event date in the records).", HelpName = "YYYY-MM-DD" };
        var months = new Option<int>("--months") { Description = "Months of trend ending at the reference date (default 12).", DefaultValueFactory = _ => 12 };
        var practice = new Option<string>("--practice") { Description = "Practice name or code for the heading.", HelpName = "NAME" };
        var codeMaps = FeedbackFiles.Multi("--code-map", "Local-to-standard code maps (as for 'qi evaluate').", "FILE");
        var valueSets = FeedbackFiles.Multi("--value-set", "Extra code sets (as for 'qi evaluate').", "FILE");
        var outDir = FeedbackFiles.Out();
        var command = new Command("report", "Practice self-check report.html: every indicator with its 95% interval and direction, trends, patients to review (counts only), unmapped local codes, data freshness. Local only.")
        {
            records, periodEnd, months, practice, codeMaps, valueSets, outDir,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            int Fail(string message)
            {
                error.WriteLine("qi report: " + message);
                return ExitCodes.UsageOrInputError;
            }

            string[] paths = parse.GetValue(records) ?? [];
            if (paths.Length == 0)
            {
                return Fail("--records needs at least one PATH (a FHIR .json/.ndjson/.ndjson.gz file or a folder).");
            }

            int count = parse.GetValue(months);
            if (count is < 1 or > 120)
            {
                return Fail($"--months {count} must be between 1 and 120.");
            }

            DateOnly? end = null;
            if (parse.GetValue(periodEnd) is { } text)
            {
                if (!FeedbackFiles.TryDate(text, out var e))
                {
                    return Fail($"--period-end '{text}' must be a date YYYY-MM-DD.");
                }

                end = e;
            }

            try
            {
                foreach (string path in paths)
                {
                    if (!File.Exists(path) && !Directory.Exists(path))
                    {
                        return Fail($"'{path}' does not exist.");
                    }
                }

                string[] maps = parse.GetValue(codeMaps) ?? [], sets = parse.GetValue(valueSets) ?? [];
                var pipeline = TrendCommand.Pipeline(maps, sets, ct);
                var log = pipeline.CreateRunLog();
                var read = await pipeline.CreateReader().ReadAsync(paths, log, ct).ConfigureAwait(false);
                var freshness = ResourceFreshness.Of(read.Patients);
                if (end is null && freshness.IsEmpty)
                {
                    return Fail($"{QiErrorCodes.Feedback.InvalidArgument} the records have no dated events: give --period-end.");
                }

                var reference = end ?? freshness.Max(f => f.LatestEventDate);
                var dates = TrendAnalysis.Dates(reference.AddMonths(-(count - 1)), reference);
                var (trend, _) = await TrendCommand.EvaluateAsync(pipeline, paths, ["all"], dates, ct, read.Patients, log).ConfigureAwait(false);

                // Unmapped codes are judged against the pipeline's terminology: the code sets the indicators use (built-in, inline and given) and the maps.
                var coverage = CoverageReport.Create(read.Patients, pipeline.Terminology, ct);
                var selfCheck = PracticeSelfCheck.Create(trend, coverage);
                string dir = parse.GetValue(outDir) ?? ".";
                string html = FeedbackFiles.WriteText(dir, "report.html", HtmlReports.SelfCheck(selfCheck, parse.GetValue(practice)));
                foreach (var i in selfCheck.Indicators)
                {
                    await output.WriteLineAsync($"{i.IndicatorId,-56} {i.Counts.Numerator,6}/{i.Counts.EffectiveDenominator,-6} review {i.PatientsToReview}").ConfigureAwait(false);
                }

                await output.WriteLineAsync($"reference date {reference:yyyy-MM-dd}; {selfCheck.UnmappedTotal} unmapped code(s); {log.Count} data-quality problem(s). Wrote {html}.").ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            catch (Exception ex) when (TrendCommand.Failure(ex) is { } message)
            {
                return Fail(message);
            }
            catch (OperationCanceledException)
            {
                await error.WriteLineAsync("qi report: cancelled.").ConfigureAwait(false);
                return ExitCodes.Cancelled;
            }
        });
        return command;
    }
}
