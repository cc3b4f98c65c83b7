using System.Collections.Immutable;
using System.Globalization;
using QiSdk.Indicators;

namespace QiSdk.Privacy;

/// <summary>
/// <c>small-number-suppression</c>: per indicator, (1) cells whose difference from a related cell of an earlier release
/// (release ledger) is in 1..T are withheld; (2) cells in 1..T are withheld (primary); (3) secondary suppression so no
/// withheld count, complement or rest-of-stratifier in 1..T can be worked out (<see cref="ProtectionTable"/>);
/// (4) the remaining cells are rounded. Rates are recomputed later from the protected values.
/// </summary>
internal sealed class SmallNumberSuppressionPolicy : IDisclosurePolicy
{
    public const string PolicyName = "small-number-suppression";
    private readonly SuppressionProfile _profile;

    public SmallNumberSuppressionPolicy(SuppressionProfile profile)
    {
        _profile = profile;
        Parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["profile"] = profile.Name,
            ["threshold"] = profile.Threshold.ToString(CultureInfo.InvariantCulture),
            ["roundingBase"] = profile.RoundingBase.ToString(CultureInfo.InvariantCulture),
            ["rounding"] = profile.Rounding == SuppressionRounding.NearestHalfUp ? "nearest-half-up" : "block-midpoint",
        }.ToImmutableDictionary(StringComparer.Ordinal);
    }

    public string Name => PolicyName;

    public IReadOnlyDictionary<string, string> Parameters { get; }

    public void Apply(DisclosureDraft draft, CancellationToken cancellationToken)
    {
        int t = _profile.Threshold;
        foreach (var indicator in draft.Indicators)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (indicator.IsWithheld)
            {
                continue;
            }

            if (t > 0 && draft.ReleaseLedger is { } ledger)
            {
                WithholdDifferencing(indicator, ledger.ReleasedFor(indicator.Summary.IndicatorId, cancellationToken), t, Name);
            }

            foreach (var cell in indicator.Cells)
            {
                if (!cell.IsWithheld && _profile.IsSuppressed(cell.Value))
                {
                    cell.Withhold(Name, PrivacyErrors.CellSuppressedSmall, $"{cell.Value} is in the suppressed range 1-{t} ({_profile.Name})");
                }
            }

            if (t > 0)
            {
                var columns = indicator.Columns.ToArray();
                var table = new ProtectionTable(columns, [[.. columns.Select(c => c.CurrentCounts())]], (c, p) => !columns[c].Cells[p].IsWithheld);
                foreach (var (c, p, protects) in table.Protect(t, cancellationToken))
                {
                    columns[c].Cells[p].Withhold(Name, PrivacyErrors.CellSuppressedSecondary, $"secondary suppression: {protects}");
                }
            }

            foreach (var cell in indicator.Cells)
            {
                if (!cell.IsWithheld)
                {
                    int rounded = _profile.Round(cell.Value);
                    cell.Alter(rounded, Name, PrivacyErrors.CellRounded, _profile.Rounding == SuppressionRounding.NearestHalfUp
                        ? $"rounded {cell.Value} to the nearest {_profile.RoundingBase} (ties up)"
                        : $"{cell.Value} released as the midpoint of its block of {_profile.RoundingBase}");
                    var (low, high) = _profile.Preimage(rounded);
                    cell.MarkRounded(low, high);
                }
            }
        }
    }

    /// <summary>Withholds cells whose original count differs by 1..t from a related cell released earlier (same indicator, reporter, population).</summary>
    internal static void WithholdDifferencing(DraftIndicator indicator, IReadOnlyList<ReleasedCell> earlier, int t, string policy)
    {
        if (earlier.Count == 0)
        {
            return;
        }

        foreach (var column in indicator.Columns)
        {
            foreach (var cell in column.Cells)
            {
                if (cell.IsWithheld)
                {
                    continue;
                }

                foreach (var old in earlier)
                {
                    if (old.Population != cell.Population
                        || !string.Equals(old.Reporter, indicator.Summary.Reporter, StringComparison.Ordinal)
                        || !StratumRelation.Related(old.Stratifier, old.StratumValue, column.Stratifier, column.StratumValue))
                    {
                        continue;
                    }

                    long diff = Math.Abs((long)cell.OriginalValue - old.OriginalValue);
                    if (diff >= 1 && diff <= t)
                    {
                        string oldLabel = old.Stratifier is null ? "total" : $"{old.Stratifier}={old.StratumValue}";
                        cell.Withhold(policy, PrivacyErrors.CellWithheldDifferencing,
                            $"differs by {diff} (in 1-{t}) from {oldLabel} for period ending {old.PeriodEnd:yyyy-MM-dd} released in {old.ReleaseId}; releasing it would reveal that difference");
                        break;
                    }
                }
            }
        }
    }
}
