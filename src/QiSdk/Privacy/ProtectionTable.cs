using System.Collections.Immutable;
using QiSdk.Indicators;

namespace QiSdk.Privacy;

/// <summary>
/// Secondary suppression for one indicator's table against the attacker of docs/privacy.md ("The attacker model"):
/// internal, used by <c>small-number-suppression</c> and <c>cluster-aggregate</c>.
/// <para>
/// Model. Every column (the total, each listed stratum, and a "rest" column for a stratifier whose strata do not add up
/// to the total) is split into five disjoint <em>atoms</em>: not-in-denominator (IP - denominator), exclusions,
/// exceptions, numerator, complement (denominator - exclusions - exceptions - numerator). Every population count is a
/// sum of atoms. The attacker knows: atoms are non-negative integers; an atom that is zero in the whole table is zero
/// everywhere (this covers every structural zero a definition implies, e.g. IP = denominator); each stratifier's strata
/// add up to the total atom by atom (strata are exhaustive: unlisted strata are empty); a listed stratum is non-empty
/// (IP &gt;= 1); every released count lies in the interval its released value stands for (the profile's rounding rule,
/// and "released, so not in 1..T"); in a cluster, a practice (or coalition) also knows its own counts.
/// </para>
/// <para>
/// Check. Sensitive quantities are every atom, every population count and, per stratifier and quantity, the sum over
/// the strata whose cell is withheld, whenever its true value is in 1..T (in any view); and every quantity whose
/// difference from a count of an earlier release (<see cref="DisclosureChecks.DifferencingRequirements"/>) is in 1..T. Each must have a
/// provable range at least W wide (W per profile). With a <see cref="IDisclosureBoundSolver"/> the ranges are exact and
/// each violation withholds one more released cell (deterministically: the first in a fixed preference order whose
/// withholding repairs it) until none is left. Without one, the built-in conservative rule withholds whole blocks (see
/// <see cref="ProtectConservatively"/>).
/// </para>
/// </summary>
internal sealed class ProtectionTable
{
    internal const int Atoms = 5;
    internal const int Kinds = 7;
    private const int NotInDenominator = 0;
    private const int Complement = 4;
    private const long Big = 1L << 32;
    private const int MaxTrials = 3;

    /// <summary>Atoms making up each quantity kind: IP, denominator, exclusions, exceptions, numerator, not-in-denominator, complement.</summary>
    internal static readonly int[][] KindAtoms = [[0, 1, 2, 3, 4], [1, 2, 3, 4], [1], [2], [3], [0], [4]];

    private readonly DraftColumn[] _columns;
    private readonly int _modelColumns;
    private readonly int[] _stratifierOf; // per model column: stratifier index, -1 for the total
    private readonly string[] _stratifiers;
    private readonly string[] _labels;
    private readonly List<View> _views = [];
    private readonly bool[] _structuralZero = new bool[Atoms];
    private readonly int _threshold;
    private readonly int _width;
    private readonly Func<int, int, (long Low, long High)> _interval;
    private readonly Dictionary<(int Column, int Kind), (int Width, string Why)> _differencing;
    private readonly HashSet<string> _passed = new(StringComparer.Ordinal);

    /// <summary>Builds the model.</summary>
    /// <param name="columns">The draft columns, total first.</param>
    /// <param name="views">One per attacker: the true counts per draft column, and the counts that attacker knows it contributed itself (null for an outsider).</param>
    /// <param name="threshold">Counts 1..threshold are sensitive.</param>
    /// <param name="width">The protection width W: a sensitive quantity's provable range must be at least this wide.</param>
    /// <param name="interval">For a released cell (draft column, population), the interval of true values its released value stands for.</param>
    /// <param name="differencing">Extra width requirements from earlier releases, per (draft column, kind); may be null.</param>
    public ProtectionTable(
        IReadOnlyList<DraftColumn> columns,
        IReadOnlyList<(PopulationCounts[] Truth, PopulationCounts[]? Own, string Label)> views,
        int threshold,
        int width,
        Func<int, int, (long Low, long High)> interval,
        Dictionary<(int Column, int Kind), (int Width, string Why)>? differencing = null)
    {
        _columns = [.. columns];
        _threshold = threshold;
        _width = width;
        _interval = interval;
        _differencing = differencing ?? [];
        _stratifiers = [.. _columns.Where(c => !c.IsTotal).Select(c => c.Stratifier!).Distinct(StringComparer.Ordinal)];

        // A rest column per stratifier whose strata do not add up to the total in some view (strata not exhaustive).
        var atomsPerView = views.Select(v => v.Truth.Select(AtomsOf).ToArray()).ToArray();
        var restNeeded = new bool[_stratifiers.Length];
        for (int s = 0; s < _stratifiers.Length; s++)
        {
            foreach (var atoms in atomsPerView)
            {
                for (int k = 0; k < Atoms; k++)
                {
                    long sum = 0;
                    for (int c = 1; c < _columns.Length; c++)
                    {
                        sum += _columns[c].Stratifier == _stratifiers[s] ? atoms[c][k] : 0;
                    }

                    restNeeded[s] |= sum != atoms[0][k];
                }
            }
        }

        var restColumns = Enumerable.Range(0, _stratifiers.Length).Where(s => restNeeded[s]).ToArray();
        _modelColumns = _columns.Length + restColumns.Length;
        _stratifierOf = new int[_modelColumns];
        _labels = new string[_modelColumns];
        for (int c = 0; c < _columns.Length; c++)
        {
            _stratifierOf[c] = _columns[c].IsTotal ? -1 : Array.IndexOf(_stratifiers, _columns[c].Stratifier);
            _labels[c] = _columns[c].Label;
        }

        for (int r = 0; r < restColumns.Length; r++)
        {
            _stratifierOf[_columns.Length + r] = restColumns[r];
            _labels[_columns.Length + r] = $"{_stratifiers[restColumns[r]]}=(rest)";
        }

        for (int v = 0; v < views.Count; v++)
        {
            var x = new long[_modelColumns * Atoms];
            var own = new long[_modelColumns * Atoms];
            var ownAtoms = views[v].Own?.Select(AtomsOf).ToArray();
            for (int c = 0; c < _modelColumns; c++)
            {
                for (int k = 0; k < Atoms; k++)
                {
                    x[(c * Atoms) + k] = c < _columns.Length ? atomsPerView[v][c][k] : RestAtom(atomsPerView[v], c, k);
                    own[(c * Atoms) + k] = ownAtoms is null ? 0 : c < _columns.Length ? ownAtoms[c][k] : RestAtom(ownAtoms, c, k);
                }
            }

            _views.Add(new View(x, own, views[v].Own is not null, views[v].Label));
        }

        // Structural zeros: an atom zero in every column of the outsider's (first) view is known to be zero.
        for (int k = 0; k < Atoms; k++)
        {
            _structuralZero[k] = Enumerable.Range(0, _modelColumns).All(c => _views[0].Truth[(c * Atoms) + k] == 0 && _views.All(w => w.Own[(c * Atoms) + k] == 0));
        }
    }

    /// <summary>The number of model columns (draft columns plus rest columns).</summary>
    public int ModelColumns => _modelColumns;

    /// <summary>
    /// Runs the exact check to a fixed point and returns the base cells (draft column, population) it withheld, each
    /// with the reason code and what it protects. <paramref name="released"/> says which cells are currently released;
    /// the caller withholds the returned cells.
    /// </summary>
    public List<(int Column, int Population, string Code, string Protects)> Protect(IDisclosureBoundSolver solver, Func<int, int, bool> released, CancellationToken cancellationToken)
    {
        var withheld = new List<(int, int, string, string)>();
        var isReleased = new bool[_columns.Length * 5];
        for (int c = 0; c < _columns.Length; c++)
        {
            for (int p = 0; p < 5; p++)
            {
                isReleased[(c * 5) + p] = released(c, p);
            }
        }

        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int v = 0; v < _views.Count && !changed; v++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var sensitive = Sensitive(v, isReleased).Where(s => !_passed.Contains(Key(v, s))).ToList();
                if (sensitive.Count == 0)
                {
                    continue;
                }

                var problem = Problem(v, isReleased);
                var bounds = BoundAll(solver, problem, v, isReleased, sensitive, cancellationToken);
                for (int i = 0; i < sensitive.Count; i++)
                {
                    if (bounds[i] is { } b && b.Width >= sensitive[i].Required)
                    {
                        _passed.Add(Key(v, sensitive[i]));
                    }
                }

                int first = Enumerable.Range(0, sensitive.Count).FirstOrDefault(i => bounds[i] is not { } b || b.Width < sensitive[i].Required, -1);
                if (first < 0)
                {
                    continue;
                }

                var target = sensitive[first];
                int pick = ChooseToBreak(solver, v, isReleased, target, cancellationToken);
                isReleased[pick] = false;
                string what = bounds[first] is { } bound
                    ? bound.Width == 0 ? $"{target.Label} could otherwise be worked out exactly" : $"{target.Label} could otherwise be narrowed to {bound.Min}..{bound.Max}"
                    : $"{target.Label} could not be shown to be protected";
                string who = _views[v].IsInsider ? $" by {_views[v].Label}" : string.Empty;
                withheld.Add((pick / 5, pick % 5, target.Differencing ? PrivacyErrors.CellWithheldDifferencing : PrivacyErrors.CellSuppressedSecondary,
                    $"{what}{who}{(target.Differencing ? " (" + target.Why + ")" : string.Empty)}"));
                changed = true;
            }
        }

        return withheld;
    }

    /// <summary>
    /// The built-in check without a solver (sound, coarse). A column is clean when none of its atoms is in 1..T (in any
    /// view) and no earlier release requires protection of its counts; sums of clean atoms are 0 or above T. A stratifier
    /// is released only when the total and all its strata are clean; otherwise all its strata are withheld. The total
    /// column alone is a tree of sums (IP = not-in-denominator + denominator, denominator = its four atoms), for which
    /// interval propagation gives the exact integer ranges, so its cells are withheld one at a time until every small or
    /// differencing-sensitive quantity of the total has its width. A withheld block of L listed strata: moving patients
    /// between strata keeps the total, so a stratum's count of atoms K ranges over at least [1, a - (L - 1)] where a is the
    /// largest total of K the released total cells allow; the block is safe when a - L &gt;= W for every K with a small
    /// count in the block. Otherwise more total cells are withheld (with none released, a is unbounded).
    /// </summary>
    public List<(int Column, int Population, string Code, string Protects)> ProtectConservatively(Func<int, int, bool> released)
    {
        var withheld = new List<(int, int, string, string)>();
        var isReleased = new bool[_columns.Length * 5];
        for (int c = 0; c < _columns.Length; c++)
        {
            for (int p = 0; p < 5; p++)
            {
                isReleased[(c * 5) + p] = released(c, p);
            }
        }

        bool Clean(int c) => _views.All(w => Enumerable.Range(0, Atoms).All(k => !InRange(w.Truth[(c * Atoms) + k])))
            && (c >= _columns.Length || Enumerable.Range(0, Kinds).All(q => !_differencing.ContainsKey((c, q))));

        void WithholdCell(int c, int p, string code, string why)
        {
            if (isReleased[(c * 5) + p])
            {
                isReleased[(c * 5) + p] = false;
                withheld.Add((c, p, code, why));
            }
        }

        bool totalClean = Clean(0);
        var blocks = new List<(int Stratifier, int[] Members)>();
        for (int s = 0; s < _stratifiers.Length; s++)
        {
            var members = Enumerable.Range(0, _modelColumns).Where(c => _stratifierOf[c] == s).ToArray();
            if (totalClean && members.All(Clean))
            {
                continue;
            }

            blocks.Add((s, members));
            foreach (int c in members.Where(c => c < _columns.Length))
            {
                for (int p = 0; p < 5; p++)
                {
                    WithholdCell(c, p, PrivacyErrors.CellSuppressedSecondary, $"stratifier {_stratifiers[s]} has small counts; without an exact bound solver all its strata are withheld");
                }
            }
        }

        while (true)
        {
            var violation = TotalViolation(isReleased, blocks);
            if (violation is null)
            {
                return withheld;
            }

            var candidates = Enumerable.Range(0, 5).Where(p => isReleased[p])
                .OrderBy(p => _views[0].Truth.Length == 0 ? 0 : KindAtoms[p].Sum(k => _views[0].Truth[k]) == 0 ? 1 : 0)
                .ThenBy(p => KindAtoms[p].Sum(k => _views[0].Truth[k])).ToArray();
            if (candidates.Length == 0)
            {
                return withheld;
            }

            int pick = candidates[0];
            foreach (int candidate in candidates)
            {
                var trial = (bool[])isReleased.Clone();
                trial[candidate] = false;
                if (TotalViolation(trial, blocks) is not { } still || still.Key != violation.Value.Key)
                {
                    pick = candidate;
                    break;
                }
            }

            WithholdCell(0, pick, violation.Value.Differencing ? PrivacyErrors.CellWithheldDifferencing : PrivacyErrors.CellSuppressedSecondary, violation.Value.Why);
        }
    }

    /// <summary>The first unmet requirement of the total column (exact, by tree propagation), or null.</summary>
    private (string Key, bool Differencing, string Why)? TotalViolation(bool[] isReleased, List<(int Stratifier, int[] Members)> blocks)
    {
        for (int v = 0; v < _views.Count; v++)
        {
            var w = _views[v];
            int listed = _stratifiers.Length == 0 ? 0 : Enumerable.Range(0, _stratifiers.Length).Max(s => Enumerable.Range(1, _columns.Length - 1).Count(c => _stratifierOf[c] == s && ListedKnown(w, c)));
            var range = TreeRanges(w, isReleased, listed);
            string who = w.IsInsider ? $" by {w.Label}" : string.Empty;
            for (int q = 0; q < Kinds; q++)
            {
                long truth = KindAtoms[q].Sum(k => w.Truth[k]);
                int required = InRange(truth) ? _width : 0;
                string why = string.Empty;
                if (v == 0 && _differencing.TryGetValue((0, q), out var diff) && diff.Width > required)
                {
                    (required, why) = (diff.Width, diff.Why);
                }

                if (range[q].Width < required)
                {
                    return ($"t{q}", why.Length > 0, $"total {KindName(q)} could otherwise be narrowed to {range[q].Min}..{range[q].Max}{who}{(why.Length > 0 ? " (" + why + ")" : string.Empty)}");
                }
            }

            foreach (var (s, members) in blocks)
            {
                int l = members.Count(c => c < _columns.Length && ListedKnown(w, c));
                for (int q = 0; q < Kinds; q++)
                {
                    bool small = members.Any(c => InRange(KindAtoms[q].Sum(k => w.Truth[(c * Atoms) + k])));
                    if (small && range[q].Max - l < _width)
                    {
                        return ($"s{s}k{q}", false, $"the withheld {_stratifiers[s]} strata could otherwise be narrowed from the total {KindName(q)}{who}");
                    }
                }
            }
        }

        return null;
    }

    private static bool ListedKnown(View w, int c) =>
        Enumerable.Range(0, Atoms).Sum(k => w.Own[(c * Atoms) + k]) == 0 && Enumerable.Range(0, Atoms).Sum(k => w.Truth[(c * Atoms) + k]) >= 1;

    /// <summary>
    /// Exact ranges of the seven kinds of the total column in one view, given its released cells and IP &gt;= listed
    /// (a tree of sums: bottom-up then top-down interval propagation is exact for integer intervals).
    /// </summary>
    private DisclosureBound[] TreeRanges(View w, bool[] isReleased, int listed)
    {
        var lo = new long[Atoms];
        var hi = new long[Atoms];
        for (int k = 0; k < Atoms; k++)
        {
            (lo[k], hi[k]) = _structuralZero[k] ? (0, 0) : (w.Truth[k] < 0 ? -Big : 0, Big);
        }

        (long Lo, long Hi) Cell(int p, long defaultLow)
        {
            if (!isReleased[p])
            {
                return (defaultLow, Big * Atoms);
            }

            var (l, h) = _interval(0, p);
            long own = KindAtoms[p].Sum(k => w.Own[k]);
            return (l - own, h - own);
        }

        for (int p = 2; p <= 4; p++)
        {
            var (l, h) = Cell(p, lo[p - 1]);
            (lo[p - 1], hi[p - 1]) = (Math.Max(lo[p - 1], l), Math.Min(hi[p - 1], h));
        }

        var (ipLo, ipHi) = Cell(0, -Big * Atoms);
        ipLo = Math.Max(ipLo, listed);
        var (denLo, denHi) = Cell(1, -Big * Atoms);

        // Bottom-up.
        denLo = Math.Max(denLo, lo[1] + lo[2] + lo[3] + lo[4]);
        denHi = Math.Min(denHi, hi[1] + hi[2] + hi[3] + hi[4]);
        ipLo = Math.Max(ipLo, lo[0] + denLo);
        ipHi = Math.Min(ipHi, hi[0] + denHi);

        // Top-down.
        long nidLo = Math.Max(lo[0], ipLo - denHi);
        long nidHi = Math.Min(hi[0], ipHi - denLo);
        long dLo = Math.Max(denLo, ipLo - hi[0]);
        long dHi = Math.Min(denHi, ipHi - lo[0]);
        var atomRange = new DisclosureBound[Atoms];
        atomRange[0] = new DisclosureBound(nidLo, nidHi);
        for (int k = 1; k < Atoms; k++)
        {
            long othersLo = 0, othersHi = 0;
            for (int j = 1; j < Atoms; j++)
            {
                if (j != k)
                {
                    othersLo += lo[j];
                    othersHi += hi[j];
                }
            }

            atomRange[k] = new DisclosureBound(Math.Max(lo[k], dLo - othersHi), Math.Min(hi[k], dHi - othersLo));
        }

        return
        [
            new DisclosureBound(ipLo, ipHi), new DisclosureBound(dLo, dHi), atomRange[1], atomRange[2], atomRange[3], atomRange[0], atomRange[4],
        ];
    }

    private bool InRange(long value) => value >= 1 && value <= _threshold;

    private static string Key(int view, Quantity q) => $"{view}|{q.Key}|{q.Required}";

    /// <summary>The sensitive quantities of one view under the current released set.</summary>
    private List<Quantity> Sensitive(int view, bool[] isReleased)
    {
        var x = _views[view].Truth;
        var list = new List<Quantity>();
        for (int c = 0; c < _modelColumns; c++)
        {
            for (int q = 0; q < Kinds; q++)
            {
                var atoms = KindAtoms[q];
                long truth = atoms.Sum(k => x[(c * Atoms) + k]);
                int required = InRange(truth) ? _width : 0;
                string why = string.Empty;
                if (view == 0 && c < _columns.Length && _differencing.TryGetValue((c, q), out var diff) && diff.Width > required)
                {
                    (required, why) = (diff.Width, diff.Why);
                }

                if (required > 0)
                {
                    list.Add(new Quantity($"c{c}k{q}", $"{_labels[c]} {KindName(q)}", [.. atoms.Select(k => (c * Atoms) + k)], required, why.Length > 0, why, c, q));
                }
            }
        }

        // Group sums: per stratifier and kind, the strata whose value is not released.
        for (int s = 0; s < _stratifiers.Length; s++)
        {
            for (int q = 0; q < Kinds; q++)
            {
                var parts = Enumerable.Range(0, _modelColumns).Where(c => _stratifierOf[c] == s && !(c < _columns.Length && KindReleased(c, q, isReleased))).ToArray();
                if (parts.Length < 2)
                {
                    continue;
                }

                long truth = parts.Sum(c => KindAtoms[q].Sum(k => x[(c * Atoms) + k]));
                if (InRange(truth))
                {
                    list.Add(new Quantity($"s{s}k{q}:{string.Join(",", parts)}", $"the withheld {_stratifiers[s]} strata together, {KindName(q)}",
                        [.. parts.SelectMany(c => KindAtoms[q].Select(k => (c * Atoms) + k))], _width, false, string.Empty, -1, q));
                }
            }
        }

        return list;
    }

    private static bool KindReleased(int c, int q, bool[] isReleased) => q switch
    {
        < 5 => isReleased[(c * 5) + q],
        5 => isReleased[c * 5] && isReleased[(c * 5) + 1],
        _ => isReleased[(c * 5) + 1] && isReleased[(c * 5) + 2] && isReleased[(c * 5) + 3] && isReleased[(c * 5) + 4],
    };

    /// <summary>
    /// A single released population cell whose released interval is already narrower than required: the attacker's
    /// range lies inside that interval, so it is a violation without asking a solver (its bound is the interval).
    /// </summary>
    private bool IsExact(Quantity q, bool[] isReleased)
    {
        if (q.Column < 0 || q.Column >= _columns.Length || q.Kind >= 5 || !isReleased[(q.Column * 5) + q.Kind])
        {
            return false;
        }

        var (lo, hi) = _interval(q.Column, q.Kind);
        return hi - lo < q.Required;
    }

    private DisclosureBound?[] BoundAll(IDisclosureBoundSolver solver, DisclosureBoundProblem problem, int view, bool[] isReleased, List<Quantity> quantities, CancellationToken cancellationToken)
    {
        var result = new DisclosureBound?[quantities.Count];
        var toSolve = new List<int>();
        for (int i = 0; i < quantities.Count; i++)
        {
            if (IsExact(quantities[i], isReleased))
            {
                var (lo, hi) = _interval(quantities[i].Column, quantities[i].Kind);
                long own = quantities[i].Variables.Sum(j => _views[view].Own[j]);
                result[i] = new DisclosureBound(lo - own, hi - own);
            }
            else
            {
                toSolve.Add(i);
            }
        }

        if (toSolve.Count > 0)
        {
            var solved = solver.Bound(problem, [.. toSolve.Select(i => new DisclosureExpression([.. quantities[i].Variables.Select(j => new DisclosureTerm(j, 1))], quantities[i].Required))], cancellationToken);
            for (int i = 0; i < toSolve.Count; i++)
            {
                result[toSolve[i]] = solved[i];
            }
        }

        return result;
    }

    /// <summary>The attacker's integer program in one view (variables: the unknown atoms of that view).</summary>
    private DisclosureBoundProblem Problem(int view, bool[] isReleased)
    {
        var w = _views[view];
        int n = _modelColumns * Atoms;
        var lower = new long[n];
        var upper = new long[n];
        for (int i = 0; i < n; i++)
        {
            int k = i % Atoms;
            (lower[i], upper[i]) = _structuralZero[k] ? (0, 0) : (w.Truth[i] < 0 ? -Big : 0, Big);
        }

        var constraints = ImmutableArray.CreateBuilder<DisclosureConstraint>();
        for (int s = 0; s < _stratifiers.Length; s++)
        {
            var members = Enumerable.Range(0, _modelColumns).Where(c => _stratifierOf[c] == s).ToArray();
            for (int k = 0; k < Atoms; k++)
            {
                if (_structuralZero[k])
                {
                    continue;
                }

                // Strata are exhaustive: their atoms add up to the total's (known offsets cancel when the practice's own strata add up too).
                long ownOffset = members.Sum(c => w.Own[(c * Atoms) + k]) - w.Own[k];
                var terms = members.Select(c => new DisclosureTerm((c * Atoms) + k, 1)).Append(new DisclosureTerm(k, -1));
                constraints.Add(new DisclosureConstraint([.. terms], -ownOffset, -ownOffset));
            }
        }

        for (int c = 1; c < _columns.Length; c++)
        {
            // A listed stratum is non-empty: known to this attacker when its own part is empty.
            long own = Enumerable.Range(0, Atoms).Sum(k => w.Own[(c * Atoms) + k]);
            long truth = Enumerable.Range(0, Atoms).Sum(k => w.Truth[(c * Atoms) + k]);
            if (own == 0 && truth >= 1)
            {
                constraints.Add(new DisclosureConstraint([.. Enumerable.Range(0, Atoms).Select(k => new DisclosureTerm((c * Atoms) + k, 1))], 1, Big * Atoms));
            }
        }

        for (int c = 0; c < _columns.Length; c++)
        {
            for (int p = 0; p < 5; p++)
            {
                if (!isReleased[(c * 5) + p])
                {
                    continue;
                }

                var (lo, hi) = _interval(c, p);
                long own = KindAtoms[p].Sum(k => w.Own[(c * Atoms) + k]);
                constraints.Add(new DisclosureConstraint([.. KindAtoms[p].Select(k => new DisclosureTerm((c * Atoms) + k, 1))], lo - own, hi - own));
            }
        }

        return new DisclosureBoundProblem
        {
            Lower = [.. lower],
            Upper = [.. upper],
            Constraints = constraints.ToImmutable(),
            Names = [.. Enumerable.Range(0, n).Select(i => $"{_labels[i / Atoms]} {AtomName(i % Atoms)}")],
            Hint = [.. w.Truth],
        };
    }

    /// <summary>The released cell whose withholding repairs <paramref name="target"/> (first in preference order), else the first candidate.</summary>
    private int ChooseToBreak(IDisclosureBoundSolver solver, int view, bool[] isReleased, Quantity target, CancellationToken cancellationToken)
    {
        var x = _views[0].Truth;
        var targetColumns = target.Variables.Select(v => v / Atoms).ToHashSet();
        var targetStratifiers = targetColumns.Select(c => _stratifierOf[c]).ToHashSet();
        long CellValue(int cell) => KindAtoms[cell % 5].Sum(k => x[((cell / 5) * Atoms) + k]);
        var candidates = Enumerable.Range(0, isReleased.Length).Where(i => isReleased[i])
            .OrderBy(i => CellValue(i) == 0 ? 1 : 0)
            .ThenBy(i => targetColumns.Contains(i / 5) ? 0 : targetStratifiers.Contains(_stratifierOf[i / 5]) ? 1 : 2)
            .ThenBy(i => _stratifierOf[i / 5] < 0 ? 1 : 0)
            .ThenBy(i => CellValue(i))
            .ThenBy(i => i)
            .ToArray();
        if (candidates.Length == 0)
        {
            throw new InvalidOperationException("secondary suppression found an exposed quantity with no released cell left to withhold");
        }

        // A single released cell narrower than required (e.g. a differencing requirement): withholding it comes first.
        if (IsExact(target, isReleased))
        {
            return (target.Column * 5) + target.Kind;
        }

        foreach (int candidate in candidates.Take(MaxTrials))
        {
            var trial = (bool[])isReleased.Clone();
            trial[candidate] = false;
            var b = BoundAll(solver, Problem(view, trial), view, trial, [target], cancellationToken)[0];
            if (b is { } bound && bound.Width >= target.Required)
            {
                return candidate;
            }
        }

        return candidates[0];
    }

    private long RestAtom(long[][] atoms, int modelColumn, int k)
    {
        int s = _stratifierOf[modelColumn];
        long sum = 0;
        for (int c = 1; c < _columns.Length; c++)
        {
            sum += _columns[c].Stratifier == _stratifiers[s] ? atoms[c][k] : 0;
        }

        return atoms[0][k] - sum;
    }

    /// <summary>The five atoms of a column's counts.</summary>
    internal static long[] AtomsOf(PopulationCounts p) =>
    [
        (long)p.InitialPopulation - p.Denominator,
        p.DenominatorExclusion,
        p.DenominatorException,
        p.Numerator,
        (long)p.Denominator - p.DenominatorExclusion - p.DenominatorException - p.Numerator,
    ];

    internal static string KindName(int kind) => kind switch
    {
        5 => "not-in-denominator",
        6 => "denominator-minus-numerator",
        _ => IndicatorTerms.Code((MeasurePopulation)kind),
    };

    private static string AtomName(int atom) => atom switch
    {
        NotInDenominator => "not-in-denominator",
        Complement => "complement",
        _ => IndicatorTerms.Code((MeasurePopulation)(atom + 1)),
    };

    private sealed record View(long[] Truth, long[] Own, bool IsInsider, string Label);

    /// <summary>A quantity to protect: its atoms, the width it needs, and (for a single column) its column and kind (-1: a group sum).</summary>
    private sealed record Quantity(string Key, string Label, int[] Variables, int Required, bool Differencing, string Why, int Column, int Kind);
}
