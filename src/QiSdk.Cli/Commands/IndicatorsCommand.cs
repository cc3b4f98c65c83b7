using System.CommandLine;
using System.Text.Json;
using QiSdk.Codes;
using QiSdk.Indicators;
using QiSdk.Reports;

namespace QiSdk.Cli.Commands;

/// <summary>
/// <c>qi indicators [--json]</c>: lists the built-in indicator catalogue. <c>qi indicators --fhir --out DIR</c> publishes it
/// as FHIR R4: a Measure per indicator, a ValueSet per catalogue code set the Measures use, and the StructureDefinition of
/// every QiSdk extension, one <c>{ResourceType}-{id}.json</c> file each.
/// </summary>
internal static class IndicatorsCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Write the list as JSON (id, url, version, kind, improvement, title) instead of a table." };
        var fhir = new Option<bool>("--fhir") { Description = "Write the catalogue as FHIR R4 resources (Measure, ValueSet, StructureDefinition) into --out." };
        var outDir = new Option<string?>("--out", "-o") { Description = "With --fhir: the folder to write into (created if missing)." };
        var command = new Command("indicators", "List the built-in indicator catalogue (ids for qi evaluate --indicators), or publish it as FHIR Measures with --fhir --out DIR.") { json, fhir, outDir };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var catalogue = IndicatorCatalogue.BuiltIn();
            if (parse.GetValue(fhir))
            {
                return WriteFhir(catalogue, parse.GetValue(outDir), output, parse.InvocationConfiguration.Error);
            }

            if (parse.GetValue(outDir) is not null)
            {
                parse.InvocationConfiguration.Error.WriteLine("qi indicators: --out is only used with --fhir.");
                return ExitCodes.UsageOrInputError;
            }
            if (parse.GetValue(json))
            {
                using var stream = new MemoryStream();
                using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
                {
                    w.WriteStartArray();
                    foreach (var d in catalogue.Definitions)
                    {
                        w.WriteStartObject();
                        w.WriteString("id", d.Id);
                        w.WriteString("url", d.Url);
                        w.WriteString("version", d.Version);
                        w.WriteString("kind", IndicatorTerms.Code(d.Kind));
                        w.WriteString("improvement", IndicatorTerms.Code(d.Direction));
                        w.WriteString("title", d.Title);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                }

                output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
                return ExitCodes.Ok;
            }

            int idWidth = Math.Max(2, catalogue.Definitions.Max(d => d.Id.Length));
            output.WriteLine($"{"id".PadRight(idWidth)}  kind     better    title");
            foreach (var d in catalogue.Definitions)
            {
                output.WriteLine($"{d.Id.PadRight(idWidth)}  {IndicatorTerms.Code(d.Kind),-7}  {IndicatorTerms.Code(d.Direction),-8}  {d.Title}");
            }

            output.WriteLine($"{catalogue.Definitions.Length} indicators. Use 'qi evaluate --indicators <id>... | all'.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static int WriteFhir(IndicatorCatalogue catalogue, string? directory, TextWriter output, TextWriter error)
    {
        if (string.IsNullOrWhiteSpace(directory))
        {
            error.WriteLine("qi indicators --fhir: --out DIR is required (the folder the FHIR resources are written to).");
            return ExitCodes.UsageOrInputError;
        }

        var resources = FhirCatalogueWriter.Publish(catalogue.Definitions, BuiltInCodeSets.Load());
        try
        {
            Directory.CreateDirectory(directory);
            foreach (var resource in resources)
            {
                File.WriteAllBytes(Path.Combine(directory, resource.FileName), resource.Json.Span);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            error.WriteLine($"qi indicators --fhir: cannot write to '{directory}': {ex.Message}");
            return ExitCodes.UsageOrInputError;
        }

        var counts = resources.GroupBy(r => r.ResourceType).Select(g => $"{g.Count()} {g.Key}");
        output.WriteLine($"Wrote {string.Join(", ", counts)} to {Path.GetFullPath(directory)}.");
        return ExitCodes.Ok;
    }
}
