namespace QiSdk.Records;

/// <summary>The JSON property names the reader acts on; everything else is skipped.</summary>
internal enum FhirProperty : byte
{
    Unknown = 0,
    ResourceType,
    Id,
    Status,
    Intent,
    ClinicalStatus,
    VerificationStatus,
    Code,
    VaccineCode,
    Type,
    MedicationCodeableConcept,
    MedicationReference,
    Category,
    Subject,
    Patient,
    OnsetDateTime,
    OnsetPeriod,
    EffectiveDateTime,
    EffectiveInstant,
    EffectivePeriod,
    AuthoredOn,
    PerformedDateTime,
    PerformedPeriod,
    OccurrenceDateTime,
    Period,
    RecordedDate,
    Issued,
    DateAsserted,
    Recorded,
    AbatementDateTime,
    AbatementPeriod,
    ValueQuantity,
    ValueCodeableConcept,
    ValueInteger,
    Component,
    Contained,
    Identifier,
    BirthDate,
    Gender,
    DeceasedBoolean,
    DeceasedDateTime,
    Active,
    GeneralPractitioner,
    ManagingOrganization,
    Entry,
    FullUrl,
    Resource,
    Coding,
    System,
    Display,
    Text,
    Value,
    Unit,
    Comparator,
    Start,
    End,
    Reference,
    DoNotPerform,
    Encounter,
    Class,
    Hospitalization,
    DischargeDisposition,
    ReasonCode,
    CodeCodeableConcept,
    Event,
    Date,
    ModifierExtension,
    Url,
    ValueBoolean,
}

/// <summary>Maps a UTF-8 property name to <see cref="FhirProperty"/> without allocating (length, first byte, then bytes).</summary>
internal static class FhirProperties
{
    public static FhirProperty Identify(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty)
        {
            return FhirProperty.Unknown;
        }

        FhirProperty candidate = (name.Length, name[0]) switch
        {
            (2, (byte)'i') => FhirProperty.Id,
            (3, (byte)'e') => FhirProperty.End,
            (3, (byte)'u') => FhirProperty.Url,
            (4, (byte)'d') => FhirProperty.Date,
            (4, (byte)'c') => FhirProperty.Code,
            (4, (byte)'t') => name[1] == (byte)'y' ? FhirProperty.Type : name[1] == (byte)'e' ? FhirProperty.Text : FhirProperty.Unknown,
            (4, (byte)'u') => FhirProperty.Unit,
            (5, (byte)'c') => FhirProperty.Class,
            (5, (byte)'e') => name[1] == (byte)'n' ? FhirProperty.Entry : name[1] == (byte)'v' ? FhirProperty.Event : FhirProperty.Unknown,
            (5, (byte)'s') => FhirProperty.Start,
            (5, (byte)'v') => FhirProperty.Value,
            (6, (byte)'a') => FhirProperty.Active,
            (6, (byte)'c') => FhirProperty.Coding,
            (6, (byte)'g') => FhirProperty.Gender,
            (6, (byte)'i') => name[1] == (byte)'n' ? FhirProperty.Intent : name[1] == (byte)'s' ? FhirProperty.Issued : FhirProperty.Unknown,
            (6, (byte)'p') => FhirProperty.Period,
            (6, (byte)'s') => name[1] == (byte)'t' ? FhirProperty.Status : name[1] == (byte)'y' ? FhirProperty.System : FhirProperty.Unknown,
            (7, (byte)'d') => FhirProperty.Display,
            (7, (byte)'f') => FhirProperty.FullUrl,
            (7, (byte)'p') => FhirProperty.Patient,
            (7, (byte)'s') => FhirProperty.Subject,
            (8, (byte)'c') => FhirProperty.Category,
            (8, (byte)'r') => name[2] == (byte)'c' ? FhirProperty.Recorded : name[2] == (byte)'s' ? FhirProperty.Resource : FhirProperty.Unknown,
            (9, (byte)'b') => FhirProperty.BirthDate,
            (9, (byte)'c') => name[2] == (byte)'m' ? FhirProperty.Component : name[2] == (byte)'n' ? FhirProperty.Contained : FhirProperty.Unknown,
            (9, (byte)'e') => FhirProperty.Encounter,
            (9, (byte)'r') => FhirProperty.Reference,
            (10, (byte)'a') => FhirProperty.AuthoredOn,
            (10, (byte)'c') => FhirProperty.Comparator,
            (10, (byte)'i') => FhirProperty.Identifier,
            (10, (byte)'r') => FhirProperty.ReasonCode,
            (11, (byte)'o') => FhirProperty.OnsetPeriod,
            (11, (byte)'v') => FhirProperty.VaccineCode,
            (12, (byte)'d') => name[1] == (byte)'a' ? FhirProperty.DateAsserted : name[1] == (byte)'o' ? FhirProperty.DoNotPerform : FhirProperty.Unknown,
            (12, (byte)'r') => name[2] == (byte)'s' ? FhirProperty.ResourceType : name[2] == (byte)'c' ? FhirProperty.RecordedDate : FhirProperty.Unknown,
            (12, (byte)'v') => name[5] == (byte)'I' ? FhirProperty.ValueInteger : name[5] == (byte)'B' ? FhirProperty.ValueBoolean : FhirProperty.Unknown,
            (13, (byte)'o') => FhirProperty.OnsetDateTime,
            (13, (byte)'v') => FhirProperty.ValueQuantity,
            (14, (byte)'c') => FhirProperty.ClinicalStatus,
            (15, (byte)'a') => FhirProperty.AbatementPeriod,
            (15, (byte)'d') => FhirProperty.DeceasedBoolean,
            (15, (byte)'e') => FhirProperty.EffectivePeriod,
            (15, (byte)'h') => FhirProperty.Hospitalization,
            (15, (byte)'p') => FhirProperty.PerformedPeriod,
            (16, (byte)'d') => FhirProperty.DeceasedDateTime,
            (16, (byte)'e') => FhirProperty.EffectiveInstant,
            (17, (byte)'a') => FhirProperty.AbatementDateTime,
            (17, (byte)'e') => FhirProperty.EffectiveDateTime,
            (17, (byte)'m') => FhirProperty.ModifierExtension,
            (17, (byte)'p') => FhirProperty.PerformedDateTime,
            (18, (byte)'o') => FhirProperty.OccurrenceDateTime,
            (18, (byte)'v') => FhirProperty.VerificationStatus,
            (19, (byte)'c') => FhirProperty.CodeCodeableConcept,
            (19, (byte)'g') => FhirProperty.GeneralPractitioner,
            (19, (byte)'m') => FhirProperty.MedicationReference,
            (20, (byte)'d') => FhirProperty.DischargeDisposition,
            (20, (byte)'m') => FhirProperty.ManagingOrganization,
            (20, (byte)'v') => FhirProperty.ValueCodeableConcept,
            (25, (byte)'m') => FhirProperty.MedicationCodeableConcept,
            _ => FhirProperty.Unknown,
        };

        return candidate != FhirProperty.Unknown && name.SequenceEqual(Names[(int)candidate]) ? candidate : FhirProperty.Unknown;
    }

    /// <summary>The JSON name of <paramref name="property"/> (for problem paths).</summary>
    public static string NameOf(FhirProperty property) => System.Text.Encoding.UTF8.GetString(Names[(int)property]);

    // Indexed by FhirProperty (enum order).
    private static readonly byte[][] Names =
    [
        [],
        "resourceType"u8.ToArray(),
        "id"u8.ToArray(),
        "status"u8.ToArray(),
        "intent"u8.ToArray(),
        "clinicalStatus"u8.ToArray(),
        "verificationStatus"u8.ToArray(),
        "code"u8.ToArray(),
        "vaccineCode"u8.ToArray(),
        "type"u8.ToArray(),
        "medicationCodeableConcept"u8.ToArray(),
        "medicationReference"u8.ToArray(),
        "category"u8.ToArray(),
        "subject"u8.ToArray(),
        "patient"u8.ToArray(),
        "onsetDateTime"u8.ToArray(),
        "onsetPeriod"u8.ToArray(),
        "effectiveDateTime"u8.ToArray(),
        "effectiveInstant"u8.ToArray(),
        "effectivePeriod"u8.ToArray(),
        "authoredOn"u8.ToArray(),
        "performedDateTime"u8.ToArray(),
        "performedPeriod"u8.ToArray(),
        "occurrenceDateTime"u8.ToArray(),
        "period"u8.ToArray(),
        "recordedDate"u8.ToArray(),
        "issued"u8.ToArray(),
        "dateAsserted"u8.ToArray(),
        "recorded"u8.ToArray(),
        "abatementDateTime"u8.ToArray(),
        "abatementPeriod"u8.ToArray(),
        "valueQuantity"u8.ToArray(),
        "valueCodeableConcept"u8.ToArray(),
        "valueInteger"u8.ToArray(),
        "component"u8.ToArray(),
        "contained"u8.ToArray(),
        "identifier"u8.ToArray(),
        "birthDate"u8.ToArray(),
        "gender"u8.ToArray(),
        "deceasedBoolean"u8.ToArray(),
        "deceasedDateTime"u8.ToArray(),
        "active"u8.ToArray(),
        "generalPractitioner"u8.ToArray(),
        "managingOrganization"u8.ToArray(),
        "entry"u8.ToArray(),
        "fullUrl"u8.ToArray(),
        "resource"u8.ToArray(),
        "coding"u8.ToArray(),
        "system"u8.ToArray(),
        "display"u8.ToArray(),
        "text"u8.ToArray(),
        "value"u8.ToArray(),
        "unit"u8.ToArray(),
        "comparator"u8.ToArray(),
        "start"u8.ToArray(),
        "end"u8.ToArray(),
        "reference"u8.ToArray(),
        "doNotPerform"u8.ToArray(),
        "encounter"u8.ToArray(),
        "class"u8.ToArray(),
        "hospitalization"u8.ToArray(),
        "dischargeDisposition"u8.ToArray(),
        "reasonCode"u8.ToArray(),
        "codeCodeableConcept"u8.ToArray(),
        "event"u8.ToArray(),
        "date"u8.ToArray(),
        "modifierExtension"u8.ToArray(),
        "url"u8.ToArray(),
        "valueBoolean"u8.ToArray(),
    ];
}

/// <summary>
/// The properties already met in one JSON object: 128 bits, since <see cref="FhirProperty"/> has more than 64 names.
/// Two <see cref="ulong"/>s rather than <see cref="UInt128"/>: a method that shifts a <see cref="UInt128"/> cannot be
/// precompiled (ReadyToRun) outside the framework, and this one runs for every property read.
/// </summary>
internal struct FhirPropertySet
{
    private ulong _low;
    private ulong _high;

    /// <summary>Adds <paramref name="property"/>; false when it was already there.</summary>
    public bool Add(FhirProperty property)
    {
        int index = (int)property;
        ulong bit = 1UL << (index & 63);
        ref ulong word = ref index < 64 ? ref _low : ref _high;
        if ((word & bit) != 0)
        {
            return false;
        }

        word |= bit;
        return true;
    }
}
