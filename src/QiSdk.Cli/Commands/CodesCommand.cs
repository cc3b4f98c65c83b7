using System.CommandLine;
using System.Text.Json;
using QiSdk.Codes;
using QiSdk.Indicators;
using QiSdk.Records;
using Spectre.Console;

namespace QiSdk.Cli.Commands;

/// <summary>
/// <c>qi codes --records PATH... [--value-set FILE...] [--code-map FILE...] [--json]</c>: reads FHIR records and reports
/// which recorded codes mapped to the built-in (and given) code sets, through which maps, and which did not.
/// </summary>
internal static class CodesCommand
{
    /// <summary>Builds the <c>codes</c> subcommand.</summary>
    public static Command Create()
    {
        var records = new Option<string[]>("--records") { Description = "FHIR R4 input: Bundle or resource JSON, NDJSON (.gz) files, or folders.", Required = true, AllowMultipleArgumentsPerToken = true };
        var valueSets = new Option<string[]>("--value-set") { Description = "Extra code sets: FHIR ValueSet/Bundle JSON, QiSdk code-set JSON, or a code list CSV (named after the file).", AllowMultipleArgumentsPerToken = true };
        var maps = new Option<string[]>("--code-map") { Description = "Code maps: FHIR ConceptMap JSON, CSV (source_system,source_code,target_system,target_code) or a TRUD rcsctmap2/ctv3sctmap2 file.", AllowMultipleArgumentsPerToken = true };
        var json = new Option<bool>("--json") { Description = "Write the report as JSON instead of tables." };
        var maxLineBytes = ReaderCliOptions.MaxLineBytes();
        var command = new Command("codes", "Show which recorded codes map to the code sets (and through which maps) and which do not.") { records, valueSets, maps, json, maxLineBytes };
        command.SetAction((parse, ct) => RunAsync(parse, parse.GetValue(records) ?? [], parse.GetValue(valueSets) ?? [], parse.GetValue(maps) ?? [], parse.GetValue(json), parse.GetValue(maxLineBytes), ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, string[] recordPaths, string[] valueSetPaths, string[] mapPaths, bool json, int maxLineBytes, CancellationToken ct)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        if (ReaderCliOptions.Check(maxLineBytes) is { } bad)
        {
            await error.WriteLineAsync("qi codes: " + bad).ConfigureAwait(false);
            return ExitCodes.UsageOrInputError;
        }

        foreach (string path in valueSetPaths.Concat(mapPaths))
        {
            if (!File.Exists(path))
            {
                await error.WriteLineAsync($"qi codes: {QiErrorCodes.Codes.FileNotFound} file not found: {path}").ConfigureAwait(false);
                return ExitCodes.UsageOrInputError;
            }
        }

        try
        {
            var pipeline = QualityPipeline.Create(new QualityPipelineOptions { CodeSetFiles = valueSetPaths, CodeMapFiles = mapPaths, StrictCodeFiles = true, MaxLineBytes = maxLineBytes }, cancellationToken: ct);
            var terminology = pipeline.Terminology;
            var log = new DataQualityLog();
            var read = await pipeline.CreateReader().ReadAsync(recordPaths, log, ct).ConfigureAwait(false);
            var report = CoverageReport.Create(read.Patients, terminology, ct);
            if (json)
            {
                await output.WriteLineAsync(ToJson(report, read.Problems.Length, terminology.Issues.Length)).ConfigureAwait(false);
            }
            else
            {
                WriteTables(output, report, read.Problems.Length, terminology.Issues);
            }

            return ExitCodes.Ok;
        }
        catch (TerminologyException ex)
        {
            await error.WriteLineAsync($"qi codes: {ex.Issues[0]}").ConfigureAwait(false);
            return ExitCodes.UsageOrInputError;
        }
        catch (FhirReadException ex)
        {
            await error.WriteLineAsync($"qi codes: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.UsageOrInputError;
        }
        catch (ArgumentException ex)
        {
            await error.WriteLineAsync($"qi codes: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.UsageOrInputError;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("qi codes: cancelled").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static string ToJson(CoverageReport r, int readerProblems, int buildIssues)
    {
        static object Coding(CodeCoverageEntry e) => new { system = e.System, code = e.Code, display = e.Display, records = e.Records, patients = e.Patients };
        var body = new
        {
            patients = r.Patients,
            records = r.Records,
            distinctCodings = r.DistinctCodings,
            readerProblems,
            codeSetBuildIssues = buildIssues,
            unmapped = r.Unmapped.Select(e => new { system = e.System, code = e.Code, display = e.Display, records = e.Records, patients = e.Patients, knownSystem = e.CanonicalSystem is not null, problem = e.Problem == CodeProblem.None ? null : e.Problem.ToString() }),
            unknownSystems = r.UnknownSystems.Select(u => new { system = u.System, distinctCodes = u.DistinctCodes, records = u.Records, patients = u.Patients }),
            invalidCodes = r.InvalidCodes.Select(e => new { system = e.System, code = e.Code, display = e.Display, problem = e.Problem.ToString(), records = e.Records, patients = e.Patients }),
            normalisations = r.Normalisations.Select(n => new { system = n.Coding.System, code = n.Coding.Code, normalised = n.Coding.NormalisedCode, rules = n.Rules.ToString().Split(", "), records = n.Coding.Records, patients = n.Coding.Patients }),
            codeSets = r.CodeSets.Select(s => new
            {
                name = s.Name,
                records = s.Records,
                patients = s.Patients,
                maps = s.Maps,
                sources = s.Sources.Select(x => new { coding = Coding(x.Coding), path = x.Path.Select(p => new { map = p.Map, from = p.FromSystem + "|" + p.FromCode, to = p.ToSystem + "|" + p.ToCode, equivalence = p.Equivalence }) }),
            }),
            issues = r.Issues.Select(i => i.ToString()),
        };
        return JsonSerializer.Serialize(body, Indented);
    }

    private static void WriteTables(TextWriter output, CoverageReport r, int readerProblems, System.Collections.Immutable.ImmutableArray<DataQualityIssue> buildIssues)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No });
        console.Profile.Width = 160;
        console.WriteLine($"{r.Patients} patients, {r.Records} records, {r.DistinctCodings} distinct codings; {r.Unmapped.Length} unmapped, {r.UnknownSystems.Length} unknown systems, {r.InvalidCodes.Length} codes that can never match; {readerProblems} reader problems, {buildIssues.Length} code-set build issues.");

        var unmapped = new Table().Title("Unmapped codes (in no code set and no map), most patients first");
        unmapped.AddColumns("system", "code", "display", "records", "patients", "problem");
        foreach (var e in r.Unmapped)
        {
            unmapped.AddRow(Safe(e.System ?? "(none)"), Safe(e.Code ?? "(none)"), Safe(e.Display ?? string.Empty), e.Records.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Patients.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Problem == CodeProblem.None ? string.Empty : e.Problem.ToString());
        }

        console.Write(unmapped);

        if (!r.UnknownSystems.IsEmpty)
        {
            var systems = new Table().Title("Unknown code systems");
            systems.AddColumns("system", "distinct codes", "records", "patients");
            foreach (var u in r.UnknownSystems)
            {
                systems.AddRow(Safe(u.System.Length == 0 ? "(none)" : u.System), Num(u.DistinctCodes), Num(u.Records), Num(u.Patients));
            }

            console.Write(systems);
        }

        if (!r.Normalisations.IsEmpty)
        {
            var norm = new Table().Title("Notable normalisations");
            norm.AddColumns("system", "recorded", "matched as", "rules", "records", "patients");
            foreach (var n in r.Normalisations)
            {
                norm.AddRow(Safe(n.Coding.System ?? "(none)"), Safe(n.Coding.Code ?? string.Empty), Safe(n.Coding.NormalisedCode ?? string.Empty), n.Rules.ToString(), Num(n.Coding.Records), Num(n.Coding.Patients));
            }

            console.Write(norm);
        }

        var sets = new Table().Title("Code sets fed by the records");
        sets.AddColumns("code set", "records", "patients", "raw codes", "via maps");
        foreach (var s in r.CodeSets.Where(s => s.Records > 0))
        {
            sets.AddRow(Safe(s.Name), Num(s.Records), Num(s.Patients), Num(s.Sources.Length), Safe(string.Join(", ", s.Maps)));
        }

        console.Write(sets);

        static string Safe(string text) => Markup.Escape(TerminalText.Escape(text));

        static string Num(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
