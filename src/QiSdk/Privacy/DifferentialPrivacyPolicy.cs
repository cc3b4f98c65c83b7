using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;

namespace QiSdk.Privacy;

/// <summary>
/// <c>differential-privacy</c>: every indicator is given a fixed stratum universe (all age bands and sexes, empty ones
/// included; other strata dropped) and every cell still to be released gets independent discrete Laplace noise with
/// scale Δ/ε, where Δ (L1 sensitivity) = 5 populations × 3 columns per indicator (total, one age band, one sex), summed
/// over the indicators released: a data-independent shape and scale. Noisy counts
/// are clamped at 0 (post-processing). The release's ε is spent from a persistent per-practice ledger before any noise
/// is drawn; a release that would exceed the budget is refused and spends nothing. A preview checks the budget without
/// spending and draws no noise.
/// </summary>
internal sealed class DifferentialPrivacyPolicy : IAsyncDisclosurePolicy
{
    public const string PolicyName = "differential-privacy";
    private readonly DifferentialPrivacyOptions _options;
    private readonly decimal _epsilon;
    private readonly IRandomSource _random;

    public DifferentialPrivacyPolicy(DifferentialPrivacyOptions options, IRandomSource? random = null)
    {
        ArgumentNullException.ThrowIfNull(options.BudgetLedger);
        _epsilon = ValidateEpsilon(options.Epsilon);
        if (options.TotalBudget is <= 0)
        {
            throw new PrivacyException(PrivacyErrors.InvalidBudget, $"differential-privacy: the total budget must be greater than 0 (got {options.TotalBudget.Value.ToString(CultureInfo.InvariantCulture)}).");
        }

        _options = options;
        _random = random ?? CryptoRandomSource.Instance;
        Parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["epsilon"] = _epsilon.ToString(CultureInfo.InvariantCulture),
            ["totalBudget"] = options.TotalBudget?.ToString(CultureInfo.InvariantCulture) ?? "recorded",
            ["mechanism"] = "discrete-laplace (Canonne-Kamath-Steinke 2020)",
        }.ToImmutableDictionary(StringComparer.Ordinal);
    }

    /// <summary>The fixed strata every noised indicator carries: the engine's age bands and sexes (docs/semantics.md).</summary>
    internal static readonly (string Stratifier, string Value)[] StratumUniverse =
        [.. Indicators.Engine.EvaluationRun.AgeBands.Select(b => ("age-band", b)), .. Indicators.Engine.EvaluationRun.Sexes.Select(x => ("sex", x))];

    /// <summary>
    /// L1 sensitivity of one indicator's released counts to adding or removing one patient: the patient is in the total
    /// and in exactly one stratum of each of the two stratifiers (3 columns), and can change each of the 5 population
    /// counts of a column by at most 1.
    /// </summary>
    internal const int SensitivityPerIndicator = 5 * 3;

    public string Name => PolicyName;

    /// <summary>The budget ledger spent from (the gate binds it to the audit log).</summary>
    internal IPrivacyBudgetLedger BudgetLedger => _options.BudgetLedger;

    public IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>Rejects NaN, infinities, zero, negatives and values above 100; returns the exact decimal used.</summary>
    internal static decimal ValidateEpsilon(double epsilon)
    {
        if (double.IsNaN(epsilon) || double.IsInfinity(epsilon) || epsilon <= 0 || epsilon > 100)
        {
            throw new PrivacyException(PrivacyErrors.InvalidEpsilon, $"differential-privacy: epsilon must be a finite number greater than 0 and at most 100 (got {epsilon.ToString("R", CultureInfo.InvariantCulture)}).");
        }

        decimal value = decimal.Round((decimal)epsilon, 12, MidpointRounding.AwayFromZero);
        if (value <= 0)
        {
            throw new PrivacyException(PrivacyErrors.InvalidEpsilon, $"differential-privacy: epsilon {epsilon.ToString("R", CultureInfo.InvariantCulture)} is too small to represent exactly (minimum 1e-12).");
        }

        return value;
    }

    /// <summary>Synchronous form for hosts that call policies directly; the pipeline awaits <see cref="ApplyAsync"/>.</summary>
    public void Apply(DisclosureDraft draft, CancellationToken cancellationToken) => ApplyAsync(draft, cancellationToken).GetAwaiter().GetResult();

    public async Task ApplyAsync(DisclosureDraft draft, CancellationToken cancellationToken)
    {
        var active = draft.Indicators.Where(i => !i.IsWithheld).ToList();
        if (active.Count == 0)
        {
            return;
        }

        // The budget account is the practice identity of the results (the reporter), never a name the caller picks:
        // a free account name would be a fresh budget for the same patients.
        var reporters = active.Select(i => i.Summary.Reporter).Distinct(StringComparer.Ordinal).ToList();
        if (reporters.Count != 1 || string.IsNullOrWhiteSpace(reporters[0]))
        {
            draft.Refuse(PrivacyErrors.MissingReporter, "differential-privacy: the results do not name exactly one reporter (practice code); the budget is kept per practice, so release one practice (or one cluster) at a time.");
            return;
        }

        string practice = reporters[0]!;
        if (_options.PracticeId is { } named && !string.Equals(named, practice, StringComparison.Ordinal))
        {
            draft.Refuse(PrivacyErrors.MissingReporter, $"differential-privacy: the budget account '{named}' is not the results' practice '{practice}'; the budget is kept per practice identity.");
            return;
        }

        // A data-independent shape: every indicator carries exactly the fixed stratum universe (every age band and sex,
        // including empty ones, in a fixed order); strata of other stratifiers are dropped, since which of their values
        // exist could depend on the data. So the sensitivity follows from the definition alone.
        foreach (var indicator in active)
        {
            var dropped = indicator.FixStrata(StratumUniverse);
            if (dropped.Count > 0)
            {
                draft.AddNote($"differential-privacy: {indicator.Summary.IndicatorId}: strata outside the fixed universe (age-band, sex) are not released: {string.Join(", ", dropped)}.");
            }
        }

        int sensitivity = active.Count * SensitivityPerIndicator;
        var (num, den) = Rational(_epsilon);
        var scaleT = den * sensitivity;
        string scale = (sensitivity / _epsilon).ToString("0.###", CultureInfo.InvariantCulture);

        draft.BudgetLedger = _options.BudgetLedger;
        if (draft.IsPreview)
        {
            var account = await _options.BudgetLedger.GetAccountAsync(practice, cancellationToken).ConfigureAwait(false);
            if (account.Total is { } recorded && _options.TotalBudget is { } asked && recorded != asked)
            {
                throw new PrivacyException(PrivacyErrors.BudgetTotalMismatch, $"differential-privacy: {practice}'s total epsilon is recorded as {recorded}, not {asked}; change it with 'qi budget set' (audited), not per release.");
            }

            decimal total = account.Total ?? _options.TotalBudget ?? 1.0m;
            decimal spent = account.Spent;
            if (spent + _epsilon > total)
            {
                draft.Refuse(PrivacyErrors.BudgetExceeded, $"differential-privacy: {practice} has spent {spent} of its budget {total}; this release needs {_epsilon} more and would be refused.");
                return;
            }

            draft.AddNote($"differential-privacy: the release would spend epsilon {_epsilon} of {practice}'s remaining {total - spent}; noise is drawn only at release.");
            foreach (var cell in active.SelectMany(i => i.Cells))
            {
                cell.SetNoised(cell.Value, Name, PrivacyErrors.CellNoised, $"discrete Laplace noise with scale {scale} (sensitivity {sensitivity} / epsilon {_epsilon}) will be added at release; the value shown is before noise");
            }

            return;
        }

        var charge = await _options.BudgetLedger.ChargeAsync(practice, _epsilon, _options.TotalBudget, draft.ReleaseId, cancellationToken).ConfigureAwait(false);
        if (!charge.Accepted)
        {
            draft.Refuse(PrivacyErrors.BudgetExceeded, $"differential-privacy: {practice} has spent {charge.SpentBefore} of its budget {charge.TotalBudget}; this release needs {_epsilon} more. Refused; nothing was spent.");
            return;
        }

        draft.AddNote($"differential-privacy: spent epsilon {_epsilon}; {practice} has {charge.Remaining} left of {charge.TotalBudget}.");
        var sampler = new DiscreteLaplace(_random, num, scaleT);
        foreach (var cell in active.SelectMany(i => i.Cells))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (cell.IsWithheld)
            {
                continue;
            }

            var noisy = BigInteger.Max(BigInteger.Zero, cell.Value + sampler.Sample());
            cell.SetNoised(noisy > int.MaxValue ? int.MaxValue : (int)noisy, Name, PrivacyErrors.CellNoised, $"discrete Laplace noise with scale {scale} added (clamped at 0)");
        }
    }

    /// <summary>The exact fraction num/den of a decimal.</summary>
    internal static (BigInteger Numerator, BigInteger Denominator) Rational(decimal value)
    {
        string text = value.ToString(CultureInfo.InvariantCulture);
        int dot = text.IndexOf('.', StringComparison.Ordinal);
        var numerator = BigInteger.Parse(text.Replace(".", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);
        var denominator = dot < 0 ? BigInteger.One : BigInteger.Pow(10, text.Length - dot - 1);
        var g = BigInteger.GreatestCommonDivisor(numerator, denominator);
        return (numerator / g, denominator / g);
    }
}
