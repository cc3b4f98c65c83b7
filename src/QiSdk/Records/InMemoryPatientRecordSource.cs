using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace QiSdk.Records;

/// <summary>
/// An <see cref="IPatientRecordSource"/> over records a host already holds in memory: the same model the FHIR reader
/// builds, without JSON. The host builds <see cref="PatientRecord"/> and <see cref="ClinicalEvent"/> values directly.
/// </summary>
public sealed class InMemoryPatientRecordSource : IPatientRecordSource
{
    private readonly ImmutableArray<PatientRecord> _patients;

    /// <summary>Creates the source.</summary>
    /// <param name="patients">The patients, yielded in this order.</param>
    /// <exception cref="ArgumentNullException"><paramref name="patients"/> or one of them is null.</exception>
    public InMemoryPatientRecordSource(IEnumerable<PatientRecord> patients)
    {
        ArgumentNullException.ThrowIfNull(patients);
        _patients = [.. patients];
        foreach (var patient in _patients)
        {
            ArgumentNullException.ThrowIfNull(patient, nameof(patients));
        }
    }

    /// <summary>How many patients the source holds.</summary>
    public int Count => _patients.Length;

    /// <inheritdoc />
    public async IAsyncEnumerable<PatientRecord> ReadPatientsAsync(DataQualityLog log, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        foreach (var patient in _patients)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return patient;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }
}
