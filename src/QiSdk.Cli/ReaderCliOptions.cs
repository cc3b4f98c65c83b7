using System.CommandLine;
using System.Globalization;
using QiSdk.Records;

namespace QiSdk.Cli;

/// <summary>The reader options every command that reads FHIR records offers, defined once.</summary>
internal static class ReaderCliOptions
{
    /// <summary><c>--max-line-bytes</c>: <see cref="FhirReaderOptions.MaxLineBytes"/>.</summary>
    public static Option<int> MaxLineBytes() => new("--max-line-bytes")
    {
        Description = string.Create(CultureInfo.InvariantCulture, $"Longest NDJSON line read, in bytes (default {FhirReaderOptions.DefaultMaxLineBytes:D}, 16 MiB); a longer line is skipped with problem QI1018. Bounds the reader's memory."),
        DefaultValueFactory = _ => FhirReaderOptions.DefaultMaxLineBytes,
        HelpName = "BYTES",
    };

    /// <summary>An error message when <paramref name="value"/> is unusable; null when it is fine.</summary>
    public static string? Check(int value) =>
        value < 1024 ? string.Create(CultureInfo.InvariantCulture, $"--max-line-bytes {value} is too small (at least 1024).") : null;
}
