namespace QiSdk.Records;

/// <summary>
/// Builds patient records from FHIR R4 resources a host has already parsed into its own objects (Firely SDK POCOs in
/// <c>QiSdk.Firely</c>, or a vendor's own object model): an adapter walks its objects and hands over, element by element,
/// what the model keeps (docs/reading-fhir.md, "What is kept"), and the builder does the rest exactly as
/// <see cref="FhirRecordReader"/> does for the same resources as JSON: reference resolution (<c>Patient/id</c>, a
/// Bundle's <c>urn:uuid</c> fullUrls, <c>medicationReference</c> to a Medication, contained or not), per-type counts
/// (read, kept, skipped with reasons), located problems (codes QI10xx with input, Bundle entry, resource type, id and
/// element) and the same <see cref="FhirReadResult"/>. Obtained from <see cref="FhirRecordReader.CreateRecordBuilder"/>.
/// </summary>
/// <remarks>
/// <para>
/// The calls follow the shape of the input: <see cref="BeginInput"/>; then resources, each
/// <see cref="BeginResource"/>, its elements, <see cref="EndResource"/> (or <see cref="SkipResource"/> when the host's
/// object cannot be read); a Bundle's resources inside <see cref="BeginBundle"/> / <see cref="EndBundle"/>, each in
/// <see cref="BeginEntry"/> / <see cref="EndEntry"/>; finally <see cref="Finish"/>. Calls out of that order are the
/// adapter's mistake and throw <see cref="InvalidOperationException"/>; problems with the data never throw (except in
/// strict mode, see below), they are counted and reported.
/// </para>
/// <para>
/// Strings are taken as written and interned per read (codes, systems, references, statuses), so equal values share
/// one copy as in a JSON read. An element set twice keeps the last value. Elements a resource type does not have in the
/// model's table (e.g. a gender on an Observation) are not kept. In strict mode (<see cref="FhirReaderOptions.Strict"/>)
/// the call that reports the first problem of severity Warning or above throws <see cref="FhirReadException"/>.
/// </para>
/// <para>One builder is one read: not thread-safe, and finished once. It holds no unmanaged resources.</para>
/// </remarks>
/// <example>
/// <code>
/// var builder = new FhirRecordReader().CreateRecordBuilder();
/// builder.BeginInput("emr");
/// if (builder.BeginResource("Patient"))
/// {
///     builder.SetId(patient.Id);
///     builder.SetGender(patient.Sex);                       // "male", "female", "other", "unknown"
///     builder.SetBirthDate(builder.ReadDate(patient.Dob, "birthDate"));
///     builder.EndResource();
/// }
/// if (builder.BeginResource("Observation"))
/// {
///     builder.SetId(obs.Id);
///     builder.SetSubject("Patient/" + patient.Id);
///     builder.AddCode(new Coding("http://snomed.info/sct", "1049301000000100"));
///     builder.SetDate(builder.ReadDate(obs.When, "effectiveDateTime"));
///     builder.SetValue(new Quantity(obs.Value, "mmol/mol", "http://unitsofmeasure.org", "mmol/mol"));
///     builder.EndResource();
/// }
/// FhirReadResult result = builder.Finish();
/// </code>
/// </example>
public sealed class FhirRecordBuilder
{
    private readonly FhirReadSession _session;
    private ResourceScratch? _resource;
    private bool _inputStarted;
    private bool _finished;
    private bool _inBundle;
    private bool _inEntry;
    private bool _entryHadResource;
    private int _nextEntry;
    private string? _fullUrl;
    private Nest _nest;
    private int _nextComponent;
    private int _nextContained;

    // The open component or contained Medication (lists are reused between resources).
    private readonly List<Coding> _nestCodes = [];
    private readonly List<Coding> _nestValueCodes = [];
    private Quantity? _nestValue;
    private string? _nestId;

    internal FhirRecordBuilder(FhirReaderOptions options, DataQualityLog? log) => _session = new FhirReadSession(options, log);

    private enum Nest : byte
    {
        None,
        Component,
        Contained,
    }

    /// <summary>
    /// Starts an input (one host call, one batch of objects, one message): problems from here on name
    /// <paramref name="name"/> as their file, and it is listed in <see cref="FhirReadResult.Inputs"/>. References resolve
    /// across all inputs of the builder, as across the files of one read.
    /// </summary>
    /// <param name="name">What problems and <see cref="SourceLocation.File"/> point at (e.g. <c>host objects</c>).</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    /// <exception cref="InvalidOperationException">A Bundle or resource is still open, or the builder is finished.</exception>
    public void BeginInput(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        EnsureOpen();
        if (_inBundle || _resource is not null)
        {
            throw Misuse("BeginInput inside an open Bundle or resource");
        }

        _session.BeginStructuredInput(name);
        _inputStarted = true;
    }

    /// <summary>
    /// Starts a Bundle: the resources of its entries may refer to each other by their <c>fullUrl</c>s
    /// (<c>urn:uuid:...</c>), resolved when <see cref="EndBundle"/> is called; problems name the entry index.
    /// </summary>
    /// <exception cref="InvalidOperationException">No input is started, a Bundle or resource is open, or the builder is finished.</exception>
    public void BeginBundle()
    {
        EnsureInput();
        if (_inBundle || _resource is not null)
        {
            throw Misuse("BeginBundle inside an open Bundle or resource (Bundles of Bundles are not read)");
        }

        _session.BeginStructuredBundle();
        _inBundle = true;
        _nextEntry = 0;
    }

    /// <summary>
    /// Starts the next <c>Bundle.entry</c> (entries are numbered from 0 in the order begun). An entry that ends without
    /// a resource begun in it is reported as QI1014 (Information), as a JSON entry without <c>resource</c> is.
    /// </summary>
    /// <param name="fullUrl">The entry's <c>fullUrl</c>, if any: what <c>urn:uuid</c> references in the Bundle name, and the
    /// id of a Patient that has none.</param>
    /// <exception cref="InvalidOperationException">No Bundle is open, or an entry is already open.</exception>
    public void BeginEntry(string? fullUrl = null)
    {
        EnsureOpen();
        if (!_inBundle || _inEntry)
        {
            throw Misuse(_inBundle ? "BeginEntry inside an open entry" : "BeginEntry outside a Bundle");
        }

        _inEntry = true;
        _entryHadResource = false;
        _fullUrl = fullUrl;
        _session.SetStructuredEntry(_nextEntry++);
    }

    /// <summary>Ends the entry begun last.</summary>
    /// <exception cref="InvalidOperationException">No entry is open, or its resource is still open.</exception>
    /// <exception cref="FhirReadException">Strict mode (not raised by QI1014, which is Information).</exception>
    public void EndEntry()
    {
        EnsureOpen();
        if (!_inEntry || _resource is not null)
        {
            throw Misuse(_inEntry ? "EndEntry while its resource is open" : "EndEntry without BeginEntry");
        }

        if (!_entryHadResource)
        {
            _session.ReportStructuredEntryWithoutResource(_nextEntry - 1);
        }

        _inEntry = false;
        _fullUrl = null;
    }

    /// <summary>
    /// Ends the Bundle: its <c>urn:uuid</c> references are resolved against its entries' <c>fullUrl</c>s; those that name
    /// no entry are counted (<c>unknown-patient</c>) and reported (QI1010), or for a Medication QI1011.
    /// </summary>
    /// <exception cref="InvalidOperationException">No Bundle is open, or an entry is still open.</exception>
    /// <exception cref="FhirReadException">Strict mode, at the first problem.</exception>
    public void EndBundle()
    {
        EnsureOpen();
        if (!_inBundle || _inEntry)
        {
            throw Misuse(_inBundle ? "EndBundle while an entry is open" : "EndBundle without BeginBundle");
        }

        _inBundle = false;
        _session.EndStructuredBundle();
    }

    /// <summary>
    /// Starts a resource. It is counted as read under its type. True when the model keeps the type (Patient, Condition,
    /// Observation, ...; see <see cref="ResourceKind"/>): set its elements, then call <see cref="EndResource"/> or
    /// <see cref="SkipResource"/>. False when it is skipped: a type the model does not keep (counted,
    /// <c>unsupported-type</c>), or no type at all (counted under <c>(unknown)</c>, <c>no-resource-type</c>, and reported
    /// as QI1005, as a JSON resource without <c>resourceType</c> is); nothing is open then.
    /// </summary>
    /// <param name="resourceType">The FHIR resource type as the host's object names it; null when it names none.</param>
    /// <returns>True when the resource is open for its elements.</returns>
    /// <exception cref="InvalidOperationException">No input is started, a resource is open, the open entry already had a
    /// resource, a Bundle is open without an entry, or the builder is finished.</exception>
    /// <exception cref="FhirReadException">Strict mode, for a resource without a type.</exception>
    public bool BeginResource(string? resourceType)
    {
        EnsureInput();
        if (_resource is not null)
        {
            throw Misuse("BeginResource while another resource is open");
        }

        if (_inBundle && !_inEntry)
        {
            throw Misuse("BeginResource in a Bundle outside BeginEntry/EndEntry");
        }

        if (_inEntry)
        {
            if (_entryHadResource)
            {
                throw Misuse("a second resource in one Bundle entry");
            }

            _entryHadResource = true;
        }

        _resource = _session.BeginStructuredResource(string.IsNullOrEmpty(resourceType) ? null : resourceType);
        _nest = Nest.None;
        _nextComponent = 0;
        _nextContained = 0;
        return _resource is not null;
    }

    /// <summary>
    /// Ends the resource: it becomes a patient, an event of its patient (once its subject is resolved), or a Medication
    /// that <c>medicationReference</c>s resolve to; what cannot be placed is counted and reported as the JSON reader does
    /// (e.g. QI1009 without a subject, QI1010 for a patient not in the input, QI1012 for a Patient without an id).
    /// Problems reported while it was open are reported now, with its id.
    /// </summary>
    /// <exception cref="InvalidOperationException">No resource is open, or a component or contained resource is still open.</exception>
    /// <exception cref="FhirReadException">Strict mode, at the first problem.</exception>
    public void EndResource()
    {
        RequireResource();
        if (_nest != Nest.None)
        {
            throw Misuse("EndResource while a component or contained resource is open");
        }

        _resource = null;
        _session.CommitStructured(_inEntry ? _fullUrl : null);
    }

    /// <summary>
    /// Skips the open resource because the host's object could not be read (e.g. a getter threw, an element has the
    /// wrong shape): counted under its type with reason <c>unreadable-object</c>, and reported as QI1006 (Error) at
    /// <paramref name="element"/> with its id (if set); problems reported while it was open are reported too. The rest
    /// of the read goes on.
    /// </summary>
    /// <param name="element">The element that could not be read, relative to the resource (e.g. <c>code.coding</c>); empty for the whole object.</param>
    /// <param name="detail">What went wrong, for the message (e.g. the exception's message).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidOperationException">No resource is open.</exception>
    /// <exception cref="FhirReadException">Strict mode.</exception>
    public void SkipResource(string element, string detail)
    {
        ArgumentNullException.ThrowIfNull(element);
        ArgumentNullException.ThrowIfNull(detail);
        RequireResource();
        _nest = Nest.None;
        _resource = null;
        _session.SkipStructuredResource(element, detail);
    }

    /// <summary>
    /// A FHIR <c>date</c>, <c>dateTime</c> or <c>instant</c> as written (precision and offset kept). Text that is not a
    /// valid FHIR date is reported as QI1007 (Warning) at <paramref name="element"/> and gives null, as in a JSON read:
    /// pass the result to <see cref="SetDate"/>, <see cref="SetPeriod"/> and the like.
    /// </summary>
    /// <param name="text">The text as the host holds it; null gives null without a problem.</param>
    /// <param name="element">Where it sits in the resource, for the problem (e.g. <c>effectiveDateTime</c>, <c>period.start</c>).</param>
    /// <returns>The date, or null when there is none or it is invalid.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="element"/> is null.</exception>
    /// <exception cref="InvalidOperationException">No resource is open.</exception>
    /// <exception cref="FhirReadException">Strict mode, for an invalid date.</exception>
    public FhirDate? ReadDate(string? text, string element)
    {
        ArgumentNullException.ThrowIfNull(element);
        RequireResource();
        return _session.StructuredDate(text, element);
    }

    /// <summary>
    /// Reports a problem the adapter found. Inside a resource it is located at <paramref name="element"/> of that resource
    /// (and of the open component or contained resource) and reported with the resource's id when the resource ends;
    /// outside one, at the input and Bundle entry, with <paramref name="element"/> as its path.
    /// </summary>
    /// <param name="code">A stable code (see <see cref="QiErrorCodes.Records"/>, e.g. QI1008 for a value that is not allowed).</param>
    /// <param name="severity">How serious it is.</param>
    /// <param name="message">What was wrong and what was done about it.</param>
    /// <param name="element">Where, relative to the resource (e.g. <c>valueQuantity.value</c>); empty for the resource itself.</param>
    /// <exception cref="ArgumentException"><paramref name="code"/> or <paramref name="message"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="element"/> is null.</exception>
    /// <exception cref="InvalidOperationException">No input is started, or the builder is finished.</exception>
    /// <exception cref="FhirReadException">Strict mode, for severity Warning or above (outside a resource at once,
    /// inside one when it ends).</exception>
    public void ReportProblem(string code, DataQualitySeverity severity, string message, string element)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        ArgumentException.ThrowIfNullOrEmpty(message);
        ArgumentNullException.ThrowIfNull(element);
        EnsureInput();
        if (_resource is not null)
        {
            _session.ReportStructured(code, severity, message, element);
        }
        else
        {
            _session.ReportStructuredHere(code, severity, message, element.Length == 0 ? null : element);
        }
    }

    /// <summary>The resource's <c>id</c>; problems about the resource name it. A Patient without one takes the
    /// <c>urn:uuid</c> of its entry's fullUrl, or is skipped (QI1012).</summary>
    /// <param name="id">The id as written.</param>
    /// <exception cref="InvalidOperationException">No resource is open.</exception>
    public void SetId(string? id) => Resource().Id = id;

    /// <summary>
    /// A coding of the resource's main code (Condition/Observation/Procedure/AllergyIntolerance/Medication/ServiceRequest
    /// <c>code</c>, Immunization <c>vaccineCode</c>, Encounter/EpisodeOfCare <c>type</c>, MedicationRequest/Statement
    /// <c>medicationCodeableConcept</c>, DeviceRequest <c>codeCodeableConcept</c>, AdverseEvent <c>event</c>), or of the
    /// open component's or contained Medication's <c>code</c>. A coding without system, code and display is not kept.
    /// </summary>
    /// <param name="coding">The coding as written.</param>
    /// <exception cref="InvalidOperationException">No resource is open.</exception>
    public void AddCode(Coding coding)
    {
        var resource = Resource();
        Add(_nest == Nest.None ? resource.Codes : _nestCodes, coding);
    }

    /// <summary>A coding of <c>category</c> (for AllergyIntolerance, its category code with system
    /// <c>http://hl7.org/fhir/allergy-intolerance-category</c>, as the JSON reader keeps it).</summary>
    /// <param name="coding">The coding as written.</param>
    /// <exception cref="InvalidOperationException">No resource is open, or a component or contained resource is open.</exception>
    public void AddCategory(Coding coding) => Add(Outer().Categories, coding);

    /// <summary>A coding of Observation <c>valueCodeableConcept</c>, or of the open component's.</summary>
    /// <param name="coding">The coding as written.</param>
    /// <exception cref="InvalidOperationException">No resource is open, or a contained resource is open.</exception>
    public void AddValueCode(Coding coding)
    {
        var resource = Resource();
        if (_nest == Nest.Contained)
        {
            throw Misuse("AddValueCode inside a contained resource");
        }

        Add(_nest == Nest.Component ? _nestValueCodes : resource.ValueCodes, coding);
    }

    /// <summary>A coding of <c>reasonCode</c>.</summary>
    /// <param name="coding">The coding as written.</param>
    /// <exception cref="InvalidOperationException">No resource is open, or a component or contained resource is open.</exception>
    public void AddReasonCode(Coding coding) => Add(Outer().ReasonCodes, coding);

    /// <summary>A coding of Encounter <c>hospitalization.dischargeDisposition</c>.</summary>
    /// <param name="coding">The coding as written.</param>
    /// <exception cref="InvalidOperationException">No resource is open, or a component or contained resource is open.</exception>
    public void AddDischargeDisposition(Coding coding) => Add(Outer().DischargeDisposition, coding);

    /// <summary>Encounter <c>class</c>; a coding without system, code and display counts as none.</summary>
    /// <param name="coding">The coding as written, or null.</param>
    /// <exception cref="InvalidOperationException">No resource is open, or a component or contained resource is open.</exception>
    public void SetEncounterClass(Coding? coding) =>
        Outer().Class = coding is { } c && (c.System is not null || c.Code is not null || c.Display is not null) ? Interned(c) : null;

    /// <summary>The patient the resource is about (<c>subject</c>, or <c>patient</c> for Immunization, AllergyIntolerance and
    /// EpisodeOfCare): <c>Patient/id</c>, an absolute URL ending in it, or a Bundle entry's <c>urn:uuid</c>.</summary>
    /// <param name="reference">The <c>reference</c> as written; null for none (the resource is then skipped, QI1009).</param>
    /// <exception cref="InvalidOperationException">No resource is open, or a component or contained resource is open.</exception>
    public void SetSubject(string? reference) => Outer().SubjectReference = _session.InternStructured(reference);

    /// <summary>The <c>encounter</c> the resource was recorded in.</summary>
    /// <param name="reference">The <c>reference</c> as written.</param>
    /// <exception cref="InvalidOperationException">No resource is open, or a component or contained resource is open.</exception>
    public void SetEncounter(string? reference) => Outer().EncounterReference = _session.InternStructured(reference);

    /// <summary>MedicationRequest/Statement <c>medicationReference</c>: <c>#id</c> of a contained Medication,
    /// <c>Medication/id</c>, or a Bundle entry's <c>urn:uuid</c>; the Medication's codes become the event's codes.</summary>
    /// <param name="reference">The <c>reference</c> as written.</param>
    /// <exception cref="InvalidOperationException">No resource is open, or a component or contained resource is open.</exception>
    public void SetMedicationReference(string? reference) => Outer().MedicationReference = _session.InternStructured(reference);

    /// <summary><c>status</c> (the code as written, e.g. <c>final</c>, <c>active</c>, <c>entered-in-error</c>).</summary>
    /// <param name="status">The code.</param>
    /// <exception cref="InvalidOperationException">No resource is open, or a component or contained resource is open.</exception>
    public void SetStatus(string? status) => Outer().Status = _session.InternStructured(status);

    /// <summary><c>clinicalStatus</c>: the first code of its codings (e.g. <c>active</c>, <c>resolved</c>).</summary>
    /// <param name="code">The code.</param>
    /// <exception cref="InvalidOperationException">No resource is open, or a component or contained resource is open.</exception>
    public void SetClinicalStatus(string? code) => Outer().ClinicalStatus = _session.InternStructured(code);

    /// <summary><c>verificationStatus</c>: the first code of its codings (e.g. <c>confirmed</c>, <c>refuted</c>).</summary>
    /// <param name="code">The code.</param>
    /// <exception cref="InvalidOperationException">No resource is open, or a component or contained resource is open.</exception>
    public void SetVerificationStatus(string? code) => Outer().VerificationStatus = _session.InternStructured(code);

    /// <summary>A request's <c>intent</c> (e.g. <c>order</c>, <c>plan</c>).</summary>
    /// <param name="intent">The code.</param>
    /// <exception cref="InvalidOperationException">No resource is open, or a component or contained resource is open.</exception>
    public void SetIntent(string? intent) => Outer().Intent = _session.InternStructured(intent);

    /// <summary>A request's <c>doNotPerform</c> (for DeviceRequest, QI-Core's doNotPerform modifier extension).</summary>
    /// <param name="doNotPerform">The flag; null when not recorded.</param>
    /// <exception cref="InvalidOperationException">No resource is open, or a component or contained resource is open.</exception>
    public void SetDoNotPerform(bool? doNotPerform) => Outer().DoNotPerform = doNotPerform;

    /// <summary>When it happened: <c>onset[x]</c>, <c>effective[x]</c>, <c>performed[x]</c>, <c>occurrence[x]</c> as a
    /// dateTime or instant, a request's <c>authoredOn</c>, AdverseEvent <c>date</c>.</summary>
    /// <param name="date">The date (see <see cref="ReadDate"/>), or null.</param>
    /// <exception cref="InvalidOperationException">No resource is open, or a component or contained resource is open.</exception>
    public void SetDate(FhirDate? date) => Outer().Date = date;

    /// <summary>The same choice elements as a <c>Period</c>, or Encounter/EpisodeOfCare <c>period</c>; a period with
    /// neither end counts as none.</summary>
    /// <param name="period">The period, or null.</param>
    /// <exception cref="InvalidOperationException">No resource is open, or a component or contained resource is open.</exception>
    public void SetPeriod(Period? period) => Outer().Period = period is { Start: null, End: null } ? null : period;

    /// <summary>When it was recorded: <c>recordedDate</c>, <c>issued</c>, <c>dateAsserted</c>, <c>recorded</c>.</summary>
    /// <param name="date">The date, or null.</param>
    /// <exception cref="InvalidOperationException">No resource is open, or a component or contained resource is open.</exception>
    public void SetRecordedDate(FhirDate? date) => Outer().RecordedDate = date;

    /// <summary>Condition <c>abatementDateTime</c> (or the start of <c>abatementPeriod</c>).</summary>
    /// <param name="date">The date, or null.</param>
    /// <exception cref="InvalidOperationException">No resource is open, or a component or contained resource is open.</exception>
    public void SetAbatementDate(FhirDate? date) => Outer().AbatementDate = date;

    /// <summary>Observation <c>valueQuantity</c> (or <c>valueInteger</c> as a quantity without unit), or the open component's.</summary>
    /// <param name="value">The value with its unit and comparator as written (unit strings are interned), or null.</param>
    /// <exception cref="InvalidOperationException">No resource is open, or a contained resource is open.</exception>
    public void SetValue(Quantity? value)
    {
        var resource = Resource();
        var interned = value is { } q
            ? new Quantity(q.Value, _session.InternStructured(q.Unit), _session.InternStructured(q.System), _session.InternStructured(q.Code), _session.InternStructured(q.Comparator))
            : (Quantity?)null;
        switch (_nest)
        {
            case Nest.Component:
                _nestValue = interned;
                break;
            case Nest.Contained:
                throw Misuse("SetValue inside a contained resource");
            default:
                resource.Value = interned;
                break;
        }
    }

    /// <summary>
    /// Starts the next Observation <c>component</c> (numbered from 0): <see cref="AddCode"/>, <see cref="SetValue"/> and
    /// <see cref="AddValueCode"/> apply to it, and problems point at <c>component[i]</c>, until <see cref="EndComponent"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">No resource is open, or a component or contained resource is open.</exception>
    public void BeginComponent()
    {
        Outer();
        _nest = Nest.Component;
        _nestCodes.Clear();
        _nestValueCodes.Clear();
        _nestValue = null;
        _session.SetStructuredNest("component", _nextComponent++);
    }

    /// <summary>Ends the component begun last and keeps it with the resource.</summary>
    /// <exception cref="InvalidOperationException">No component is open.</exception>
    public void EndComponent()
    {
        var resource = Resource();
        if (_nest != Nest.Component)
        {
            throw Misuse("EndComponent without BeginComponent");
        }

        resource.Components.Add(new ObservationComponent
        {
            Codes = _session.InternStructured(_nestCodes),
            Value = _nestValue,
            ValueCodes = _session.InternStructured(_nestValueCodes),
        });
        _nest = Nest.None;
        _session.SetStructuredNest(null, 0);
    }

    /// <summary>
    /// Starts the next resource in <c>contained</c> (numbered from 0). Only a Medication with an id is kept (what a
    /// <c>#id</c> <c>medicationReference</c> names): then true, and <see cref="AddCode"/> applies to it until
    /// <see cref="EndContained"/>. False for any other: nothing is open then.
    /// </summary>
    /// <param name="resourceType">The contained resource's type.</param>
    /// <param name="id">Its id.</param>
    /// <returns>True when it is open for its codes.</returns>
    /// <exception cref="InvalidOperationException">No resource is open, or a component or contained resource is open.</exception>
    public bool BeginContained(string? resourceType, string? id)
    {
        Outer();
        _nextContained++;
        if (resourceType != "Medication" || id is null)
        {
            return false;
        }

        _nest = Nest.Contained;
        _nestCodes.Clear();
        _nestId = id;
        _session.SetStructuredNest("contained", _nextContained - 1);
        return true;
    }

    /// <summary>Ends the contained resource begun last.</summary>
    /// <exception cref="InvalidOperationException">No contained resource is open.</exception>
    public void EndContained()
    {
        var resource = Resource();
        if (_nest != Nest.Contained)
        {
            throw Misuse("EndContained without BeginContained");
        }

        resource.NextContained(_nestId!).AddRange(_nestCodes);
        _nest = Nest.None;
        _nestId = null;
        _session.SetStructuredNest(null, 0);
    }

    /// <summary>A Patient <c>identifier</c> (e.g. the NHS number); one without system and value is not kept.</summary>
    /// <param name="identifier">The identifier as written.</param>
    /// <exception cref="InvalidOperationException">No resource is open, or a component or contained resource is open.</exception>
    public void AddIdentifier(Identifier identifier)
    {
        var resource = Outer();
        if (identifier.System is not null || identifier.Value is not null)
        {
            resource.Identifiers.Add(new Identifier(_session.InternStructured(identifier.System), identifier.Value));
        }
    }

    /// <summary>Patient <c>gender</c> as the FHIR code: <c>male</c>, <c>female</c>, <c>other</c>, <c>unknown</c> (or null:
    /// not recorded). Any other text is reported as QI1008 (Warning) at <c>gender</c> and kept as unknown.</summary>
    /// <param name="code">The code as written.</param>
    /// <exception cref="InvalidOperationException">No resource is open, or a component or contained resource is open.</exception>
    public void SetGender(string? code)
    {
        var resource = Outer();
        resource.Gender = code switch
        {
            "male" => AdministrativeGender.Male,
            "female" => AdministrativeGender.Female,
            "other" => AdministrativeGender.Other,
            null or "unknown" => AdministrativeGender.Unknown,
            _ => InvalidGender(code),
        };
    }

    /// <summary>Patient <c>gender</c>, already decoded by the host.</summary>
    /// <param name="gender">The gender.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gender"/> is not a defined value.</exception>
    /// <exception cref="InvalidOperationException">No resource is open, or a component or contained resource is open.</exception>
    public void SetGender(AdministrativeGender gender)
    {
        if (!Enum.IsDefined(gender))
        {
            throw new ArgumentOutOfRangeException(nameof(gender), gender, "Not an AdministrativeGender value.");
        }

        Outer().Gender = gender;
    }

    /// <summary>Patient <c>birthDate</c>.</summary>
    /// <param name="date">The date (see <see cref="ReadDate"/>), or null.</param>
    /// <exception cref="InvalidOperationException">No resource is open, or a component or contained resource is open.</exception>
    public void SetBirthDate(FhirDate? date) => Outer().BirthDate = date;

    /// <summary>Patient <c>deceasedBoolean</c>.</summary>
    /// <param name="deceased">The flag, or null.</param>
    /// <exception cref="InvalidOperationException">No resource is open, or a component or contained resource is open.</exception>
    public void SetDeceased(bool? deceased) => Outer().DeceasedBoolean = deceased;

    /// <summary>Patient <c>deceasedDateTime</c>.</summary>
    /// <param name="date">The date, or null.</param>
    /// <exception cref="InvalidOperationException">No resource is open, or a component or contained resource is open.</exception>
    public void SetDeceasedDate(FhirDate? date) => Outer().DeceasedDate = date;

    /// <summary>Patient <c>active</c>.</summary>
    /// <param name="active">The flag, or null.</param>
    /// <exception cref="InvalidOperationException">No resource is open, or a component or contained resource is open.</exception>
    public void SetActive(bool? active) => Outer().Active = active;

    /// <summary>A Patient <c>generalPractitioner</c> reference (null is ignored).</summary>
    /// <param name="reference">The <c>reference</c> as written.</param>
    /// <exception cref="InvalidOperationException">No resource is open, or a component or contained resource is open.</exception>
    public void AddGeneralPractitioner(string? reference)
    {
        var resource = Outer();
        if (_session.InternStructured(reference) is { } interned)
        {
            resource.GeneralPractitioners.Add(interned);
        }
    }

    /// <summary>Patient <c>managingOrganization</c>.</summary>
    /// <param name="reference">The <c>reference</c> as written.</param>
    /// <exception cref="InvalidOperationException">No resource is open, or a component or contained resource is open.</exception>
    public void SetManagingOrganization(string? reference) => Outer().ManagingOrganization = _session.InternStructured(reference);

    /// <summary>
    /// Resolves what waits for the end of the read (references to patients and Medications given later, across inputs)
    /// and returns the result: the same patients, counts and problems a <see cref="FhirRecordReader"/> read of the same
    /// resources as JSON gives. An empty read (no patient) is reported as QI1022. The builder cannot be used afterwards.
    /// </summary>
    /// <returns>Patients, per-type counts, problems and inputs.</returns>
    /// <exception cref="InvalidOperationException">A Bundle, entry or resource is still open, or the builder is finished.</exception>
    /// <exception cref="FhirReadException">Strict mode, at the first problem.</exception>
    public FhirReadResult Finish()
    {
        EnsureOpen();
        if (_inBundle || _resource is not null)
        {
            throw Misuse("Finish while a Bundle or resource is open");
        }

        _finished = true;
        return _session.Finish();
    }

    private AdministrativeGender InvalidGender(string code)
    {
        _session.ReportStructured(ReaderErrors.InvalidValue, DataQualitySeverity.Warning,
            ReaderErrors.InvalidValueMessage(code, "a FHIR gender code (male, female, other, unknown)"), "gender");
        return AdministrativeGender.Unknown;
    }

    private void Add(List<Coding> into, Coding coding)
    {
        if (coding.System is not null || coding.Code is not null || coding.Display is not null)
        {
            into.Add(Interned(coding));
        }
    }

    private Coding Interned(Coding coding) =>
        new(_session.InternStructured(coding.System), _session.InternStructured(coding.Code), _session.InternStructured(coding.Display));

    private ResourceScratch Resource() => _resource ?? throw Misuse(_finished ? "the builder is finished" : "no resource is open (BeginResource returned false, or was not called)");

    /// <summary>The open resource, outside any component or contained resource.</summary>
    private ResourceScratch Outer()
    {
        var resource = Resource();
        return _nest == Nest.None ? resource : throw Misuse("an element of the resource while a component or contained resource is open");
    }

    private void RequireResource() => Resource();

    private void EnsureOpen()
    {
        if (_finished)
        {
            throw Misuse("the builder is finished");
        }
    }

    private void EnsureInput()
    {
        EnsureOpen();
        if (!_inputStarted)
        {
            throw Misuse("BeginInput has not been called");
        }
    }

    private static InvalidOperationException Misuse(string what) => new($"FhirRecordBuilder: {what}.");
}
