namespace QiSdk.Indicators;

/// <summary>Strict mode met a data-quality problem during evaluation; <see cref="Issue"/> says what and where.</summary>
public sealed class IndicatorEvaluationException : QiSdkException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="issue">The problem.</param>
    public IndicatorEvaluationException(DataQualityIssue issue)
        : base((issue ?? throw new ArgumentNullException(nameof(issue))).Code, issue.ToString(), [issue])
    {
        Issue = issue;
    }

    /// <summary>The problem, with code and location.</summary>
    public DataQualityIssue Issue { get; }
}
