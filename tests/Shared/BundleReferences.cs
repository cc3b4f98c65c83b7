using System.Text.Json.Nodes;

namespace QiSdk.TestSupport;

/// <summary>
/// Rewrites every <c>reference</c> in a resource that names a Bundle entry's <c>fullUrl</c> (e.g. <c>urn:uuid:...</c>)
/// to the given form (e.g. <c>Type/id</c>), as a Bulk Data export would write it. Shared, as a linked source file, by
/// the tests and the benchmarks that turn the Synthea Bundles into NDJSON.
/// </summary>
internal static class BundleReferences
{
    public static void Rewrite(JsonNode node, IReadOnlyDictionary<string, string> urlToReference)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (key == "reference" && value is JsonValue v && v.TryGetValue<string>(out var s) && urlToReference.TryGetValue(s, out var r))
                    {
                        obj[key] = r;
                    }
                    else if (value is not null)
                    {
                        Rewrite(value, urlToReference);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        Rewrite(item, urlToReference);
                    }
                }

                break;
        }
    }
}
