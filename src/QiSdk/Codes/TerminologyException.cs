using System.Collections.Immutable;

namespace QiSdk.Codes;

/// <summary>
/// Thrown in strict mode (no <see cref="DataQualityLog"/> given) when a code list, ValueSet, code map or QiSdk code-set
/// file cannot be used as written. Carries the same located, coded issue that lenient mode would have logged.
/// </summary>
public sealed class TerminologyException : QiSdkException
{
    /// <summary>Creates the exception for one or more issues (the first one's text is the message).</summary>
    /// <param name="issues">The problems; at least one.</param>
    /// <exception cref="ArgumentException"><paramref name="issues"/> is empty.</exception>
    public TerminologyException(IEnumerable<DataQualityIssue> issues)
        : this([.. issues ?? throw new ArgumentNullException(nameof(issues))])
    {
    }

    private TerminologyException(ImmutableArray<DataQualityIssue> issues)
        : base(issues.IsEmpty ? throw new ArgumentException("At least one issue is required.", nameof(issues)) : issues[0].Code, issues[0].ToString(), issues)
    {
    }

}
