using System.Collections.Immutable;
using System.Globalization;
using QiSdk.Indicators;

namespace QiSdk.Privacy;

/// <summary>
/// <c>small-number-suppression</c>: per indicator, (1) cells in 1..T are withheld (primary); (2) secondary suppression
/// (<see cref="ProtectionTable"/>) until no small count, derived count or group of withheld strata can be worked out or
/// narrowed below the profile's protection width, also against every earlier release in the ledger (differencing,
/// including <c>midpoint6</c>); (3) the remaining cells are rounded. Rates are recomputed later from the protected values.
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
        var done = new List<(DraftIndicator Indicator, PopulationCounts[] Truth)>();
        foreach (var indicator in draft.Indicators)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (indicator.IsWithheld)
            {
                continue;
            }

            foreach (var cell in indicator.Cells)
            {
                if (!cell.IsWithheld && _profile.IsSuppressed(cell.Value))
                {
                    cell.Withhold(Name, PrivacyErrors.CellSuppressedSmall, $"{cell.Value} is in the suppressed range 1-{t} ({_profile.Name})");
                }
            }

            var columns = indicator.Columns.ToArray();
            var truth = columns.Select(c => c.CurrentCounts()).ToArray();
            IReadOnlyList<ReleasedCell> earlier = draft.ReleaseLedger is { } ledger ? ledger.ReleasedFor(indicator.Summary.IndicatorId, cancellationToken) : [];
            if (_profile.SensitiveMax > 0 && DisclosureChecks.NestedWithSmallDifference(indicator, truth, done, _profile.SensitiveMax) is { } outer)
            {
                indicator.Withhold(Name, PrivacyErrors.CellWithheldDifferencing, $"its counts nest with {outer} (released in this release) and differ by a small group of patients; the whole indicator is withheld");
                continue;
            }

            var differencing = DisclosureChecks.DifferencingRequirements(columns, indicator.Summary.Reporter, earlier, _profile.SensitiveMax, _profile.ProtectionWidth);
            // The recipients, plus every practice inside a cluster release (cluster-aggregate's views), under this profile's rule.
            DisclosureChecks.Protect(columns, [(truth, null, "the recipients"), .. indicator.InsiderViews], _profile.SensitiveMax, _profile.ProtectionWidth,
                (c, p) => _profile.ReleasedInterval(truth[c][(MeasurePopulation)p]), differencing, draft.BoundSolver, Name, "secondary suppression", cancellationToken);

            done.Add((indicator, truth));
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
}
