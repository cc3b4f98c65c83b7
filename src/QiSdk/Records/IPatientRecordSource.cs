namespace QiSdk.Records;

/// <summary>
/// Anything that yields patient records: the FHIR JSON reader, or a host's own in-memory records (no JSON needed).
/// </summary>
public interface IPatientRecordSource
{
    /// <summary>Yields each patient once. Problems found while reading go to <paramref name="log"/>.</summary>
    /// <param name="log">Where data-quality problems are recorded.</param>
    /// <param name="cancellationToken">Stops the read promptly.</param>
    IAsyncEnumerable<PatientRecord> ReadPatientsAsync(DataQualityLog log, CancellationToken cancellationToken = default);
}
