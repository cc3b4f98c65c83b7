using Hl7.Fhir.Model;
using QiSdk.Records;
using AdministrativeGender = QiSdk.Records.AdministrativeGender;
using Coding = QiSdk.Records.Coding;
using Identifier = QiSdk.Records.Identifier;
using FhirPeriod = Hl7.Fhir.Model.Period;
using ModelPeriod = QiSdk.Records.Period;
using ModelQuantity = QiSdk.Records.Quantity;

namespace QiSdk.Firely;

/// <summary>
/// Reads Firely POCOs into the reader's scratch, element for element as <c>FhirReadSession</c>'s JSON walk reads the
/// same resource's JSON (docs/reading-fhir.md, "What is kept"); the session then commits it, so resolution, counts
/// and problems are shared code. Primitive values are taken as written (<c>ObjectValue</c>), so a date keeps its
/// precision and offset and an invalid one is reported (QI1007) as in JSON.
/// </summary>
internal sealed class FirelyResourceMapper(FhirReadSession session)
{
    private const string AllergyCategorySystem = "http://hl7.org/fhir/allergy-intolerance-category";
    private readonly List<Coding> _tmp = [];
    private readonly List<Coding> _componentCodes = [];
    private readonly List<Coding> _componentValueCodes = [];

    public void ReadBundle(Bundle bundle, CancellationToken cancellationToken)
    {
        session.BeginStructuredBundle();
        var entries = Readable(() => bundle.Entry) ?? [];
        for (int i = 0; i < entries.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            session.SetStructuredEntry(i);
            var entry = entries[i];
            var resource = entry is null ? null : Readable(() => entry.Resource);
            if (resource is null)
            {
                session.ReportStructuredEntryWithoutResource(i);
                continue;
            }

            // A fullUrl that is not a string is ignored, as in JSON.
            ReadResource(resource, Readable(() => entry!.FullUrl));
        }

        session.EndStructuredBundle();
    }

    public void ReadResource(Resource resource, string? fullUrl)
    {
        var r = session.BeginStructuredResource(resource.TypeName);
        if (r is null)
        {
            return;
        }

        try
        {
            r.Id = resource.Id;
            Map(r, resource);
        }
        catch (Exception ex) when (IsShapeError(ex))
        {
            // An object Firely parsed leniently (or a host filled) whose elements do not have their R4 shape: its getters
            // throw. The host's run goes on: the resource is skipped and reported, as the JSON reader does for bad JSON.
            session.SkipStructuredResource(string.Empty, ex.Message);
            return;
        }

        session.CommitStructured(fullUrl);
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

    private void Map(ResourceScratch r, Resource resource)
    {
        switch (resource)
        {
            case Patient p:
                ReadPatient(r, p);
                break;
            case Condition c:
                ReadCodeableConcept(c.Code, r.Codes);
                r.ClinicalStatus = FirstCode(c.ClinicalStatus);
                r.VerificationStatus = FirstCode(c.VerificationStatus);
                ReadCodeableConcepts(c.Category, r.Categories);
                Subject(r, c.Subject);
                Encounter(r, c.Encounter);
                r.Date = DateOf(c.Onset, "onset");
                r.Period = PeriodOf(c.Onset, "onset");
                r.RecordedDate = Date(c.RecordedDateElement, "recordedDate");
                r.AbatementDate = c.Abatement switch
                {
                    FhirDateTime dt => Date(dt, "abatementDateTime"),
                    FhirPeriod period => PeriodOf(period, "abatementPeriod")?.Start,
                    _ => null,
                };
                break;
            case Observation o:
                r.Status = Literal(o.StatusElement);
                ReadCodeableConcepts(o.Category, r.Categories);
                ReadCodeableConcept(o.Code, r.Codes);
                Subject(r, o.Subject);
                Encounter(r, o.Encounter);
                r.Date = DateOf(o.Effective, "effective");
                r.Period = PeriodOf(o.Effective, "effective");
                r.RecordedDate = Date(o.IssuedElement, "issued");
                switch (o.Value)
                {
                    case Hl7.Fhir.Model.Quantity q:
                        r.Value = QuantityOf(q);
                        break;
                    case Integer n when n.Value is { } v:
                        r.Value = new ModelQuantity(v, null);
                        break;
                    case CodeableConcept cc:
                        ReadCodeableConcept(cc, r.ValueCodes);
                        break;
                }

                ReadComponents(r, o);
                break;
            case MedicationRequest m:
                r.Status = Literal(m.StatusElement);
                r.Intent = Literal(m.IntentElement);
                ReadCodeableConcepts(m.Category, r.Categories);
                ReadMedication(r, m.Medication, m.Contained);
                Subject(r, m.Subject);
                Encounter(r, m.Encounter);
                r.Date = Date(m.AuthoredOnElement, "authoredOn");
                r.DoNotPerform = m.DoNotPerform;
                ReadCodeableConcepts(m.ReasonCode, r.ReasonCodes);
                break;
            case MedicationStatement m:
                r.Status = Literal(m.StatusElement);
                ReadCodeableConcept(m.Category, r.Categories);
                ReadMedication(r, m.Medication, m.Contained);
                Subject(r, m.Subject);
                r.Date = DateOf(m.Effective, "effective");
                r.Period = PeriodOf(m.Effective, "effective");
                r.RecordedDate = Date(m.DateAssertedElement, "dateAsserted");
                break;
            case Procedure p:
                r.Status = Literal(p.StatusElement);
                ReadCodeableConcept(p.Category, r.Categories);
                ReadCodeableConcept(p.Code, r.Codes);
                Subject(r, p.Subject);
                Encounter(r, p.Encounter);
                r.Date = DateOf(p.Performed, "performed");
                r.Period = PeriodOf(p.Performed, "performed");
                ReadCodeableConcepts(p.ReasonCode, r.ReasonCodes);
                break;
            case Immunization i:
                r.Status = Literal(i.StatusElement);
                ReadCodeableConcept(i.VaccineCode, r.Codes);
                Subject(r, i.Patient);
                Encounter(r, i.Encounter);
                r.Date = DateOf(i.Occurrence, "occurrence");
                r.RecordedDate = Date(i.RecordedElement, "recorded");
                ReadCodeableConcepts(i.ReasonCode, r.ReasonCodes);
                break;
            case Encounter e:
                r.Status = Literal(e.StatusElement);
                ReadCodeableConcepts(e.Type, r.Codes);
                Subject(r, e.Subject);
                r.Period = PeriodOf(e.Period, "period");
                r.Class = CodingOf(e.Class);
                ReadCodeableConcept(e.Hospitalization?.DischargeDisposition, r.DischargeDisposition);
                ReadCodeableConcepts(e.ReasonCode, r.ReasonCodes);
                break;
            case AllergyIntolerance a:
                r.ClinicalStatus = FirstCode(a.ClinicalStatus);
                r.VerificationStatus = FirstCode(a.VerificationStatus);
                foreach (var category in a.CategoryElement)
                {
                    if (Literal(category) is { } code)
                    {
                        r.Categories.Add(new Coding(AllergyCategorySystem, code));
                    }
                }

                ReadCodeableConcept(a.Code, r.Codes);
                Subject(r, a.Patient);
                Encounter(r, a.Encounter);
                r.Date = DateOf(a.Onset, "onset");
                r.Period = PeriodOf(a.Onset, "onset");
                r.RecordedDate = Date(a.RecordedDateElement, "recordedDate");
                break;
            case EpisodeOfCare e:
                r.Status = Literal(e.StatusElement);
                ReadCodeableConcepts(e.Type, r.Codes);
                Subject(r, e.Patient);
                r.Period = PeriodOf(e.Period, "period");
                break;
            case Medication m:
                ReadCodeableConcept(m.Code, r.Codes);
                break;
            case ServiceRequest s:
                r.Status = Literal(s.StatusElement);
                r.Intent = Literal(s.IntentElement);
                ReadCodeableConcepts(s.Category, r.Categories);
                r.DoNotPerform = s.DoNotPerform;
                ReadCodeableConcept(s.Code, r.Codes);
                Subject(r, s.Subject);
                Encounter(r, s.Encounter);
                r.Date = Date(s.AuthoredOnElement, "authoredOn");
                ReadCodeableConcepts(s.ReasonCode, r.ReasonCodes);
                break;
            case DeviceRequest d:
                r.Status = Literal(d.StatusElement);
                r.Intent = Literal(d.IntentElement);
                ReadCodeableConcept(d.Code as CodeableConcept, r.Codes);
                Subject(r, d.Subject);
                Encounter(r, d.Encounter);
                r.Date = Date(d.AuthoredOnElement, "authoredOn");
                ReadCodeableConcepts(d.ReasonCode, r.ReasonCodes);
                foreach (var extension in d.ModifierExtension)
                {
                    if (extension?.Url == FhirReadSession.QiCoreDoNotPerform && extension.Value is FhirBoolean { Value: { } doNotPerform })
                    {
                        r.DoNotPerform = doNotPerform;
                    }
                }

                break;
            case AdverseEvent a:
                ReadCodeableConcepts(a.Category, r.Categories);
                ReadCodeableConcept(a.Event, r.Codes);
                Subject(r, a.Subject);
                Encounter(r, a.Encounter);
                r.Date = Date(a.DateElement, "date");
                r.RecordedDate = Date(a.RecordedDateElement, "recordedDate");
                break;
        }
    }

    private void ReadPatient(ResourceScratch r, Patient p)
    {
        foreach (var identifier in p.Identifier)
        {
            string? system = session.InternStructured(identifier?.System);
            string? value = identifier?.Value;
            if (system is not null || value is not null)
            {
                r.Identifiers.Add(new Identifier(system, value));
            }
        }

        r.Active = p.Active;
        r.Gender = Literal(p.GenderElement) switch
        {
            "male" => AdministrativeGender.Male,
            "female" => AdministrativeGender.Female,
            "other" => AdministrativeGender.Other,
            null or "unknown" => AdministrativeGender.Unknown,
            { } other => InvalidGender(other),
        };
        r.BirthDate = Date(p.BirthDateElement, "birthDate");
        switch (p.Deceased)
        {
            case FhirBoolean b:
                r.DeceasedBoolean = b.Value;
                break;
            case FhirDateTime dt:
                r.DeceasedDate = Date(dt, "deceasedDateTime");
                break;
        }

        foreach (var gp in p.GeneralPractitioner)
        {
            if (session.InternStructured(gp?.Reference) is { } reference)
            {
                r.GeneralPractitioners.Add(reference);
            }
        }

        r.ManagingOrganization = session.InternStructured(p.ManagingOrganization?.Reference);
    }

    private AdministrativeGender InvalidGender(string literal)
    {
        session.ReportStructured(ReaderErrors.InvalidValue, DataQualitySeverity.Warning,
            ReaderErrors.InvalidValueMessage(literal, "a FHIR gender code (male, female, other, unknown)"), "gender");
        return AdministrativeGender.Unknown;
    }

    private void ReadComponents(ResourceScratch r, Observation o)
    {
        for (int i = 0; i < o.Component.Count; i++)
        {
            var component = o.Component[i];
            if (component is null)
            {
                continue;
            }

            session.SetStructuredNest("component", i);
            _componentCodes.Clear();
            _componentValueCodes.Clear();
            ReadCodeableConcept(component.Code, _componentCodes);
            ModelQuantity? value = null;
            switch (component.Value)
            {
                case Hl7.Fhir.Model.Quantity q:
                    value = QuantityOf(q);
                    break;
                case Integer n when n.Value is { } v:
                    value = new ModelQuantity(v, null);
                    break;
                case CodeableConcept cc:
                    ReadCodeableConcept(cc, _componentValueCodes);
                    break;
            }

            r.Components.Add(new ObservationComponent
            {
                Codes = session.InternStructured(_componentCodes),
                Value = value,
                ValueCodes = session.InternStructured(_componentValueCodes),
            });
            session.SetStructuredNest(null, 0);
        }
    }

    private void ReadMedication(ResourceScratch r, DataType? medication, List<Resource> contained)
    {
        switch (medication)
        {
            case CodeableConcept cc:
                ReadCodeableConcept(cc, r.Codes);
                break;
            case ResourceReference reference:
                r.MedicationReference = session.InternStructured(reference.Reference);
                break;
        }

        foreach (var resource in contained)
        {
            if (resource is Medication m && m.Id is not null)
            {
                _tmp.Clear();
                ReadCodeableConcept(m.Code, _tmp);
                r.NextContained(m.Id).AddRange(_tmp);
            }
        }
    }

    private void Encounter(ResourceScratch r, ResourceReference? reference) =>
        r.EncounterReference = reference is null ? null : session.InternStructured(reference.Reference);

    private Coding? CodingOf(Hl7.Fhir.Model.Coding? coding)
    {
        if (coding is null)
        {
            return null;
        }

        string? system = session.InternStructured(coding.System);
        string? code = session.InternStructured(coding.Code);
        string? display = session.InternStructured(coding.Display);
        return system is null && code is null && display is null ? null : new Coding(system, code, display);
    }

    private void Subject(ResourceScratch r, ResourceReference? reference)
    {
        if (reference is null)
        {
            return;
        }

        r.SubjectSeen = true;
        r.SubjectReference ??= session.InternStructured(reference.Reference);
    }

    private void ReadCodeableConcepts(List<CodeableConcept>? concepts, List<Coding> into)
    {
        if (concepts is null)
        {
            return;
        }

        foreach (var concept in concepts)
        {
            ReadCodeableConcept(concept, into);
        }
    }

    private void ReadCodeableConcept(CodeableConcept? concept, List<Coding> into)
    {
        if (concept is null)
        {
            return;
        }

        foreach (var coding in concept.Coding)
        {
            if (coding is null)
            {
                continue;
            }

            string? system = session.InternStructured(coding.System);
            string? code = session.InternStructured(coding.Code);
            string? display = session.InternStructured(coding.Display);
            if (system is not null || code is not null || display is not null)
            {
                into.Add(new Coding(system, code, display));
            }
        }
    }

    private string? FirstCode(CodeableConcept? concept)
    {
        if (concept is null)
        {
            return null;
        }

        foreach (var coding in concept.Coding)
        {
            if (coding?.Code is { } code)
            {
                return session.InternStructured(code);
            }
        }

        return null;
    }

    private static ModelQuantity QuantityOf(Hl7.Fhir.Model.Quantity q) =>
        new(q.Value, q.Unit, q.System, q.Code, Literal(q.ComparatorElement));

    private FhirDate? DateOf(DataType? choice, string name) => choice switch
    {
        FhirDateTime dt => Date(dt, name + "DateTime"),
        Instant instant => Date(instant, name + "Instant"),
        _ => null,
    };

    private ModelPeriod? PeriodOf(DataType? choice, string name) => choice is FhirPeriod period ? PeriodOf(period, name + "Period") : null;

    private ModelPeriod? PeriodOf(FhirPeriod? period, string element)
    {
        if (period is null)
        {
            return null;
        }

        var start = Date(period.StartElement, element, "start");
        var end = Date(period.EndElement, element, "end");
        return start is null && end is null ? null : new ModelPeriod(start, end);
    }

    private FhirDate? Date(PrimitiveType? primitive, string element, string? sub = null) =>
        primitive is null ? null : session.StructuredDate(Text(primitive), element, sub);

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
