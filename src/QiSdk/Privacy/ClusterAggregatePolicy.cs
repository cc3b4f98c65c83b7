using System.Collections.Immutable;
using System.Globalization;
using QiSdk.Indicators;

namespace QiSdk.Privacy;

/// <summary>
/// <c>cluster-aggregate</c>: combines each indicator over at least N practices and releases only the combined counts,
/// never per-practice rows. A cell is withheld when it, or what remains after any practice (or coalition of up to
/// <see cref="ClusterAggregateOptions.MaxColluders"/>) subtracts its own counts, is in 1..T; secondary suppression runs
/// with one view per attacker, so the complement and the rest of each stratifier are covered too.
/// </summary>
internal sealed class ClusterAggregatePolicy : IDisclosurePolicy
{
    public const string PolicyName = "cluster-aggregate";
    private readonly ClusterAggregateOptions _options;

    public ClusterAggregatePolicy(ClusterAggregateOptions options)
    {
        if (options.MinPractices < 2)
        {
            throw new PrivacyException(PrivacyErrors.InvalidMinPractices, $"cluster-aggregate: the minimum number of practices must be at least 2 (got {options.MinPractices}).");
        }

        if (options.Threshold < 0 || options.MaxColluders < 1 || options.MaxColluders >= options.MinPractices || string.IsNullOrWhiteSpace(options.ClusterId))
        {
            throw new PrivacyException(PrivacyErrors.InvalidMinPractices, $"cluster-aggregate: threshold must be >= 0, colluders between 1 and min-practices - 1, and the cluster id non-empty (got threshold {options.Threshold}, colluders {options.MaxColluders}).");
        }

        _options = options;
        Parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["minPractices"] = options.MinPractices.ToString(CultureInfo.InvariantCulture),
            ["threshold"] = options.Threshold.ToString(CultureInfo.InvariantCulture),
            ["maxColluders"] = options.MaxColluders.ToString(CultureInfo.InvariantCulture),
            ["clusterId"] = options.ClusterId,
        }.ToImmutableDictionary(StringComparer.Ordinal);
    }

    public string Name => PolicyName;

    public IReadOnlyDictionary<string, string> Parameters { get; }

    public void Apply(DisclosureDraft draft, CancellationToken cancellationToken)
    {
        var membership = Membership(draft);
        if (membership is null)
        {
            return;
        }

        draft.Cluster = membership;
        var output = new List<DraftIndicator>();
        var groups = draft.Indicators.Where(i => !i.IsWithheld)
            .GroupBy(i => (i.Summary.IndicatorId, i.Summary.Version, i.Summary.PeriodStart, i.Summary.PeriodEnd));
        foreach (var group in groups)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var members = group.Select(i => i.Summary).ToList();
            if (members.FirstOrDefault(m => string.IsNullOrWhiteSpace(m.Reporter)) is { } anonymous)
            {
                draft.Refuse(PrivacyErrors.MissingReporter, $"cluster-aggregate: a result for {anonymous.IndicatorId} has no reporter (practice code), so practices cannot be told apart.");
                return;
            }

            if (members.GroupBy(m => m.Reporter, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } dup)
            {
                draft.Refuse(PrivacyErrors.DuplicateReporter, $"cluster-aggregate: practice '{dup.Key}' supplied {group.Key.IndicatorId} for the period ending {group.Key.PeriodEnd:yyyy-MM-dd} more than once.");
                return;
            }

            output.Add(Combine(members, draft.ReleaseLedger, membership, draft.BoundSolver, cancellationToken));
        }

        output.AddRange(draft.Indicators.Where(i => i.IsWithheld));
        draft.ReplaceIndicators(output);
    }

    private DraftIndicator Combine(List<IndicatorSummary> members, ReleaseHistory? ledger, ClusterMembership membership, IDisclosureBoundSolver? solver, CancellationToken cancellationToken)
    {
        var keys = members.SelectMany(m => m.Strata.Select(s => (s.Stratifier, s.Value))).Distinct().ToArray();
        PopulationCounts StratumOf(IndicatorSummary m, (string Stratifier, string Value) key) =>
            m.Strata.FirstOrDefault(s => s.Stratifier == key.Stratifier && s.Value == key.Value)?.Counts ?? PopulationCounts.Zero;

        var first = members[0];
        var combined = first with
        {
            Reporter = _options.ClusterId,
            Counts = Sum(members.Select(m => m.Counts)),
            Strata = [.. keys.Select(k => new StratumCounts(k.Stratifier, k.Value, Sum(members.Select(m => StratumOf(m, k)))))],
        };
        var indicator = new DraftIndicator(combined, [.. members]);
        if (members.Count < _options.MinPractices)
        {
            indicator.Withhold(Name, PrivacyErrors.IndicatorWithheldTooFewPractices, $"only {members.Count} practice(s) supplied {first.IndicatorId}; at least {_options.MinPractices} are required");
            return indicator;
        }

        if (ledger is not null)
        {
            WithholdMembershipDifferences(indicator, members, ledger, membership);
        }

        var columns = indicator.Columns.ToArray();
        PopulationCounts[] Own(IEnumerable<IndicatorSummary> coalition) =>
            [.. columns.Select(c => Sum(coalition.Select(m => c.IsTotal ? m.Counts : StratumOf(m, (c.Stratifier!, c.StratumValue!)))))];

        var clusterView = columns.Select(c => c.CurrentCounts()).ToArray();
        var views = new List<PopulationCounts[]> { clusterView };
        var labels = new List<string> { "the cluster" };
        var owns = new List<PopulationCounts[]>();
        foreach (var coalition in Coalitions(members, _options.MaxColluders))
        {
            var own = Own(coalition);
            owns.Add(own);
            views.Add([.. clusterView.Select((c, i) => Subtract(c, own[i]))]);
            labels.Add("the practices other than " + string.Join(" + ", coalition.Select(m => m.Reporter)));
        }

        int t = _options.Threshold;
        for (int c = 0; c < columns.Length; c++)
        {
            foreach (var cell in columns[c].Cells)
            {
                for (int v = 0; v < views.Count && !cell.IsWithheld; v++)
                {
                    int value = views[v][c][cell.Population];
                    if (value >= 1 && value <= t)
                    {
                        cell.Withhold(Name, v == 0 ? PrivacyErrors.CellSuppressedSmall : PrivacyErrors.CellWithheldClusterDifferencing,
                            v == 0 ? $"cluster count {value} is in 1-{t}" : $"a practice could subtract its own counts and learn that {labels[v]} have {value} (in 1-{t})");
                    }
                }
            }
        }

        var differencing = ledger is null ? null
            : DisclosureChecks.DifferencingRequirements(columns, combined.Reporter, ledger.ReleasedFor(combined.IndicatorId, cancellationToken), t, t);
        var attackers = views.Select((v, i) => (v, i == 0 ? null : owns[i - 1], labels[i])).ToList();
        indicator.InsiderViews = [.. attackers.Skip(1).Select(a => (a.v, a.Item2, a.Item3))];
        DisclosureChecks.Protect(columns, attackers, t, t, (c, p) => (clusterView[c][(MeasurePopulation)p], clusterView[c][(MeasurePopulation)p]),
            differencing, solver, Name, "secondary suppression (cluster, every practice's view)", cancellationToken);

        foreach (var cell in indicator.Cells)
        {
            cell.Release(Name);
        }

        return indicator;
    }

    /// <summary>
    /// The membership released for: the registered one (the results' practices must be exactly its practices), or the
    /// practices given as an unregistered version 0. Refuses (QI4028) a mismatch, and a release under an id whose earlier
    /// release (same version) covered other practices. Null when refused.
    /// </summary>
    private ClusterMembership? Membership(DisclosureDraft draft)
    {
        var reporters = draft.Indicators.Where(i => !i.IsWithheld && !string.IsNullOrWhiteSpace(i.Summary.Reporter))
            .Select(i => i.Summary.Reporter!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
        var membership = _options.Membership ?? new ClusterMembership(_options.ClusterId, 0, reporters);
        if (!string.Equals(membership.ClusterId, _options.ClusterId, StringComparison.Ordinal))
        {
            draft.Refuse(PrivacyErrors.ClusterMembershipRefused, $"cluster-aggregate: the membership given is for cluster '{membership.ClusterId}', not '{_options.ClusterId}'.");
            return null;
        }

        if (!membership.Practices.Order(StringComparer.Ordinal).SequenceEqual(reporters, StringComparer.Ordinal))
        {
            draft.Refuse(PrivacyErrors.ClusterMembershipRefused, $"cluster-aggregate: the results are from [{string.Join(", ", reporters)}] but cluster '{membership.ClusterId}' version {membership.Version} is registered as [{string.Join(", ", membership.Practices)}]; register the new membership first ('qi cluster register').");
            return null;
        }

        var earlier = draft.ReleaseLedger?.Releases.Select(r => r.Cluster).FirstOrDefault(c => c is not null
            && c.ClusterId == membership.ClusterId && c.Version == membership.Version
            && !c.Practices.Order(StringComparer.Ordinal).SequenceEqual(reporters, StringComparer.Ordinal));
        if (earlier is not null)
        {
            draft.Refuse(PrivacyErrors.ClusterMembershipRefused, $"cluster-aggregate: cluster '{membership.ClusterId}' (version {membership.Version}) was released earlier for [{string.Join(", ", earlier.Practices)}], not [{string.Join(", ", reporters)}]; a cluster id stands for one registered membership: register the change ('qi cluster register') so it is versioned and checked as differencing.");
            return null;
        }

        return membership with { Practices = reporters };
    }

    /// <summary>
    /// Differencing across memberships: for every earlier cluster release (any id) of the same indicator and period whose
    /// practices differ, an attacker takes the difference of the two sums. When the practices that differ are fewer than
    /// MinPractices, the indicator is withheld (one practice joining or leaving would be exposed); otherwise each cell whose
    /// difference from the earlier released cell, or whose sum over the practices added since, is in 1..T is withheld
    /// (QI4061) before secondary suppression runs.
    /// </summary>
    private void WithholdMembershipDifferences(DraftIndicator indicator, List<IndicatorSummary> members, ReleaseHistory ledger, ClusterMembership membership)
    {
        var s = indicator.Summary;
        var current = members.Select(m => m.Reporter!).ToHashSet(StringComparer.Ordinal);
        int t = _options.Threshold;
        foreach (var release in ledger.Releases)
        {
            if (release.Cluster is not { } cluster || cluster.Practices.ToHashSet(StringComparer.Ordinal).SetEquals(current))
            {
                continue;
            }

            var earlierCells = release.Cells.Where(c => c.IndicatorId == s.IndicatorId && c.PeriodEnd == s.PeriodEnd && c.PeriodStart == s.PeriodStart).ToList();
            if (earlierCells.Count == 0)
            {
                continue;
            }

            var added = current.Where(p => !cluster.Practices.Contains(p, StringComparer.Ordinal)).Order(StringComparer.Ordinal).ToList();
            var removed = cluster.Practices.Where(p => !current.Contains(p)).ToList();
            if (added.Count + removed.Count < _options.MinPractices)
            {
                indicator.Withhold(Name, PrivacyErrors.IndicatorWithheldMembershipDifference,
                    $"{release.ReleaseId} released {s.IndicatorId} for this period over cluster '{cluster.ClusterId}' v{cluster.Version} [{string.Join(", ", cluster.Practices)}]; "
                    + $"only {added.Count + removed.Count} practice(s) differ from '{membership.ClusterId}' [{string.Join(", ", current.Order(StringComparer.Ordinal))}], fewer than {_options.MinPractices}, so the difference would expose them");
                return;
            }

            var addedMembers = members.Where(m => added.Contains(m.Reporter!, StringComparer.Ordinal)).ToList();
            foreach (var column in indicator.Columns)
            {
                foreach (var cell in column.Cells.Where(c => !c.IsWithheld))
                {
                    var before = earlierCells.FirstOrDefault(e => e.Stratifier == column.Stratifier && e.StratumValue == column.StratumValue && e.Population == cell.Population);
                    if (before is null)
                    {
                        continue;
                    }

                    int difference = Math.Abs(cell.OriginalValue - before.OriginalValue);
                    int joined = addedMembers.Sum(m => (column.IsTotal ? m.Counts : m.Strata.FirstOrDefault(x => x.Stratifier == column.Stratifier && x.Value == column.StratumValue)?.Counts ?? PopulationCounts.Zero)[cell.Population]);
                    if ((difference >= 1 && difference <= t) || (joined >= 1 && joined <= t))
                    {
                        cell.Withhold(Name, PrivacyErrors.IndicatorWithheldMembershipDifference,
                            $"differs by {difference} from {release.ReleaseId} over cluster '{cluster.ClusterId}' v{cluster.Version} (another membership); the difference or the practices added could be worked out (in 1-{t})");
                    }
                }
            }
        }
    }

    private static IEnumerable<IndicatorSummary[]> Coalitions(List<IndicatorSummary> members, int maxSize)
    {
        for (int size = 1; size <= maxSize; size++)
        {
            foreach (var combo in Combinations(members.Count, size))
            {
                yield return [.. combo.Select(i => members[i])];
            }
        }
    }

    private static IEnumerable<int[]> Combinations(int n, int k)
    {
        var idx = Enumerable.Range(0, k).ToArray();
        while (true)
        {
            yield return (int[])idx.Clone();
            int i = k - 1;
            while (i >= 0 && idx[i] == n - k + i)
            {
                i--;
            }

            if (i < 0)
            {
                yield break;
            }

            idx[i]++;
            for (int j = i + 1; j < k; j++)
            {
                idx[j] = idx[j - 1] + 1;
            }
        }
    }

    private static PopulationCounts Sum(IEnumerable<PopulationCounts> counts)
    {
        int ip = 0, den = 0, excl = 0, exc = 0, num = 0;
        foreach (var c in counts)
        {
            ip += c.InitialPopulation;
            den += c.Denominator;
            excl += c.DenominatorExclusion;
            exc += c.DenominatorException;
            num += c.Numerator;
        }

        return new PopulationCounts(ip, den, excl, exc, num);
    }

    private static PopulationCounts Subtract(PopulationCounts a, PopulationCounts b) =>
        new(a.InitialPopulation - b.InitialPopulation, a.Denominator - b.Denominator, a.DenominatorExclusion - b.DenominatorExclusion,
            a.DenominatorException - b.DenominatorException, a.Numerator - b.Numerator);
}
