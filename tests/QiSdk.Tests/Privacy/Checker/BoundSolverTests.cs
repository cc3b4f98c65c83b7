using System.Collections.Immutable;
using QiSdk.Privacy;
using QiSdk.Privacy.OrTools;

namespace QiSdk.Tests.Privacy.Checker;

/// <summary>The CP-SAT bound solver on hand-built integer programs with known answers.</summary>
public sealed class BoundSolverTests
{
    private static DisclosureBoundProblem Problem(long[] lower, long[] upper, params DisclosureConstraint[] constraints) => new()
    {
        Lower = [.. lower],
        Upper = [.. upper],
        Constraints = [.. constraints],
    };

    private static DisclosureExpression Sum(params int[] vars) => new([.. vars.Select(v => new DisclosureTerm(v, 1))]);

    [Test]
    public void Bounds_are_the_exact_integer_minimum_and_maximum()
    {
        // x + y = 10, x, y >= 0, and 2x + 3y in [21, 22]: y in {1, 2}, x in {8, 9} -> (9,1) gives 21, (8,2) gives 22.
        var problem = Problem([0, 0], [100, 100],
            new DisclosureConstraint([new(0, 1), new(1, 1)], 10, 10),
            new DisclosureConstraint([new(0, 2), new(1, 3)], 21, 22));
        var bounds = OrToolsBoundSolver.Instance.Bound(problem, [Sum(0), Sum(1), new DisclosureExpression([new(0, 1), new(1, -1)])], CancellationToken.None);
        Assert.That(bounds, Is.EqualTo(new DisclosureBound?[] { new(8, 9), new(1, 2), new(6, 8) }));
    }

    [Test]
    public void Integrality_narrows_what_a_linear_relaxation_would_allow()
    {
        // 2x = y, y in [1, 3]: over the reals x in [0.5, 1.5]; over the integers x = 1 exactly.
        var problem = Problem([0, 0], [10, 10], new DisclosureConstraint([new(0, 2), new(1, -1)], 0, 0), new DisclosureConstraint([new(1, 1)], 1, 3));
        var bound = OrToolsBoundSolver.Instance.Bound(problem, [Sum(0)], CancellationToken.None)[0];
        Assert.That(bound, Is.EqualTo(new DisclosureBound(1, 1)));
    }

    [Test]
    public void An_infeasible_problem_bounds_nothing()
    {
        var problem = Problem([0], [5], new DisclosureConstraint([new(0, 1)], 7, 9));
        Assert.That(OrToolsBoundSolver.Instance.Bound(problem, [Sum(0)], CancellationToken.None)[0], Is.Null);
    }

    [Test]
    public void Enough_width_may_stop_at_an_inner_bound_that_is_never_wider_than_the_exact_range()
    {
        // x + y + z = 30: each ranges over 0..30; asking for width 5 may stop early, but within 0..30.
        var problem = Problem([0, 0, 0], [30, 30, 30], new DisclosureConstraint([new(0, 1), new(1, 1), new(2, 1)], 30, 30)) with { Hint = [10, 10, 10] };
        var exprs = new[] { new DisclosureExpression([new(0, 1)], 5), new DisclosureExpression([new(1, 1)], 5), new DisclosureExpression([new(2, 1)]) };
        var bounds = OrToolsBoundSolver.Instance.Bound(problem, exprs, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(bounds[0]!.Value.Width, Is.GreaterThanOrEqualTo(5));
            Assert.That(bounds[0]!.Value.Min, Is.GreaterThanOrEqualTo(0));
            Assert.That(bounds[0]!.Value.Max, Is.LessThanOrEqualTo(30));
            Assert.That(bounds[2], Is.EqualTo(new DisclosureBound(0, 30)), "no enough-width: exact");
        });
    }
}
