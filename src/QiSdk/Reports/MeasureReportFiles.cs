using System.Text;
using QiSdk.Indicators;

namespace QiSdk.Reports;

/// <summary>
/// Writes the result files of an evaluation into a folder as one unit: <c>measure-reports.json</c> (a FHIR
/// <c>collection</c> Bundle of summary MeasureReports), <c>measure-reports.csv</c>, and
/// <c>measure-reports.manifest.json</c>, which names both with their SHA-256 and size. Each file is written whole or not
/// at all (temporary file, then rename); the manifest is written <em>first</em>, describing the set about to be
/// written, so at every moment of a write that is interrupted (a kill between the two renames) at least one file differs
/// from it, and <see cref="CheckComplete"/> (used by <c>qi disclose</c>) refuses the folder. Writing it last instead
/// would leave a first write into an empty folder unprotected. A folder without a manifest (written by hand, or by an
/// older version) is accepted as it is.
/// </summary>
public static class MeasureReportFiles
{
    /// <summary>The JSON file's name.</summary>
    public const string JsonFileName = "measure-reports.json";

    /// <summary>The CSV file's name.</summary>
    public const string CsvFileName = "measure-reports.csv";

    /// <summary>The manifest's name: the files of the set with their SHA-256 and size.</summary>
    public const string ManifestFileName = "measure-reports.manifest.json";

    /// <summary>Writes both files into <paramref name="directory"/> (created when missing).</summary>
    /// <param name="directory">The output folder.</param>
    /// <param name="summaries">The indicator summaries.</param>
    /// <param name="options">JSON formatting; defaults when null.</param>
    /// <param name="cancellationToken">Checked before anything is written.</param>
    /// <returns>The full paths of the JSON and CSV files.</returns>
    /// <exception cref="OperationCanceledException">Cancelled: neither file was touched.</exception>
    public static (string JsonPath, string CsvPath) Write(string directory, IEnumerable<IndicatorSummary> summaries, MeasureReportWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(summaries);
        var list = summaries.ToList();
        using var json = new MemoryStream();
        MeasureReportJson.WriteSummaryBundle(json, list, options, cancellationToken);
        using var csvText = new StringWriter();
        MeasureReportCsv.Write(csvText, list);
        cancellationToken.ThrowIfCancellationRequested();

        string full = Path.GetFullPath(directory);
        Directory.CreateDirectory(full);
        string jsonPath = Path.Combine(full, JsonFileName);
        string csvPath = Path.Combine(full, CsvFileName);
        byte[] jsonBytes = json.ToArray();
        byte[] csvBytes = Encoding.UTF8.GetBytes(csvText.ToString());
        AtomicFile.Write(Path.Combine(full, ManifestFileName), Manifest([(JsonFileName, jsonBytes), (CsvFileName, csvBytes)]));
        AtomicFile.Write(jsonPath, jsonBytes);
        AtomicFile.Write(csvPath, csvBytes);
        return (jsonPath, csvPath);
    }

    /// <summary>
    /// Whether the result files in <paramref name="directory"/> are one complete set: null when they match their manifest
    /// (or there is no manifest); otherwise what differs (a write was interrupted, or a file was changed afterwards).
    /// </summary>
    /// <param name="directory">A folder <see cref="Write"/> wrote to.</param>
    /// <returns>Null, or a one-line reason naming the file.</returns>
    public static string? CheckComplete(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        string manifestPath = Path.Combine(directory, ManifestFileName);
        if (!File.Exists(manifestPath))
        {
            return null;
        }

        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(manifestPath));
            foreach (var file in doc.RootElement.GetProperty("files").EnumerateArray())
            {
                string name = file.GetProperty("name").GetString() ?? string.Empty;
                string path = Path.Combine(directory, Path.GetFileName(name));
                if (!File.Exists(path))
                {
                    return $"{path} is missing: the results in {directory} are incomplete (a write was interrupted); run qi evaluate again.";
                }

                string expected = file.GetProperty("sha256").GetString() ?? string.Empty;
                if (!string.Equals(Sha256(File.ReadAllBytes(path)), expected, StringComparison.OrdinalIgnoreCase))
                {
                    return $"{path} does not match {ManifestFileName} (SHA-256): the results in {directory} are not one complete set (a write was interrupted, or the file was changed); run qi evaluate again.";
                }
            }

            return null;
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException or IOException)
        {
            return $"{manifestPath} is not a valid results manifest ({ex.Message}): the results in {directory} cannot be trusted as complete.";
        }
    }

    private static byte[] Manifest(IEnumerable<(string Name, byte[] Bytes)> files)
    {
        using var buffer = new MemoryStream();
        using (var w = new System.Text.Json.Utf8JsonWriter(buffer, new System.Text.Json.JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("format", "qisdk-results-manifest/1");
            w.WriteStartArray("files");
            foreach (var (name, bytes) in files)
            {
                w.WriteStartObject();
                w.WriteString("name", name);
                w.WriteNumber("bytes", bytes.Length);
                w.WriteString("sha256", Sha256(bytes));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
}
