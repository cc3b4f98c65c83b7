using System.Text;
using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;
using QiSdk.Reports;

namespace QiSdk.Firely.Tests.Conformance;

/// <summary>
/// Firely's validator against the base R4 specification (Hl7.Fhir.Specification.Data.R4's specification.zip, no network;
/// terminology checked locally against the spec's own code systems and value sets) plus the StructureDefinitions QiSdk
/// ships for its extensions, and nothing else of ours: the oracle shares none of the writers' code. Built once per test
/// run (loading the spec is the slow part) and shared; validation itself is not thread-safe here, so it is locked.
/// </summary>
internal static class R4Validator
{
    private static readonly Lazy<Validator> Instance = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lock Gate = new();

    /// <summary>Firely's strict parser: what it refuses (e.g. an id over 64 characters) is an error too.</summary>
    public static readonly FhirJsonDeserializer StrictParser = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));

    /// <summary>Parses and validates one resource's JSON. Returns every issue of severity error or fatal, located.</summary>
    public static IReadOnlyList<string> Errors(string json, string where) => Issues(json, where).Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal).Select(i => i.Text).ToList();

    /// <summary>Every issue (any severity) for one resource's JSON.</summary>
    public static IReadOnlyList<(OperationOutcome.IssueSeverity? Severity, string Text)> Issues(string json, string where)
    {
        Resource resource;
        try
        {
            resource = StrictParser.DeserializeResource(json);
        }
        catch (DeserializationFailedException ex)
        {
            return [.. ex.Exceptions.Select(e => ((OperationOutcome.IssueSeverity?)OperationOutcome.IssueSeverity.Error, $"{where}: Firely's parser refuses it: {e.Message}"))];
        }

        OperationOutcome outcome;
        lock (Gate)
        {
            outcome = Instance.Value.Validate(resource);
        }

        return [.. outcome.Issue.Select(i => (i.Severity, $"{where}: {i.Severity} {i.Code} at {string.Join(",", i.Expression ?? [])}: {i.Details?.Text ?? i.Diagnostics}"))];
    }

    private static Validator Create()
    {
        var spec = ZipSource.CreateValidationSource();
        var ours = new QiSdkConformanceSource();
        var resolver = new CachedResolver(new SnapshotSource(new MultiResolver(ours, spec)));
        var terminology = LocalTerminologyService.CreateDefaultForCore(resolver);
        return new Validator(resolver, terminology, null, new ValidationSettings());
    }

    /// <summary>The StructureDefinitions QiSdk embeds, parsed with Firely; resolved by canonical URL.</summary>
    private sealed class QiSdkConformanceSource : IResourceResolver, IAsyncResourceResolver
    {
        private readonly Dictionary<string, Resource> _byUrl = FhirCatalogueWriter.StructureDefinitions()
            .ToDictionary(r => r.Url, r => StrictParser.DeserializeResource(Encoding.UTF8.GetString(r.Json.Span)), StringComparer.Ordinal);

        public Resource? ResolveByUri(string uri) => ResolveByCanonicalUri(uri);

        public Resource? ResolveByCanonicalUri(string uri) => _byUrl.GetValueOrDefault(uri.Split('|')[0]);

        public System.Threading.Tasks.Task<Resource?> ResolveByUriAsync(string uri) => System.Threading.Tasks.Task.FromResult(ResolveByUri(uri));

        public System.Threading.Tasks.Task<Resource?> ResolveByCanonicalUriAsync(string uri) => System.Threading.Tasks.Task.FromResult(ResolveByCanonicalUri(uri));
    }
}
