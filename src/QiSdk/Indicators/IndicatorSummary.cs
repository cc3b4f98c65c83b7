using System.Collections.Immutable;

namespace QiSdk.Indicators;

/// <summary>
/// The aggregate result of one indicator over one practice and period: what a summary MeasureReport carries.
/// No patient identifiers. This is the input privacy policies decide on.
/// </summary>
public sealed record IndicatorSummary
{
    /// <summary>The indicator id, e.g. <c>qof-dm020-hba1c-58</c>.</summary>
    public required string IndicatorId { get; init; }

    /// <summary>The indicator's canonical URL (ends in <c>/</c> + id).</summary>
    public required string Url { get; init; }

    /// <summary>The indicator definition's version.</summary>
    public required string Version { get; init; }

    /// <summary>Title for people.</summary>
    public required string Title { get; init; }

    /// <summary>Process or outcome.</summary>
    public required IndicatorKind Kind { get; init; }

    /// <summary>Which way is better.</summary>
    public required ImprovementDirection Direction { get; init; }

    /// <summary>Period start (inclusive), when the indicator has one.</summary>
    public DateOnly? PeriodStart { get; init; }

    /// <summary>Period end, the reference date R (inclusive).</summary>
    public required DateOnly PeriodEnd { get; init; }

    /// <summary>Counts over all patients.</summary>
    public required PopulationCounts Counts { get; init; }

    /// <summary>Counts per stratum.</summary>
    public ImmutableArray<StratumCounts> Strata { get; init; } = [];

    /// <summary>
    /// How fresh the data behind the counts is: the latest event date seen per resource type in the records read
    /// (written as the <c>data-freshness</c> extension; empty when unknown).
    /// </summary>
    public ImmutableArray<Records.ResourceFreshness> Freshness { get; init; } = [];

    /// <summary>Who the counts are about: a practice code, or a cluster id for combined results.</summary>
    public string? Reporter { get; init; }

    /// <summary>
    /// The summary of the union of disjoint groups of patients evaluated separately with the same definitions and period
    /// (partitions of one practice's records, evaluated one by one or on several machines): counts and strata are added,
    /// strata with nothing in them are left out as the engine leaves them out, and freshness is the latest date per
    /// resource type. Equal to the summary of evaluating all the patients at once.
    /// </summary>
    /// <param name="parts">Summaries of one indicator, one per group of patients; at least one.</param>
    /// <returns>The combined summary.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="parts"/> or one of them is null.</exception>
    /// <exception cref="ArgumentException">No parts, or parts of different indicators, versions, periods or reporters.</exception>
    public static IndicatorSummary Combine(IEnumerable<IndicatorSummary> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var list = parts.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("At least one summary is needed.", nameof(parts));
        }

        var first = list[0] ?? throw new ArgumentNullException(nameof(parts));
        var counts = new long[5];
        var strata = new Dictionary<(string Stratifier, string Value), long[]>();
        var freshness = new SortedDictionary<string, DateOnly>(StringComparer.Ordinal);
        foreach (var part in list)
        {
            ArgumentNullException.ThrowIfNull(part, nameof(parts));
            if (part.IndicatorId != first.IndicatorId || part.Version != first.Version || part.Url != first.Url
                || part.PeriodStart != first.PeriodStart || part.PeriodEnd != first.PeriodEnd || part.Reporter != first.Reporter)
            {
                throw new ArgumentException(
                    $"Summaries of different indicators, versions, periods or reporters cannot be combined ({first.IndicatorId} {first.Version} and {part.IndicatorId} {part.Version}).",
                    nameof(parts));
            }

            AddTo(counts, part.Counts);
            foreach (var stratum in part.Strata)
            {
                if (!strata.TryGetValue((stratum.Stratifier, stratum.Value), out var sums))
                {
                    sums = new long[5];
                    strata.Add((stratum.Stratifier, stratum.Value), sums);
                }

                AddTo(sums, stratum.Counts);
            }

            foreach (var f in part.Freshness)
            {
                freshness[f.ResourceType] = freshness.TryGetValue(f.ResourceType, out var seen) && seen > f.LatestEventDate ? seen : f.LatestEventDate;
            }
        }

        return first with
        {
            Counts = ToCounts(counts),
            Strata = [.. strata
                .Where(s => s.Value[0] != 0 || s.Value[1] != 0)
                .OrderBy(s => StratumRank(s.Key.Stratifier, s.Key.Value))
                .ThenBy(s => s.Key.Stratifier, StringComparer.Ordinal)
                .ThenBy(s => s.Key.Value, StringComparer.Ordinal)
                .Select(s => new StratumCounts(s.Key.Stratifier, s.Key.Value, ToCounts(s.Value)))],
            Freshness = [.. freshness.Select(f => new Records.ResourceFreshness(f.Key, f.Value))],
        };
    }

    private static void AddTo(long[] sums, PopulationCounts counts)
    {
        sums[0] += counts.InitialPopulation;
        sums[1] += counts.Denominator;
        sums[2] += counts.DenominatorExclusion;
        sums[3] += counts.DenominatorException;
        sums[4] += counts.Numerator;
    }

    private static PopulationCounts ToCounts(long[] sums) =>
        new(checked((int)sums[0]), checked((int)sums[1]), checked((int)sums[2]), checked((int)sums[3]), checked((int)sums[4]));

    /// <summary>The engine's order: age bands youngest first, then sexes, then any other stratifier by name.</summary>
    private static int StratumRank(string stratifier, string value) => stratifier switch
    {
        "age-band" when Array.IndexOf(Engine.EvaluationRun.AgeBands, value) is >= 0 and var band => band,
        "sex" when Array.IndexOf(Engine.EvaluationRun.Sexes, value) is >= 0 and var sex => 100 + sex,
        _ => 1000,
    };
}
