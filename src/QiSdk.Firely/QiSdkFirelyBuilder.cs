using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using QiSdk.Codes;
using QiSdk.Records;

namespace QiSdk.Firely;

/// <summary>What a host hands QiSdk as Firely objects; see <see cref="QiSdkFirelyServiceCollectionExtensions.AddQiSdkFirely"/>.</summary>
public sealed class QiSdkFirelyBuilder
{
    private readonly IServiceCollection _services;

    internal QiSdkFirelyBuilder(IServiceCollection services) => _services = services;

    /// <summary>
    /// The patients' records: called at the start of every audit run for the resources to read (Bundles or loose
    /// Patient, Condition, Observation, ... objects). Replaces any <see cref="IPatientRecordSource"/> registered before.
    /// </summary>
    /// <param name="resources">Gives the current resources.</param>
    /// <param name="options">Reader options (e.g. strict); defaults when null.</param>
    /// <returns>This builder.</returns>
    public QiSdkFirelyBuilder Records(Func<IServiceProvider, IEnumerable<Resource>> resources, FhirReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(resources);
        _services.RemoveAll<IPatientRecordSource>();
        _services.AddSingleton<IPatientRecordSource>(sp => new DeferredFirelySource(() => new FirelyPatientRecordSource(resources(sp), "host objects", options)));
        return this;
    }

    /// <summary>Adds ValueSets as code sets (one per ValueSet, named by its <c>url</c>, else its <c>id</c>, as from a file).</summary>
    /// <param name="valueSets">The ValueSets.</param>
    /// <returns>This builder.</returns>
    public QiSdkFirelyBuilder ValueSets(IEnumerable<ValueSet> valueSets)
    {
        ArgumentNullException.ThrowIfNull(valueSets);
        _services.AddSingleton<ICodeSetProvider>(new FirelyValueSetProvider(valueSets));
        return this;
    }

    /// <summary>Adds ConceptMaps as code maps (local codes to the standard codes the indicators use).</summary>
    /// <param name="conceptMaps">The ConceptMaps.</param>
    /// <returns>This builder.</returns>
    public QiSdkFirelyBuilder ConceptMaps(IEnumerable<ConceptMap> conceptMaps)
    {
        ArgumentNullException.ThrowIfNull(conceptMaps);
        _services.AddSingleton<ICodeMapProvider>(new FirelyConceptMapProvider(conceptMaps));
        return this;
    }

    private sealed class DeferredFirelySource(Func<FirelyPatientRecordSource> create) : IPatientRecordSource
    {
        public IAsyncEnumerable<PatientRecord> ReadPatientsAsync(DataQualityLog log, CancellationToken cancellationToken = default) =>
            create().ReadPatientsAsync(log, cancellationToken);
    }
}
