namespace QiSdk.Privacy;

/// <summary>Settings shared by every policy in a <see cref="DisclosurePipeline"/>.</summary>
public sealed record DisclosurePipelineOptions
{
    /// <summary>The clock for release times (default <see cref="TimeProvider.System"/>).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Earlier releases, checked for differencing by <c>small-number-suppression</c>; null = no cross-release check (not recommended).</summary>
    public IReleaseLedger? ReleaseLedger { get; init; }

    /// <summary>Indent the disclosed JSON (default true).</summary>
    public bool Indented { get; init; } = true;
}
