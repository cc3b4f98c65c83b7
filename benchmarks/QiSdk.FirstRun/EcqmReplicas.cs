using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace QiSdk.FirstRun;

/// <summary>
/// Writes N test-case Bundles replicated from the CMS165 and CMS122 test patients (../shared/fixtures/ecqm), alternating
/// CMS165, CMS122, CMS165, ... so both measures see the same mix. Replica i of a source file gets every resource id, the
/// Bundle id and every reference or fullUrl that ends in <c>Type/id</c> of that Bundle suffixed with <c>-r{i:D4}</c>:
/// unique across the set, at most 64 characters, and deterministic (same input, same bytes).
/// </summary>
internal static class EcqmReplicas
{
    public static readonly string[] Measures = ["CMS165", "CMS122"];

    public static int Generate(string fixtures, string outDir, int count)
    {
        var sources = Measures.Select(m => Directory.GetFiles(Path.Combine(fixtures, m, "patients"), "*.json").Order(StringComparer.Ordinal).ToArray()).ToArray();
        Directory.CreateDirectory(outDir);
        foreach (var stale in Directory.GetFiles(outDir, "*.json"))
        {
            File.Delete(stale);
        }

        var options = new JsonSerializerOptions { WriteIndented = false };
        for (int i = 0; i < count; i++)
        {
            var files = sources[i % sources.Length];
            string source = files[(i / sources.Length) % files.Length];
            string suffix = "-r" + i.ToString("D4", CultureInfo.InvariantCulture);
            var bundle = JsonNode.Parse(File.ReadAllBytes(source))!.AsObject();
            var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in bundle["entry"]!.AsArray())
            {
                var resource = entry!["resource"]!.AsObject();
                string type = resource["resourceType"]!.GetValue<string>();
                string id = resource["id"]!.GetValue<string>();
                renamed[$"{type}/{id}"] = $"{type}/{id}{suffix}";
                resource["id"] = id + suffix;
            }

            bundle["id"] = bundle["id"]!.GetValue<string>() + suffix;
            Rewrite(bundle, renamed);
            string name = $"{Path.GetFileNameWithoutExtension(source)}{suffix}.json";
            File.WriteAllText(Path.Combine(outDir, name), bundle.ToJsonString(options));
        }

        return count;
    }

    /// <summary>Rewrites <c>reference</c> and <c>fullUrl</c> strings whose tail is a renamed <c>Type/id</c>.</summary>
    private static void Rewrite(JsonNode node, Dictionary<string, string> renamed)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (value is JsonValue v && (key is "reference" or "fullUrl") && v.TryGetValue<string>(out var text))
                    {
                        int slash = text.LastIndexOf('/');
                        int typeStart = slash > 0 ? text.LastIndexOf('/', slash - 1) + 1 : -1;
                        if (typeStart >= 0 && renamed.TryGetValue(text[typeStart..], out var to))
                        {
                            obj[key] = text[..typeStart] + to;
                        }
                    }
                    else if (value is not null)
                    {
                        Rewrite(value, renamed);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        Rewrite(item, renamed);
                    }
                }

                break;
        }
    }
}
