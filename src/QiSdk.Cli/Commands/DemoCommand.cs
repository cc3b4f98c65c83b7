using System.CommandLine;
using System.Globalization;
using QiSdk.Codes;
using QiSdk.Indicators;
using QiSdk.Privacy;
using QiSdk.Records;
using QiSdk.Reports;
using QiSdk.Synthetic;
using Spectre.Console;

namespace QiSdk.Cli.Commands;

/// <summary>
/// <c>qi demo [--patients N] [--seed S] [--period-end YYYY-MM-DD] [--out DIR]</c>: the whole job on the built-in sample
/// practice (a deterministic synthetic practice coded in SNOMED CT, Read v2, CTV3 and local codes with a code map):
/// records in -> codes normalised -> every built-in indicator evaluated -> results, each score with its 95% interval.
/// </summary>
internal static class DemoCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var patients = new Option<int>("--patients") { Description = "Registered patients in the sample practice.", DefaultValueFactory = _ => 2000 };
        var seed = new Option<long>("--seed") { Description = "Seed of the deterministic generator.", DefaultValueFactory = _ => 42 };
        var periodEnd = new Option<string>("--period-end")
        {
            Description = "Reference date R (YYYY-MM-DD, inclusive): the QOF year end by default.",
            DefaultValueFactory = _ => "2025-03-31",
            HelpName = "YYYY-MM-DD",
        };
        var output = new Option<string?>("--out")
        {
            Description = "Also keep the sample records and write measure-reports.json and measure-reports.csv to this folder.",
            HelpName = "DIR",
        };
        var maxLineBytes = ReaderCliOptions.MaxLineBytes();
        var command = new Command("demo", "Run the whole audit on the built-in sample practice and print what was read and every indicator's result.")
        {
            patients, seed, periodEnd, output, maxLineBytes,
        };
        command.SetAction((parse, ct) => RunAsync(
            parse.GetValue(patients), parse.GetValue(seed), parse.GetValue(periodEnd)!, parse.GetValue(output), parse.GetValue(maxLineBytes),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return command;
    }

    private static async Task<int> RunAsync(int patientCount, long seed, string periodEndText, string? outDir, int maxLineBytes, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!DateOnly.TryParseExact(periodEndText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var periodEnd))
        {
            await error.WriteLineAsync($"qi demo: --period-end '{periodEndText}' is not a date in the form YYYY-MM-DD.").ConfigureAwait(false);
            return ExitCodes.UsageOrInputError;
        }

        if (periodEnd.Year is < 1950 or > 2200)
        {
            // The sample practice's histories reach a century back from R; its generator takes 1950-2200.
            await error.WriteLineAsync($"qi demo: --period-end {periodEndText} is outside 1950-01-01 .. 2200-12-31, the years the sample practice can be built for.").ConfigureAwait(false);
            return ExitCodes.UsageOrInputError;
        }

        if (ReaderCliOptions.Check(maxLineBytes) is { } badLimit)
        {
            await error.WriteLineAsync("qi demo: " + badLimit).ConfigureAwait(false);
            return ExitCodes.UsageOrInputError;
        }

        if (patientCount is < 1 or > 1_000_000)
        {
            await error.WriteLineAsync($"qi demo: --patients {patientCount} is out of range (1 to 1,000,000).").ConfigureAwait(false);
            return ExitCodes.UsageOrInputError;
        }

        bool keep = outDir is not null;
        string recordsDir = keep ? Path.Combine(Path.GetFullPath(outDir!), "records") : Path.Combine(Path.GetTempPath(), "qi-demo-" + Guid.NewGuid().ToString("N"));
        string mapPath = keep ? Path.Combine(Path.GetFullPath(outDir!), "code-map.csv") : recordsDir + "-code-map.csv";
        try
        {
            var console = CliConsole.Create(output);
            var practice = new SyntheticPracticeOptions { Patients = patientCount, Seed = seed, ReferenceDate = periodEnd };
            console.MarkupLine($"[bold]QiSdk demo[/]: built-in sample practice {practice.PracticeCode}, {patientCount:N0} registered patients (synthetic, seed {seed}), reference date {periodEnd:yyyy-MM-dd}");

            // 1. Records in: the practice's export as a FHIR Bulk Data NDJSON export, read back like any other.
            var export = SyntheticPractice.Export(practice, new SyntheticExportOptions
            {
                Directory = recordsDir,
                Format = SyntheticOutputFormat.Ndjson,
                WriteCodeMap = true,
                // The map sits beside the export, not in it: the records folder holds FHIR only.
                CodeMapPath = mapPath,
            }, cancellationToken);
            output.WriteLine();
            console.MarkupLine($"[bold]1. Records in[/]: {export.Files.Length} NDJSON files, {export.Files.Sum(f => f.Bytes) / 1024.0 / 1024.0:F1} MB");
            // The one composition of the stages: built-in code sets and catalogue (with its inline sets) plus the practice's map.
            var pipeline = QualityPipeline.Create(new QualityPipelineOptions
            {
                CodeMapFiles = [export.CodeMapPath!],
                MaxLineBytes = maxLineBytes,
                Evaluation = new IndicatorEngineOptions { Reporter = practice.PracticeCode },
            }, cancellationToken: cancellationToken);
            var log = pipeline.CreateRunLog();
            var read = await pipeline.CreateReader().ReadAsync([recordsDir], log, cancellationToken).ConfigureAwait(false);
            var table = new Table().Border(TableBorder.Simple);
            table.AddColumn("resource type");
            table.AddColumn(new TableColumn("read").RightAligned());
            table.AddColumn(new TableColumn("kept").RightAligned());
            table.AddColumn(new TableColumn("skipped").RightAligned());
            foreach (var type in read.Resources)
            {
                table.AddRow(Markup.Escape(type.ResourceType), N(type.Read), N(type.Kept), N(type.Skipped));
            }

            console.Write(table);
            output.WriteLine($"patients: {read.Patients.Length:N0}; data-quality problems while reading: {read.Problems.Length}");

            // 2. Codes normalised: built-in code sets (QOF clusters, PINCER lists) plus the practice's own code map.
            var map = pipeline.Terminology.Maps[0];
            var catalogue = pipeline.Catalogue;
            var terminology = pipeline.Terminology;
            output.WriteLine();
            console.MarkupLine($"[bold]2. Codes normalised[/]: {terminology.CodeSets.Length} code sets (built-in clusters and the indicators' own inline sets); practice code map {map.Entries.Length} entries (local, Read v2, CTV3 -> SNOMED CT)");
            var coverage = CoverageReport.Create(read.Patients, terminology, cancellationToken);
            output.WriteLine($"{coverage.DistinctCodings:N0} distinct codings in {coverage.Records:N0} records; {coverage.Normalisations.Length} normalised in a notable way; {coverage.InvalidCodes.Length} invalid; {coverage.Unmapped.Length} in no code set and no map, most patients first:");
            foreach (var entry in coverage.Unmapped.Take(5))
            {
                output.WriteLine($"  {entry.System}|{entry.Code} \"{entry.Display}\": {entry.Records:N0} records, {entry.Patients:N0} patients");
            }

            output.WriteLine("  (qi codes --records ... shows the full coverage report)");

            // 3. Indicators evaluated: the whole built-in catalogue.
            var compiled = pipeline.Compile(catalogue.Definitions, new MeasurementPeriod(periodEnd));
            var patients = read.Patients;
            var results = await CliConsole.WithProgressAsync(output, "evaluating", patients.Length,
                progress => Task.Run(() => compiled.Evaluate(patients, log, progress, cancellationToken), cancellationToken)).ConfigureAwait(false);
            output.WriteLine();
            console.MarkupLine($"[bold]3. Indicators evaluated[/]: {results.Length} indicators over {patients.Length:N0} patients (score = numerator / (denominator - exclusions - exceptions), with its 95% Wilson interval)");
            var scores = new Table().Border(TableBorder.Simple);
            scores.AddColumn("indicator");
            scores.AddColumn("kind");
            scores.AddColumn(new TableColumn("denom").RightAligned());
            scores.AddColumn(new TableColumn("excl").RightAligned());
            scores.AddColumn(new TableColumn("excep").RightAligned());
            scores.AddColumn(new TableColumn("num").RightAligned());
            scores.AddColumn(new TableColumn("score").RightAligned());
            scores.AddColumn(new TableColumn("95% CI").RightAligned());
            foreach (var result in results)
            {
                var c = result.Summary.Counts;
                scores.AddRow(
                    Markup.Escape(result.Summary.IndicatorId),
                    IndicatorTerms.Code(result.Summary.Kind),
                    N(c.Denominator), N(c.DenominatorExclusion), N(c.DenominatorException), N(c.Numerator),
                    c.Score is { } s ? s.ToString("P1", CultureInfo.InvariantCulture) : "-",
                    c.ScoreInterval95 is { } ci ? $"{ci.Lower.ToString("P1", CultureInfo.InvariantCulture)} - {ci.Upper.ToString("P1", CultureInfo.InvariantCulture)}" : "-");
            }

            console.Write(scores);
            var problems = log.CountsByCode();
            output.WriteLine($"data-quality problems in all stages: {log.Count} ({string.Join(", ", problems.Select(p => $"{p.Key} x{p.Value}"))})");

            // 4. Privacy: what would leave for the cluster's peer discussion under NHS small-number suppression (a preview:
            // nothing leaves, no ledger is touched).
            var preview = MeasureReportDisclosure.CreatePipeline([DisclosurePolicies.ProcessOnly(), DisclosurePolicies.SmallNumberSuppression()])
                .Preview(DisclosureRequest.FromResults(results), cancellationToken);
            output.WriteLine();
            console.MarkupLine("[bold]4. Privacy policy[/] (preview of process-only + small-number-suppression nhs; nothing leaves):");
            foreach (var group in preview.Cells.GroupBy(c => c.State).OrderBy(g => g.Key))
            {
                output.WriteLine($"  {group.Key.ToString().ToLowerInvariant()}: {group.Count():N0} cells{(group.Key is CellState.Withheld or CellState.Altered ? " (e.g. " + string.Join("; ", group.Select(c => c.Reason).Where(r => r is not null).Distinct().Take(2)) + ")" : string.Empty)}");
            }

            // 5. Reports out: only when asked; these are local results (patient-level detail never leaves without a policy).
            output.WriteLine();
            if (keep)
            {
                string dir = Path.GetFullPath(outDir!);
                var (jsonPath, csvPath) = MeasureReportFiles.Write(dir, results.Select(r => r.Summary), cancellationToken: cancellationToken);
                console.MarkupLine($"[bold]5. Reports out[/]: {Markup.Escape(jsonPath)} and {Markup.Escape(csvPath)}; sample records in {Markup.Escape(recordsDir)}");
                output.WriteLine($"Next: qi disclose --policy small-number-suppression --results {dir} --preview");
            }
            else
            {
                console.MarkupLine("[bold]5. Reports out[/]: nothing written (use --out DIR to keep the records and write measure-reports.json/.csv).");
            }

            return ExitCodes.Ok;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("qi demo: cancelled.").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
        finally
        {
            if (!keep && Directory.Exists(recordsDir))
            {
                Directory.Delete(recordsDir, recursive: true);
                File.Delete(mapPath);
            }
        }

        static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
    }
}
