namespace QiSdk.Privacy;

/// <summary>
/// A privacy-stage failure with a stable code (QI4xxx, see <c>docs/error-codes.md</c>): an invalid policy parameter,
/// a corrupt or locked ledger, or an unusable key. Messages never contain key material or patient identifiers.
/// </summary>
public sealed class PrivacyException : QiSdkException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">The stable error code.</param>
    /// <param name="message">What was wrong and where.</param>
    /// <param name="inner">The underlying failure, if any.</param>
    public PrivacyException(string code, string message, Exception? inner = null)
        : base(code, $"{code} {message}", [new DataQualityIssue(code, DataQualitySeverity.Error, message)], inner)
    {
    }
}
