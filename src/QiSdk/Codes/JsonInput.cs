using System.Text.Json;

namespace QiSdk.Codes;

/// <summary>Shared plumbing of the JSON loaders: parse with located errors, read optional strings, report or throw.</summary>
internal static class JsonInput
{
    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 128 };

    /// <summary>Parses a whole document; on bad JSON reports QI2030 with line and byte position and returns null.</summary>
    public static JsonDocument? Parse(Stream stream, string? sourceName, DataQualityLog? log)
    {
        try
        {
            return JsonDocument.Parse(stream, Options);
        }
        catch (JsonException ex)
        {
            var issue = new DataQualityIssue(CodeErrors.JsonInvalid, DataQualitySeverity.Error, CodeErrors.JsonInvalidMessage(ex.Message))
            {
                File = sourceName,
                Line = ex.LineNumber is { } l ? checked((int)l + 1) : null,
                BytePosition = ex.BytePositionInLine,
                JsonPath = ex.Path,
            };
            CodeListCsv.Report(log, issue);
            return null;
        }
    }

    public static string? String(JsonElement e, string property) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(property, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    public static bool Bool(JsonElement e, string property) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(property, out var p) && p.ValueKind == JsonValueKind.True;

    public static IEnumerable<(int Index, JsonElement Item)> Array(JsonElement e, string property)
    {
        if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty(property, out var p) && p.ValueKind == JsonValueKind.Array)
        {
            int i = 0;
            foreach (var item in p.EnumerateArray())
            {
                yield return (i++, item);
            }
        }
    }

    /// <summary>The resources in a document that is one resource or a Bundle of them, with their JSON paths.</summary>
    public static IEnumerable<(JsonElement Resource, string Path, int? Entry)> Resources(JsonElement root)
    {
        if (String(root, "resourceType") == "Bundle")
        {
            foreach (var (i, entry) in Array(root, "entry"))
            {
                if (entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("resource", out var r) && r.ValueKind == JsonValueKind.Object)
                {
                    yield return (r, $"Bundle.entry[{i}].resource", i);
                }
            }
        }
        else
        {
            yield return (root, string.Empty, null);
        }
    }

    public static DataQualityIssue Issue(string code, DataQualitySeverity severity, string message, string? file, string? jsonPath, int? entry = null, string? resourceType = null, string? resourceId = null) =>
        new(code, severity, message) { File = file, JsonPath = jsonPath, Entry = entry, ResourceType = resourceType, ResourceId = resourceId };
}
