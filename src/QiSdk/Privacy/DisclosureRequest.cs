using System.Collections.Immutable;
using QiSdk.Indicators;

namespace QiSdk.Privacy;

/// <summary>
/// What a practice asks the gate to consider releasing: indicator summaries (aggregate counts), and optionally the full
/// patient-level results (needed only by <c>pseudonymised-extract</c> and shown by <c>local-only</c>).
/// </summary>
public sealed record DisclosureRequest
{
    /// <summary>Aggregate results, one per indicator and practice. Empty means "the summaries of <see cref="Results"/>".</summary>
    public ImmutableArray<IndicatorSummary> Summaries { get; init; } = [];

    /// <summary>Patient-level results (local). Empty when only summaries are available (e.g. from <c>qi evaluate</c> output).</summary>
    public ImmutableArray<IndicatorResult> Results { get; init; } = [];

    /// <summary>A request over summaries only.</summary>
    /// <param name="summaries">The summaries.</param>
    /// <exception cref="ArgumentNullException"><paramref name="summaries"/> is null.</exception>
    public static DisclosureRequest FromSummaries(IEnumerable<IndicatorSummary> summaries)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        return new DisclosureRequest { Summaries = [.. summaries] };
    }

    /// <summary>A request over full results (their summaries are the aggregate input).</summary>
    /// <param name="results">The results.</param>
    /// <exception cref="ArgumentNullException"><paramref name="results"/> is null.</exception>
    public static DisclosureRequest FromResults(IEnumerable<IndicatorResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var all = results.ToImmutableArray();
        return new DisclosureRequest { Results = all, Summaries = [.. all.Select(r => r.Summary)] };
    }

    internal ImmutableArray<IndicatorSummary> EffectiveSummaries =>
        Summaries.IsDefaultOrEmpty ? [.. Results.IsDefault ? [] : Results.Select(r => r.Summary)] : Summaries;
}
