using System.Globalization;
using Google.OrTools.Sat;

namespace QiSdk.Privacy.OrTools;

/// <summary>
/// Exact attacker bounds for QiSdk's secondary suppression with Google OR-Tools CP-SAT: for each expression, the
/// minimum and the maximum over all integer points of the problem, each proven optimal by the solver. Plug it in with
/// <c>new DisclosurePipelineOptions { BoundSolver = OrToolsBoundSolver.Instance }</c>. Thread-safe (a model per call).
/// </summary>
/// <remarks>
/// An expression whose optimum is not proven within <see cref="TimeLimitPerSolve"/> is reported as null, so the checker
/// treats it as exposed and withholds more (never less). The solver runs single-threaded and deterministically, without
/// presolve (these models are small: presolve cost more than it saved, measured on the disclosure-check benchmark).
/// </remarks>
public sealed class OrToolsBoundSolver : IDisclosureBoundSolver
{
    private readonly string _parameters;

    /// <summary>Creates a solver.</summary>
    /// <param name="timeLimitPerSolve">The time limit for one minimisation or maximisation (default 10 s).</param>
    public OrToolsBoundSolver(TimeSpan? timeLimitPerSolve = null)
    {
        TimeLimitPerSolve = timeLimitPerSolve ?? TimeSpan.FromSeconds(10);
        if (TimeLimitPerSolve <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeLimitPerSolve), "The time limit must be positive.");
        }

        _parameters = string.Create(CultureInfo.InvariantCulture, $"num_workers:1, random_seed:1, cp_model_presolve:false, max_time_in_seconds:{TimeLimitPerSolve.TotalSeconds:R}");
    }

    /// <summary>A shared instance with the default time limit.</summary>
    public static OrToolsBoundSolver Instance { get; } = new();

    /// <summary>The time limit for one minimisation or maximisation.</summary>
    public TimeSpan TimeLimitPerSolve { get; }

    /// <inheritdoc />
    public IReadOnlyList<DisclosureBound?> Bound(DisclosureBoundProblem problem, IReadOnlyList<DisclosureExpression> expressions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(expressions);
        if (problem.Upper.Length != problem.Lower.Length)
        {
            throw new ArgumentException("Lower and Upper must have one entry per variable.", nameof(problem));
        }

        var model = new CpModel();
        var vars = new IntVar[problem.VariableCount];
        for (int i = 0; i < vars.Length; i++)
        {
            vars[i] = model.NewIntVar(problem.Lower[i], problem.Upper[i], problem.Names.Length == vars.Length ? problem.Names[i] : "x" + i.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var constraint in problem.Constraints)
        {
            model.AddLinearConstraint(Expression(vars, constraint.Terms), constraint.Lower, constraint.Upper);
        }

        if (problem.Hint.Length == vars.Length)
        {
            for (int i = 0; i < vars.Length; i++)
            {
                model.AddHint(vars[i], problem.Hint[i]);
            }
        }

        // Every point a solve returns is feasible: keep them, so an expression already seen to vary by its EnoughWidth
        // over known points needs no solve of its own (an inner bound, never wider than the attacker's range).
        var pool = new List<long[]>();
        if (problem.Hint.Length == vars.Length && Satisfies(problem, problem.Hint))
        {
            pool.Add([.. problem.Hint]);
        }

        // Two joint solves first (maximise, then minimise, the sum of every expression not yet seen to vary enough): their
        // points usually show most expressions varying enough, leaving few that need solves of their own.
        var open = expressions.Where(x => x.EnoughWidth > 0 && !(Observed(pool, x.Terms) is { } seen && seen.Width >= x.EnoughWidth)).ToList();
        if (open.Count >= 2)
        {
            var joint = open.SelectMany(x => x.Terms).GroupBy(t => t.Variable).Select(g => new DisclosureTerm(g.Key, g.Sum(t => t.Coefficient))).ToList();
            var jointExpr = LinearExpr.WeightedSum(joint.Select(t => vars[t.Variable]), joint.Select(t => t.Coefficient));
            model.Maximize(jointExpr);
            Solve(model, vars, jointExpr, pool, cancellationToken);
            model.Minimize(jointExpr);
            Solve(model, vars, jointExpr, pool, cancellationToken);
        }

        var results = new DisclosureBound?[expressions.Count];
        for (int e = 0; e < expressions.Count; e++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var terms = expressions[e].Terms;
            long enough = expressions[e].EnoughWidth;
            if (enough > 0 && Observed(pool, terms) is { } seen && seen.Width >= enough)
            {
                results[e] = seen;
                continue;
            }

            var expr = Expression(vars, terms);
            model.Maximize(expr);
            long? max = Solve(model, vars, expr, pool, cancellationToken);
            if (max is not null && enough > 0 && Observed(pool, terms) is { } afterMax && afterMax.Width >= enough)
            {
                results[e] = afterMax;
                continue;
            }

            model.Minimize(expr);
            long? min = max is null ? null : Solve(model, vars, expr, pool, cancellationToken);
            results[e] = min is { } lo && max is { } hi ? new DisclosureBound(lo, hi) : null;
        }

        return results;
    }

    private static DisclosureBound? Observed(List<long[]> pool, System.Collections.Immutable.ImmutableArray<DisclosureTerm> terms)
    {
        if (pool.Count == 0)
        {
            return null;
        }

        long min = long.MaxValue, max = long.MinValue;
        foreach (var point in pool)
        {
            long v = 0;
            foreach (var t in terms)
            {
                v += t.Coefficient * point[t.Variable];
            }

            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        return new DisclosureBound(min, max);
    }

    private static bool Satisfies(DisclosureBoundProblem problem, System.Collections.Immutable.ImmutableArray<long> point)
    {
        for (int i = 0; i < point.Length; i++)
        {
            if (point[i] < problem.Lower[i] || point[i] > problem.Upper[i])
            {
                return false;
            }
        }

        foreach (var c in problem.Constraints)
        {
            long v = 0;
            foreach (var t in c.Terms)
            {
                v += t.Coefficient * point[t.Variable];
            }

            if (v < c.Lower || v > c.Upper)
            {
                return false;
            }
        }

        return true;
    }

    private long? Solve(CpModel model, IntVar[] vars, LinearExpr objective, List<long[]> pool, CancellationToken cancellationToken)
    {
        var solver = new CpSolver { StringParameters = _parameters };
        using var registration = cancellationToken.Register(solver.StopSearch);
        var status = solver.Solve(model);
        cancellationToken.ThrowIfCancellationRequested();
        if (status is CpSolverStatus.Optimal or CpSolverStatus.Feasible)
        {
            pool.Add([.. vars.Select(v => solver.Value(v))]);
        }

        return status == CpSolverStatus.Optimal ? solver.Value(objective) : null;
    }

    private static LinearExpr Expression(IntVar[] vars, System.Collections.Immutable.ImmutableArray<DisclosureTerm> terms) =>
        LinearExpr.WeightedSum(terms.Select(t => vars[t.Variable]), terms.Select(t => t.Coefficient));
}
