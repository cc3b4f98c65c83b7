using System.Text;
using System.Text.Json.Nodes;

namespace QiSdk.Benchmarks;

/// <summary>
/// Benchmark input built at run time from the Synthea fixtures in ../shared (nothing large is committed): the 38 patient
/// Bundles split into FHIR Bulk Data style NDJSON, one line per resource, urn:uuid references rewritten to Type/id.
/// </summary>
internal static class ReadingData
{
    /// <summary>Marks where a copy suffix goes in a template line (after every id and every Type/id reference).</summary>
    public const char Slot = '\u00a7';

    private static readonly System.Text.Json.JsonSerializerOptions WriteOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string SyntheaFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "QiSdk.sln")))
        {
            dir = dir.Parent;
        }

        if (dir is null)
        {
            throw new InvalidOperationException($"QiSdk.sln not found above {AppContext.BaseDirectory}.");
        }

        return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "fixtures", "synthea", "smart-on-fhir-generated-sample-data-R4"));
    }

    /// <summary>
    /// Per resource type (ordinal order, as a folder is read), the template NDJSON lines of every Synthea resource, with
    /// <see cref="Slot"/> after each id and each resolved reference's id.
    /// </summary>
    public static SortedDictionary<string, List<string>> Templates(Func<string, bool> includeType)
    {
        var byType = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (string file in Directory.GetFiles(SyntheaFolder(), "*.json").Order(StringComparer.Ordinal))
        {
            var bundle = JsonNode.Parse(File.ReadAllBytes(file))!;
            var urlToRef = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in bundle["entry"]!.AsArray())
            {
                var resource = entry!["resource"]!;
                urlToRef[entry["fullUrl"]!.GetValue<string>()] = resource["resourceType"]!.GetValue<string>() + "/" + resource["id"]!.GetValue<string>() + Slot;
            }

            foreach (var entry in bundle["entry"]!.AsArray())
            {
                var resource = entry!["resource"]!;
                string type = resource["resourceType"]!.GetValue<string>();
                if (!includeType(type))
                {
                    continue;
                }

                resource["id"] = resource["id"]!.GetValue<string>() + Slot;
                QiSdk.TestSupport.BundleReferences.Rewrite(resource, urlToRef);
                if (!byType.TryGetValue(type, out var lines))
                {
                    lines = [];
                    byType[type] = lines;
                }

                // Relaxed escaping keeps the slot marker (and any non-ASCII text) as UTF-8 instead of \uXXXX escapes.
                lines.Add(resource.ToJsonString(WriteOptions));
            }
        }

        return byType;
    }

    /// <summary>The Synthea export as one NDJSON byte array (types in ordinal order), ids as in the fixtures.</summary>
    public static (byte[] Bytes, int Resources) SyntheaNdjson()
    {
        var sb = new StringBuilder();
        int count = 0;
        foreach (var lines in Templates(_ => true).Values)
        {
            foreach (string line in lines)
            {
                sb.Append(line.Replace(Slot.ToString(), string.Empty, StringComparison.Ordinal)).Append('\n');
                count++;
            }
        }

        return (Encoding.UTF8.GetBytes(sb.ToString()), count);
    }

    /// <summary>
    /// The built-in synthetic practice (<c>QiSdk.Synthetic</c>, seed 42) exported as per-type NDJSON and concatenated in
    /// folder order: compact UK GP records where almost every resource is kept (no narratives or claims to skip).
    /// </summary>
    public static (byte[] Bytes, int Resources) SyntheticNdjson(int patients)
    {
        string folder = Path.Combine(Path.GetTempPath(), "qisdk-reading-" + Guid.NewGuid().ToString("N"));
        try
        {
            var result = QiSdk.Synthetic.SyntheticPractice.Export(
                new QiSdk.Synthetic.SyntheticPracticeOptions { Patients = patients },
                new QiSdk.Synthetic.SyntheticExportOptions { Directory = folder, WriteCodeMap = false });
            using var all = new MemoryStream();
            foreach (string file in Directory.GetFiles(folder, "*.ndjson").Order(StringComparer.Ordinal))
            {
                using var stream = File.OpenRead(file);
                stream.CopyTo(all);
            }

            return (all.ToArray(), result.ResourceCounts.Values.Sum());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

}
