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

    // A record the reader built keeps its events as rows of the read's compact store (issue 18: no object per event);
    // Events materialises them on each call. Setting Events replaces them.
    private EventStore? _store;
    private int[]? _rows;

    /// <summary>
    /// The patient's coded events, in the order they were read. For a record built by <see cref="FhirRecordReader"/> the
    /// events are kept in a compact form and each call returns newly built <see cref="ClinicalEvent"/> objects (equal by
    /// value to those of the previous call): read it once into a local when looping over it.
    /// </summary>
    public ImmutableArray<ClinicalEvent> Events
    {
        get => _store is null ? _events : _store.Materialise(_rows!);
        init
        {
            _events = value;
            _store = null;
            _rows = null;
        }
    }

    /// <summary>The number of <see cref="Events"/>, without materialising them.</summary>
    internal int EventCount => _store is null ? _events.Length : _rows!.Length;

    /// <summary>The compact store holding the events (null when they are <see cref="ClinicalEvent"/> objects).</summary>
    internal EventStore? EventStore => _store;

    /// <summary>The row handles of the events in <see cref="EventStore"/>, in order.</summary>
    internal int[]? EventRows => _rows;

    /// <summary>Where the Patient resource was read from.</summary>
    public SourceLocation? Source { get; init; }

    /// <summary>Sets the events, as rows of <paramref name="store"/>, on a record the reader built and has not handed out yet.</summary>
    internal void AttachEvents(EventStore store, int[] rows)
    {
        _events = [];
        _store = rows.Length == 0 ? null : store;
        _rows = rows.Length == 0 ? null : rows;
    }
}
