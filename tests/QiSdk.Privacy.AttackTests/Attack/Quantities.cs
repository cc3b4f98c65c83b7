using QiSdk.Indicators;

namespace QiSdk.Privacy.AttackTests.Attack;

/// <summary>
/// The true counts of one indicator (from the evaluation, before any policy ran): the judge's answer sheet, used only
/// to decide which quantities are small and to check the attacker's soundness, never given to the attacker.
/// </summary>
internal sealed class Truth(IReadOnlyDictionary<Column, long[]> cells)
{
    public IReadOnlyDictionary<Column, long[]> ByColumn { get; } = cells;

    public long this[Column column, int population] => ByColumn.TryGetValue(column, out var v) ? v[population] : 0;

    public static Truth Of(IndicatorSummary summary)
    {
        var cells = new Dictionary<Column, long[]> { [Column.Total] = Values(summary.Counts) };
        foreach (var s in summary.Strata)
        {
            cells[new Column(s.Stratifier, s.Value)] = Values(s.Counts);
        }

        return new Truth(cells);
    }

    public static Truth Sum(IEnumerable<Truth> parts)
    {
        var cells = new Dictionary<Column, long[]>();
        foreach (var column in Layout.AllColumns())
        {
            cells[column] = [.. Enumerable.Range(0, Pop.Count).Select(p => parts.Sum(t => t[column, p]))];
        }

        return new Truth(cells);
    }

    private static long[] Values(PopulationCounts c) => [c.InitialPopulation, c.Denominator, c.DenominatorExclusion, c.DenominatorException, c.Numerator];
}

/// <summary>
/// The derived quantities an attacker goes after (issue 11): every cell, the complement (denominator minus
/// exclusions, exceptions and numerator), initial population minus denominator, unions of two strata of one
/// stratifier and contiguous age ranges, and differences of all of these between two tables (two releases, two
/// overlapping indicators). Only quantities whose true value is small are worth asking about (a leak is a small
/// count worked out); a negative true difference is asked about with its sign flipped.
/// </summary>
internal static class Quantities
{
    private static readonly Func<Table, Column, Lin>[] Derived =
    [
        .. Enumerable.Range(0, Pop.Count).Select(p => (Func<Table, Column, Lin>)((t, c) => Lin.Of(t[c, p]))),
        (t, c) => Lin.Of(t[c, Pop.Den]) - Lin.Of(t[c, Pop.Excl]) - Lin.Of(t[c, Pop.Exc]) - Lin.Of(t[c, Pop.Num]),
        (t, c) => Lin.Of(t[c, Pop.Ip]) - Lin.Of(t[c, Pop.Den]),
    ];

    private static readonly Func<Truth, Column, long>[] DerivedTruth =
    [
        .. Enumerable.Range(0, Pop.Count).Select(p => (Func<Truth, Column, long>)((t, c) => t[c, p])),
        (t, c) => t[c, Pop.Den] - t[c, Pop.Excl] - t[c, Pop.Exc] - t[c, Pop.Num],
        (t, c) => t[c, Pop.Ip] - t[c, Pop.Den],
    ];

    private static readonly string[] DerivedNames = [.. Pop.Codes, "complement", "ip-minus-denominator"];

    /// <summary>Column groups: each column alone, pairs of strata, contiguous age ranges (as lists of columns).</summary>
    private static readonly Column[][] Groups = BuildGroups();

    public static IEnumerable<Quantity> Of(Table table, Truth truth, int small) => Differences(table, truth, null, null, small);

    /// <summary>Cells and derived quantities of single columns only (no unions): for hidden per-practice tables, where unions multiply the work.</summary>
    public static IEnumerable<Quantity> OfColumns(Table table, Truth truth, int small) =>
        Differences(table, truth, null, null, small).Where(q => !q.Name.Contains("+" + Layout.AgeBand + "=", StringComparison.Ordinal) && !q.Name.Contains("+" + Layout.Sex + "=", StringComparison.Ordinal));

    /// <summary>Quantities of <paramref name="a"/> minus <paramref name="b"/> (or of <paramref name="a"/> alone).</summary>
    public static IEnumerable<Quantity> Differences(Table a, Truth ta, Table? b, Truth? tb, int small)
    {
        foreach (var group in Groups)
        {
            if (group.Length > 1 && group.Any(c => Empty(ta, c) && (tb is null || Empty(tb, c))))
            {
                continue; // adding an empty stratum repeats a smaller group
            }

            for (int d = 0; d < Derived.Length; d++)
            {
                long value = group.Sum(c => DerivedTruth[d](ta, c) - (tb is null ? 0 : DerivedTruth[d](tb, c)));
                if (value == 0 || Math.Abs(value) > small)
                {
                    continue;
                }

                int sign = Math.Sign(value);
                var expr = Lin.Sum(group.Select(c => b is null ? Derived[d](a, c) : Derived[d](a, c) - Derived[d](b, c)));
                string name = $"{(b is null ? a.Key : $"{a.Key} - {b.Key}")} [{string.Join("+", group.Select(c => c.ToString()))}] {DerivedNames[d]}";
                yield return new Quantity(sign > 0 ? name : "-(" + name + ")", sign > 0 ? expr : -expr, Math.Abs(value));
            }
        }
    }

    private static bool Empty(Truth t, Column c) => Enumerable.Range(0, Pop.Count).All(p => t[c, p] == 0);

    private static Column[][] BuildGroups()
    {
        var groups = Layout.AllColumns().Select(c => new[] { c }).ToList();
        foreach (var (stratifier, values) in Layout.Stratifiers)
        {
            for (int i = 0; i < values.Length; i++)
            {
                for (int j = i + 1; j < values.Length; j++)
                {
                    groups.Add([new Column(stratifier, values[i]), new Column(stratifier, values[j])]);
                }
            }
        }

        int known = Layout.AgeBands.Length - 1; // contiguous ranges of real bands, three or more wide
        for (int i = 0; i < known; i++)
        {
            for (int j = i + 2; j < known; j++)
            {
                groups.Add([.. Layout.AgeBands[i..(j + 1)].Select(b => new Column(Layout.AgeBand, b.Label))]);
            }
        }

        return [.. groups];
    }
}
