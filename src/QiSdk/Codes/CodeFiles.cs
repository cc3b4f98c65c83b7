using System.Text.Json;

namespace QiSdk.Codes;

/// <summary>
/// Loads code-set and code-map files by recognising their format, so the CLI, the DI package and hosts all accept the
/// same files: code sets from FHIR ValueSet JSON (or a Bundle of them), QiSdk's code-set JSON, or an OpenCodelists CSV;
/// maps from FHIR ConceptMap JSON, the NHS TRUD Read/CTV3 -> SNOMED CT map layout (tab-separated), or QiSdk's map CSV
/// (<c>source_system,source_code,target_system,target_code</c>).
/// </summary>
public static class CodeFiles
{
    /// <summary>
    /// Loads the code sets in one file. A <c>.csv</c> is an OpenCodelists code list named after the file (upper case,
    /// e.g. <c>dm_cod.csv</c> -> <c>DM_COD</c>); JSON with a top-level <c>format</c> property is QiSdk's code-set JSON;
    /// other JSON is a FHIR ValueSet or a Bundle of ValueSets.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="log">Where located problems in the file are recorded.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="TerminologyException">The file cannot be used at all; the message says where.</exception>
    public static IReadOnlyList<CodeSet> LoadCodeSets(string path, DataQualityLog? log = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Code-set file '{path}' does not exist.", path);
        }

        if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return [CodeListCsv.Load(path, Path.GetFileNameWithoutExtension(path).ToUpperInvariant())];
        }

        bool qiFormat;
        using (var stream = File.OpenRead(path))
        {
            try
            {
                using var document = JsonDocument.Parse(stream);
                qiFormat = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("format", out _);
            }
            catch (JsonException)
            {
                qiFormat = false; // the ValueSet reader reports the located JSON error
            }
        }

        return qiFormat ? QiCodeSetJson.Load(path, log) : ValueSetJson.Load(path, log);
    }

    /// <summary>
    /// Loads one map file: <c>.json</c> is a FHIR ConceptMap; a file whose first line contains a tab is a TRUD map;
    /// anything else is QiSdk's map CSV.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="log">Where located problems in the file are recorded.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="TerminologyException">The file cannot be used at all; the message says where.</exception>
    public static CodeMap LoadCodeMap(string path, DataQualityLog? log = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Code-map file '{path}' does not exist.", path);
        }

        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return ConceptMapJson.Load(path, log);
        }

        string first;
        using (var reader = new StreamReader(path))
        {
            first = reader.ReadLine() ?? string.Empty;
        }

        return first.Contains('\t', StringComparison.Ordinal) ? CodeMapCsv.LoadTrud(path, log) : CodeMapCsv.Load(path, log);
    }
}
