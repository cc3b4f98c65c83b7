using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace QiSdk.Tests.Records;

/// <summary>Turns Bundles into a FHIR Bulk Data style export: one NDJSON file per resource type, references rewritten to Type/id.</summary>
internal static class NdjsonFixtures
{
    public static void WriteBulkExport(IEnumerable<string> bundleFiles, string folder, bool gzip)
    {
        var writers = new Dictionary<string, StreamWriter>();
        try
        {
            foreach (string file in bundleFiles)
            {
                var bundle = JsonNode.Parse(File.ReadAllBytes(file))!;
                var urlToRef = new Dictionary<string, string>();
                foreach (var entry in bundle["entry"]!.AsArray())
                {
                    var resource = entry!["resource"]!;
                    urlToRef[entry["fullUrl"]!.GetValue<string>()] = resource["resourceType"]!.GetValue<string>() + "/" + resource["id"]!.GetValue<string>();
                }

                foreach (var entry in bundle["entry"]!.AsArray())
                {
                    var resource = entry!["resource"]!;
                    QiSdk.TestSupport.BundleReferences.Rewrite(resource, urlToRef);
                    string type = resource["resourceType"]!.GetValue<string>();
                    if (!writers.TryGetValue(type, out var writer))
                    {
                        string path = Path.Combine(folder, type + (gzip ? ".ndjson.gz" : ".ndjson"));
                        Stream stream = File.Create(path);
                        if (gzip)
                        {
                            stream = new GZipStream(stream, CompressionLevel.Fastest);
                        }

                        writer = new StreamWriter(stream) { NewLine = "\n" };
                        writers[type] = writer;
                    }

                    writer.WriteLine(resource.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
                }
            }
        }
        finally
        {
            foreach (var writer in writers.Values)
            {
                writer.Dispose();
            }
        }
    }

}
