namespace QiSdk.Reports;

/// <summary>Stable error codes for reading reports (QI5xxx); documented in docs/error-codes.md.</summary>
internal static class ReportErrors
{
    public const string MalformedJson = "QI5001";
    public const string NotABundle = "QI5002";
    public const string NotAMeasureReport = "QI5003";
    public const string MissingField = "QI5004";
    public const string InvalidValue = "QI5005";
    public const string WrongType = "QI5006";
}
