namespace QiSdk.Hosting;

/// <summary>What one audit run evaluates and keeps, for <see cref="QualityAuditService.RunAsync(AuditRunOptions, IProgress{AuditProgress}?, CancellationToken)"/>.</summary>
public sealed record AuditRunOptions
{
    /// <summary>The period; R = its end, inclusive.</summary>
    public required QiSdk.Indicators.MeasurementPeriod Period { get; init; }

    /// <summary>Which indicators (ids); null (the default) for the whole catalogue.</summary>
    public IReadOnlyList<string>? IndicatorIds { get; init; }

    /// <summary>
    /// Keep every patient's explanation (the deciding rule and its evidence per population), which the worklist needs.
    /// Default null: <see cref="QiSdkOptions.IncludeExplanations"/> decides.
    /// </summary>
    public bool? IncludeExplanations { get; init; }
}
