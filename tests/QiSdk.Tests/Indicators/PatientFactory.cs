using System.Collections.Immutable;
using QiSdk.Records;

namespace QiSdk.Tests.Indicators;

/// <summary>Builds hand-made patients and events for indicator tests.</summary>
internal static class PatientFactory
{
    public const string Snomed = "http://snomed.info/sct";
    public const string Loinc = "http://loinc.org";
    private static int _next;

    public static PatientRecord Patient(string birthDate, AdministrativeGender gender = AdministrativeGender.Female, params ClinicalEvent[] events) => new()
    {
        Id = "p" + Interlocked.Increment(ref _next),
        BirthDate = FhirDate.Parse(birthDate),
        Gender = gender,
        Events = [.. events],
    };

    public static ClinicalEvent Condition(string code, string? date, string system = Snomed, string? verification = null) => new()
    {
        Kind = ResourceKind.Condition,
        Id = "c" + Interlocked.Increment(ref _next),
        Codes = [new Coding(system, code)],
        Date = date is null ? null : FhirDate.Parse(date),
        VerificationStatus = verification,
    };

    public static ClinicalEvent Observation(string code, string? date, decimal? value = null, string? unit = null, string system = Snomed, string status = "final") => new()
    {
        Kind = ResourceKind.Observation,
        Id = "o" + Interlocked.Increment(ref _next),
        Codes = [new Coding(system, code)],
        Date = date is null ? null : FhirDate.Parse(date),
        Status = status,
        Value = value is null && unit is null ? null : new Quantity(value, unit, "http://unitsofmeasure.org", unit),
    };

    public static ClinicalEvent BpPanel(string date, decimal systolic, decimal diastolic, string unit = "mm[Hg]") => new()
    {
        Kind = ResourceKind.Observation,
        Id = "bp" + Interlocked.Increment(ref _next),
        Codes = [new Coding(Loinc, "85354-9")],
        Date = FhirDate.Parse(date),
        Status = "final",
        Components =
        [
            new ObservationComponent { Codes = [new Coding(Loinc, "8480-6")], Value = new Quantity(systolic, unit, "http://unitsofmeasure.org", unit) },
            new ObservationComponent { Codes = [new Coding(Loinc, "8462-4")], Value = new Quantity(diastolic, unit, "http://unitsofmeasure.org", unit) },
        ],
    };

    public static ClinicalEvent Prescription(string code, string date, string status = "active", string intent = "order", string system = Snomed) => new()
    {
        Kind = ResourceKind.MedicationRequest,
        Id = "m" + Interlocked.Increment(ref _next),
        Codes = [new Coding(system, code)],
        Date = FhirDate.Parse(date),
        Status = status,
        Intent = intent,
    };

    public static ClinicalEvent Statement(string code, string date, string status = "active") => new()
    {
        Kind = ResourceKind.MedicationStatement,
        Id = "s" + Interlocked.Increment(ref _next),
        Codes = [new Coding(Snomed, code)],
        Date = FhirDate.Parse(date),
        Status = status,
    };

    public static PatientRecord With(this PatientRecord p, params ClinicalEvent[] more) => p with { Events = p.Events.AddRange(more) };

    public static ImmutableArray<ClinicalEvent> None => [];
}
