using System.CommandLine;
using System.Text.Json;
using QiSdk.Records;
using Spectre.Console;

namespace QiSdk.Cli.Commands;

/// <summary>
/// <c>qi inspect --records PATH... [--strict] [--json]</c>: reads FHIR records and prints, per resource type, how many
/// were read, kept and skipped (with reasons), the number of patients, and the data-quality problems.
/// Every line is parsed to its end (<see cref="FhirReaderOptions.ValidateSkippedResources"/>), so a syntax error inside a
/// resource type the model does not keep is reported too.
/// Exit 0 when the read completed (even with problems, lenient); 2 for unusable arguments, a missing path or a strict failure.
/// </summary>
internal static class InspectCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var records = new Option<string[]>("--records")
        {
            // Checked in the action rather than with Required, so a missing --records exits 2 (unusable arguments) like a missing path.
            Description = "(required) FHIR R4 input: .json (Bundle or resource), .ndjson, .ndjson.gz, .json.gz files, or folders of them (read recursively).",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = true,
            HelpName = "PATH",
        };
        var strict = new Option<bool>("--strict")
        {
            Description = "Stop at the first problem (exit 2) instead of recording it and going on.",
        };
        var json = new Option<bool>("--json")
        {
            Description = "Print one JSON object: {\"patients\", \"resources\": {type: {read, kept, skipped, skippedReasons}}, \"problems\": [...]}.",
        };

        var maxLineBytes = ReaderCliOptions.MaxLineBytes();
        var command = new Command("inspect", "Read FHIR records and show what was read, kept and skipped per resource type, and the data-quality problems.")
        {
            records,
            strict,
            json,
            maxLineBytes,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetValue(records) ?? [],
            parseResult.GetValue(strict),
            parseResult.GetValue(json),
            parseResult.GetValue(maxLineBytes),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string[] paths, bool strict, bool asJson, int maxLineBytes, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (paths.Length == 0)
        {
            await error.WriteLineAsync("qi inspect: --records needs at least one PATH (a FHIR .json/.ndjson/.ndjson.gz file or a folder).").ConfigureAwait(false);
            return ExitCodes.UsageOrInputError;
        }

        if (ReaderCliOptions.Check(maxLineBytes) is { } bad)
        {
            await error.WriteLineAsync("qi inspect: " + bad).ConfigureAwait(false);
            return ExitCodes.UsageOrInputError;
        }

        FhirReadResult result;
        try
        {
            // Inspect is the data-quality check, so it parses every line to its end, including resource types the model
            // does not keep (the audit commands count those as skipped without parsing them).
            var options = new FhirReaderOptions { Strict = strict, ValidateSkippedResources = true, MaxLineBytes = maxLineBytes };
            result = await new FhirRecordReader(options).ReadAsync(paths, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (FhirReadException ex)
        {
            await error.WriteLineAsync($"qi inspect: {TerminalText.Escape(ex.Issue.ToString())}").ConfigureAwait(false);
            return ExitCodes.UsageOrInputError;
        }
        catch (ArgumentException ex)
        {
            await error.WriteLineAsync($"qi inspect: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.UsageOrInputError;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("qi inspect: cancelled.").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }

        if (asJson)
        {
            await output.WriteLineAsync(ToJson(result)).ConfigureAwait(false);
        }
        else
        {
            WriteText(result, output);
        }

        return ExitCodes.Ok;
    }

    /// <summary>The <c>--json</c> form: one object, stable property names.</summary>
    internal static string ToJson(FhirReadResult result)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("patients", result.Patients.Length);
            w.WriteStartObject("resources");
            foreach (var type in result.Resources)
            {
                w.WriteStartObject(Bounded(type.ResourceType));
                w.WriteNumber("read", type.Read);
                w.WriteNumber("kept", type.Kept);
                w.WriteNumber("skipped", type.Skipped);
                if (type.LatestEventDate is { } latest)
                {
                    w.WriteString("latestEventDate", latest.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                }

                w.WriteStartObject("skippedReasons");
                foreach (var (reason, count) in type.SkippedReasons)
                {
                    w.WriteNumber(reason, count);
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteNumber("unresolvedPatientReferences", result.UnresolvedPatientReferences);
            w.WriteStartArray("problems");
            foreach (var p in result.Problems)
            {
                w.WriteStartObject();
                w.WriteString("code", p.Code);
                w.WriteString("severity", p.Severity.ToString().ToLowerInvariant());
                WriteStringOrNull(w, "file", p.File);
                WriteNumberOrNull(w, "line", p.Line);
                WriteNumberOrNull(w, "entry", p.Entry);
                WriteStringOrNull(w, "resourceType", p.ResourceType);
                WriteStringOrNull(w, "resourceId", p.ResourceId);
                WriteStringOrNull(w, "path", p.JsonPath);
                w.WriteString("message", Bounded(p.Message));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteStringOrNull(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, Bounded(value));
        }
    }

    /// <summary>
    /// Record text (ids, file names, messages) cut to 10,000 characters: a value read from a file can be hundreds of MB,
    /// beyond what Utf8JsonWriter accepts (about 166 million characters), and a report line never needs it whole.
    /// </summary>
    private static string Bounded(string text) => text.Length <= 10_000 ? text : string.Concat(text.AsSpan(0, 10_000), $"... ({text.Length:N0} characters)");

    private static void WriteNumberOrNull(Utf8JsonWriter w, string name, int? value)
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

    private static void WriteText(FhirReadResult result, TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = ReferenceEquals(output, Console.Out) ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = ReferenceEquals(output, Console.Out) ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!ReferenceEquals(output, Console.Out))
        {
            console.Profile.Width = 160;
        }

        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("resource type");
        table.AddColumn(new TableColumn("read").RightAligned());
        table.AddColumn(new TableColumn("kept").RightAligned());
        table.AddColumn(new TableColumn("skipped").RightAligned());
        table.AddColumn("skipped because");
        foreach (var type in result.Resources)
        {
            string reasons = string.Join(", ", type.SkippedReasons.Select(r => $"{r.Key} {r.Value}"));
            table.AddRow(
                Markup.Escape(TerminalText.Escape(type.ResourceType)),
                type.Read.ToString(System.Globalization.CultureInfo.InvariantCulture),
                type.Kept.ToString(System.Globalization.CultureInfo.InvariantCulture),
                type.Skipped.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(reasons));
        }

        console.Write(table);

        // Plain lines, never wrapped, so each problem stays one greppable line.
        output.WriteLine($"patients: {result.Patients.Length}");
        output.WriteLine($"resources naming no patient in the input: {result.UnresolvedPatientReferences}");
        output.WriteLine($"inputs read: {result.Inputs.Length}");
        if (result.LatestEventDate is { } latest)
        {
            output.WriteLine($"latest event date: {latest:yyyy-MM-dd} ({string.Join(", ", result.Resources.Where(r => r.LatestEventDate is not null).Select(r => $"{TerminalText.Escape(r.ResourceType)} {r.LatestEventDate:yyyy-MM-dd}"))})");
        }

        output.WriteLine($"problems: {result.Problems.Length}");
        foreach (var problem in result.Problems)
        {
            output.WriteLine("  " + TerminalText.Escape(problem.ToString()));
        }
    }
}
