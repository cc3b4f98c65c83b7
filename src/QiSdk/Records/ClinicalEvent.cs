using System.Collections.Immutable;

namespace QiSdk.Records;

/// <summary>
/// One coded event in a patient's record: a Condition, Observation, MedicationRequest, MedicationStatement, Procedure,
/// Immunization, Encounter, AllergyIntolerance, EpisodeOfCare, ServiceRequest, DeviceRequest or AdverseEvent, reduced to
/// what indicators need.
/// </summary>
public sealed record ClinicalEvent
{
    /// <summary>The FHIR resource type the event came from.</summary>
    public required ResourceKind Kind { get; init; }

    /// <summary>The resource's logical id, if it had one.</summary>
    public string? Id { get; init; }

    /// <summary>
    /// Every coding of the clinically meaningful code: <c>Condition.code</c>, <c>Observation.code</c>, the medication's code
    /// (<c>medicationCodeableConcept</c>, or the code of the Medication that <c>medicationReference</c> points to),
    /// <c>Procedure.code</c>, <c>Immunization.vaccineCode</c>, <c>Encounter.type</c>, <c>AllergyIntolerance.code</c>,
    /// <c>EpisodeOfCare.type</c>, <c>ServiceRequest.code</c>, <c>DeviceRequest.codeCodeableConcept</c>, <c>AdverseEvent.event</c>.
    /// </summary>
    public ImmutableArray<Coding> Codes { get; init; } = [];

    /// <summary>
    /// The resource's own clinical date[Time]: Condition <c>onsetDateTime</c>, Observation <c>effectiveDateTime</c> or
    /// <c>effectiveInstant</c>, MedicationRequest <c>authoredOn</c>, MedicationStatement <c>effectiveDateTime</c>,
    /// Procedure <c>performedDateTime</c>, Immunization <c>occurrenceDateTime</c>, AllergyIntolerance <c>onsetDateTime</c>,
    /// ServiceRequest and DeviceRequest <c>authoredOn</c>, AdverseEvent <c>date</c>.
    /// </summary>
    public FhirDate? Date { get; init; }

    // Period and AbatementDate are boxed like Value (below): most events have neither, so 8 bytes each instead of 44 and
    // 20 inline; record equality compares the boxes by value.
    private readonly object? _period;
    private readonly object? _abatementDate;

    /// <summary>The resource's own period: <c>onsetPeriod</c>, <c>effectivePeriod</c>, <c>performedPeriod</c>, <c>Encounter.period</c>, <c>EpisodeOfCare.period</c>.</summary>
    public Period? Period
    {
        get => _period is null ? null : (QiSdk.Records.Period)_period;
        init => _period = value;
    }

    /// <summary>When it was recorded: Condition <c>recordedDate</c>, Observation <c>issued</c>, MedicationStatement <c>dateAsserted</c>, Immunization <c>recorded</c>, AllergyIntolerance and AdverseEvent <c>recordedDate</c>.</summary>
    public FhirDate? RecordedDate { get; init; }

    /// <summary>Condition <c>abatementDateTime</c> (or abatement period start), when recorded.</summary>
    public FhirDate? AbatementDate
    {
        get => _abatementDate is null ? null : (FhirDate)_abatementDate;
        init => _abatementDate = value;
    }

    /// <summary>The <c>status</c> code (Observation, MedicationRequest, MedicationStatement, Procedure, Immunization, Encounter, EpisodeOfCare, ServiceRequest, DeviceRequest).</summary>
    public string? Status { get; init; }

    /// <summary>The first code of <c>clinicalStatus</c> (Condition, AllergyIntolerance).</summary>
    public string? ClinicalStatus { get; init; }

    /// <summary>The first code of <c>verificationStatus</c> (Condition, AllergyIntolerance).</summary>
    public string? VerificationStatus { get; init; }

    /// <summary>MedicationRequest, ServiceRequest and DeviceRequest <c>intent</c>.</summary>
    public string? Intent { get; init; }

    // Boxed Quantity (or null): 8 bytes in every event instead of an inline 64-byte Quantity?, and the reader shares one
    // box between events with exactly the same value, unit, system, code and comparator. Record equality compares the
    // boxes by value (object.Equals on the boxed record struct), so it means what it meant for Quantity?.
    private readonly object? _value;

    /// <summary>
    /// MedicationRequest and ServiceRequest <c>doNotPerform</c> (DeviceRequest: QI-Core's <c>qicore-doNotPerform</c>
    /// modifierExtension, R4 having no such element): true when the request says the medication or service must
    /// NOT be given (a record of a decision not to prescribe or order, usually with a <see cref="ReasonCodes">reason</see>).
    /// Such a request never counts as done; criteria can ask for it as a thing not done (docs/semantics.md).
    /// </summary>
    public bool DoNotPerform { get; init; }

    /// <summary>Observation <c>valueQuantity</c>.</summary>
    public Quantity? Value
    {
        get => _value is null ? null : (Quantity)_value;
        init => _value = value;
    }

    /// <summary>Sets <see cref="Period"/> from a box the caller shares (a boxed <see cref="QiSdk.Records.Period"/> or null).</summary>
    internal object? SharedPeriod
    {
        init
        {
            System.Diagnostics.Debug.Assert(value is null or QiSdk.Records.Period, "SharedPeriod takes a boxed Period.");
            _period = value;
        }
    }

    /// <summary>Sets <see cref="AbatementDate"/> from a box the caller shares (a boxed <see cref="FhirDate"/> or null).</summary>
    internal object? SharedAbatementDate
    {
        init
        {
            System.Diagnostics.Debug.Assert(value is null or FhirDate, "SharedAbatementDate takes a boxed FhirDate.");
            _abatementDate = value;
        }
    }

    /// <summary>Sets <see cref="Value"/> from a box the caller shares (a boxed <see cref="Quantity"/> or null).</summary>
    internal object? SharedValue
    {
        init
        {
            System.Diagnostics.Debug.Assert(value is null or Quantity, "SharedValue takes a boxed Quantity.");
            _value = value;
        }
    }

    // The context elements most events do not have (encounter link, encounter class and discharge disposition, reasons) live
    // in one shared box, 8 bytes per event; copied on write, so 'with' never changes another event's details.
    private readonly EventDetails? _details;

    /// <summary>
    /// The <c>encounter</c> reference as written (Observation, Condition, Procedure, MedicationRequest, ServiceRequest,
    /// DeviceRequest, AdverseEvent): the encounter the event happened in. Indicators resolve <c>Encounter/id</c> against the
    /// patient's Encounter events.
    /// </summary>
    public string? EncounterReference
    {
        get => _details?.EncounterReference;
        init => _details = (_details ?? EventDetails.Empty) with { EncounterReference = value };
    }

    /// <summary><c>Encounter.class</c> (a single Coding in R4: ambulatory, emergency, inpatient, ...).</summary>
    public Coding? Class
    {
        get => _details?.Class;
        init => _details = (_details ?? EventDetails.Empty) with { Class = value };
    }

    /// <summary>Codings of <c>Encounter.hospitalization.dischargeDisposition</c> (e.g. discharged to hospice care).</summary>
    public ImmutableArray<Coding> DischargeDisposition
    {
        get => _details?.DischargeDisposition ?? [];
        init => _details = (_details ?? EventDetails.Empty) with { DischargeDisposition = value.IsDefault ? [] : value };
    }

    /// <summary>Codings of <c>reasonCode</c> (MedicationRequest, ServiceRequest, DeviceRequest, Procedure, Encounter, Immunization): why it was, or was not, done.</summary>
    public ImmutableArray<Coding> ReasonCodes
    {
        get => _details?.ReasonCodes ?? [];
        init => _details = (_details ?? EventDetails.Empty) with { ReasonCodes = value.IsDefault ? [] : value };
    }

    /// <summary>
    /// The <c>medicationReference</c> as written (MedicationRequest, MedicationStatement), null when the medication is
    /// given as a <c>medicationCodeableConcept</c>. When the reader resolves it, the referenced Medication's codes are in
    /// <see cref="Codes"/>; a definition can refuse such events (<c>"medicationByCodeOnly"</c>), as CQL retrieves do.
    /// </summary>
    public string? MedicationReference
    {
        get => _details?.MedicationReference;
        init => _details = (_details ?? EventDetails.Empty) with { MedicationReference = value };
    }

    /// <summary>Sets the rarely present context elements at once (the reader shares one box per distinct combination).</summary>
    internal EventDetails? SharedDetails
    {
        init => _details = value;
    }

    /// <summary>Observation <c>valueCodeableConcept</c> codings.</summary>
    public ImmutableArray<Coding> ValueCodes { get; init; } = [];

    /// <summary>Observation components.</summary>
    public ImmutableArray<ObservationComponent> Components { get; init; } = [];

    /// <summary>Codings of <c>category</c>, where the resource has one.</summary>
    public ImmutableArray<Coding> Categories { get; init; } = [];

    /// <summary>Where the resource was read from, when read from a file or stream.</summary>
    public SourceLocation? Source { get; init; }

    /// <summary>
    /// The date the event counts on (the shared semantics in <c>docs/semantics.md</c>): Condition onset[x] (dateTime or
    /// period start) else recordedDate; Observation effective[x] (dateTime, instant or period start) else issued;
    /// MedicationRequest authoredOn; MedicationStatement effective[x] else dateAsserted; Procedure performed[x];
    /// Immunization occurrence[x]; Encounter and EpisodeOfCare period start; AllergyIntolerance onset else recordedDate;
    /// ServiceRequest and DeviceRequest authoredOn; AdverseEvent date else recordedDate. Null for an undated event.
    /// </summary>
    public FhirDate? EventDate => Kind switch
    {
        ResourceKind.Condition or ResourceKind.Observation or ResourceKind.MedicationStatement or ResourceKind.AllergyIntolerance
            or ResourceKind.AdverseEvent
            => Date ?? Period?.Start ?? RecordedDate,
        _ => Date ?? Period?.Start,
    };
}

/// <summary>The context elements of a <see cref="ClinicalEvent"/> that most events do not have; one box per distinct combination.</summary>
internal sealed record EventDetails
{
    public static readonly EventDetails Empty = new();

    public string? EncounterReference { get; init; }

    public Coding? Class { get; init; }

    public ImmutableArray<Coding> DischargeDisposition { get; init; } = [];

    public ImmutableArray<Coding> ReasonCodes { get; init; } = [];

    public string? MedicationReference { get; init; }

    public bool IsEmpty => EncounterReference is null && Class is null && DischargeDisposition.IsEmpty && ReasonCodes.IsEmpty && MedicationReference is null;

    // ImmutableArray compares by reference; the reader interns coding arrays, so equal arrays are the same array.
    public bool Equals(EventDetails? other) =>
        other is not null && EncounterReference == other.EncounterReference && Class == other.Class
        && DischargeDisposition == other.DischargeDisposition && ReasonCodes == other.ReasonCodes
        && MedicationReference == other.MedicationReference;

    public override int GetHashCode() => HashCode.Combine(EncounterReference, Class, DischargeDisposition, ReasonCodes, MedicationReference);
}
