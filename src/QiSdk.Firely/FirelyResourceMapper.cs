using Hl7.Fhir.Model;
using QiSdk.Records;
using Coding = QiSdk.Records.Coding;
using Identifier = QiSdk.Records.Identifier;
using FhirPeriod = Hl7.Fhir.Model.Period;
using ModelPeriod = QiSdk.Records.Period;
using ModelQuantity = QiSdk.Records.Quantity;

namespace QiSdk.Firely;

/// <summary>
/// Hands Firely POCOs to the public <see cref="FhirRecordBuilder"/>, element for element as the JSON reader reads the
/// same resource's JSON (docs/reading-fhir.md, "What is kept"); the builder then resolves references, counts and reports
/// with the reader's own code. Primitive values are taken as written (<c>JsonValue</c>), so a date keeps its precision
/// and offset and an invalid one is reported (QI1007) as in JSON.
/// </summary>
internal sealed class FirelyResourceMapper(FhirRecordBuilder builder)
{
    private const string AllergyCategorySystem = "http://hl7.org/fhir/allergy-intolerance-category";

    /// <summary>QI-Core's doNotPerform modifier extension (R4's DeviceRequest has no <c>doNotPerform</c>).</summary>
    private const string QiCoreDoNotPerform = "http://hl7.org/fhir/us/qicore/StructureDefinition/qicore-doNotPerform";

    // The builder's Add methods as delegates, made once per read (a method group would allocate at every call).
    private readonly Action<Coding> _code = builder.AddCode;
    private readonly Action<Coding> _category = builder.AddCategory;
    private readonly Action<Coding> _valueCode = builder.AddValueCode;
    private readonly Action<Coding> _reasonCode = builder.AddReasonCode;
    private readonly Action<Coding> _dischargeDisposition = builder.AddDischargeDisposition;

    public void ReadBundle(Bundle bundle, CancellationToken cancellationToken)
    {
        builder.BeginBundle();
        var entries = Readable(() => bundle.Entry) ?? [];
        for (int i = 0; i < entries.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var entry = entries[i];
            var resource = entry is null ? null : Readable(() => entry.Resource);

            // A fullUrl that is not a string is ignored, as in JSON. An entry without a resource is reported by EndEntry.
            builder.BeginEntry(resource is null ? null : Readable(() => entry!.FullUrl));
            if (resource is not null)
            {
                ReadResource(resource);
            }

            builder.EndEntry();
        }

        builder.EndBundle();
    }

    public void ReadResource(Resource resource)
    {
        if (!builder.BeginResource(resource.TypeName))
        {
            return;
        }

        try
        {
            builder.SetId(resource.Id);
            Map(resource);
        }
        catch (Exception ex) when (IsShapeError(ex))
        {
            // An object Firely parsed leniently (or a host filled) whose elements do not have their R4 shape: its getters
            // throw. The host's run goes on: the resource is skipped and reported, as the JSON reader does for bad JSON.
            builder.SkipResource(string.Empty, ex.Message);
            return;
        }

        builder.EndResource();
    }

    /// <summary>The getter's value, or null when the object Firely built does not have the element's R4 shape.</summary>
    private static T? Readable<T>(Func<T?> get)
        where T : class
    {
        try
        {
            return get();
        }
        catch (Exception ex) when (IsShapeError(ex))
        {
            return null;
        }
    }

    private static bool IsShapeError(Exception ex) => ex is Hl7.Fhir.Validation.CodedValidationException or InvalidCastException or FormatException or OverflowException;

    private void Map(Resource resource)
    {
        switch (resource)
        {
            case Patient p:
                ReadPatient(p);
                break;
            case Condition c:
                ReadCodeableConcept(c.Code, _code);
                builder.SetClinicalStatus(FirstCode(c.ClinicalStatus));
                builder.SetVerificationStatus(FirstCode(c.VerificationStatus));
                ReadCodeableConcepts(c.Category, _category);
                Subject(c.Subject);
                Encounter(c.Encounter);
                builder.SetDate(DateOf(c.Onset, "onsetDateTime", "onsetInstant"));
                builder.SetPeriod(PeriodOf(c.Onset as FhirPeriod, "onsetPeriod.start", "onsetPeriod.end"));
                builder.SetRecordedDate(Date(c.RecordedDateElement, "recordedDate"));
                builder.SetAbatementDate(c.Abatement switch
                {
                    FhirDateTime dt => Date(dt, "abatementDateTime"),
                    FhirPeriod period => PeriodOf(period, "abatementPeriod.start", "abatementPeriod.end")?.Start,
                    _ => null,
                });
                break;
            case Observation o:
                builder.SetStatus(Literal(o.StatusElement));
                ReadCodeableConcepts(o.Category, _category);
                ReadCodeableConcept(o.Code, _code);
                Subject(o.Subject);
                Encounter(o.Encounter);
                builder.SetDate(DateOf(o.Effective, "effectiveDateTime", "effectiveInstant"));
                builder.SetPeriod(PeriodOf(o.Effective as FhirPeriod, "effectivePeriod.start", "effectivePeriod.end"));
                builder.SetRecordedDate(Date(o.IssuedElement, "issued"));
                ReadValue(o.Value);
                ReadComponents(o);
                break;
            case MedicationRequest m:
                builder.SetStatus(Literal(m.StatusElement));
                builder.SetIntent(Literal(m.IntentElement));
                ReadCodeableConcepts(m.Category, _category);
                ReadMedication(m.Medication, m.Contained);
                Subject(m.Subject);
                Encounter(m.Encounter);
                builder.SetDate(Date(m.AuthoredOnElement, "authoredOn"));
                builder.SetDoNotPerform(m.DoNotPerform);
                ReadCodeableConcepts(m.ReasonCode, _reasonCode);
                break;
            case MedicationStatement m:
                builder.SetStatus(Literal(m.StatusElement));
                ReadCodeableConcept(m.Category, _category);
                ReadMedication(m.Medication, m.Contained);
                Subject(m.Subject);
                builder.SetDate(DateOf(m.Effective, "effectiveDateTime", "effectiveInstant"));
                builder.SetPeriod(PeriodOf(m.Effective as FhirPeriod, "effectivePeriod.start", "effectivePeriod.end"));
                builder.SetRecordedDate(Date(m.DateAssertedElement, "dateAsserted"));
                break;
            case Procedure p:
                builder.SetStatus(Literal(p.StatusElement));
                ReadCodeableConcept(p.Category, _category);
                ReadCodeableConcept(p.Code, _code);
                Subject(p.Subject);
                Encounter(p.Encounter);
                builder.SetDate(DateOf(p.Performed, "performedDateTime", "performedInstant"));
                builder.SetPeriod(PeriodOf(p.Performed as FhirPeriod, "performedPeriod.start", "performedPeriod.end"));
                ReadCodeableConcepts(p.ReasonCode, _reasonCode);
                break;
            case Immunization i:
                builder.SetStatus(Literal(i.StatusElement));
                ReadCodeableConcept(i.VaccineCode, _code);
                Subject(i.Patient);
                Encounter(i.Encounter);
                builder.SetDate(DateOf(i.Occurrence, "occurrenceDateTime", "occurrenceInstant"));
                builder.SetRecordedDate(Date(i.RecordedElement, "recorded"));
                ReadCodeableConcepts(i.ReasonCode, _reasonCode);
                break;
            case Encounter e:
                builder.SetStatus(Literal(e.StatusElement));
                ReadCodeableConcepts(e.Type, _code);
                Subject(e.Subject);
                builder.SetPeriod(PeriodOf(e.Period, "period.start", "period.end"));
                builder.SetEncounterClass(CodingOf(e.Class));
                ReadCodeableConcept(e.Hospitalization?.DischargeDisposition, _dischargeDisposition);
                ReadCodeableConcepts(e.ReasonCode, _reasonCode);
                break;
            case AllergyIntolerance a:
                builder.SetClinicalStatus(FirstCode(a.ClinicalStatus));
                builder.SetVerificationStatus(FirstCode(a.VerificationStatus));
                foreach (var category in a.CategoryElement)
                {
                    if (Literal(category) is { } code)
                    {
                        builder.AddCategory(new Coding(AllergyCategorySystem, code));
                    }
                }

                ReadCodeableConcept(a.Code, _code);
                Subject(a.Patient);
                Encounter(a.Encounter);
                builder.SetDate(DateOf(a.Onset, "onsetDateTime", "onsetInstant"));
                builder.SetPeriod(PeriodOf(a.Onset as FhirPeriod, "onsetPeriod.start", "onsetPeriod.end"));
                builder.SetRecordedDate(Date(a.RecordedDateElement, "recordedDate"));
                break;
            case EpisodeOfCare e:
                builder.SetStatus(Literal(e.StatusElement));
                ReadCodeableConcepts(e.Type, _code);
                Subject(e.Patient);
                builder.SetPeriod(PeriodOf(e.Period, "period.start", "period.end"));
                break;
            case Medication m:
                ReadCodeableConcept(m.Code, _code);
                break;
            case ServiceRequest s:
                builder.SetStatus(Literal(s.StatusElement));
                builder.SetIntent(Literal(s.IntentElement));
                ReadCodeableConcepts(s.Category, _category);
                builder.SetDoNotPerform(s.DoNotPerform);
                ReadCodeableConcept(s.Code, _code);
                Subject(s.Subject);
                Encounter(s.Encounter);
                builder.SetDate(Date(s.AuthoredOnElement, "authoredOn"));
                ReadCodeableConcepts(s.ReasonCode, _reasonCode);
                break;
            case DeviceRequest d:
                builder.SetStatus(Literal(d.StatusElement));
                builder.SetIntent(Literal(d.IntentElement));
                ReadCodeableConcept(d.Code as CodeableConcept, _code);
                Subject(d.Subject);
                Encounter(d.Encounter);
                builder.SetDate(Date(d.AuthoredOnElement, "authoredOn"));
                ReadCodeableConcepts(d.ReasonCode, _reasonCode);
                foreach (var extension in d.ModifierExtension)
                {
                    if (extension?.Url == QiCoreDoNotPerform && extension.Value is FhirBoolean { Value: { } doNotPerform })
                    {
                        builder.SetDoNotPerform(doNotPerform);
                    }
                }

                break;
            case AdverseEvent a:
                ReadCodeableConcepts(a.Category, _category);
                ReadCodeableConcept(a.Event, _code);
                Subject(a.Subject);
                Encounter(a.Encounter);
                builder.SetDate(Date(a.DateElement, "date"));
                builder.SetRecordedDate(Date(a.RecordedDateElement, "recordedDate"));
                break;
        }
    }

    private void ReadPatient(Patient p)
    {
        foreach (var identifier in p.Identifier)
        {
            builder.AddIdentifier(new Identifier(identifier?.System, identifier?.Value));
        }

        builder.SetActive(p.Active);
        builder.SetGender(Literal(p.GenderElement));
        builder.SetBirthDate(Date(p.BirthDateElement, "birthDate"));
        switch (p.Deceased)
        {
            case FhirBoolean b:
                builder.SetDeceased(b.Value);
                break;
            case FhirDateTime dt:
                builder.SetDeceasedDate(Date(dt, "deceasedDateTime"));
                break;
        }

        foreach (var gp in p.GeneralPractitioner)
        {
            builder.AddGeneralPractitioner(gp?.Reference);
        }

        builder.SetManagingOrganization(p.ManagingOrganization?.Reference);
    }

    /// <summary><c>value[x]</c> of an Observation or of the open component.</summary>
    private void ReadValue(DataType? value)
    {
        switch (value)
        {
            case Hl7.Fhir.Model.Quantity q:
                builder.SetValue(new ModelQuantity(q.Value, q.Unit, q.System, q.Code, Literal(q.ComparatorElement)));
                break;
            case Integer n when n.Value is { } v:
                builder.SetValue(new ModelQuantity(v, null));
                break;
            case CodeableConcept cc:
                ReadCodeableConcept(cc, _valueCode);
                break;
        }
    }

    private void ReadComponents(Observation o)
    {
        foreach (var component in o.Component)
        {
            if (component is null)
            {
                continue;
            }

            builder.BeginComponent();
            ReadCodeableConcept(component.Code, _code);
            ReadValue(component.Value);
            builder.EndComponent();
        }
    }

    private void ReadMedication(DataType? medication, List<Resource> contained)
    {
        switch (medication)
        {
            case CodeableConcept cc:
                ReadCodeableConcept(cc, _code);
                break;
            case ResourceReference reference:
                builder.SetMedicationReference(reference.Reference);
                break;
        }

        foreach (var resource in contained)
        {
            if (builder.BeginContained(resource?.TypeName, resource?.Id))
            {
                ReadCodeableConcept(((Medication)resource!).Code, _code);
                builder.EndContained();
            }
        }
    }

    private void Subject(ResourceReference? reference)
    {
        if (reference is not null)
        {
            builder.SetSubject(reference.Reference);
        }
    }

    private void Encounter(ResourceReference? reference) => builder.SetEncounter(reference?.Reference);

    private static Coding? CodingOf(Hl7.Fhir.Model.Coding? coding) =>
        coding is null ? null : new Coding(coding.System, coding.Code, coding.Display);

    private static void ReadCodeableConcepts(List<CodeableConcept>? concepts, Action<Coding> add)
    {
        if (concepts is null)
        {
            return;
        }

        foreach (var concept in concepts)
        {
            ReadCodeableConcept(concept, add);
        }
    }

    private static void ReadCodeableConcept(CodeableConcept? concept, Action<Coding> add)
    {
        if (concept is null)
        {
            return;
        }

        foreach (var coding in concept.Coding)
        {
            if (coding is not null)
            {
                // The builder drops a coding without system, code and display, as the JSON reader does.
                add(new Coding(coding.System, coding.Code, coding.Display));
            }
        }
    }

    private static string? FirstCode(CodeableConcept? concept)
    {
        if (concept is null)
        {
            return null;
        }

        foreach (var coding in concept.Coding)
        {
            if (coding?.Code is { } code)
            {
                return code;
            }
        }

        return null;
    }

    private FhirDate? DateOf(DataType? choice, string dateTimeElement, string instantElement) => choice switch
    {
        FhirDateTime dt => Date(dt, dateTimeElement),
        Instant instant => Date(instant, instantElement),
        _ => null,
    };

    private ModelPeriod? PeriodOf(FhirPeriod? period, string startElement, string endElement) =>
        period is null ? null : new ModelPeriod(Date(period.StartElement, startElement), Date(period.EndElement, endElement));

    private FhirDate? Date(PrimitiveType? primitive, string element) =>
        primitive is null ? null : builder.ReadDate(Text(primitive), element);

    /// <summary>The primitive as written: Firely keeps the literal of dates, instants and codes (also invalid ones) in JsonValue.</summary>
    private static string? Text(PrimitiveType primitive) => primitive.JsonValue switch
    {
        null => null,
        string s => s,
        DateTimeOffset dto => Hl7.Fhir.Serialization.PrimitiveTypeConverter.ConvertTo<string>(dto),
        _ => primitive.ToString(),
    };

    private static string? Literal(PrimitiveType? primitive) => primitive is null ? null : Text(primitive);
}
