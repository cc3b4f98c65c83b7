using QiSdk.Records;

namespace QiSdk.Tests.Records;

// A made-up EMR vendor's own object model (no FHIR library): what a host holds in memory and maps to records through
// the public FhirRecordBuilder, as a vendor adapter would. Dates are kept as the text the EMR stored.

internal sealed record EmrCode(string System, string Code, string? Display = null);

internal sealed record EmrPatient(string? Id, string? NhsNumber, string? Sex, string? BirthDate, bool? Active, string? GpReference);

internal sealed record EmrReadingPart(EmrCode Code, decimal Value, string Unit, string Ucum);

internal sealed record EmrReading(string Id, string PatientReference, EmrCode Code, string? TakenAt, decimal? Value = null, string? Unit = null,
    string? Ucum = null, string? Comparator = null, EmrCode? Category = null, IReadOnlyList<EmrReadingPart>? Parts = null);

internal sealed record EmrProblem(string Id, string PatientReference, EmrCode Code, string? Status, string? OnsetStart, string? RecordedOn);

internal sealed record EmrPrescription(string Id, string PatientReference, string LocalDrugId, EmrCode Drug, string? AuthoredOn);

internal sealed record EmrVisit(string Id, string PatientReference, EmrCode Type, EmrCode Class, string? Start, string? End, EmrCode? Reason, EmrCode? Discharge);

/// <summary>An object the host cannot say the FHIR type of (e.g. a row from an unmapped table).</summary>
internal sealed record EmrUntyped(string Id);

/// <summary>An object of a FHIR type the model does not keep.</summary>
internal sealed record EmrOther(string ResourceType, string Id);

/// <summary>A reading whose stored date cannot be read back (its getter throws, as a lazily-loaded column might).</summary>
internal sealed class EmrCorruptReading(string id, string patientReference)
{
    public string Id { get; } = id;

    public string PatientReference { get; } = patientReference;

    public string TakenAt => throw new InvalidDataException($"column taken_at of {Id} holds 0x7f7f7f7f");
}

/// <summary>One item of a message; Item null for an entry without a resource (e.g. a deletion).</summary>
internal sealed record EmrEntry(string? FullUrl, object? Item);

internal sealed record EmrMessage(IReadOnlyList<EmrEntry> Entries);

/// <summary>The vendor's adapter: each object's fields handed to the builder in the builder's vocabulary.</summary>
internal static class EmrAdapter
{
    public static FhirReadResult Read(FhirRecordBuilder builder, string name, IEnumerable<object> items)
    {
        builder.BeginInput(name);
        foreach (object item in items)
        {
            if (item is EmrMessage message)
            {
                builder.BeginBundle();
                foreach (var entry in message.Entries)
                {
                    builder.BeginEntry(entry.FullUrl);
                    if (entry.Item is not null)
                    {
                        Map(builder, entry.Item);
                    }

                    builder.EndEntry();
                }

                builder.EndBundle();
            }
            else
            {
                Map(builder, item);
            }
        }

        return builder.Finish();
    }

    private static string? TypeOf(object item) => item switch
    {
        EmrPatient => "Patient",
        EmrReading or EmrCorruptReading => "Observation",
        EmrProblem => "Condition",
        EmrPrescription => "MedicationRequest",
        EmrVisit => "Encounter",
        EmrOther other => other.ResourceType,
        _ => null,
    };

    /// <summary>One object as one resource (outside a Bundle, or inside the entry begun).</summary>
    public static void Map(FhirRecordBuilder builder, object item)
    {
        if (!builder.BeginResource(TypeOf(item)))
        {
            return;
        }

        switch (item)
        {
            case EmrPatient p:
                builder.SetId(p.Id);
                if (p.NhsNumber is not null)
                {
                    builder.AddIdentifier(new Identifier("https://fhir.nhs.uk/Id/nhs-number", p.NhsNumber));
                }

                builder.SetGender(p.Sex);
                builder.SetBirthDate(builder.ReadDate(p.BirthDate, "birthDate"));
                builder.SetActive(p.Active);
                builder.AddGeneralPractitioner(p.GpReference);
                break;
            case EmrReading r:
                builder.SetId(r.Id);
                builder.SetStatus("final");
                if (r.Category is { } category)
                {
                    builder.AddCategory(Coding(category));
                }

                builder.AddCode(Coding(r.Code));
                builder.SetSubject(r.PatientReference);
                builder.SetDate(builder.ReadDate(r.TakenAt, "effectiveDateTime"));
                if (r.Value is not null)
                {
                    builder.SetValue(new Quantity(r.Value, r.Unit, "http://unitsofmeasure.org", r.Ucum, r.Comparator));
                }

                foreach (var part in r.Parts ?? [])
                {
                    builder.BeginComponent();
                    builder.AddCode(Coding(part.Code));
                    builder.SetValue(new Quantity(part.Value, part.Unit, "http://unitsofmeasure.org", part.Ucum));
                    builder.EndComponent();
                }

                break;
            case EmrProblem c:
                builder.SetId(c.Id);
                builder.SetClinicalStatus(c.Status);
                builder.AddCode(Coding(c.Code));
                builder.SetSubject(c.PatientReference);
                builder.SetPeriod(new Period(builder.ReadDate(c.OnsetStart, "onsetPeriod.start"), null));
                builder.SetRecordedDate(builder.ReadDate(c.RecordedOn, "recordedDate"));
                break;
            case EmrPrescription m:
                builder.SetId(m.Id);
                builder.SetStatus("active");
                builder.SetIntent("order");
                if (builder.BeginContained("Medication", m.LocalDrugId))
                {
                    builder.AddCode(Coding(m.Drug));
                    builder.EndContained();
                }

                builder.SetMedicationReference("#" + m.LocalDrugId);
                builder.SetSubject(m.PatientReference);
                builder.SetDate(builder.ReadDate(m.AuthoredOn, "authoredOn"));
                break;
            case EmrVisit e:
                builder.SetId(e.Id);
                builder.SetStatus("finished");
                builder.SetEncounterClass(Coding(e.Class));
                builder.AddCode(Coding(e.Type));
                builder.SetSubject(e.PatientReference);
                builder.SetPeriod(new Period(builder.ReadDate(e.Start, "period.start"), builder.ReadDate(e.End, "period.end")));
                if (e.Reason is { } reason)
                {
                    builder.AddReasonCode(Coding(reason));
                }

                if (e.Discharge is { } discharge)
                {
                    builder.AddDischargeDisposition(Coding(discharge));
                }

                break;
            case EmrCorruptReading bad:
                builder.SetId(bad.Id);
                builder.SetSubject(bad.PatientReference);
                try
                {
                    builder.SetDate(builder.ReadDate(bad.TakenAt, "effectiveDateTime"));
                }
                catch (InvalidDataException ex)
                {
                    builder.SkipResource("effectiveDateTime", ex.Message);
                    return;
                }

                break;
            case EmrOther other:
                builder.SetId(other.Id);
                break;
        }

        builder.EndResource();
    }

    private static Coding Coding(EmrCode code) => new(code.System, code.Code, code.Display);
}
