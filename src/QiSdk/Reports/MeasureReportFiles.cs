using System.Text;
using QiSdk.Indicators;

namespace QiSdk.Reports;

/// <summary>
/// Writes the two result files of an evaluation into a folder: <c>measure-reports.json</c> (a FHIR <c>collection</c>
/// Bundle of summary MeasureReports) and <c>measure-reports.csv</c>. Each file is written whole or not at all
/// (temporary file, then rename), so a cancelled or failed run never leaves a half-written result behind.
/// </summary>
public static class MeasureReportFiles
{
    /// <summary>The JSON file's name.</summary>
    public const string JsonFileName = "measure-reports.json";

    /// <summary>The CSV file's name.</summary>
    public const string CsvFileName = "measure-reports.csv";

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
        AtomicFile.Write(jsonPath, json.GetBuffer().AsSpan(0, (int)json.Length));
        AtomicFile.Write(csvPath, Encoding.UTF8.GetBytes(csvText.ToString()));
        return (jsonPath, csvPath);
    }
}
