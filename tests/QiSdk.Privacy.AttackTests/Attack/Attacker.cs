using Google.OrTools.Sat;

namespace QiSdk.Privacy.AttackTests.Attack;

/// <summary>The attacker's unknowns for one indicator table: five population counts per column (total + every stratum of the layout).</summary>
internal sealed class Table(string key, Dictionary<Column, IntVar[]> cells)
{
    public string Key { get; } = key;

    public IntVar this[Column column, int population] => cells[column][population];

    public IEnumerable<Column> Columns => cells.Keys;
}

/// <summary>A derived quantity the attacker tries to pin down, with its true value (known to the test, never to the attacker).</summary>
internal sealed record Quantity(string Name, Lin Expression, long True);

/// <summary>What the attacker can prove about one quantity.</summary>
internal sealed record Finding(string Name, long True, long Min, long Max)
{
    public override string ToString() => $"{Name}: true {True}, proven [{Min}, {Max}]";
}

/// <summary>
/// The integer-programming attacker: every count is an integer unknown; public knowledge and every released value are
/// linear constraints; CP-SAT then gives the exact minimum and maximum of any linear quantity over all tables
/// consistent with what the attacker knows. Shares nothing with QiSdk's checker.
/// </summary>
internal sealed class Attacker
{
    /// <summary>An upper bound no practice or cluster count reaches (keeps the model bounded; not knowledge).</summary>
    private const long Unbounded = 1_000_000;

    private readonly CpModel _model = new();
    private readonly List<Table> _tables = [];
    private readonly List<long[]> _pool = [];
    private int _solves;
    private int _unproven;

    public int Solves => _solves;

    /// <summary>Optimisations stopped by the time limit (their proven bound was used instead of the optimum).</summary>
    public int Unproven => _unproven;

    /// <summary>
    /// A table of one indicator with the structural relations every table satisfies: FHIR proportion semantics
    /// (denominator within initial population; exclusions, exceptions and numerator disjoint within the denominator),
    /// IP = denominator when the published definition selects both with one rule, and exhaustive stratifiers.
    /// </summary>
    public Table AddTable(string key, PublishedDefinition? definition)
    {
        var cells = new Dictionary<Column, IntVar[]>();
        foreach (var column in Layout.AllColumns())
        {
            cells[column] = [.. Enumerable.Range(0, Pop.Count).Select(p => _model.NewIntVar(0, Unbounded, $"{key}|{column}|{Pop.Codes[p]}"))];
        }

        var table = new Table(key, cells);
        foreach (var column in table.Columns)
        {
            _model.Add(table[column, Pop.Den] <= table[column, Pop.Ip]);
            _model.Add(table[column, Pop.Excl] + table[column, Pop.Exc] + table[column, Pop.Num] <= table[column, Pop.Den]);
            if (definition?.InitialPopulationIsDenominator == true)
            {
                _model.Add(table[column, Pop.Den] == table[column, Pop.Ip]);
            }
        }

        foreach (var (stratifier, values) in Layout.Stratifiers)
        {
            for (int p = 0; p < Pop.Count; p++)
            {
                _model.Add(LinearExpr.Sum(values.Select(v => table[new Column(stratifier, v), p])) == table[Column.Total, p]);
            }
        }

        if (definition?.AgeAtLeast is int age)
        {
            // Nobody below the minimum age, and nobody of unknown age, can be selected.
            foreach (var band in Layout.AgeBands.Where(b => b.High < age))
            {
                ZeroColumn(table, new Column(Layout.AgeBand, band.Label));
            }
        }

        _tables.Add(table);
        return table;
    }

    /// <summary>
    /// What one released report says: a stratum listed is non-empty, a stratum not listed (of a stratifier that is
    /// listed at all) is empty, and each released value limits its cell to the counts the profile could publish so.
    /// </summary>
    public void Observe(Table table, ReleasedReport report, ProfileRule rule)
    {
        foreach (var (stratifier, values) in Layout.Stratifiers)
        {
            var listed = report.ListedStrata(stratifier).Select(c => c.Value).ToHashSet();
            if (listed.Count == 0)
            {
                continue; // a stratifier left out entirely tells nothing about which strata exist
            }

            foreach (string value in values)
            {
                var column = new Column(stratifier, value);
                if (listed.Contains(value))
                {
                    if (rule.HasHardValues)
                    {
                        _model.Add(table[column, Pop.Ip] >= 1);
                    }
                }
                else if (rule.HasHardValues)
                {
                    ZeroColumn(table, column);
                }
            }
        }

        if (!rule.HasHardValues)
        {
            return;
        }

        foreach (var (column, values) in report.Columns)
        {
            for (int p = 0; p < Pop.Count; p++)
            {
                if (values[p] is long released)
                {
                    var (low, high) = rule.Inverse(released);
                    _model.Add(table[column, p] >= low);
                    _model.Add(table[column, p] <= high);
                }
            }
        }
    }

    /// <summary>The attacker knows this table exactly (e.g. their own practice in a cluster).</summary>
    public void Know(Table table, IReadOnlyDictionary<Column, long[]> truth)
    {
        foreach (var column in table.Columns)
        {
            for (int p = 0; p < Pop.Count; p++)
            {
                _model.Add(table[column, p] == (truth.TryGetValue(column, out var v) ? v[p] : 0));
            }
        }
    }

    /// <summary><paramref name="total"/> is the cell-by-cell sum of <paramref name="parts"/> (a cluster release).</summary>
    public void SumOf(Table total, IReadOnlyList<Table> parts)
    {
        foreach (var column in total.Columns)
        {
            for (int p = 0; p < Pop.Count; p++)
            {
                _model.Add(LinearExpr.Sum(parts.Select(t => t[column, p])) == total[column, p]);
            }
        }
    }

    /// <summary>
    /// Definitions that differ only by minimum age (A &lt; B): the narrow table is the wide one minus the patients aged
    /// A..B-1, who all lie in the age bands overlapping [A, B-1]; elsewhere the two are equal. The difference is itself
    /// a table with the FHIR relations.
    /// </summary>
    public void Nest(Table wide, Table narrow, int wideAge, int narrowAge)
    {
        foreach (var column in wide.Columns)
        {
            bool mayDiffer = column.IsTotal || column.Stratifier == Layout.Sex
                || Layout.AgeBands.Any(b => b.Label == column.Value && b.Low >= 0 && b.Low <= narrowAge - 1 && b.High >= wideAge);
            for (int p = 0; p < Pop.Count; p++)
            {
                if (mayDiffer)
                {
                    _model.Add(narrow[column, p] <= wide[column, p]);
                }
                else
                {
                    _model.Add(narrow[column, p] == wide[column, p]);
                }
            }

            _model.Add(wide[column, Pop.Den] - narrow[column, Pop.Den] <= wide[column, Pop.Ip] - narrow[column, Pop.Ip]);
            _model.Add(wide[column, Pop.Excl] - narrow[column, Pop.Excl] + wide[column, Pop.Exc] - narrow[column, Pop.Exc]
                + wide[column, Pop.Num] - narrow[column, Pop.Num] <= wide[column, Pop.Den] - narrow[column, Pop.Den]);
        }
    }

    /// <summary>Exact integer minimum and maximum of <paramref name="expression"/> over everything consistent with the attacker's knowledge.</summary>
    public (long Min, long Max) Bounds(Lin expression) => (Optimise(expression, minimise: true), Optimise(expression, minimise: false));

    /// <summary>
    /// Judges one quantity under <paramref name="rule"/>: cleared without solving when tables already found show it
    /// can be 0 (or less) and can exceed the small range (or spans a full block); otherwise exact bounds by CP-SAT.
    /// Returns the finding with exact bounds when it is a leak or when the attacker's model excludes the true value
    /// (unsound), else null.
    /// </summary>
    public Finding? Judge(Quantity q, ProfileRule rule)
    {
        if (Cleared(q.Expression, rule))
        {
            return null;
        }

        long min = Optimise(q.Expression, minimise: true);
        if (Cleared(q.Expression, rule))
        {
            return null; // the new solution already shows a range of at least W
        }

        long max = Optimise(q.Expression, minimise: false);
        var finding = new Finding(q.Name, q.True, min, max);
        return q.True < min || q.True > max || rule.IsLeak(q.True, min, max) ? finding : null;
    }

    private bool Cleared(Lin expression, ProfileRule rule)
    {
        if (_pool.Count == 0)
        {
            return false;
        }

        long low = long.MaxValue, high = long.MinValue;
        foreach (var solution in _pool)
        {
            long v = expression.Evaluate(solution);
            low = Math.Min(low, v);
            high = Math.Max(high, v);
        }

        return high - low >= rule.Width; // found tables already span W: the provable range is at least as wide
    }

    private long Optimise(Lin expression, bool minimise)
    {
        var expr = expression.ToExpr();
        if (minimise)
        {
            _model.Minimize(expr);
        }
        else
        {
            _model.Maximize(expr);
        }

        // One worker: the machine is shared; these models are small and a single worker usually proves optimality
        // quickly. When it cannot within the limit, the solver's proven objective bound is used: still a bound the
        // attacker can prove (so a leak found with it is real), only possibly weaker than the optimum.
        var solver = new CpSolver { StringParameters = "num_workers:1,max_time_in_seconds:3" };
        var status = solver.Solve(_model);
        _solves++;
        if (status == CpSolverStatus.Infeasible || status == CpSolverStatus.ModelInvalid)
        {
            throw new InvalidOperationException(
                "The released data contradict the attacker's public knowledge (model infeasible): a documented layout or rounding rule does not hold.");
        }

        if (status is CpSolverStatus.Optimal or CpSolverStatus.Feasible)
        {
            _pool.Add([.. solver.Response!.Solution]);
        }

        if (status == CpSolverStatus.Optimal)
        {
            return (long)Math.Round(solver.ObjectiveValue);
        }

        _unproven++;
        double bound = solver.BestObjectiveBound;
        return minimise ? (long)Math.Ceiling(bound - 1e-6) : (long)Math.Floor(bound + 1e-6);
    }

    private void ZeroColumn(Table table, Column column)
    {
        for (int p = 0; p < Pop.Count; p++)
        {
            _model.Add(table[column, p] == 0);
        }
    }
}
