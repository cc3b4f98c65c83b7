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
/// treats it as exposed and withholds more (never less). The solver runs single-threaded and deterministically.
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

        _parameters = string.Create(CultureInfo.InvariantCulture, $"num_workers:1, random_seed:1, max_time_in_seconds:{TimeLimitPerSolve.TotalSeconds:R}");
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

        var results = new DisclosureBound?[expressions.Count];
        for (int e = 0; e < expressions.Count; e++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var expr = Expression(vars, expressions[e].Terms);
            model.Minimize(expr);
            long? min = Solve(model, expr, cancellationToken);
            model.Maximize(expr);
            long? max = min is null ? null : Solve(model, expr, cancellationToken);
            results[e] = min is { } lo && max is { } hi ? new DisclosureBound(lo, hi) : null;
        }

        return results;
    }

    private long? Solve(CpModel model, LinearExpr objective, CancellationToken cancellationToken)
    {
        var solver = new CpSolver { StringParameters = _parameters };
        using var registration = cancellationToken.Register(solver.StopSearch);
        var status = solver.Solve(model);
        cancellationToken.ThrowIfCancellationRequested();
        return status == CpSolverStatus.Optimal ? solver.Value(objective) : null;
    }

    private static LinearExpr Expression(IntVar[] vars, System.Collections.Immutable.ImmutableArray<DisclosureTerm> terms) =>
        LinearExpr.WeightedSum(terms.Select(t => vars[t.Variable]), terms.Select(t => t.Coefficient));
}
