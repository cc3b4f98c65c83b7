using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using QiSdk;
using QiSdk.Records;

namespace EmbedInEmr;

/// <summary>
/// The one piece of glue a host writes: its own objects -> QiSdk's patient model. No JSON, no FHIR server.
/// The host's code schemes are passed through as code systems; QiSdk resolves the aliases (READ2, SNOMED, DMD).
/// </summary>
internal sealed class EmrRecordSource(IReadOnlyList<EmrPatient> patients) : IPatientRecordSource
{
    public async IAsyncEnumerable<PatientRecord> ReadPatientsAsync(DataQualityLog log, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var patient in patients)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new PatientRecord
            {
                Id = patient.PatientNumber,
                BirthDate = FhirDate.FromDate(patient.DateOfBirth),
                Gender = patient.Sex switch { 'F' => AdministrativeGender.Female, 'M' => AdministrativeGender.Male, _ => AdministrativeGender.Unknown },
                Active = patient.Registered,
                DeceasedDate = patient.DateOfDeath is { } died ? FhirDate.FromDate(died) : null,
                Events = [.. patient.Journal.Select(ToEvent)],
            };
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    private static ClinicalEvent ToEvent(EmrEntry entry) => new()
    {
        Kind = entry.Type switch
        {
            EmrEntryType.Problem => ResourceKind.Condition,
            EmrEntryType.Result => ResourceKind.Observation,
            _ => ResourceKind.MedicationRequest,
        },
        Id = entry.Id,
        Codes = [new Coding(entry.Scheme, entry.Code, entry.Term)],
        Date = FhirDate.FromDate(entry.Date),
        Status = entry.Type switch
        {
            EmrEntryType.Result => entry.EnteredInError ? "entered-in-error" : "final",
            EmrEntryType.Issue => entry.EnteredInError ? "entered-in-error" : "active",
            _ => null,
        },
        VerificationStatus = entry.Type == EmrEntryType.Problem ? (entry.EnteredInError ? "entered-in-error" : "confirmed") : null,
        Intent = entry.Type == EmrEntryType.Issue ? "order" : null,
        Value = entry.Value is { } value ? new Quantity(value, entry.Unit, "http://unitsofmeasure.org", entry.Unit) : null,
    };
}
