using System.Collections.Immutable;
using QiSdk.Indicators;

namespace QiSdk.Privacy;

/// <summary><c>process-only</c>: outcome indicators are withheld; process indicators pass, unprotected, to the next policy.</summary>
internal sealed class ProcessOnlyPolicy : IDisclosurePolicy
{
    public const string PolicyName = "process-only";

    public string Name => PolicyName;

    public IReadOnlyDictionary<string, string> Parameters { get; } = ImmutableDictionary<string, string>.Empty;

    public void Apply(DisclosureDraft draft, CancellationToken cancellationToken)
    {
        foreach (var indicator in draft.Indicators)
        {
            if (indicator.Summary.Kind != IndicatorKind.Process)
            {
                indicator.Withhold(Name, PrivacyErrors.CellWithheldOutcome, $"{indicator.Summary.IndicatorId} is an outcome indicator; process-only releases process indicators only");
            }
        }
    }
}
