namespace QiSdk.Privacy;

/// <summary>Settings shared by every policy in a <see cref="DisclosurePipeline"/>.</summary>
public sealed record DisclosurePipelineOptions
{
    /// <summary>The clock for release times (default <see cref="TimeProvider.System"/>).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Earlier releases, checked for differencing by <c>small-number-suppression</c>; null = no cross-release check (not recommended).</summary>
    public IReleaseLedger? ReleaseLedger { get; init; }

    /// <summary>
    /// Computes the exact ranges an attacker can prove, for secondary suppression (<c>small-number-suppression</c>,
    /// <c>cluster-aggregate</c>). Null (default): the core package's conservative built-in check, which withholds whole
    /// strata blocks or indicators where an exact range would be needed. For exact checking use
    /// <c>QiSdk.Privacy.OrTools.OrToolsBoundSolver.Instance</c> (package <c>QiSdk.Privacy.OrTools</c>).
    /// </summary>
    public IDisclosureBoundSolver? BoundSolver { get; init; }

    /// <summary>Indent the disclosed JSON (default true).</summary>
    public bool Indented { get; init; } = true;
}
