using Google.OrTools.Sat;

namespace QiSdk.Privacy.AttackTests.Attack;

/// <summary>
/// A linear expression over the attacker's unknowns kept as explicit terms, so that it can be evaluated on every
/// solution CP-SAT has already returned (the attacker's pool of consistent tables) as well as handed to the solver.
/// </summary>
internal sealed class Lin
{
    private readonly Dictionary<IntVar, long> _terms;

    private Lin(Dictionary<IntVar, long> terms) => _terms = terms;

    public static Lin Of(IntVar v) => new(new Dictionary<IntVar, long> { [v] = 1 });

    public static Lin Sum(IEnumerable<Lin> parts)
    {
        var terms = new Dictionary<IntVar, long>();
        foreach (var part in parts)
        {
            foreach (var (v, c) in part._terms)
            {
                terms[v] = terms.GetValueOrDefault(v) + c;
            }
        }

        return new Lin(terms);
    }

    public static Lin operator +(Lin a, Lin b) => Sum([a, b]);

    public static Lin operator -(Lin a, Lin b) => Sum([a, -b]);

    public static Lin operator -(Lin a) => new(a._terms.ToDictionary(t => t.Key, t => -t.Value));

    public LinearExpr ToExpr() =>
        _terms.Count == 0 ? LinearExpr.Constant(0) : LinearExpr.WeightedSum(_terms.Keys, _terms.Values);

    /// <summary>The value on a solution (variable values by variable index).</summary>
    public long Evaluate(IReadOnlyList<long> solution)
    {
        long sum = 0;
        foreach (var (v, c) in _terms)
        {
            sum += c * solution[v.Index];
        }

        return sum;
    }
}
