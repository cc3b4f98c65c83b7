using System.Collections.Immutable;

namespace QiSdk.Indicators;

/// <summary>
/// One patient on an indicator's worklist (someone to review), with a stable reason: the description of the rule that
/// put them there (the numerator rule they did not meet, or for a decrease indicator the one they did), and its evidence.
/// Patient-level: local only.
/// </summary>
/// <param name="IndicatorId">The indicator.</param>
/// <param name="PatientId">The patient's id in the practice's records.</param>
/// <param name="Populations">The populations the patient reached.</param>
/// <param name="Reason">Why the patient is listed, in the definition's words (the rule's description; the rule name only when it has none).</param>
/// <param name="Evidence">What the rule's criteria found (events with date, code and value), possibly empty (e.g. no reading at all).</param>
public sealed record WorklistEntry(string IndicatorId, string PatientId, PopulationMembership Populations, string Reason, ImmutableArray<Evidence> Evidence)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{PatientId}: {Reason}{(Evidence.IsDefaultOrEmpty ? string.Empty : " [" + string.Join("; ", Evidence) + "]")}";
}
