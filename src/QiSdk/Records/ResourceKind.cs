namespace QiSdk.Records;

/// <summary>The FHIR resource types QiSdk keeps. Other types are skipped and counted per type.</summary>
public enum ResourceKind : byte
{
    /// <summary><c>Patient</c>.</summary>
    Patient = 0,

    /// <summary><c>Condition</c>.</summary>
    Condition,

    /// <summary><c>Observation</c>.</summary>
    Observation,

    /// <summary><c>MedicationRequest</c>.</summary>
    MedicationRequest,

    /// <summary><c>MedicationStatement</c>.</summary>
    MedicationStatement,

    /// <summary><c>Medication</c> (kept to resolve <c>medicationReference</c>; not an event of its own).</summary>
    Medication,

    /// <summary><c>Procedure</c>.</summary>
    Procedure,

    /// <summary><c>Immunization</c>.</summary>
    Immunization,

    /// <summary><c>Encounter</c>.</summary>
    Encounter,

    /// <summary><c>AllergyIntolerance</c>.</summary>
    AllergyIntolerance,

    /// <summary><c>EpisodeOfCare</c>.</summary>
    EpisodeOfCare,

    /// <summary><c>ServiceRequest</c> (an order or referral, e.g. for hospice care).</summary>
    ServiceRequest,

    /// <summary><c>DeviceRequest</c> (an order for a device, e.g. a wheelchair).</summary>
    DeviceRequest,

    /// <summary><c>AdverseEvent</c> (e.g. an adverse reaction to a drug).</summary>
    AdverseEvent,
}
