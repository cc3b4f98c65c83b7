using System.CommandLine;
using System.Text.Json;
using QiSdk.Indicators;

namespace QiSdk.Cli.Commands;

/// <summary><c>qi indicators [--json]</c>: lists the built-in indicator catalogue.</summary>
internal static class IndicatorsCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Write the list as JSON (id, url, version, kind, improvement, title) instead of a table." };
        var command = new Command("indicators", "List the built-in indicator catalogue (ids for qi evaluate --indicators).") { json };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var catalogue = IndicatorCatalogue.BuiltIn();
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
                        w.WriteString("kind", IndicatorDefinitionJson.KindCode(d.Kind));
                        w.WriteString("improvement", IndicatorDefinitionJson.DirectionCode(d.Direction));
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
                output.WriteLine($"{d.Id.PadRight(idWidth)}  {IndicatorDefinitionJson.KindCode(d.Kind),-7}  {IndicatorDefinitionJson.DirectionCode(d.Direction),-8}  {d.Title}");
            }

            output.WriteLine($"{catalogue.Definitions.Length} indicators. Use 'qi evaluate --indicators <id>... | all'.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
