using System.Collections.Immutable;
using QiSdk.Indicators;

namespace QiSdk.Privacy;

/// <summary>
/// The result of running a pipeline: either a <see cref="Disclosure"/> ready for a sink (not in preview), or a refusal;
/// in both cases every cell's fate and the reason. Local only.
/// </summary>
public sealed class DisclosureOutcome
{
    internal DisclosureOutcome() { }

    /// <summary>The release id.</summary>
    public required string ReleaseId { get; init; }

    /// <summary>True when this was a preview (nothing spent, nothing recorded, no <see cref="Disclosure"/>).</summary>
    public required bool IsPreview { get; init; }

    /// <summary>The disclosure to hand to a sink; null in preview or when refused.</summary>
    public Disclosure? Disclosure { get; init; }

    /// <summary>True when egress was refused.</summary>
    public bool IsRefused => RefusalCode is not null;

    /// <summary>Why egress was refused: a stable code (QI400x).</summary>
    public string? RefusalCode { get; init; }

    /// <summary>Why egress was refused, in words.</summary>
    public string? RefusalReason { get; init; }

    /// <summary>Every count: released, altered (why) or withheld (why).</summary>
    public required ImmutableArray<CellDecision> Cells { get; init; }

    /// <summary>Every rate: recomputed from released counts, or withheld (why).</summary>
    public required ImmutableArray<RateDecision> Rates { get; init; }

    /// <summary>Policy notes (budget, rows pseudonymised or withheld, and so on).</summary>
    public required ImmutableArray<string> Notes { get; init; }

    /// <summary>
    /// The exact bytes that would leave (preview), or that will leave (release); null when refused, or in a preview
    /// with differential privacy (noise is drawn only at release).
    /// </summary>
    public ReadOnlyMemory<byte>? Content { get; init; }

    /// <summary>Under <c>local-only</c>: the full local results including patient lists, for the practice's self-check; otherwise empty.</summary>
    public ImmutableArray<IndicatorResult> LocalDetail { get; init; } = [];
}
