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
}

/// <summary>Maps a UTF-8 property name to <see cref="FhirProperty"/> without allocating (length first, then bytes).</summary>
internal static class FhirProperties
{
    public static FhirProperty Identify(ReadOnlySpan<byte> name)
    {
        switch (name.Length)
        {
            case 2:
                if (name.SequenceEqual("id"u8))
                {
                    return FhirProperty.Id;
                }

                return FhirProperty.Unknown;
            case 3:
                if (name.SequenceEqual("end"u8))
                {
                    return FhirProperty.End;
                }

                return FhirProperty.Unknown;
            case 4:
                if (name.SequenceEqual("code"u8))
                {
                    return FhirProperty.Code;
                }

                if (name.SequenceEqual("type"u8))
                {
                    return FhirProperty.Type;
                }

                if (name.SequenceEqual("text"u8))
                {
                    return FhirProperty.Text;
                }

                if (name.SequenceEqual("unit"u8))
                {
                    return FhirProperty.Unit;
                }

                return FhirProperty.Unknown;
            case 5:
                if (name.SequenceEqual("entry"u8))
                {
                    return FhirProperty.Entry;
                }

                if (name.SequenceEqual("value"u8))
                {
                    return FhirProperty.Value;
                }

                if (name.SequenceEqual("start"u8))
                {
                    return FhirProperty.Start;
                }

                return FhirProperty.Unknown;
            case 6:
                if (name.SequenceEqual("status"u8))
                {
                    return FhirProperty.Status;
                }

                if (name.SequenceEqual("intent"u8))
                {
                    return FhirProperty.Intent;
                }

                if (name.SequenceEqual("period"u8))
                {
                    return FhirProperty.Period;
                }

                if (name.SequenceEqual("issued"u8))
                {
                    return FhirProperty.Issued;
                }

                if (name.SequenceEqual("gender"u8))
                {
                    return FhirProperty.Gender;
                }

                if (name.SequenceEqual("active"u8))
                {
                    return FhirProperty.Active;
                }

                if (name.SequenceEqual("coding"u8))
                {
                    return FhirProperty.Coding;
                }

                if (name.SequenceEqual("system"u8))
                {
                    return FhirProperty.System;
                }

                return FhirProperty.Unknown;
            case 7:
                if (name.SequenceEqual("subject"u8))
                {
                    return FhirProperty.Subject;
                }

                if (name.SequenceEqual("patient"u8))
                {
                    return FhirProperty.Patient;
                }

                if (name.SequenceEqual("fullUrl"u8))
                {
                    return FhirProperty.FullUrl;
                }

                if (name.SequenceEqual("display"u8))
                {
                    return FhirProperty.Display;
                }

                return FhirProperty.Unknown;
            case 8:
                if (name.SequenceEqual("category"u8))
                {
                    return FhirProperty.Category;
                }

                if (name.SequenceEqual("recorded"u8))
                {
                    return FhirProperty.Recorded;
                }

                if (name.SequenceEqual("resource"u8))
                {
                    return FhirProperty.Resource;
                }

                return FhirProperty.Unknown;
            case 9:
                if (name.SequenceEqual("component"u8))
                {
                    return FhirProperty.Component;
                }

                if (name.SequenceEqual("contained"u8))
                {
                    return FhirProperty.Contained;
                }

                if (name.SequenceEqual("birthDate"u8))
                {
                    return FhirProperty.BirthDate;
                }

                if (name.SequenceEqual("reference"u8))
                {
                    return FhirProperty.Reference;
                }

                return FhirProperty.Unknown;
            case 10:
                if (name.SequenceEqual("authoredOn"u8))
                {
                    return FhirProperty.AuthoredOn;
                }

                if (name.SequenceEqual("identifier"u8))
                {
                    return FhirProperty.Identifier;
                }

                if (name.SequenceEqual("comparator"u8))
                {
                    return FhirProperty.Comparator;
                }

                return FhirProperty.Unknown;
            case 11:
                if (name.SequenceEqual("vaccineCode"u8))
                {
                    return FhirProperty.VaccineCode;
                }

                if (name.SequenceEqual("onsetPeriod"u8))
                {
                    return FhirProperty.OnsetPeriod;
                }

                return FhirProperty.Unknown;
            case 12:
                if (name.SequenceEqual("resourceType"u8))
                {
                    return FhirProperty.ResourceType;
                }

                if (name.SequenceEqual("recordedDate"u8))
                {
                    return FhirProperty.RecordedDate;
                }

                if (name.SequenceEqual("dateAsserted"u8))
                {
                    return FhirProperty.DateAsserted;
                }

                if (name.SequenceEqual("valueInteger"u8))
                {
                    return FhirProperty.ValueInteger;
                }

                return FhirProperty.Unknown;
            case 13:
                if (name.SequenceEqual("onsetDateTime"u8))
                {
                    return FhirProperty.OnsetDateTime;
                }

                if (name.SequenceEqual("valueQuantity"u8))
                {
                    return FhirProperty.ValueQuantity;
                }

                return FhirProperty.Unknown;
            case 14:
                if (name.SequenceEqual("clinicalStatus"u8))
                {
                    return FhirProperty.ClinicalStatus;
                }

                return FhirProperty.Unknown;
            case 15:
                if (name.SequenceEqual("effectivePeriod"u8))
                {
                    return FhirProperty.EffectivePeriod;
                }

                if (name.SequenceEqual("performedPeriod"u8))
                {
                    return FhirProperty.PerformedPeriod;
                }

                if (name.SequenceEqual("abatementPeriod"u8))
                {
                    return FhirProperty.AbatementPeriod;
                }

                if (name.SequenceEqual("deceasedBoolean"u8))
                {
                    return FhirProperty.DeceasedBoolean;
                }

                return FhirProperty.Unknown;
            case 16:
                if (name.SequenceEqual("effectiveInstant"u8))
                {
                    return FhirProperty.EffectiveInstant;
                }

                if (name.SequenceEqual("deceasedDateTime"u8))
                {
                    return FhirProperty.DeceasedDateTime;
                }

                return FhirProperty.Unknown;
            case 17:
                if (name.SequenceEqual("effectiveDateTime"u8))
                {
                    return FhirProperty.EffectiveDateTime;
                }

                if (name.SequenceEqual("performedDateTime"u8))
                {
                    return FhirProperty.PerformedDateTime;
                }

                if (name.SequenceEqual("abatementDateTime"u8))
                {
                    return FhirProperty.AbatementDateTime;
                }

                return FhirProperty.Unknown;
            case 18:
                if (name.SequenceEqual("verificationStatus"u8))
                {
                    return FhirProperty.VerificationStatus;
                }

                if (name.SequenceEqual("occurrenceDateTime"u8))
                {
                    return FhirProperty.OccurrenceDateTime;
                }

                return FhirProperty.Unknown;
            case 19:
                if (name.SequenceEqual("medicationReference"u8))
                {
                    return FhirProperty.MedicationReference;
                }

                if (name.SequenceEqual("generalPractitioner"u8))
                {
                    return FhirProperty.GeneralPractitioner;
                }

                return FhirProperty.Unknown;
            case 20:
                if (name.SequenceEqual("valueCodeableConcept"u8))
                {
                    return FhirProperty.ValueCodeableConcept;
                }

                if (name.SequenceEqual("managingOrganization"u8))
                {
                    return FhirProperty.ManagingOrganization;
                }

                return FhirProperty.Unknown;
            case 25:
                if (name.SequenceEqual("medicationCodeableConcept"u8))
                {
                    return FhirProperty.MedicationCodeableConcept;
                }

                return FhirProperty.Unknown;
            default:
                return FhirProperty.Unknown;
        }
    }
}
