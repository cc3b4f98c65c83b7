using QiSdk.Indicators;

namespace QiSdk.Privacy;

/// <summary>
/// Secondary suppression for one indicator's table, by exact linear algebra (internal; used by small-number-suppression
/// and cluster-aggregate).
/// <para>
/// Variables, per column (total, each stratum, and one implicit "rest of the stratifier" column per stratifier):
/// the five population counts plus two derived counts, <c>not-in-denominator = IP - denominator</c> and the complement
/// <c>denominator - exclusions - exceptions - numerator</c>. Constraints: those two definitions per column, and for each
/// stratifier and population, <c>total = sum of strata + rest</c>. Released cells are "known" (rounded values are treated
/// as exact: conservative). Derived and rest variables are never known.
/// </para>
/// <para>
/// A variable is sensitive when its value, in any view (the table itself, or for a cluster the table minus one
/// practice), is in 1..T. Two rules are enforced until nothing changes: (1) no sensitive variable is determined by the
/// known cells (its unit vector is not in the span of the constraint rows restricted to the unknown variables);
/// (2) in every constraint whose left side is known, the unknown right-hand parts do not sum to 1..T (otherwise each
/// of them is bounded to 1..T). Each violation withholds one more released cell: the smallest non-zero one that fixes it,
/// strata before totals.
/// </para>
/// </summary>
internal sealed class ProtectionTable
{
    internal const int VarsPerColumn = 7;
    private const int NotInDenominator = 5;
    private const int Complement = 6;

    private readonly int _columns;
    private readonly int _baseColumns;
    private readonly int _vars;
    private readonly List<long[]> _constraints = [];
    private readonly List<(int Total, int[] Parts)> _sums = [];
    private readonly bool[] _known;
    private readonly List<long[]> _views = [];
    private readonly bool[] _isTotalColumn;
    private readonly string[] _labels;

    /// <param name="columns">The draft columns, total first.</param>
    /// <param name="views">For each view, the counts per draft column (same order as <paramref name="columns"/>).</param>
    /// <param name="known">Which base cells (column * 5 + population) are released.</param>
    public ProtectionTable(IReadOnlyList<DraftColumn> columns, IReadOnlyList<PopulationCounts[]> views, Func<int, int, bool> known)
    {
        _baseColumns = columns.Count;
        var stratifiers = columns.Where(c => !c.IsTotal).Select(c => c.Stratifier!).Distinct(StringComparer.Ordinal).ToArray();
        _columns = _baseColumns + stratifiers.Length;
        _vars = _columns * VarsPerColumn;
        _known = new bool[_vars];
        _isTotalColumn = new bool[_columns];
        _isTotalColumn[0] = true;
        _labels = new string[_vars];
        for (int c = 0; c < _columns; c++)
        {
            string label = c < _baseColumns ? columns[c].Label : $"{stratifiers[c - _baseColumns]}=(rest)";
            for (int v = 0; v < VarsPerColumn; v++)
            {
                _labels[(c * VarsPerColumn) + v] = $"{label} {VarName(v)}";
            }
        }

        for (int c = 0; c < _baseColumns; c++)
        {
            for (int p = 0; p < 5; p++)
            {
                _known[(c * VarsPerColumn) + p] = known(c, p);
            }
        }

        for (int c = 0; c < _columns; c++)
        {
            int b = c * VarsPerColumn;
            AddSum(b + (int)MeasurePopulation.InitialPopulation, [b + (int)MeasurePopulation.Denominator, b + NotInDenominator]);
            AddSum(b + (int)MeasurePopulation.Denominator, [b + (int)MeasurePopulation.DenominatorExclusion, b + (int)MeasurePopulation.DenominatorException, b + (int)MeasurePopulation.Numerator, b + Complement]);
        }

        for (int s = 0; s < stratifiers.Length; s++)
        {
            int[] members = [.. Enumerable.Range(0, _baseColumns).Where(c => columns[c].Stratifier == stratifiers[s])];
            int rest = _baseColumns + s;
            // The five populations, and (implied, but they tighten the interval bounds) the two derived counts.
            for (int p = 0; p < VarsPerColumn; p++)
            {
                AddSum(p, [.. members.Select(c => (c * VarsPerColumn) + p), (rest * VarsPerColumn) + p]);
            }
        }

        foreach (var view in views)
        {
            var x = new long[_vars];
            for (int c = 0; c < _baseColumns; c++)
            {
                for (int p = 0; p < 5; p++)
                {
                    x[(c * VarsPerColumn) + p] = view[c][(MeasurePopulation)p];
                }
            }

            for (int s = 0; s < stratifiers.Length; s++)
            {
                int rest = _baseColumns + s;
                for (int p = 0; p < 5; p++)
                {
                    long sum = 0;
                    for (int c = 1; c < _baseColumns; c++)
                    {
                        if (columns[c].Stratifier == stratifiers[s])
                        {
                            sum += x[(c * VarsPerColumn) + p];
                        }
                    }

                    x[(rest * VarsPerColumn) + p] = x[p] - sum;
                }
            }

            for (int c = 0; c < _columns; c++)
            {
                int b = c * VarsPerColumn;
                x[b + NotInDenominator] = x[b] - x[b + 1];
                x[b + Complement] = x[b + 1] - x[b + 2] - x[b + 3] - x[b + 4];
            }

            _views.Add(x);
        }
    }

    /// <summary>The number of variables (for tests).</summary>
    public int VariableCount => _vars;

    /// <summary>
    /// Runs both rules to a fixed point against threshold <paramref name="threshold"/> and returns the base cells
    /// (column, population) it withheld, each with the label of the variable it protects and the rule.
    /// </summary>
    public List<(int Column, int Population, string Protects)> Protect(int threshold, CancellationToken cancellationToken)
    {
        var withheld = new List<(int, int, string)>();
        if (threshold <= 0)
        {
            return withheld;
        }

        bool changed = true;
        while (changed)
        {
            cancellationToken.ThrowIfCancellationRequested();
            changed = false;
            for (int view = 0; view < _views.Count && !changed; view++)
            {
                var x = _views[view];
                var inferred = Closure(_known, view);
                var (_, high) = Bounds(inferred, view);
                for (int v = 0; v < _vars && !changed; v++)
                {
                    if (!InRange(x[v], threshold) || high[v] > threshold)
                    {
                        continue;
                    }

                    int pick = ChooseToBreak(v, view, threshold);
                    _known[pick] = false;
                    withheld.Add((pick / VarsPerColumn, pick % VarsPerColumn, inferred[v]
                        ? $"{_labels[v]} could otherwise be worked out exactly from released cells"
                        : $"{_labels[v]} could otherwise be bounded to at most {high[v]} from released cells"));
                    changed = true;
                }

                for (int i = 0; i < _sums.Count && !changed; i++)
                {
                    var (total, parts) = _sums[i];
                    if (!inferred[total])
                    {
                        continue;
                    }

                    var unknownParts = parts.Where(p => !inferred[p]).ToArray();
                    if (unknownParts.Length == 0 || !InRange(unknownParts.Sum(p => x[p]), threshold))
                    {
                        continue;
                    }

                    var releasedParts = parts.Where(p => _known[p]).OrderBy(p => x[p] == 0 ? 1 : 0).ThenBy(p => x[p]).ToArray();
                    int pick = releasedParts.Length > 0 ? releasedParts[0] : _known[total] ? total : ChooseToBreak(total, view, 0);
                    _known[pick] = false;
                    withheld.Add((pick / VarsPerColumn, pick % VarsPerColumn, $"the withheld cells under {_labels[total]} would otherwise be known to add up to a small number"));
                    changed = true;
                }
            }
        }

        return withheld;
    }

    /// <summary>True when variable <paramref name="v"/> can be worked out (in view 0) from the released cells.</summary>
    public bool IsDetermined(int v) => Closure(_known, 0)[v];

    private static bool InRange(long value, int threshold) => value >= 1 && value <= threshold;

    /// <summary>
    /// What an attacker can infer in one view: the released cells; anything in the span of them and the constraints
    /// (exact linear algebra); and, since counts are non-negative, every part of a sum known to be zero. Repeated until
    /// nothing new is inferred.
    /// </summary>
    private bool[] Closure(bool[] released, int view)
    {
        var known = (bool[])released.Clone();
        var x = _views[view];
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (int v in DeterminedUnknowns(known))
            {
                known[v] = true;
                changed = true;
            }

            foreach (var (total, parts) in _sums)
            {
                if (known[total] && x[total] == 0)
                {
                    foreach (int p in parts)
                    {
                        if (!known[p])
                        {
                            known[p] = true;
                            changed = true;
                        }
                    }
                }
            }
        }

        return known;
    }

    /// <summary>
    /// Interval propagation over the sums (sound outer bounds an attacker can at least reach): inferred variables are
    /// fixed; others start at [0, infinity) (counts are non-negative; a view with a negative derived value, i.e.
    /// inconsistent input, leaves that variable unbounded below).
    /// </summary>
    private (long[] Low, long[] High) Bounds(bool[] inferred, int view)
    {
        const long Infinity = long.MaxValue / 4;
        var x = _views[view];
        var low = new long[_vars];
        var high = new long[_vars];
        for (int v = 0; v < _vars; v++)
        {
            (low[v], high[v]) = inferred[v] ? (x[v], x[v]) : (x[v] < 0 ? -Infinity : 0, Infinity);
        }

        for (int round = 0; round < 64; round++)
        {
            bool changed = false;
            foreach (var (total, parts) in _sums)
            {
                long finiteLow = 0, finiteHigh = 0;
                int unboundedLow = 0, unboundedHigh = 0;
                foreach (int p in parts)
                {
                    if (low[p] <= -Infinity) { unboundedLow++; } else { finiteLow += low[p]; }
                    if (high[p] >= Infinity) { unboundedHigh++; } else { finiteHigh += high[p]; }
                }

                changed |= Tighten(total, unboundedLow > 0 ? -Infinity : finiteLow, unboundedHigh > 0 ? Infinity : finiteHigh);
                foreach (int p in parts)
                {
                    bool pLowInf = low[p] <= -Infinity;
                    bool pHighInf = high[p] >= Infinity;
                    long othersLow = unboundedLow - (pLowInf ? 1 : 0) > 0 ? -Infinity : finiteLow - (pLowInf ? 0 : low[p]);
                    long othersHigh = unboundedHigh - (pHighInf ? 1 : 0) > 0 ? Infinity : finiteHigh - (pHighInf ? 0 : high[p]);
                    long newHigh = high[total] >= Infinity || othersLow <= -Infinity ? Infinity : high[total] - othersLow;
                    long newLow = low[total] <= -Infinity || othersHigh >= Infinity ? -Infinity : low[total] - othersHigh;
                    changed |= Tighten(p, newLow, newHigh);
                }
            }

            if (!changed)
            {
                break;
            }
        }

        return (low, high);

        bool Tighten(int v, long lo, long hi)
        {
            bool c = false;
            if (lo > low[v])
            {
                low[v] = lo;
                c = true;
            }

            if (hi < high[v])
            {
                high[v] = hi;
                c = true;
            }

            return c;
        }
    }

    /// <summary>The released cell whose withholding lifts <paramref name="target"/>'s upper bound above <paramref name="threshold"/> (0: stops it being inferred).</summary>
    private int ChooseToBreak(int target, int view, int threshold)
    {
        var x = _views[0];
        int targetColumn = target / VarsPerColumn;
        var candidates = Enumerable.Range(0, _vars).Where(i => _known[i])
            .OrderBy(i => x[i] == 0 ? 1 : 0)
            .ThenBy(i => i / VarsPerColumn == targetColumn ? 0 : 1)
            .ThenBy(i => _isTotalColumn[i / VarsPerColumn] ? 1 : 0)
            .ThenBy(i => x[i])
            .ToArray();
        foreach (int candidate in candidates)
        {
            var trial = (bool[])_known.Clone();
            trial[candidate] = false;
            var inferred = Closure(trial, view);
            if (!inferred[target] && (threshold == 0 || Bounds(inferred, view).High[target] > threshold))
            {
                return candidate;
            }
        }

        // No single cell breaks it: withhold the preferred candidate and let the loop continue.
        return candidates[0];
    }

    private void AddSum(int total, int[] parts)
    {
        var row = new long[_vars];
        row[total] = 1;
        foreach (int p in parts)
        {
            row[p] = -1;
        }

        _constraints.Add(row);
        _sums.Add((total, parts));
    }

    /// <summary>Row-reduced basis of the constraints restricted to the unknown variables (exact integer arithmetic).</summary>
    private List<(int Pivot, long[] Row)> Basis(bool[] known)
    {
        var basis = new List<(int, long[])>();
        foreach (var constraint in _constraints)
        {
            var row = new long[_vars];
            for (int i = 0; i < _vars; i++)
            {
                row[i] = known[i] ? 0 : constraint[i];
            }

            if (Reduce(basis, row) is { } pivot)
            {
                basis.Add((pivot, row));
            }
        }

        return basis;
    }

    /// <summary>
    /// The unknown variables the known ones determine: fully reduce the constraint basis (restricted to the unknowns);
    /// a unit vector is in the row space exactly when some reduced row has a single non-zero entry.
    /// </summary>
    private List<int> DeterminedUnknowns(bool[] known)
    {
        var basis = Basis(known);
        for (int i = 0; i < basis.Count; i++)
        {
            var (pivot, row) = basis[i];
            for (int j = 0; j < basis.Count; j++)
            {
                var other = basis[j].Row;
                if (j == i || other[pivot] == 0)
                {
                    continue;
                }

                long a = other[pivot];
                long p = row[pivot];
                for (int k = 0; k < other.Length; k++)
                {
                    other[k] = (other[k] * p) - (row[k] * a);
                }

                Normalise(other);
            }
        }

        var determined = new List<int>();
        foreach (var (pivot, row) in basis)
        {
            int nonZero = 0;
            foreach (long x in row)
            {
                nonZero += x != 0 ? 1 : 0;
            }

            if (nonZero == 1)
            {
                determined.Add(pivot);
            }
        }

        return determined;
    }

    private bool IsDetermined(List<(int Pivot, long[] Row)> basis, int v, bool[] known)
    {
        if (known[v])
        {
            return true;
        }

        var f = new long[_vars];
        f[v] = 1;
        return Reduce(basis, f) is null;
    }

    /// <summary>Eliminates the basis pivots from <paramref name="row"/>; returns its new pivot, or null when it reduced to zero.</summary>
    private static int? Reduce(List<(int Pivot, long[] Row)> basis, long[] row)
    {
        foreach (var (pivot, b) in basis)
        {
            if (row[pivot] == 0)
            {
                continue;
            }

            long a = row[pivot];
            long p = b[pivot];
            for (int i = 0; i < row.Length; i++)
            {
                row[i] = (row[i] * p) - (b[i] * a);
            }

            Normalise(row);
        }

        for (int i = 0; i < row.Length; i++)
        {
            if (row[i] != 0)
            {
                return i;
            }
        }

        return null;
    }

    private static void Normalise(long[] row)
    {
        long g = 0;
        foreach (long x in row)
        {
            g = Gcd(g, Math.Abs(x));
        }

        if (g > 1)
        {
            for (int i = 0; i < row.Length; i++)
            {
                row[i] /= g;
            }
        }
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }

    private static string VarName(int v) => v switch
    {
        NotInDenominator => "not-in-denominator",
        Complement => "denominator-minus-numerator",
        _ => IndicatorTerms.Code((MeasurePopulation)v),
    };
}
