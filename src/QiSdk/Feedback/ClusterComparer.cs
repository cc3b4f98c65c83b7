using System.Collections.Immutable;
using System.Globalization;
using QiSdk.Indicators;

namespace QiSdk.Feedback;

/// <summary>
/// Compares a cluster's practices from their released disclosures only (never raw results): per indicator each
/// practice's rate with its 95% Wilson interval, the pooled rate, exact binomial funnel limits, a signal read with the
/// improvement direction, freshness, strengths and opportunities, and reciprocal peer-review pairs. Deterministic:
/// the same disclosures give the same comparison, whatever their order.
/// </summary>
public static class ClusterComparer
{
    /// <summary>Compares the practices in <paramref name="disclosures"/>.</summary>
    /// <param name="disclosures">Released disclosures (one or more per practice; each summary names its reporter).</param>
    /// <param name="options">Options; defaults when null.</param>
    /// <param name="cancellationToken">Stops between indicators.</param>
    /// <exception cref="FeedbackException">
    /// Nothing to compare (QI5102); practices report different periods for one indicator (QI5103: never compared); a
    /// practice appears twice for one indicator and period, or a report has no reporter (QI5105); an unknown headline
    /// indicator or bad reference rate (QI5106); too many practices to pair exactly (QI5104).
    /// </exception>
    public static ClusterComparison Compare(IEnumerable<ReleasedDisclosure> disclosures, ComparisonOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(disclosures);
        options ??= new ComparisonOptions();
        var all = disclosures.SelectMany(d => d.Indicators).ToList();
        if (all.Count == 0)
        {
            throw new FeedbackException(FeedbackErrors.NothingToCompare, "no released indicators to compare (are the disclosures empty, or was everything withheld?).");
        }

        foreach (var i in all.Where(i => i.Reporter is null))
        {
            throw new FeedbackException(FeedbackErrors.DuplicatePractice, $"{i.Source}: the MeasureReport for '{i.IndicatorId}' names no reporter, so it cannot be attributed to a practice (evaluate with --practice, or set IndicatorSummary.Reporter).");
        }

        foreach (var r in options.ReferenceRates.Where(r => !(r.Rate >= 0 && r.Rate <= 1)))
        {
            throw new FeedbackException(FeedbackErrors.InvalidArgument, $"reference rate {r.Rate} for '{r.IndicatorId}' ({r.Label}) is not a proportion in 0..1.");
        }

        return options.ClusterOnly ? CompareClusterOnly(all, options, cancellationToken) : ComparePractices(all, options, cancellationToken);
    }

    private static ClusterComparison ComparePractices(List<ReleasedIndicator> all, ComparisonOptions options, CancellationToken cancellationToken)
    {
        var practices = all.Select(i => i.Reporter!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
        var notes = ImmutableArray.CreateBuilder<string>();
        var withheld = new List<string>();
        var indicators = ImmutableArray.CreateBuilder<IndicatorComparison>();
        foreach (var group in all.GroupBy(i => i.IndicatorId, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rows = group.ToList();
            var periods = rows.Select(r => (r.PeriodStart, r.PeriodEnd)).Distinct().ToList();
            if (periods.Count > 1)
            {
                string list = string.Join("; ", rows.OrderBy(r => r.Reporter, StringComparer.Ordinal).Select(r => $"{r.Reporter} {Period(r.PeriodStart, r.PeriodEnd)}"));
                throw new FeedbackException(FeedbackErrors.PeriodsDiffer, $"indicator '{group.Key}' is released for different periods ({list}); differing periods are never compared: evaluate every practice for the same period (or use cluster-only mode for a history).");
            }

            foreach (var dup in rows.GroupBy(r => r.Reporter, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                throw new FeedbackException(FeedbackErrors.DuplicatePractice, $"practice '{dup.Key}' is released twice for '{group.Key}' ({string.Join(", ", dup.Select(d => d.Source))}); give each practice's disclosure once.");
            }

            var first = rows[0];
            var pooled = Pool(rows);
            var practiceRows = rows.OrderBy(r => r.Reporter, StringComparer.Ordinal).Select(r => Row(r, pooled, options)).ToImmutableArray();
            if (pooled.Withheld > 0)
            {
                withheld.Add($"{group.Key} ({pooled.Withheld})");
            }

            indicators.Add(new IndicatorComparison
            {
                IndicatorId = group.Key,
                Title = first.Title,
                Direction = first.Direction,
                PeriodStart = first.PeriodStart,
                PeriodEnd = first.PeriodEnd,
                Cluster = pooled,
                Practices = practiceRows,
            });
        }

        if (withheld.Count > 0)
        {
            notes.Add($"Rates withheld by the practices' privacy policies are shown as withheld and left out of the pooled rate; practices withheld per indicator: {string.Join(", ", withheld)}.");
        }

        foreach (string practice in practices)
        {
            var missing = indicators.Where(i => i.Practices.All(p => p.Practice != practice)).Select(i => i.IndicatorId).ToList();
            if (missing.Count > 0)
            {
                notes.Add($"{practice} released nothing for: {string.Join(", ", missing)}.");
            }
        }

        var periodEnds = indicators.Select(i => i.PeriodEnd).Distinct().ToList();
        if (periodEnds.Count > 1)
        {
            notes.Add($"indicators have different period ends ({string.Join(", ", periodEnds.Order().Select(Iso))}); each indicator compares one period only.");
        }

        var headline = ChooseHeadline(indicators, options);
        var comparison = new ClusterComparison
        {
            PeriodStart = indicators.Select(i => i.PeriodStart).Distinct().Count() == 1 ? indicators[0].PeriodStart : null,
            PeriodEnd = periodEnds.Max(),
            Practices = practices,
            Indicators = indicators.ToImmutable(),
            Headline = headline,
            Pairs = PeerPairing.Pair(practices, indicators.Where(i => headline.Contains(i.IndicatorId)).ToList()),
            Strengths = Strengths(practices, indicators),
            StalePractices = [.. practices.Where(p => indicators.SelectMany(i => i.Practices).Any(r => r.Practice == p && r.Freshness.IsStale))],
            Notes = notes.ToImmutable(),
        };
        return comparison;
    }

    private static ClusterComparison CompareClusterOnly(List<ReleasedIndicator> all, ComparisonOptions options, CancellationToken cancellationToken)
    {
        var indicators = ImmutableArray.CreateBuilder<IndicatorComparison>();
        var notes = ImmutableArray.CreateBuilder<string>();
        foreach (var group in all.GroupBy(i => i.IndicatorId, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var history = group.GroupBy(r => (r.PeriodStart, r.PeriodEnd))
                .OrderBy(g => g.Key.PeriodEnd).ThenBy(g => g.Key.PeriodStart)
                .Select(g =>
                {
                    foreach (var dup in g.GroupBy(r => r.Reporter, StringComparer.Ordinal).Where(d => d.Count() > 1))
                    {
                        throw new FeedbackException(FeedbackErrors.DuplicatePractice, $"'{dup.Key}' is released twice for '{group.Key}' in {Period(g.Key.PeriodStart, g.Key.PeriodEnd)}.");
                    }

                    return new ClusterPeriod(g.Key.PeriodStart, g.Key.PeriodEnd, Pool([.. g]));
                })
                .ToImmutableArray();
            var latest = history[^1];
            var first = group.First();
            var references = ImmutableArray.CreateBuilder<ReferenceComparison>();
            if (latest.Totals.Denominator > 0)
            {
                int n = latest.Totals.Denominator, x = latest.Totals.Numerator;
                var earlier = history[..^1].Where(h => h.Totals.Denominator > 0).ToList();
                if (earlier.Count > 0)
                {
                    double rate = (double)earlier.Sum(h => h.Totals.Numerator) / earlier.Sum(h => h.Totals.Denominator);
                    references.Add(Reference($"cluster history ({earlier.Count} earlier period(s))", rate));
                }

                foreach (var r in options.ReferenceRates.Where(r => r.IndicatorId == group.Key))
                {
                    references.Add(Reference(r.Label, r.Rate));
                }

                ReferenceComparison Reference(string label, double rate) =>
                    new(label, rate, FeedbackStatistics.Funnel(rate, n), FeedbackStatistics.Read(FeedbackStatistics.Position(rate, (x, x), (n, n)), first.Direction));
            }
            else
            {
                notes.Add($"{group.Key}: the cluster's latest counts are withheld or zero; no reference comparison.");
            }

            indicators.Add(new IndicatorComparison
            {
                IndicatorId = group.Key,
                Title = first.Title,
                Direction = first.Direction,
                PeriodStart = latest.PeriodStart,
                PeriodEnd = latest.PeriodEnd,
                Cluster = latest.Totals,
                History = history,
                References = references.ToImmutable(),
            });
        }

        foreach (var r in options.ReferenceRates.Where(r => indicators.All(i => i.IndicatorId != r.IndicatorId)))
        {
            throw new FeedbackException(FeedbackErrors.InvalidArgument, $"reference rate given for '{r.IndicatorId}', which no disclosure releases.");
        }

        return new ClusterComparison
        {
            PeriodStart = indicators.Select(i => i.PeriodStart).Distinct().Count() == 1 ? indicators[0].PeriodStart : null,
            PeriodEnd = indicators.Max(i => i.PeriodEnd),
            Practices = [.. all.Select(i => i.Reporter!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            ClusterOnly = true,
            Indicators = indicators.ToImmutable(),
            Notes = notes.ToImmutable(),
        };
    }

    /// <summary>
    /// A copy of <paramref name="comparison"/> for one practice to take to a safe group: that practice is named, every
    /// peer is shown as a stable letter (<see cref="PeerLetters"/>), and only that practice's strengths are kept.
    /// </summary>
    /// <param name="comparison">The full comparison.</param>
    /// <param name="practice">The practice the copy is for.</param>
    /// <exception cref="FeedbackException">The practice is not in the comparison (QI5106).</exception>
    public static ClusterComparison ForPractice(ClusterComparison comparison, string practice)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(practice);
        if (!comparison.Practices.Contains(practice))
        {
            throw new FeedbackException(FeedbackErrors.InvalidArgument, $"--for '{practice}': not one of the practices compared ({string.Join(", ", comparison.Practices)}).");
        }

        var letters = PeerLetters.Assign(comparison.Practices);
        string Name(string code) => code == practice ? code : "Practice " + letters[code];
        return comparison with
        {
            ForPractice = practice,
            Practices = [.. comparison.Practices.Select(Name).OrderBy(n => n == practice ? 0 : 1).ThenBy(n => n, StringComparer.Ordinal)],
            Indicators = [.. comparison.Indicators.Select(i => i with
            {
                Practices = [.. i.Practices.Select(p => p with { Practice = Name(p.Practice) }).OrderBy(p => p.Practice == practice ? 0 : 1).ThenBy(p => p.Practice, StringComparer.Ordinal)],
            })],
            Pairs = [.. comparison.Pairs.Select(p =>
            {
                var leads = p.Leads.Select(l => l with { Leader = Name(l.Leader), Other = Name(l.Other) }).ToImmutableArray();
                return p with { Practices = [.. p.Practices.Select(Name).Order(StringComparer.Ordinal)], Leads = leads, Reason = PeerPairing.Reason(leads) };
            })],
            Strengths = comparison.Strengths.Where(s => s.Key == practice).ToImmutableSortedDictionary(StringComparer.Ordinal),
            StalePractices = [.. comparison.StalePractices.Select(Name)],
            Notes = [.. comparison.Notes.Select(note => PeersAsLetters(note, comparison.Practices, practice, Name))],
        };
    }

    // Notes are sentences written for the full comparison (e.g. "A81001 released nothing for: ..."): in a practice's copy
    // every peer code in them becomes its letter, longest code first so a code inside another is never half-replaced.
    private static string PeersAsLetters(string note, ImmutableArray<string> practices, string practice, Func<string, string> name)
    {
        foreach (string code in practices.Where(c => c != practice).OrderByDescending(c => c.Length).ThenBy(c => c, StringComparer.Ordinal))
        {
            note = note.Replace(code, name(code), StringComparison.Ordinal);
        }

        return note;
    }

    private static ClusterTotals Pool(IReadOnlyList<ReleasedIndicator> rows)
    {
        int numerator = 0, denominator = 0, pooled = 0, withheld = 0;
        foreach (var r in rows)
        {
            if (r.Counts.EffectiveDenominator is { } d and >= 0 && r.Counts.Numerator.Value is { } n)
            {
                // Rounded counts may leave the numerator above the effective denominator: pool at most the denominator.
                n = Math.Min(n, d);
                numerator += n;
                denominator += d;
                pooled++;
            }
            else
            {
                withheld++;
            }
        }

        return new ClusterTotals(numerator, denominator, denominator > 0 ? (double)numerator / denominator : null, pooled, withheld);
    }

    private static PracticeComparison Row(ReleasedIndicator r, ClusterTotals pooled, ComparisonOptions options)
    {
        var freshness = Freshness(r, options.StaleAfterMonths);
        var c = r.Counts;
        // A negative effective denominator (rounded exclusions above a rounded denominator) says nothing usable: withheld.
        if (c.IsRateWithheld || c.EffectiveDenominatorRange is not { } dRange || c.EffectiveDenominator < 0)
        {
            return new PracticeComparison { Practice = r.Reporter!, Signal = ComparisonSignal.Withheld, Freshness = freshness };
        }

        var nRange = (c.Numerator.Low, c.Numerator.High);
        int d = c.EffectiveDenominator!.Value;
        var ci = FeedbackStatistics.WorstCaseWilson(nRange, dRange);
        FunnelLimits? funnel = null;
        LimitPosition position = LimitPosition.Within;
        bool alarm = false;
        if (pooled.Rate is { } target && d > 0)
        {
            funnel = FeedbackStatistics.Funnel(target, d);
            position = FeedbackStatistics.Position(target, nRange, dRange);
            alarm = position != LimitPosition.Within && FeedbackStatistics.Position(target, nRange, dRange, use998: true) == position;
        }

        return new PracticeComparison
        {
            Practice = r.Reporter!,
            Numerator = c.Numerator.Value,
            Denominator = d,
            Rate = c.Rate,
            Ci95 = ci,
            Rounded = c.IsRounded,
            Funnel = funnel,
            Position = position,
            Beyond998 = alarm,
            Signal = FeedbackStatistics.Read(position, r.Direction),
            Freshness = freshness,
        };
    }

    /// <summary>Lags per resource type to the reference date; stale when even the latest event is older than the threshold.</summary>
    internal static PracticeFreshness Freshness(ReleasedIndicator r, int staleAfterMonths)
    {
        var reference = r.PeriodEnd;
        var cutoff = reference.AddMonths(-staleAfterMonths);
        var lags = r.Freshness
            .Select(f => new ResourceLag(f.ResourceType, f.LatestEventDate, reference.DayNumber - f.LatestEventDate.DayNumber, f.LatestEventDate < cutoff))
            .ToImmutableArray();
        if (lags.IsEmpty)
        {
            return new PracticeFreshness(reference, lags, null, null, false);
        }

        var latest = lags.Max(l => l.LatestEventDate);
        return new PracticeFreshness(reference, lags, latest, reference.DayNumber - latest.DayNumber, latest < cutoff);
    }

    private static ImmutableArray<string> ChooseHeadline(IReadOnlyList<IndicatorComparison> indicators, ComparisonOptions options)
    {
        if (!options.Headline.IsDefaultOrEmpty)
        {
            foreach (string id in options.Headline.Where(h => indicators.All(i => i.IndicatorId != h)))
            {
                throw new FeedbackException(FeedbackErrors.InvalidArgument, $"headline indicator '{id}' is not in the disclosures (released: {string.Join(", ", indicators.Select(i => i.IndicatorId))}).");
            }

            return [.. options.Headline.Distinct(StringComparer.Ordinal)];
        }

        return [.. indicators
            .Where(i => i.Cluster.Practices >= 2)
            .OrderByDescending(i => i.Cluster.Practices)
            .ThenByDescending(i => i.Cluster.Denominator)
            .ThenBy(i => i.IndicatorId, StringComparer.Ordinal)
            .Take(options.DefaultHeadlineCount)
            .Select(i => i.IndicatorId)];
    }

    private static ImmutableSortedDictionary<string, ImmutableArray<PracticeStatement>> Strengths(ImmutableArray<string> practices, IReadOnlyList<IndicatorComparison> indicators)
    {
        var result = ImmutableSortedDictionary.CreateBuilder<string, ImmutableArray<PracticeStatement>>(StringComparer.Ordinal);
        foreach (string practice in practices)
        {
            var statements = new List<PracticeStatement>();
            foreach (var i in indicators)
            {
                var row = i.Practices.FirstOrDefault(p => p.Practice == practice);
                if (row is null || row.Signal is not (ComparisonSignal.Better or ComparisonSignal.Worse) || row.Funnel is not { } f || i.Cluster.Rate is not { } cluster)
                {
                    continue;
                }

                double limit = row.Position == LimitPosition.Above ? f.Upper95 : f.Lower95;
                string better = i.Direction == ImprovementDirection.Increase ? "higher is better" : "lower is better";
                string text = string.Create(CultureInfo.InvariantCulture,
                    $"{(row.Signal == ComparisonSignal.Better ? "Better" : "Worse")} than the cluster on {i.Title}: {Pct(row.Rate!.Value)} ({row.Numerator}/{row.Denominator}) vs cluster {Pct(cluster)}, {(row.Position == LimitPosition.Above ? "above" : "below")} the 95% limit of {Pct(limit)} ({better}){(row.Rounded ? "; counts rounded, allowed for" : string.Empty)}.");
                statements.Add(new PracticeStatement(i.IndicatorId, i.Title, row.Signal, row.Rate!.Value, row.Numerator!.Value, row.Denominator!.Value, cluster, limit, text));
            }

            result[practice] = [.. statements.OrderBy(s => s.Signal == ComparisonSignal.Better ? 0 : 1).ThenBy(s => Math.Abs(s.Rate - s.ClusterRate) * -1)];
        }

        return result.ToImmutable();
    }

    internal static string Pct(double rate) => (rate * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Period(DateOnly? start, DateOnly end) => start is { } s ? $"{Iso(s)}..{Iso(end)}" : $"ending {Iso(end)}";
}
