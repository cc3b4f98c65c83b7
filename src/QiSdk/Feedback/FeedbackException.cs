namespace QiSdk.Feedback;

/// <summary>A feedback analysis (comparison, trend, pairing) cannot be done as asked; the message says what and where.</summary>
public sealed class FeedbackException : Exception
{
    internal FeedbackException(string code, string message)
        : base($"{code} {message}")
    {
        Code = code;
    }

    /// <summary>The stable error code (QI51xx).</summary>
    public string Code { get; }
}
