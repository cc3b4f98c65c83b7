namespace QiSdk.Records;

/// <summary>
/// Thrown by <see cref="FhirRecordReader"/> in strict mode at the first problem, and in either mode for an input path
/// that does not exist. <see cref="Issue"/> carries the same located details lenient mode would have logged.
/// </summary>
public sealed class FhirReadException : QiSdkException
{
    /// <summary>Creates the exception for a located problem.</summary>
    /// <param name="issue">The problem.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public FhirReadException(DataQualityIssue issue, Exception? innerException = null)
        : base((issue ?? throw new ArgumentNullException(nameof(issue))).Code, issue.ToString(), [issue], innerException)
    {
        Issue = issue;
    }

    /// <summary>The problem: code, file, line or entry, resource type and id, JSON path and message.</summary>
    public DataQualityIssue Issue { get; }
}
