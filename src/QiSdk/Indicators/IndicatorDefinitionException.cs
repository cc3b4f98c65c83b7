using System.Collections.Immutable;

namespace QiSdk.Indicators;

/// <summary>One or more indicator definitions are invalid; <see cref="Errors"/> lists every problem found.</summary>
public sealed class IndicatorDefinitionException : QiSdkException
{
    /// <summary>Creates the exception from a non-empty list of problems.</summary>
    /// <param name="errors">Every problem found.</param>
    public IndicatorDefinitionException(ImmutableArray<DefinitionError> errors)
        : base(errors.IsDefaultOrEmpty ? Engine.DefinitionErrors.InvalidValue : errors[0].Code, Describe(errors), ToIssues(errors))
    {
        Errors = errors;
    }

    /// <summary>Every problem found, in document order.</summary>
    public ImmutableArray<DefinitionError> Errors { get; }

    private static ImmutableArray<DataQualityIssue> ToIssues(ImmutableArray<DefinitionError> errors) =>
        errors.IsDefaultOrEmpty
            ? []
            : [.. errors.Select(e => new DataQualityIssue(e.Code, DataQualitySeverity.Error, e.Message) { File = e.File, Line = e.Line is { } l ? (int)Math.Min(l, int.MaxValue) : null, JsonPath = e.JsonPath, ResourceType = e.IndicatorId is null ? null : "Indicator", ResourceId = e.IndicatorId })];

    private static string Describe(ImmutableArray<DefinitionError> errors) =>
        errors.IsDefaultOrEmpty
            ? "The indicator definition is invalid."
            : $"{errors.Length} problem(s) in indicator definition(s):{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", errors);
}
