using QiSdk.Indicators;
using QiSdk.Privacy;

namespace QiSdk.Tests.Privacy;

/// <summary>
/// An attacker working only from what a disclosure released (independent of the library's ProtectionTable): builds the
/// table's linear relations (each stratifier sums to the total, with an unseen rest; complement and not-in-denominator
/// as derived counts) and asks, for every quantity whose true value is in 1..T, whether released cells determine it
/// (rank test, floating-point elimination on small integer matrices) and what interval non-negative integers allow
/// (brute force over the withheld cells).
/// </summary>
internal sealed class TableAttacker
{
    private readonly List<string> _columns;
    private readonly Dictionary<string, string[]> _stratifiers;
    private readonly int _vars;
    private readonly double?[] _known;
    private readonly int[] _truth;
    private readonly List<double[]> _constraints = [];

    public TableAttacker(IEnumerable<CellDecision> cells)
    {
        var list = cells.ToList();
        var baseColumns = list.Select(c => c.Column).Distinct().ToList();
        _stratifiers = baseColumns.Where(c => c != "total").GroupBy(c => c.Split('=')[0]).ToDictionary(g => g.Key, g => g.ToArray());
        _columns = [.. baseColumns, .. _stratifiers.Keys.Select(s => s + "=(rest)")];
        _vars = _columns.Count * 5;
        _known = new double?[_vars];
        _truth = new int[_vars];
        foreach (var c in list)
        {
            int v = Var(c.Column, c.Population);
            _truth[v] = c.OriginalValue;
            _known[v] = c.ReleasedValue;
        }

        foreach (var (stratifier, members) in _stratifiers)
        {
            for (int p = 0; p < 5; p++)
            {
                int rest = Var(stratifier + "=(rest)", (MeasurePopulation)p);
                _truth[rest] = _truth[p] - members.Sum(m => _truth[Var(m, (MeasurePopulation)p)]);
                var row = new double[_vars];
                row[p] = 1;
                row[rest] = -1;
                foreach (string m in members)
                {
                    row[Var(m, (MeasurePopulation)p)] = -1;
                }

                _constraints.Add(row);
            }
        }
    }

    public int Var(string column, MeasurePopulation p) => (_columns.IndexOf(column) * 5) + (int)p;

    /// <summary>Every quantity (cell, rest, complement, not-in-denominator) as (label, coefficient vector, true value).</summary>
    public IEnumerable<(string Label, double[] F, int Truth)> Quantities()
    {
        foreach (string column in _columns)
        {
            for (int p = 0; p < 5; p++)
            {
                var f = new double[_vars];
                f[Var(column, (MeasurePopulation)p)] = 1;
                yield return ($"{column} {(MeasurePopulation)p}", f, _truth[Var(column, (MeasurePopulation)p)]);
            }

            var comp = new double[_vars];
            comp[Var(column, MeasurePopulation.Denominator)] = 1;
            comp[Var(column, MeasurePopulation.DenominatorExclusion)] = -1;
            comp[Var(column, MeasurePopulation.DenominatorException)] = -1;
            comp[Var(column, MeasurePopulation.Numerator)] = -1;
            yield return ($"{column} complement", comp, Eval(comp));
            var notDen = new double[_vars];
            notDen[Var(column, MeasurePopulation.InitialPopulation)] = 1;
            notDen[Var(column, MeasurePopulation.Denominator)] = -1;
            yield return ($"{column} not-in-denominator", notDen, Eval(notDen));
        }
    }

    private int Eval(double[] f) => (int)Enumerable.Range(0, _vars).Sum(i => f[i] * _truth[i]);

    /// <summary>True when released cells and the table's equations determine f exactly (f in the span).</summary>
    public bool Determines(double[] f)
    {
        var rows = new List<double[]>(_constraints);
        for (int i = 0; i < _vars; i++)
        {
            if (_known[i] is not null)
            {
                var unit = new double[_vars];
                unit[i] = 1;
                rows.Add(unit);
            }
        }

        return Rank(rows) == Rank([.. rows, f]);
    }

    private static int Rank(List<double[]> input)
    {
        var m = input.Select(r => (double[])r.Clone()).ToList();
        int rank = 0;
        int cols = m.Count == 0 ? 0 : m[0].Length;
        for (int c = 0; c < cols && rank < m.Count; c++)
        {
            int pivot = Enumerable.Range(rank, m.Count - rank).FirstOrDefault(r => Math.Abs(m[r][c]) > 1e-9, -1);
            if (pivot < 0)
            {
                continue;
            }

            (m[rank], m[pivot]) = (m[pivot], m[rank]);
            for (int r = 0; r < m.Count; r++)
            {
                if (r != rank && Math.Abs(m[r][c]) > 1e-9)
                {
                    double k = m[r][c] / m[rank][c];
                    for (int j = c; j < cols; j++)
                    {
                        m[r][j] -= k * m[rank][j];
                    }
                }
            }

            rank++;
        }

        return rank;
    }

    /// <summary>
    /// The values f can take over every assignment of non-negative integers (0..cap) to the withheld base cells that is
    /// consistent with the released cells and keeps rests, complements and not-in-denominator counts non-negative.
    /// Null when more than <paramref name="maxUnknowns"/> cells are withheld (too many to enumerate).
    /// </summary>
    public SortedSet<int>[]? FeasibleValues(IReadOnlyList<double[]> fs, int cap, int maxUnknowns = 5)
    {
        int baseVars = (_columns.Count - _stratifiers.Count) * 5;
        var unknown = Enumerable.Range(0, baseVars).Where(i => _known[i] is null).ToArray();
        if (unknown.Length > maxUnknowns)
        {
            return null;
        }

        var x = new double[_vars];
        for (int i = 0; i < baseVars; i++)
        {
            x[i] = _known[i] ?? 0;
        }

        var values = fs.Select(_ => new SortedSet<int>()).ToArray();
        var restOf = _stratifiers.Select(kv => (_columns.IndexOf(kv.Key + "=(rest)") * 5, kv.Value.Select(m => _columns.IndexOf(m) * 5).ToArray())).ToArray();
        var supports = fs.Select(f => Enumerable.Range(0, _vars).Where(i => f[i] != 0).ToArray()).ToArray();
        void Recurse(int k)
        {
            if (k == unknown.Length)
            {
                foreach (var (rest, members) in restOf)
                {
                    for (int p = 0; p < 5; p++)
                    {
                        double sum = 0;
                        foreach (int m in members)
                        {
                            sum += x[m + p];
                        }

                        x[rest + p] = x[p] - sum;
                    }
                }

                for (int c = 0; c < _columns.Count; c++)
                {
                    int b = c * 5;
                    if (x[b] < 0 || x[b + 1] < 0 || x[b] - x[b + 1] < 0 || x[b + 1] - x[b + 2] - x[b + 3] - x[b + 4] < 0)
                    {
                        return;
                    }
                }

                for (int q = 0; q < fs.Count; q++)
                {
                    double value = 0;
                    foreach (int i in supports[q])
                    {
                        value += fs[q][i] * x[i];
                    }

                    values[q].Add((int)value);
                }

                return;
            }

            for (int v = 0; v <= cap; v++)
            {
                x[unknown[k]] = v;
                Recurse(k + 1);
            }
        }

        Recurse(0);
        return values;
    }
}
