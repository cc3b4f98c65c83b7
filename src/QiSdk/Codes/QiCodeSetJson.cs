using System.Text.Json;

namespace QiSdk.Codes;

/// <summary>
/// Loads QiSdk's own small JSON code-set format (<c>docs/codes.md</c>, schema <c>schemas/qisdk-codesets.schema.json</c>):
/// <code>
/// { "format": "qisdk-codesets/1",
///   "codeSets": [ { "name": "DM_LOCAL", "title": "Diabetes (practice list)", "system": "http://snomed.info/sct",
///                   "codes": [ "73211009", { "code": "C10..", "system": "Read v2", "display": "Diabetes mellitus" },
///                              { "code": "E11", "system": "ICD-10", "includeDescendants": true } ] } ] }
/// </code>
/// A code is a string (in the set's default <c>system</c>) or an object with <c>code</c> and optional <c>system</c>,
/// <c>display</c>, <c>includeDescendants</c> (ICD-10 only).
/// </summary>
public static class QiCodeSetJson
{
    /// <summary>The value of the <c>format</c> property this version reads.</summary>
    public const string Format = "qisdk-codesets/1";

    /// <summary>Loads the code sets in a file.</summary>
    /// <param name="path">The JSON file.</param>
    /// <param name="log">Lenient mode: bad entries are logged and skipped. Default null: strict, the first problem throws.</param>
    /// <returns>The code sets, in file order.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="TerminologyException">Strict mode and the file or an entry cannot be used (QI2030, QI2045, with file and JSON path).</exception>
    public static IReadOnlyList<CodeSet> Load(string path, DataQualityLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = File.OpenRead(path);
        return Read(stream, path, log);
    }

    /// <summary>Reads code sets from a JSON stream.</summary>
    /// <param name="stream">The JSON document.</param>
    /// <param name="sourceName">The file or stream name for error locations and <see cref="CodeSet.Source"/>.</param>
    /// <param name="log">Lenient mode log, or null (default) for strict mode.</param>
    /// <returns>The code sets, in document order.</returns>
    /// <exception cref="TerminologyException">Strict mode and the document or an entry cannot be used.</exception>
    public static IReadOnlyList<CodeSet> Read(Stream stream, string? sourceName, DataQualityLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var doc = JsonInput.Parse(stream, sourceName, log);
        return doc is null ? [] : Read(doc, sourceName, log);
    }

    /// <summary>Reads the code sets of an already parsed document (so <see cref="CodeFiles"/> parses a file once).</summary>
    internal static IReadOnlyList<CodeSet> Read(JsonDocument doc, string? sourceName, DataQualityLog? log)
    {

        void Report(string message, string at) =>
            CodeListCsv.Report(log, JsonInput.Issue(CodeErrors.QiCodeSetInvalid, DataQualitySeverity.Warning, CodeErrors.QiCodeSetInvalidMessage(message), sourceName, at));

        var root = doc.RootElement;
        string? format = JsonInput.String(root, "format");
        if (format != Format || !root.TryGetProperty("codeSets", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            CodeListCsv.Report(log, JsonInput.Issue(CodeErrors.QiCodeSetInvalid, DataQualitySeverity.Error,
                CodeErrors.QiCodeSetInvalidMessage($"the document is not a QiSdk code-set file (it needs \"format\": \"{Format}\" and a \"codeSets\" array)"), sourceName, "$"));
            return [];
        }

        var sets = new List<CodeSet>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (i, set) in JsonInput.Array(root, "codeSets"))
        {
            string at = $"$.codeSets[{i}]";
            string? name = JsonInput.String(set, "name");
            if (string.IsNullOrWhiteSpace(name) || !names.Add(name))
            {
                Report(name is null ? "the code set has no name" : $"the code set name '{name}' is empty or used twice", at);
                continue;
            }

            string? defaultSystem = JsonInput.String(set, "system");
            var members = new List<CodeSetMember>();
            foreach (var (j, c) in JsonInput.Array(set, "codes"))
            {
                string cat = $"{at}.codes[{j}]";
                if (c.ValueKind == JsonValueKind.String)
                {
                    if (defaultSystem is null)
                    {
                        Report("the code is a bare string but the code set has no default \"system\"", cat);
                        continue;
                    }

                    members.Add(new CodeSetMember(defaultSystem, c.GetString()!));
                    continue;
                }

                string? code = JsonInput.String(c, "code");
                string? system = JsonInput.String(c, "system") ?? defaultSystem;
                if (code is null || system is null)
                {
                    Report(code is null ? "the entry has no \"code\"" : "the entry has no \"system\" and the code set has no default", cat);
                    continue;
                }

                members.Add(new CodeSetMember(system, code, JsonInput.String(c, "display"), JsonInput.Bool(c, "includeDescendants")));
            }

            sets.Add(CodeSet.Create(name, members, JsonInput.String(set, "title"), sourceName));
        }

        return sets;
    }
}
