using QiSdk.Records;

namespace QiSdk.Indicators.Engine;

/// <summary>Which events never count, and which are records of something not done (docs/semantics.md, "Events that never count").</summary>
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
        ResourceKind.ServiceRequest => e.Status is not ("entered-in-error" or "revoked" or "draft") && !e.DoNotPerform,
        ResourceKind.DeviceRequest => e.Status is not ("entered-in-error" or "revoked" or "draft") && !e.DoNotPerform,
        ResourceKind.Medication or ResourceKind.Patient => false,
        _ => true,
    };

    /// <summary>
    /// A record that something was NOT done: a MedicationRequest or ServiceRequest with doNotPerform, a Procedure or
    /// Immunization with status not-done, a MedicationStatement not-taken (never entered-in-error). Only
    /// <see cref="NotDoneCriterion"/> looks at these.
    /// </summary>
    public static bool IsNotDone(ClinicalEvent e) => e.Status is not "entered-in-error" && e.Kind switch
    {
        ResourceKind.MedicationRequest or ResourceKind.ServiceRequest or ResourceKind.DeviceRequest => e.DoNotPerform,
        ResourceKind.Procedure or ResourceKind.Immunization => e.Status is "not-done",
        ResourceKind.MedicationStatement => e.Status is "not-taken",
        _ => false,
    };
}
