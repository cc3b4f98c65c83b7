using System.Collections.Immutable;

namespace QiSdk.Indicators;

/// <summary>One or more indicator definitions are invalid; <see cref="Errors"/> lists every problem found.</summary>
public sealed class IndicatorDefinitionException : Exception
{
    /// <summary>Creates the exception from a non-empty list of problems.</summary>
    /// <param name="errors">Every problem found.</param>
    public IndicatorDefinitionException(ImmutableArray<DefinitionError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    /// <summary>Every problem found, in document order.</summary>
    public ImmutableArray<DefinitionError> Errors { get; }

    private static string Describe(ImmutableArray<DefinitionError> errors) =>
        errors.IsDefaultOrEmpty
            ? "The indicator definition is invalid."
            : $"{errors.Length} problem(s) in indicator definition(s):{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", errors);
}
