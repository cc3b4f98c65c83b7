using System.Collections.Immutable;

namespace QiSdk.Records;

/// <summary>
/// One patient with every coded event that refers to them: the unit indicators are evaluated on.
/// Built by the FHIR reader, or directly by a host that already holds its records in memory.
/// </summary>
public sealed record PatientRecord
{
    /// <summary>The Patient resource's logical id.</summary>
    public required string Id { get; init; }

    /// <summary>Patient identifiers (NHS number and others).</summary>
    public ImmutableArray<Identifier> Identifiers { get; init; } = [];

    /// <summary><c>Patient.birthDate</c> with its precision.</summary>
    public FhirDate? BirthDate { get; init; }

    /// <summary><c>Patient.gender</c>.</summary>
    public AdministrativeGender Gender { get; init; }

    /// <summary><c>Patient.deceasedBoolean</c> as written (null when absent).</summary>
    public bool? DeceasedBoolean { get; init; }

    /// <summary><c>Patient.deceasedDateTime</c> as written.</summary>
    public FhirDate? DeceasedDate { get; init; }

    /// <summary><c>Patient.active</c> as written (null when absent).</summary>
    public bool? Active { get; init; }

    /// <summary><c>Patient.generalPractitioner</c> references as written.</summary>
    public ImmutableArray<string> GeneralPractitioners { get; init; } = [];

    /// <summary><c>Patient.managingOrganization</c> reference as written.</summary>
    public string? ManagingOrganization { get; init; }

    // Not readonly: the reader attaches the events once all inputs are read, before the record is handed out, instead
    // of copying the whole record with 'with' (one PatientRecord per patient rather than two).
    private ImmutableArray<ClinicalEvent> _events = [];

    /// <summary>The patient's coded events, in the order they were read.</summary>
    public ImmutableArray<ClinicalEvent> Events
    {
        get => _events;
        init => _events = value;
    }

    /// <summary>Where the Patient resource was read from.</summary>
    public SourceLocation? Source { get; init; }

    /// <summary>Sets <see cref="Events"/> on a record the reader built and has not handed out yet.</summary>
    internal void AttachEvents(ImmutableArray<ClinicalEvent> events) => _events = events;
}
