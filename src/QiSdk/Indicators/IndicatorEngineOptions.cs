namespace QiSdk.Indicators;

/// <summary>Options for <see cref="IndicatorEngine"/>.</summary>
public sealed record IndicatorEngineOptions
{
    /// <summary>Throw <see cref="IndicatorEvaluationException"/> at the first data-quality problem instead of logging it (default false).</summary>
    public bool Strict { get; init; }

    /// <summary>Worker threads for patients; null (default) uses every core.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>Keep each patient's populations in <see cref="IndicatorResult.Patients"/> (default true). Turn off for aggregate-only runs over millions of patients.</summary>
    public bool IncludePatientResults { get; init; } = true;

    /// <summary>Keep an explanation for every patient in a population in <see cref="IndicatorResult.Explanations"/> (default false; costs memory).</summary>
    public bool IncludeExplanations { get; init; }

    /// <summary>Who the results are about (practice code), copied to <see cref="IndicatorSummary.Reporter"/>; null by default.</summary>
    public string? Reporter { get; init; }
}
