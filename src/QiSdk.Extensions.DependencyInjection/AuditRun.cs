using System.Collections.Immutable;
using QiSdk.Indicators;

namespace QiSdk.Hosting;

/// <summary>
/// The local result of one audit: every indicator's result (with patient-level detail) and every data-quality problem.
/// Local: nothing in it leaves the practice except through <see cref="QualityAuditService.DiscloseAsync(AuditRun, CancellationToken)"/>.
/// </summary>
public sealed record AuditRun
{
    /// <summary>The period evaluated (R = period end, inclusive).</summary>
    public required MeasurementPeriod Period { get; init; }

    /// <summary>How many patients were evaluated.</summary>
    public required int Patients { get; init; }

    /// <summary>One result per indicator, in catalogue order.</summary>
    public required ImmutableArray<IndicatorResult> Results { get; init; }

    /// <summary>Every problem found while setting up, reading and evaluating, located.</summary>
    public required ImmutableArray<DataQualityIssue> Problems { get; init; }

    /// <summary>The definitions evaluated, in <see cref="Results"/> order (for the worklist's rule descriptions).</summary>
    internal ImmutableArray<IndicatorDefinition> Definitions { get; init; } = [];

    /// <summary>
    /// The patients of one indicator to review, each with a stable reason (the deciding numerator rule's description and
    /// its evidence). Needs a run with explanations (<see cref="QiSdkOptions.IncludeExplanations"/> or
    /// <see cref="AuditRunOptions.IncludeExplanations"/>).
    /// </summary>
    /// <param name="indicatorId">The indicator.</param>
    /// <exception cref="IndicatorDefinitionException">The indicator is not in this run (<see cref="QiErrorCodes.Indicators.UnknownIndicator"/>).</exception>
    /// <exception cref="InvalidOperationException">The run did not keep explanations.</exception>
    public ImmutableArray<WorklistEntry> Worklist(string indicatorId)
    {
        ArgumentNullException.ThrowIfNull(indicatorId);
        for (int i = 0; i < Results.Length; i++)
        {
            if (string.Equals(Results[i].Summary.IndicatorId, indicatorId, StringComparison.Ordinal))
            {
                var definition = Definitions.FirstOrDefault(d => string.Equals(d.Id, indicatorId, StringComparison.Ordinal))
                    ?? throw new InvalidOperationException($"This run does not carry the definition of '{indicatorId}'.");
                return QiSdk.Indicators.Worklist.For(definition, Results[i]);
            }
        }

        throw new IndicatorDefinitionException([new DefinitionError(QiErrorCodes.Indicators.UnknownIndicator, indicatorId, "$.id", $"indicator '{indicatorId}' is not in this run")]);
    }
}
