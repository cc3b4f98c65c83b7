using System.Collections.Immutable;
using System.Text.Json;
using QiSdk.Records;
using QiSdk.Reports;

namespace QiSdk.Synthetic;

/// <summary>Writes one synthetic patient's resources as FHIR R4 JSON with <see cref="Utf8JsonWriter"/>.</summary>
internal static class FhirResourceWriter
{
    /// <summary>The id of the shared Medication resource of a palette medicine.</summary>
    public static string MedicationId(PaletteEntry medicine) => FhirIds.For("med-" + medicine.Code);

    /// <summary>Writes <c>"id"</c> with the id the core gives <paramref name="name"/> (<see cref="FhirIds.For"/>), as the core's writers do.</summary>
    public static void WriteId(Utf8JsonWriter w, string name) => w.WriteString("id", FhirIds.For(name));

    /// <summary>The resource type name of an event kind.</summary>
    public static string TypeName(ResourceKind kind) => kind switch
    {
        ResourceKind.Patient => "Patient",
        ResourceKind.Condition => "Condition",
        ResourceKind.Observation => "Observation",
        ResourceKind.MedicationRequest => "MedicationRequest",
        ResourceKind.MedicationStatement => "MedicationStatement",
        ResourceKind.Medication => "Medication",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "The synthetic practice does not write this resource type."),
    };

    public static void WritePatient(Utf8JsonWriter w, PatientRecord p)
    {
        w.WriteStartObject();
        w.WriteString("resourceType", "Patient");
        WriteId(w, p.Id);
        w.WriteStartArray("identifier");
        foreach (var id in p.Identifiers)
        {
            w.WriteStartObject();
            WriteIfNotNull(w, "system", id.System);
            WriteIfNotNull(w, "value", id.Value);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (p.Active is { } active)
        {
            w.WriteBoolean("active", active);
        }

        w.WriteString("gender", p.Gender switch
        {
            AdministrativeGender.Male => "male",
            AdministrativeGender.Female => "female",
            AdministrativeGender.Other => "other",
            _ => "unknown",
        });
        if (p.BirthDate is { } birth)
        {
            WriteDate(w, "birthDate", birth);
        }

        if (p.DeceasedBoolean is { } deceased)
        {
            w.WriteBoolean("deceasedBoolean", deceased);
        }
        else if (p.DeceasedDate is { } deceasedDate)
        {
            WriteDate(w, "deceasedDateTime", deceasedDate);
        }

        if (!p.GeneralPractitioners.IsDefaultOrEmpty)
        {
            w.WriteStartArray("generalPractitioner");
            foreach (var gp in p.GeneralPractitioners)
            {
                WriteReference(w, null, gp);
            }

            w.WriteEndArray();
        }

        if (p.ManagingOrganization is { } org)
        {
            WriteReference(w, "managingOrganization", org);
        }

        w.WriteEndObject();
    }

    public static void WriteMedication(Utf8JsonWriter w, PaletteEntry medicine, ImmutableArray<Coding> codes, string? id = null)
    {
        w.WriteStartObject();
        w.WriteString("resourceType", "Medication");
        WriteId(w, id ?? MedicationId(medicine));
        WriteCodeableConcept(w, "code", codes);
        w.WriteEndObject();
    }

    /// <summary>Writes one event as its resource. <paramref name="subject"/> is the patient reference as the format writes it.</summary>
    public static void WriteEvent(Utf8JsonWriter w, ClinicalEvent e, EventHint hint, string subject)
    {
        w.WriteStartObject();
        w.WriteString("resourceType", TypeName(e.Kind));
        if (e.Id is not null)
        {
            WriteId(w, e.Id);
        }
        switch (e.Kind)
        {
            case ResourceKind.Condition:
                WriteCondition(w, e, subject);
                break;
            case ResourceKind.Observation:
                WriteObservation(w, e, hint, subject);
                break;
            case ResourceKind.MedicationRequest:
            case ResourceKind.MedicationStatement:
                WriteMedicationUse(w, e, hint, subject);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(e), e.Kind, "The synthetic practice does not write this resource type.");
        }

        w.WriteEndObject();
    }

    private static void WriteCondition(Utf8JsonWriter w, ClinicalEvent e, string subject)
    {
        if (e.ClinicalStatus is { } clinical)
        {
            WriteStatusConcept(w, "clinicalStatus", SyntheticCodeSystems.ConditionClinical, clinical);
        }

        if (e.VerificationStatus is { } verification)
        {
            WriteStatusConcept(w, "verificationStatus", SyntheticCodeSystems.ConditionVerification, verification);
        }

        WriteCategories(w, e.Categories);
        WriteCodeableConcept(w, "code", e.Codes);
        WriteReference(w, "subject", subject);
        if (e.Date is { } onset)
        {
            WriteDate(w, "onsetDateTime", onset);
        }
        else if (e.Period is { } period)
        {
            WritePeriod(w, "onsetPeriod", period);
        }

        if (e.RecordedDate is { } recorded)
        {
            WriteDate(w, "recordedDate", recorded);
        }
    }

    private static void WriteObservation(Utf8JsonWriter w, ClinicalEvent e, EventHint hint, string subject)
    {
        WriteIfNotNull(w, "status", e.Status);
        WriteCategories(w, e.Categories);
        WriteCodeableConcept(w, "code", e.Codes);
        WriteReference(w, "subject", subject);
        if (e.Date is { } date)
        {
            WriteDate(w, hint.Instant ? "effectiveInstant" : "effectiveDateTime", date);
        }
        else if (e.Period is { } period)
        {
            WritePeriod(w, "effectivePeriod", period);
        }

        if (e.RecordedDate is { } issued)
        {
            WriteDate(w, "issued", issued);
        }

        if (e.Value is { } value)
        {
            WriteQuantity(w, "valueQuantity", value);
        }

        if (!e.ValueCodes.IsDefaultOrEmpty)
        {
            WriteCodeableConcept(w, "valueCodeableConcept", e.ValueCodes);
        }

        if (!e.Components.IsDefaultOrEmpty)
        {
            w.WriteStartArray("component");
            foreach (var c in e.Components)
            {
                w.WriteStartObject();
                WriteCodeableConcept(w, "code", c.Codes);
                if (c.Value is { } cv)
                {
                    WriteQuantity(w, "valueQuantity", cv);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }
    }

    private static void WriteMedicationUse(Utf8JsonWriter w, ClinicalEvent e, EventHint hint, string subject)
    {
        if (hint.Medication == MedicationForm.Contained)
        {
            w.WriteStartArray("contained");
            WriteMedication(w, hint.Medicine!, e.Codes, "med");
            w.WriteEndArray();
        }

        WriteIfNotNull(w, "status", e.Status);
        if (e.Kind == ResourceKind.MedicationRequest)
        {
            WriteIfNotNull(w, "intent", e.Intent);
        }

        switch (hint.Medication)
        {
            case MedicationForm.Contained:
                WriteReference(w, "medicationReference", "#med");
                break;
            case MedicationForm.Reference:
                WriteReference(w, "medicationReference", "Medication/" + MedicationId(hint.Medicine!));
                break;
            default:
                WriteCodeableConcept(w, "medicationCodeableConcept", e.Codes);
                break;
        }

        WriteReference(w, "subject", subject);
        if (e.Kind == ResourceKind.MedicationRequest)
        {
            if (e.Date is { } authored)
            {
                WriteDate(w, "authoredOn", authored);
            }
        }
        else
        {
            if (e.Date is { } effective)
            {
                WriteDate(w, "effectiveDateTime", effective);
            }
            else if (e.Period is { } period)
            {
                WritePeriod(w, "effectivePeriod", period);
            }

            if (e.RecordedDate is { } asserted)
            {
                WriteDate(w, "dateAsserted", asserted);
            }
        }
    }

    public static void WriteCodeableConcept(Utf8JsonWriter w, string name, ImmutableArray<Coding> codes)
    {
        w.WriteStartObject(name);
        w.WriteStartArray("coding");
        foreach (var c in codes)
        {
            w.WriteStartObject();
            WriteIfNotNull(w, "system", c.System);
            WriteIfNotNull(w, "code", c.Code);
            WriteIfNotNull(w, "display", c.Display);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (codes.Length > 0 && codes[0].Display is { } text)
        {
            w.WriteString("text", text);
        }

        w.WriteEndObject();
    }

    private static void WriteStatusConcept(Utf8JsonWriter w, string name, string system, string code)
    {
        w.WriteStartObject(name);
        w.WriteStartArray("coding");
        w.WriteStartObject();
        w.WriteString("system", system);
        w.WriteString("code", code);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteCategories(Utf8JsonWriter w, ImmutableArray<Coding> categories)
    {
        if (categories.IsDefaultOrEmpty)
        {
            return;
        }

        w.WriteStartArray("category");
        foreach (var c in categories)
        {
            w.WriteStartObject();
            w.WriteStartArray("coding");
            w.WriteStartObject();
            WriteIfNotNull(w, "system", c.System);
            WriteIfNotNull(w, "code", c.Code);
            WriteIfNotNull(w, "display", c.Display);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    public static void WriteReference(Utf8JsonWriter w, string? name, string reference)
    {
        if (name is null)
        {
            w.WriteStartObject();
        }
        else
        {
            w.WriteStartObject(name);
        }

        w.WriteString("reference", reference);
        w.WriteEndObject();
    }

    private static void WritePeriod(Utf8JsonWriter w, string name, Period period)
    {
        w.WriteStartObject(name);
        if (period.Start is { } start)
        {
            WriteDate(w, "start", start);
        }

        if (period.End is { } end)
        {
            WriteDate(w, "end", end);
        }

        w.WriteEndObject();
    }

    private static void WriteQuantity(Utf8JsonWriter w, string name, Quantity q)
    {
        w.WriteStartObject(name);
        if (q.Value is { } v)
        {
            w.WriteNumber("value", v);
        }

        WriteIfNotNull(w, "comparator", q.Comparator);
        WriteIfNotNull(w, "unit", q.Unit);
        WriteIfNotNull(w, "system", q.System);
        WriteIfNotNull(w, "code", q.Code);
        w.WriteEndObject();
    }

    /// <summary>
    /// Writes a FHIR date without allocating for the common date-only forms (YYYY, YYYY-MM, YYYY-MM-DD); date-times go
    /// through <see cref="FhirDate.ToString"/>, which keeps seconds, fractions and offset exactly as parsed.
    /// </summary>
    private static void WriteDate(Utf8JsonWriter w, string name, FhirDate date)
    {
        if (date.Precision == DatePrecision.DateTime)
        {
            w.WriteString(name, date.ToString());
            return;
        }

        var d = date.Date;
        Span<byte> b = stackalloc byte[10];
        int length = date.Precision switch { DatePrecision.Year => 4, DatePrecision.Month => 7, _ => 10 };
        Digits(b, 0, d.Year, 4);
        if (length > 4)
        {
            b[4] = (byte)'-';
            Digits(b, 5, d.Month, 2);
        }

        if (length > 7)
        {
            b[7] = (byte)'-';
            Digits(b, 8, d.Day, 2);
        }

        w.WriteString(name, b[..length]);
    }

    private static void Digits(Span<byte> b, int at, int value, int count)
    {
        for (int i = at + count - 1; i >= at; i--)
        {
            b[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    private static void WriteIfNotNull(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }
}
