using System.Runtime.CompilerServices;
using Hl7.Fhir.Model;
using QiSdk.Records;

namespace QiSdk.Firely;

/// <summary>
/// An <see cref="IPatientRecordSource"/> over Firely SDK (Hl7.Fhir.R4) objects the host already holds: Bundles, or its own
/// <c>Patient</c>, <c>Condition</c>, <c>Observation</c>, <c>MedicationRequest</c>, <c>MedicationStatement</c>,
/// <c>Medication</c>, <c>Procedure</c>, <c>Immunization</c>, <c>Encounter</c>, <c>AllergyIntolerance</c> and
/// <c>EpisodeOfCare</c> objects, in any order. Nothing is serialised to JSON: the objects are read directly into the
/// same model, with the same reference resolution, skip counts and problems (codes QI10xx, located by resource type,
/// id, element and Bundle entry) as <see cref="FhirRecordReader"/> gives for the same resources as JSON.
/// A Bundle's <c>urn:uuid</c> references resolve against its own entries' <c>fullUrl</c>s; <c>Patient/id</c>
/// references against every Patient given. The objects are only read, never changed; read them again by calling again.
/// Built on the public <see cref="FhirRecordBuilder"/>, which a host with its own object model can use the same way.
/// </summary>
public sealed class FirelyPatientRecordSource : IPatientRecordSource
{
    private readonly IReadOnlyList<Resource> _resources;
    private readonly FhirRecordReader _reader;

    /// <summary>Creates the source.</summary>
    /// <param name="resources">The resources; a Bundle among them is read entry by entry.</param>
    /// <param name="name">What problems point at as their "file" (default <c>host objects</c>).</param>
    /// <param name="options">Reader options (<see cref="FhirReaderOptions.Strict"/> stops at the first problem); defaults when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="resources"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size or depth option is not positive (as for <see cref="FhirRecordReader"/>).</exception>
    public FirelyPatientRecordSource(IEnumerable<Resource> resources, string? name = null, FhirReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(resources);
        _resources = [.. resources];
        Name = string.IsNullOrEmpty(name) ? "host objects" : name;
        _reader = new FhirRecordReader(options);
    }

    /// <summary>What problems point at as their "file".</summary>
    public string Name { get; }

    /// <summary>A source over one Bundle (e.g. a <c>$everything</c> result or a transaction the host received).</summary>
    /// <param name="bundle">The Bundle.</param>
    /// <param name="name">What problems point at (default <c>Bundle/{id}</c>, or <c>Bundle</c>).</param>
    /// <param name="options">Reader options; defaults when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="bundle"/> is null.</exception>
    public static FirelyPatientRecordSource FromBundle(Bundle bundle, string? name = null, FhirReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        return new FirelyPatientRecordSource([bundle], name ?? (bundle.Id is { } id ? "Bundle/" + id : "Bundle"), options);
    }

    /// <summary>
    /// Reads every resource into patient records, with per-type counts (read, kept, skipped with reasons) and problems,
    /// exactly as <see cref="FhirRecordReader.ReadAsync(IEnumerable{string}, DataQualityLog?, CancellationToken)"/> reports them.
    /// </summary>
    /// <param name="log">Receives each problem as it is found; optional.</param>
    /// <param name="cancellationToken">Stops between resources.</param>
    /// <exception cref="FhirReadException">Strict mode, at the first problem of severity Warning or above.</exception>
    public FhirReadResult Read(DataQualityLog? log = null, CancellationToken cancellationToken = default)
    {
        var builder = _reader.CreateRecordBuilder(log);
        builder.BeginInput(Name);
        var mapper = new FirelyResourceMapper(builder);
        foreach (var resource in _resources)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (resource is Bundle bundle)
            {
                mapper.ReadBundle(bundle, cancellationToken);
            }
            else
            {
                mapper.ReadResource(resource);
            }
        }

        return builder.Finish();
    }

    /// <inheritdoc />
    public IAsyncEnumerable<PatientRecord> ReadPatientsAsync(DataQualityLog log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        return Yield(log, cancellationToken);
    }

    private async IAsyncEnumerable<PatientRecord> Yield(DataQualityLog log, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var result = Read(log, cancellationToken);
        foreach (var patient in result.Patients)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return patient;
        }

        await System.Threading.Tasks.Task.CompletedTask.ConfigureAwait(false);
    }
}
