using System.Collections.Immutable;

namespace QiSdk.Privacy;

/// <summary>
/// Computes the exact integer range an attacker can prove for linear expressions over the counts of a disclosure: the
/// minimum and maximum of each expression over every integer point that satisfies a <see cref="DisclosureBoundProblem"/>.
/// Secondary suppression (<c>small-number-suppression</c>, <c>cluster-aggregate</c>) asks it whether a small count can
/// be worked out or narrowed. Plug one in with <see cref="DisclosurePipelineOptions.BoundSolver"/>; the package
/// <c>QiSdk.Privacy.OrTools</c> provides one based on Google OR-Tools CP-SAT. Without one, the core package uses a
/// built-in conservative check that withholds whole blocks of cells where an exact range would be needed.
/// </summary>
/// <remarks>
/// Implementations must never report a range wider than the attacker's: the exact range, or (when
/// <see cref="DisclosureExpression.EnoughWidth"/> allows) the range of values at feasible points they found. They must be
/// thread-safe, and must return null for an expression they could not bound (time limit, overflow): the checker then
/// treats that expression as exposed and withholds more.
/// </remarks>
public interface IDisclosureBoundSolver
{
    /// <summary>The exact range of each expression over the integer solutions of <paramref name="problem"/>.</summary>
    /// <param name="problem">Variables, their bounds and the linear constraints an attacker knows.</param>
    /// <param name="expressions">The expressions to bound.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>One entry per expression, in order: its range, or null when it could not be proven (or the problem is infeasible).</returns>
    IReadOnlyList<DisclosureBound?> Bound(DisclosureBoundProblem problem, IReadOnlyList<DisclosureExpression> expressions, CancellationToken cancellationToken);
}

/// <summary>One term of a linear expression: <see cref="Coefficient"/> times variable <see cref="Variable"/>.</summary>
/// <param name="Variable">The variable's index (0-based).</param>
/// <param name="Coefficient">The coefficient.</param>
public readonly record struct DisclosureTerm(int Variable, long Coefficient);

/// <summary>
/// A linear expression (the sum of its terms) and how wide a range the caller needs to see: once a solver has found
/// feasible points on which the expression differs by at least <paramref name="EnoughWidth"/>, it may stop and report
/// the range of those points (an inner bound: every value at its ends is attainable, so the attacker's exact range is at
/// least as wide). With 0 (default) the solver reports the exact range.
/// </summary>
/// <param name="Terms">The terms (a variable appears at most once).</param>
/// <param name="EnoughWidth">Stop once feasible points this far apart are found (0: exact range).</param>
public sealed record DisclosureExpression(ImmutableArray<DisclosureTerm> Terms, long EnoughWidth = 0);

/// <summary>A linear constraint <c>Lower &lt;= sum of terms &lt;= Upper</c>.</summary>
/// <param name="Terms">The terms.</param>
/// <param name="Lower">Inclusive lower bound.</param>
/// <param name="Upper">Inclusive upper bound.</param>
public sealed record DisclosureConstraint(ImmutableArray<DisclosureTerm> Terms, long Lower, long Upper);

/// <summary>An inclusive integer range.</summary>
/// <param name="Min">The smallest value an attacker cannot rule out.</param>
/// <param name="Max">The largest value an attacker cannot rule out.</param>
public readonly record struct DisclosureBound(long Min, long Max)
{
    /// <summary><see cref="Max"/> - <see cref="Min"/>: 0 when the value is worked out exactly.</summary>
    public long Width => Max - Min;
}

/// <summary>
/// What an attacker knows, as an integer program: integer variables within bounds and linear constraints. Built by
/// the disclosure checker from released cells, the layout and the profile's rounding rule (see docs/privacy.md,
/// "The attacker model").
/// </summary>
public sealed record DisclosureBoundProblem
{
    /// <summary>Lower bound of each variable (its index is the position).</summary>
    public required ImmutableArray<long> Lower { get; init; }

    /// <summary>Upper bound of each variable.</summary>
    public required ImmutableArray<long> Upper { get; init; }

    /// <summary>The constraints.</summary>
    public required ImmutableArray<DisclosureConstraint> Constraints { get; init; }

    /// <summary>Optional names of the variables, for messages (same length as <see cref="Lower"/>, or empty).</summary>
    public ImmutableArray<string> Names { get; init; } = [];

    /// <summary>A point known to satisfy every constraint (the true counts), or empty; solvers may use it as a hint.</summary>
    public ImmutableArray<long> Hint { get; init; } = [];

    /// <summary>The number of variables.</summary>
    public int VariableCount => Lower.Length;
}
