using System.Collections.Immutable;

namespace QiSdk.Indicators;

/// <summary>
/// Conditions on an event beyond its code, date and resource type (JSON: these keys inside a query or a reading,
/// <c>"statuses"</c>, <c>"intents"</c>, <c>"valueCodeSets"</c>, <c>"dischargeCodeSets"</c>, <c>"reasonCodeSets"</c>,
/// <c>"encounter"</c>, <c>"notEncounter"</c>, <c>"medicationByCodeOnly"</c>). Every condition given must hold; an empty filter (the default) keeps every
/// event that counts (docs/semantics.md, "Events that never count", gives the defaults per resource type).
/// </summary>
public sealed record EventFilter
{
    /// <summary>No condition.</summary>
    public static EventFilter None { get; } = new();

    /// <summary>
    /// The event's status is one of these (empty: any status that counts). The status is <c>status</c>, and for Condition
    /// and AllergyIntolerance the first code of <c>clinicalStatus</c>. An event without a status fails a non-empty list.
    /// </summary>
    public ImmutableArray<string> Statuses { get; init; } = [];

    /// <summary>The request's <c>intent</c> is one of these (MedicationRequest, ServiceRequest, DeviceRequest); empty: any.</summary>
    public ImmutableArray<string> Intents { get; init; } = [];

    /// <summary>
    /// The Observation's <c>valueCodeableConcept</c> has a coding in one of these code sets (for an event matched through a
    /// component, that component's value); empty: no test.
    /// </summary>
    public ImmutableArray<string> ValueCodeSets { get; init; } = [];

    /// <summary>The Encounter's <c>hospitalization.dischargeDisposition</c> has a coding in one of these code sets; empty: no test.</summary>
    public ImmutableArray<string> DischargeCodeSets { get; init; } = [];

    /// <summary>A <c>reasonCode</c> of the event has a coding in one of these code sets; empty: no test.</summary>
    public ImmutableArray<string> ReasonCodeSets { get; init; } = [];

    /// <summary>
    /// Only a medication named by code in the request or statement itself (<c>medicationCodeableConcept</c>) matches; one
    /// that names a Medication resource by <c>medicationReference</c> does not, even when the reader resolved its codes.
    /// For definitions transcribed from eCQMs, whose CQL retrieve on <c>medication</c> does not follow references
    /// (CQLIT-412). JSON <c>"medicationByCodeOnly": true</c>; false (the default): both count.
    /// </summary>
    public bool MedicationByCodeOnly { get; init; }

    /// <summary>The event happened in an encounter matching this (null: no test).</summary>
    public EncounterFilter? Encounter { get; init; }

    /// <summary>The event did not happen in an encounter matching this (null: no test); an event linked to no encounter passes.</summary>
    public EncounterFilter? NotEncounter { get; init; }

    /// <summary>True when no condition is set.</summary>
    public bool IsEmpty =>
        Statuses.IsDefaultOrEmpty && Intents.IsDefaultOrEmpty && ValueCodeSets.IsDefaultOrEmpty && DischargeCodeSets.IsDefaultOrEmpty
        && ReasonCodeSets.IsDefaultOrEmpty && Encounter is null && NotEncounter is null && !MedicationByCodeOnly;
}

/// <summary>
/// Which encounters an <see cref="EventFilter.Encounter"/> or <see cref="EventFilter.NotEncounter"/> test accepts (JSON
/// <c>{"link": "reference", "classes": ["EMER", "IMP"], "codeSets": [...], "statuses": ["finished"]}</c>). Every condition
/// given must hold; the encounter is one of the patient's Encounter events that count.
/// </summary>
public sealed record EncounterFilter
{
    /// <summary>How the event is tied to the encounter; <see cref="EncounterLink.Reference"/> by default.</summary>
    public EncounterLink Link { get; init; } = EncounterLink.Reference;

    /// <summary><c>Encounter.class</c> code is one of these (e.g. <c>EMER</c>, <c>IMP</c>, <c>AMB</c>); empty: any class.</summary>
    public ImmutableArray<string> Classes { get; init; } = [];

    /// <summary>The encounter's type is in one of these code sets; empty: any type.</summary>
    public ImmutableArray<string> CodeSets { get; init; } = [];

    /// <summary>The encounter's status is one of these; empty: any status that counts.</summary>
    public ImmutableArray<string> Statuses { get; init; } = [];
}

/// <summary>How an event is tied to an encounter.</summary>
public enum EncounterLink
{
    /// <summary>The event's <c>encounter</c> reference names it (<c>Encounter/id</c>).</summary>
    Reference,

    /// <summary>The event's date is within the encounter's period (start and end inclusive, by calendar date; no end: ongoing).</summary>
    During,
}
