namespace QiSdk.Feedback;

/// <summary>A feedback analysis (comparison, trend, pairing) cannot be done as asked; the message says what and where.</summary>
public sealed class FeedbackException : QiSdkException
{
    internal FeedbackException(string code, string message)
        : base(code, $"{code} {message}", [new DataQualityIssue(code, DataQualitySeverity.Error, message)])
    {
    }
}
