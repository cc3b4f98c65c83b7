namespace QiSdk.Hosting;

/// <summary>What <see cref="QualityAuditService.DiscloseAsync(AuditRun, AuditDisclosureOptions, CancellationToken)"/> releases.</summary>
public sealed record AuditDisclosureOptions
{
    /// <summary>The indicators to release (ids from the run); null or empty (the default) for every indicator of the run.</summary>
    public IReadOnlyList<string>? IndicatorIds { get; init; }

    /// <summary>Release a run that was already released (e.g. to resend after the channel lost it). Default false: refused.</summary>
    public bool AllowRepeat { get; init; }
}
