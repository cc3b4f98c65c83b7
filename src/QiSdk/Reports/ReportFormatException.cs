namespace QiSdk.Reports;

/// <summary>A report file could not be read; the message says which file, which entry and which JSON path.</summary>
public sealed class ReportFormatException : QiSdkException
{
    internal ReportFormatException(string code, string file, int? entry, string? path, string message, Exception? inner = null)
        : base(code, $"{code} {file}{(entry is { } e ? $": entry {e}" : string.Empty)}{(path is null ? string.Empty : $" at {path}")}: {message}", [new DataQualityIssue(code, DataQualitySeverity.Error, message) { File = file, Entry = entry, JsonPath = path }], inner)
    {
        File = file;
        Entry = entry;
        JsonPath = path;
    }

    /// <summary>The file (or stream name) being read.</summary>
    public string File { get; }

    /// <summary>The 0-based Bundle entry, when the problem is inside one.</summary>
    public int? Entry { get; }

    /// <summary>The JSON path of the problem.</summary>
    public string? JsonPath { get; }
}
