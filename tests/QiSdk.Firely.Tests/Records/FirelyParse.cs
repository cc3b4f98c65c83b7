using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace QiSdk.Firely.Tests.Records;

/// <summary>Firely's own JSON parser, the independent oracle for what a FHIR file holds.</summary>
internal static class FirelyParse
{
    // Ostrich: keeps everything it can read (invalid dates, unknown codes as written) and says what it could not.
    private static readonly FhirJsonDeserializer Parser = new(new DeserializerSettings().UsingMode(DeserializationMode.Ostrich));

    /// <summary>The resource in <paramref name="json"/> (possibly partial) and Firely's complaints about it.</summary>
    public static (Resource? Resource, IReadOnlyList<string> Issues) Parse(string json)
    {
        try
        {
            bool ok = Parser.TryDeserializeResource(json, out var resource, out var issues);
            return (resource, ok ? [] : [.. issues.Select(i => i.Message)]);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or DeserializationFailedException or FormatException or InvalidOperationException or ArgumentException)
        {
            return (null, [ex.GetType().Name + ": " + ex.Message]);
        }
    }
}
