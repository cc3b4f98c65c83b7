using QiSdk.Indicators;

namespace QiSdk.Privacy;

/// <summary>Shared steps of the suppressing policies: differencing requirements from earlier releases, and running the table check.</summary>
internal static class DisclosureChecks
{
    /// <summary>
    /// Width requirements from earlier releases of the same indicator and reporter. For every earlier release the counts
    /// an attacker knows are its released cells (taken as exactly their original values: the ledger does not record the
    /// rounding used, so this is the conservative reading) and everything they give by one relation at a time, repeated
    /// (IP = denominator + not-in-denominator, denominator = exclusions + exceptions + numerator + complement, strata add up
    /// to the total). A current quantity (population count, not-in-denominator or complement, of the total or a stratum)
    /// that differs by 1..T from such a count of a related column (<see cref="StratumRelation"/>) must keep a provable
    /// range at least W wide.
    /// </summary>
    public static Dictionary<(int Column, int Kind), (int Width, string Why)> DifferencingRequirements(
        IReadOnlyList<DraftColumn> columns, string? reporter, IReadOnlyList<ReleasedCell> earlier, int sensitiveMax, int width)
    {
        var result = new Dictionary<(int, int), (int, string)>();
        if (sensitiveMax <= 0 || earlier.Count == 0)
        {
            return result;
        }

        var current = columns.Select(c => ProtectionTable.AtomsOf(c.CurrentCounts())).ToArray();
        foreach (var release in earlier.Where(e => string.Equals(e.Reporter, reporter, StringComparison.Ordinal)).GroupBy(e => e.ReleaseId, StringComparer.Ordinal))
        {
            var known = Known(release.ToList(), columns);
            var first = release.First();
            foreach (var ((stratifier, value, kind), old) in known)
            {
                for (int c = 0; c < columns.Count; c++)
                {
                    if (result.ContainsKey((c, kind)) || !StratumRelation.Related(stratifier, value, columns[c].Stratifier, columns[c].StratumValue))
                    {
                        continue;
                    }

                    long now = ProtectionTable.KindAtoms[kind].Sum(k => current[c][k]);
                    long diff = Math.Abs(now - old);
                    if (diff >= 1 && diff <= sensitiveMax)
                    {
                        string label = stratifier is null ? "total" : $"{stratifier}={value}";
                        result[(c, kind)] = (width, $"differs by {diff} (in 1-{sensitiveMax}) from {label} {ProtectionTable.KindName(kind)} for the period ending {first.PeriodEnd:yyyy-MM-dd}, known from release {release.Key}");
                    }
                }
            }
        }

        return result;
    }

    /// <summary>What an attacker knows exactly of one earlier release: (stratifier, value, kind) -> count.</summary>
    private static Dictionary<(string? Stratifier, string? Value, int Kind), long> Known(List<ReleasedCell> cells, IReadOnlyList<DraftColumn> columns)
    {
        var known = new Dictionary<(string?, string?, int), long>();
        foreach (var cell in cells)
        {
            known[(cell.Stratifier, cell.StratumValue, (int)cell.Population)] = cell.OriginalValue;
        }

        var keys = cells.Select(c => (c.Stratifier, c.StratumValue))
            .Concat(columns.Select(c => (c.Stratifier, c.StratumValue)))
            .Append((null, null)).Distinct().ToArray();
        var stratifiers = keys.Where(k => k.Stratifier is not null).GroupBy(k => k.Stratifier!, StringComparer.Ordinal).ToArray();
        // Relations as (whole, parts) over kinds: IP = den + nid; den = excl + exc + num + complement.
        (int Whole, int[] Parts)[] columnRelations = [(0, [1, 5]), (1, [2, 3, 4, 6])];
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var (s, v) in keys)
            {
                foreach (var (whole, parts) in columnRelations)
                {
                    changed |= Solve(known, (s, v, whole), [.. parts.Select(p => (s, v, p))]);
                }
            }

            foreach (var group in stratifiers)
            {
                for (int kind = 0; kind < ProtectionTable.Kinds; kind++)
                {
                    changed |= Solve(known, (null, null, kind), [.. group.Select(k => (k.Stratifier, k.StratumValue, kind))]);
                }
            }
        }

        return known;
    }

    /// <summary>whole = sum of parts: when exactly one of them is unknown, it is known.</summary>
    private static bool Solve(Dictionary<(string?, string?, int), long> known, (string?, string?, int) whole, (string?, string?, int)[] parts)
    {
        int unknown = parts.Count(p => !known.ContainsKey(p)) + (known.ContainsKey(whole) ? 0 : 1);
        if (unknown != 1)
        {
            return false;
        }

        if (!known.TryGetValue(whole, out long w))
        {
            known[whole] = parts.Sum(p => known[p]);
            return true;
        }

        var missing = parts.First(p => !known.ContainsKey(p));
        known[missing] = w - parts.Where(p => p != missing).Sum(p => known[p]);
        return true;
    }

    /// <summary>
    /// The first indicator already protected in this release (same reporter and period) that may be nested in, or
    /// contain, the current one, with a difference in 1..T in some atom of some column: two definitions that differ
    /// only in an age limit or an extra rule differ by a real group of patients (aged exactly 45, say), and an attacker
    /// who knows the nesting knows that group's counts are non-negative, which together with rounding intervals can
    /// narrow a small difference. Nesting is inferred from the counts (every atom of every column on one side at most
    /// the other's), not the definitions, so it errs towards more pairs, never fewer. Null when there is none.
    /// </summary>
    public static string? NestedWithSmallDifference(DraftIndicator current, PopulationCounts[] truth, IEnumerable<(DraftIndicator Indicator, PopulationCounts[] Truth)> done, int sensitiveMax)
    {
        var mine = Atoms(current, truth);
        foreach (var (other, otherTruth) in done)
        {
            if (other.IsWithheld || other.Cells.All(c => c.IsWithheld) || !string.Equals(other.Summary.Reporter, current.Summary.Reporter, StringComparison.Ordinal)
                || other.Summary.PeriodEnd != current.Summary.PeriodEnd || other.Summary.PeriodStart != current.Summary.PeriodStart)
            {
                continue;
            }

            var theirs = Atoms(other, otherTruth);
            var keys = mine.Keys.Union(theirs.Keys).ToArray();
            long[] Get(Dictionary<(string?, string?), long[]> d, (string?, string?) k) => d.TryGetValue(k, out var a) ? a : new long[ProtectionTable.Atoms];
            bool below = keys.All(k => Get(mine, k).Zip(Get(theirs, k)).All(z => z.First <= z.Second));
            bool above = keys.All(k => Get(mine, k).Zip(Get(theirs, k)).All(z => z.First >= z.Second));
            if (below == above)
            {
                continue; // neither nested (or identical: no difference to protect)
            }

            bool small = keys.Any(k => ProtectionTable.KindAtoms.Any(kind =>
            {
                long d = Math.Abs(kind.Sum(a => Get(mine, k)[a]) - kind.Sum(a => Get(theirs, k)[a]));
                return d >= 1 && d <= sensitiveMax;
            }));
            if (small)
            {
                return other.Summary.IndicatorId;
            }
        }

        return null;
    }

    private static Dictionary<(string?, string?), long[]> Atoms(DraftIndicator indicator, PopulationCounts[] truth)
    {
        var columns = indicator.Columns.ToArray();
        var result = new Dictionary<(string?, string?), long[]>();
        for (int c = 0; c < columns.Length; c++)
        {
            result[(columns[c].Stratifier, columns[c].StratumValue)] = ProtectionTable.AtomsOf(truth[c]);
        }

        return result;
    }

    /// <summary>Runs the table check (exact with a solver, conservative without) and withholds what it finds.</summary>
    public static void Protect(
        DraftColumn[] columns,
        IReadOnlyList<(PopulationCounts[] Truth, PopulationCounts[]? Own, string Label)> views,
        int sensitiveMax,
        int width,
        Func<int, int, (long Low, long High)> interval,
        Dictionary<(int Column, int Kind), (int Width, string Why)>? differencing,
        IDisclosureBoundSolver? solver,
        string policy,
        string reasonPrefix,
        CancellationToken cancellationToken)
    {
        if (sensitiveMax <= 0 || width <= 0)
        {
            return;
        }

        var table = new ProtectionTable(columns, views, sensitiveMax, width, interval, differencing);
        bool Released(int c, int p) => !columns[c].Cells[p].IsWithheld;
        var withheld = solver is null ? table.ProtectConservatively(Released) : table.Protect(solver, Released, cancellationToken);
        foreach (var (c, p, code, protects) in withheld)
        {
            columns[c].Cells[p].Withhold(policy, code, $"{reasonPrefix}: {protects}");
        }
    }
}
