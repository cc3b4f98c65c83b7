using System.Collections.Immutable;

namespace QiSdk;

/// <summary>
/// The base of every exception QiSdk throws for bad input, bad definitions or a refused operation: a stable
/// <see cref="Code"/> (<c>QI####</c>, listed in <see cref="QiErrorCodes"/> and <c>docs/error-codes.md</c>) and the located
/// <see cref="Issues"/> behind it. A host catches this one type to turn any QiSdk failure into a located problem.
/// </summary>
public abstract class QiSdkException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">The stable code of the (first) problem.</param>
    /// <param name="message">The message.</param>
    /// <param name="issues">The located problems; when empty, one is made from <paramref name="code"/> and <paramref name="message"/>.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    protected QiSdkException(string code, string message, ImmutableArray<DataQualityIssue> issues, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        Code = code;
        Issues = issues.IsDefaultOrEmpty ? [new DataQualityIssue(code, DataQualitySeverity.Error, message)] : issues;
    }

    /// <summary>The stable code of the (first) problem, e.g. <c>QI2030</c>.</summary>
    public string Code { get; }

    /// <summary>Every problem behind the exception, located (file, line or entry, resource, JSON path) and coded; never empty.</summary>
    public ImmutableArray<DataQualityIssue> Issues { get; }
}
