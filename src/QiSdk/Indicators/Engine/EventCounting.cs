using QiSdk.Records;

namespace QiSdk.Indicators.Engine;

/// <summary>Which events never count (docs/semantics.md, "Events that never count").</summary>
internal static class EventCounting
{
    public static bool Counts(ClinicalEvent e) => e.Kind switch
    {
        ResourceKind.Condition or ResourceKind.AllergyIntolerance => e.VerificationStatus is not ("entered-in-error" or "refuted"),
        ResourceKind.Observation => e.Status is not ("entered-in-error" or "cancelled"),
        ResourceKind.MedicationRequest => e.Status is not ("entered-in-error" or "cancelled" or "draft") && e.Intent is not ("proposal" or "plan") && !e.DoNotPerform,
        ResourceKind.MedicationStatement => e.Status is not ("entered-in-error" or "not-taken"),
        ResourceKind.Procedure => e.Status is not ("entered-in-error" or "not-done"),
        ResourceKind.Immunization => e.Status is not ("entered-in-error" or "not-done"),
        ResourceKind.Encounter => e.Status is not ("entered-in-error" or "cancelled"),
        ResourceKind.EpisodeOfCare => e.Status is not "entered-in-error",
        ResourceKind.Medication or ResourceKind.Patient => false,
        _ => true,
    };
}
