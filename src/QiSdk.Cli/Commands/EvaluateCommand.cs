using System.CommandLine;
using System.Globalization;
using QiSdk.Codes;
using QiSdk.Indicators;
using QiSdk.Records;
using QiSdk.Reports;

namespace QiSdk.Cli.Commands;

/// <summary>
/// <c>qi evaluate --records PATH... --indicators ID|FILE...|all --period-end YYYY-MM-DD [--period-start YYYY-MM-DD]
/// [--code-map FILE...] [--value-set FILE...] [--out DIR] [--strict] [--practice CODE] [--report-type summary|subject-list|individual]
/// [--test-case-bundles] [--partitions N|auto] [--temp-dir DIR] [--threads N]</c>:
/// evaluates indicators over FHIR records and writes <c>DIR/measure-reports.json</c> (a collection Bundle of summary
/// MeasureReports) and <c>DIR/measure-reports.csv</c>; with <c>--report-type subject-list</c> or <c>individual</c> also
/// <c>DIR/measure-reports-subject-list.json</c> or <c>DIR/measure-reports-individual.json</c> (patient-level, local only).
/// Exit 0 done (lenient, even with data-quality problems); 2 unusable arguments, missing file, invalid definition or strict failure; 130 cancelled.
/// </summary>
internal static class EvaluateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var records = Multi("--records", "(required) FHIR R4 input: .json, .ndjson, .ndjson.gz files or folders.", "PATH");
        var indicators = Multi("--indicators", "(required) Indicator ids from 'qi indicators', definition .json files, or 'all'.", "ID|FILE");
        var periodEnd = new Option<string>("--period-end") { Description = "(required) The reference date R (inclusive), YYYY-MM-DD.", HelpName = "YYYY-MM-DD" };
        var periodStart = new Option<string>("--period-start") { Description = "Period start (inclusive), for definitions using the period window.", HelpName = "YYYY-MM-DD" };
        var codeMaps = Multi("--code-map", "Local-to-standard code maps: FHIR ConceptMap .json, CSV (source_system,source_code,target_system,target_code), or TRUD .txt/.tsv.", "FILE");
        var valueSets = Multi("--value-set", "Extra code sets (added to the built-in QOF/PINCER code sets): FHIR ValueSet .json or a Bundle of them (e.g. an eCQM measure bundle; definitions name a ValueSet by its url or its name), QiSdk code-set .json, or an OpenCodelists .csv named after its file.", "FILE");
        var outDir = new Option<string>("--out") { Description = "Output folder (created if needed); default the current folder.", HelpName = "DIR", DefaultValueFactory = _ => "." };
        var strict = new Option<bool>("--strict") { Description = "Stop at the first data-quality problem (exit 2)." };
        var practice = new Option<string>("--practice") { Description = "The practice's code (e.g. its ODS code), written as the reporter of every MeasureReport; 'qi disclose' needs it.", HelpName = "CODE" };
        var reportType = new Option<string>("--report-type")
        {
            Description = "MeasureReport type (FHIR MeasureReport.type): summary (default: measure-reports.json and .csv only), subject-list "
                + "(also measure-reports-subject-list.json: the patients in each population) or individual (also "
                + "measure-reports-individual.json: one report per patient and indicator, for patients in any population). "
                + "Patient-level reports name patients: keep them in the practice.",
            HelpName = "TYPE",
            DefaultValueFactory = _ => Summary,
        };
        reportType.AcceptOnlyFromAmong(Summary, SubjectList, Individual);
        var maxLineBytes = ReaderCliOptions.MaxLineBytes();
        var testCaseBundles = new Option<bool>("--test-case-bundles")
        {
            Description = "Read each Bundle holding one Patient as a measure test case: every resource in it is that Patient's, whatever its reference says (as MADiE and fqm-execution do); each re-attributed resource is reported (QI1030). Off: such resources are skipped (QI1010).",
        };
        var partitions = new Option<string>("--partitions")
        {
            Description = "Inputs larger than memory: split NDJSON by patient into N temporary partitions ('auto': one per 128 MB) and evaluate them one after another. Same results as in memory.",
            HelpName = "N|auto",
        };
        var tempDir = new Option<string>("--temp-dir") { Description = "Where --partitions writes its temporary files (default the system temp folder; about the size of the input).", HelpName = "DIR" };
        var threads = new Option<int?>("--threads")
        {
            Description = "Threads that read the records (default: one per processor; 1: one thread). Files, and ranges of lines of large NDJSON files, are read at once and merged in input order: the files written are the same whatever N.",
            HelpName = "N",
        };
        var command = new Command("evaluate", "Evaluate indicators over FHIR records; write summary MeasureReports (JSON Bundle) and CSV.")
        {
            records, indicators, periodEnd, periodStart, codeMaps, valueSets, outDir, strict, practice, maxLineBytes, reportType, testCaseBundles, partitions, tempDir, threads,
        };
        command.SetAction((parse, ct) => RunAsync(
            new Arguments(
                parse.GetValue(records) ?? [], parse.GetValue(indicators) ?? [], parse.GetValue(periodEnd), parse.GetValue(periodStart),
                parse.GetValue(codeMaps) ?? [], parse.GetValue(valueSets) ?? [], parse.GetValue(outDir) ?? ".", parse.GetValue(strict), parse.GetValue(practice))
            {
                MaxLineBytes = parse.GetValue(maxLineBytes),
                ReportType = parse.GetValue(reportType) ?? Summary,
                TestCaseBundles = parse.GetValue(testCaseBundles),
                Partitions = parse.GetValue(partitions),
                TempDir = parse.GetValue(tempDir),
                Threads = parse.GetValue(threads),
            },
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            ct));
        return command;
    }

    private static Option<string[]> Multi(string name, string description, string help) => new(name)
    {
        Description = description,
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = true,
        HelpName = help,
    };

    private sealed record Arguments(string[] Records, string[] Indicators, string? PeriodEnd, string? PeriodStart, string[] CodeMaps, string[] ValueSets, string Out, bool Strict, string? Practice)
    {
        public int MaxLineBytes { get; init; } = FhirReaderOptions.DefaultMaxLineBytes;

        public string ReportType { get; init; } = Summary;

        public bool TestCaseBundles { get; init; }

        public string? Partitions { get; init; }

        public string? TempDir { get; init; }

        public int? Threads { get; init; }
    }

    private const string Summary = "summary";
    private const string SubjectList = "subject-list";
    private const string Individual = "individual";

    private static async Task<int> RunAsync(Arguments a, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        int Fail(string message)
        {
            error.WriteLine("qi evaluate: " + message);
            return ExitCodes.UsageOrInputError;
        }

        if (a.Records.Length == 0)
        {
            return Fail("--records needs at least one PATH (a FHIR .json/.ndjson/.ndjson.gz file or a folder).");
        }

        if (a.Indicators.Length == 0)
        {
            return Fail("--indicators needs at least one indicator id, definition file, or 'all' (see 'qi indicators').");
        }

        if (!TryDate(a.PeriodEnd, out var end))
        {
            return Fail($"--period-end '{a.PeriodEnd}' must be a date YYYY-MM-DD.");
        }

        if (a.Practice is { } code && (code.Length is 0 or > 64 || code.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            return Fail($"--practice '{code}' must be 1 to 64 characters without spaces (the practice's code, e.g. its ODS code).");
        }

        DateOnly? start = null;
        if (a.PeriodStart is not null)
        {
            if (!TryDate(a.PeriodStart, out var s))
            {
                return Fail($"--period-start '{a.PeriodStart}' must be a date YYYY-MM-DD.");
            }

            start = s;
        }

        if (ReaderCliOptions.Check(a.MaxLineBytes) is { } badLimit)
        {
            return Fail(badLimit);
        }

        int? partitionCount = null;
        if (a.Partitions is { } p)
        {
            if (string.Equals(p, "auto", StringComparison.OrdinalIgnoreCase))
            {
                partitionCount = 0;
            }
            else if (int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n is >= 1 and <= 4096)
            {
                partitionCount = n;
            }
            else
            {
                return Fail($"--partitions '{p}' must be a number from 1 to 4096 or 'auto'.");
            }
        }

        if (partitionCount is not null && a.ReportType != Summary)
        {
            // Patient-level reports list patients in the order they were read; partitions yield them partition by partition.
            return Fail($"--report-type {a.ReportType} lists patients in input order and needs the whole input in memory: run it without --partitions.");
        }

        if (a.Threads is < 1 or > 1024)
        {
            return Fail($"--threads {a.Threads} must be a number from 1 to 1024.");
        }

        if (a.TempDir is { } temp && !Directory.Exists(temp))
        {
            return Fail($"--temp-dir '{temp}' is not a folder.");
        }

        foreach (string path in a.Records.Concat(a.CodeMaps).Concat(a.ValueSets))
        {
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                return Fail($"'{path}' does not exist.");
            }
        }

        try
        {
            var pipeline = QualityPipeline.Create(new QualityPipelineOptions
            {
                CodeSetFiles = a.ValueSets,
                CodeMapFiles = a.CodeMaps,
                StrictReading = a.Strict,
                MaxLineBytes = a.MaxLineBytes,
                TestCaseBundles = a.TestCaseBundles,
                ReadingThreads = a.Threads,
                StrictCodeFiles = a.Strict,
                Evaluation = new IndicatorEngineOptions { Strict = a.Strict, IncludePatientResults = a.ReportType != Summary, Reporter = a.Practice },
            }, cancellationToken: cancellationToken);
            // A code map, like a --value-set, is used whole or refused (exit 2): a header or quoting error that leaves
            // it empty is a located error (strict mode: any bad row, thrown above as TerminologyException).
            if (pipeline.SetupIssues.FirstOrDefault(i => i.Severity >= DataQualitySeverity.Error && i.File is { } f && a.CodeMaps.Concat(a.ValueSets).Any(given => SamePath(given, f))) is { } unusable)
            {
                return Fail(TerminalText.Escape(unusable.ToString()));
            }

            var log = pipeline.CreateRunLog();
            var definitions = pipeline.Resolve(a.Indicators);
            var period = new MeasurementPeriod(end, start);
            var compiled = pipeline.Compile(definitions, period);
            var reader = pipeline.CreateReader();
            var source = new FreshnessTrackingSource(partitionCount is { } count
                ? reader.CreatePartitionedSource(a.Records, new FhirPartitionOptions { Partitions = count, TemporaryDirectory = a.TempDir, MaxDegreeOfParallelism = a.Threads })
                : reader.CreateSource(a.Records));
            var results = await CliConsole.WithProgressAsync(output, "reading and evaluating", 0,
                progress => compiled.EvaluateAsync(source, log, progress, cancellationToken)).ConfigureAwait(false);

            // Every report states how fresh its data is (latest event date per resource type; docs/feedback.md).
            var freshness = source.Freshness();
            var summaries = results.Select(r => r.Summary with { Freshness = freshness }).ToList();
            var (jsonPath, csvPath) = MeasureReportFiles.Write(a.Out, summaries, cancellationToken: cancellationToken);
            string? patientLevelPath = a.ReportType == Summary ? null
                : WritePatientLevel(a.Out, a.ReportType, [.. results.Select(r => r with { Summary = r.Summary with { Freshness = freshness } })], cancellationToken);

            int idWidth = Math.Max(9, summaries.Max(s => s.IndicatorId.Length));
            await output.WriteLineAsync($"{"indicator".PadRight(idWidth)}  {"initial",8} {"denom",8} {"excl",6} {"excep",6} {"numer",8}  {"score",7}  95% CI").ConfigureAwait(false);
            foreach (var s in summaries)
            {
                var c = s.Counts;
                string score = c.Score is { } sc ? sc.ToString("P1", CultureInfo.InvariantCulture) : "-";
                string interval = c.ScoreInterval95 is { } ci ? $"{ci.Lower.ToString("P1", CultureInfo.InvariantCulture)} - {ci.Upper.ToString("P1", CultureInfo.InvariantCulture)}" : "-";
                await output.WriteLineAsync($"{s.IndicatorId.PadRight(idWidth)}  {c.InitialPopulation,8} {c.Denominator,8} {c.DenominatorExclusion,6} {c.DenominatorException,6} {c.Numerator,8}  {score,7}  {interval}").ConfigureAwait(false);
            }

            // Problems with the input as a whole (no patient read; data months older than R; an indicator route inactive because a
            // host-supplied code set was not given) are said in words, not only counted.
            foreach (var warning in log.Snapshot().Where(p => p.Code is QiErrorCodes.Records.EmptyInput or QiErrorCodes.Indicators.StaleData or QiErrorCodes.Indicators.HostCodeSetNotSupplied))
            {
                await error.WriteLineAsync($"qi evaluate: warning: {TerminalText.Escape(warning.ToString())}").ConfigureAwait(false);
            }

            await output.WriteLineAsync($"{log.Count} data-quality problem(s){(log.Count == 0 ? string.Empty : ": " + string.Join(", ", log.CountsByCode().Select(p => $"{p.Key} x{p.Value}")))}. Wrote {jsonPath} and {csvPath}{(patientLevelPath is null ? string.Empty : $", and {a.ReportType} reports to {patientLevelPath} (patient-level: keep it in the practice)")}.").ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        catch (IndicatorDefinitionException ex)
        {
            foreach (var e in ex.Errors)
            {
                await error.WriteLineAsync("qi evaluate: " + e).ConfigureAwait(false);
            }

            return ExitCodes.UsageOrInputError;
        }
        catch (FileNotFoundException ex)
        {
            return Fail(ex.Message);
        }
        catch (FhirReadException ex)
        {
            return Fail(ex.Issue.ToString());
        }
        catch (IndicatorEvaluationException ex)
        {
            return Fail(ex.Issue.ToString());
        }
        catch (TerminologyException ex)
        {
            return Fail(ex.Message);
        }
        catch (ArgumentException ex)
        {
            return Fail(ex.Message);
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("qi evaluate: cancelled.").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
        catch (IOException ex)
        {
            return Fail(ex.Message);
        }
    }

    /// <summary>
    /// Writes the subject-list or individual MeasureReports beside the summary files, whole or not at all (temporary file,
    /// then rename), so a script never reads half a file. Not part of the summary set's manifest: <c>qi disclose</c> never
    /// reads patient-level reports.
    /// </summary>
    private static string WritePatientLevel(string directory, string type, IReadOnlyList<IndicatorResult> results, CancellationToken cancellationToken)
    {
        string path = Path.Combine(Path.GetFullPath(directory), $"measure-reports-{type}.json");
        string temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
        {
            if (type == SubjectList)
            {
                MeasureReportJson.WriteSubjectListBundle(stream, results, cancellationToken: cancellationToken);
            }
            else
            {
                MeasureReportJson.WriteIndividualBundle(stream, results, cancellationToken: cancellationToken);
            }
        }

        File.Move(temporary, path, overwrite: true);
        return path;
    }

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal);

    private static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>Passes patients through while tracking the latest event date per resource type (no second read).</summary>
    private sealed class FreshnessTrackingSource(IPatientRecordSource inner) : IPatientRecordSource
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateOnly> _latest = new(StringComparer.Ordinal);

        public async IAsyncEnumerable<PatientRecord> ReadPatientsAsync(DataQualityLog log, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var patient in inner.ReadPatientsAsync(log, cancellationToken).ConfigureAwait(false))
            {
                foreach (var f in ResourceFreshness.Of([patient]))
                {
                    _latest.AddOrUpdate(f.ResourceType, f.LatestEventDate, (_, old) => old > f.LatestEventDate ? old : f.LatestEventDate);
                }

                yield return patient;
            }
        }

        public System.Collections.Immutable.ImmutableArray<ResourceFreshness> Freshness() =>
            [.. _latest.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new ResourceFreshness(p.Key, p.Value))];
    }
}
