using System.Collections.Immutable;

namespace QiSdk.Indicators;

/// <summary>The full local result of one indicator: the summary and each patient's populations.</summary>
public sealed record IndicatorResult
{
    /// <summary>Aggregate counts and strata.</summary>
    public required IndicatorSummary Summary { get; init; }

    /// <summary>Every evaluated patient's populations (patients in no population may be omitted).</summary>
    public ImmutableArray<PatientResult> Patients { get; init; } = [];

    /// <summary>
    /// Why each patient in a population got there (rules, events, values), when the run asked for explanations
    /// (<c>IndicatorEngineOptions.IncludeExplanations</c>); empty otherwise. Patient-level: local only.
    /// </summary>
    public ImmutableArray<PatientExplanation> Explanations { get; init; } = [];
}
