using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using QiSdk.Codes;

namespace QiSdk.Firely;

/// <summary>
/// Firely <c>ValueSet</c> and <c>ConceptMap</c> objects as QiSdk code sets and code maps: accepted wherever a ValueSet or
/// ConceptMap file is (<see cref="ValueSetJson"/>, <see cref="ConceptMapJson"/>), with the same rules and the same
/// located problems, because the object is handed to the same loader. Terminology is loaded once per audit setup,
/// so the object is serialised in memory for that (records, read per run, never are).
/// </summary>
public static class FirelyTerminology
{
    private static readonly BaseFhirJsonSerializer Serializer = new(ModelInfo.ModelInspector);

    /// <summary>The code set(s) of a ValueSet (named by its <c>url</c>, else its <c>id</c>, as for a file).</summary>
    /// <param name="valueSet">The ValueSet (<c>compose.include</c> concepts and <c>expansion.contains</c> are read).</param>
    /// <param name="log">Receives problems (e.g. an include without a system); optional.</param>
    /// <exception cref="ArgumentNullException"><paramref name="valueSet"/> is null.</exception>
    public static IReadOnlyList<CodeSet> ToCodeSets(ValueSet valueSet, DataQualityLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(valueSet);
        using var stream = new MemoryStream(Serializer.SerializeToBytes(valueSet));
        return ValueSetJson.Read(stream, SourceName(valueSet), log);
    }

    /// <summary>The code map of a ConceptMap (its mapping groups, with the same equivalences as a ConceptMap file).</summary>
    /// <param name="conceptMap">The ConceptMap.</param>
    /// <param name="log">Receives problems; optional.</param>
    /// <exception cref="ArgumentNullException"><paramref name="conceptMap"/> is null.</exception>
    public static CodeMap ToCodeMap(ConceptMap conceptMap, DataQualityLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(conceptMap);
        using var stream = new MemoryStream(Serializer.SerializeToBytes(conceptMap));
        return ConceptMapJson.Read(stream, SourceName(conceptMap), log);
    }

    private static string SourceName(Resource resource) => resource.TypeName + "/" + (resource.Id ?? "(no id)");
}

/// <summary>An <see cref="ICodeSetProvider"/> over Firely ValueSets (register it, or use <c>AddQiSdkFirely</c>).</summary>
/// <param name="valueSets">The ValueSets.</param>
public sealed class FirelyValueSetProvider(IEnumerable<ValueSet> valueSets) : ICodeSetProvider
{
    private readonly ValueSet[] _valueSets = [.. valueSets ?? throw new ArgumentNullException(nameof(valueSets))];

    /// <inheritdoc />
    public IEnumerable<CodeSet> GetCodeSets(DataQualityLog log) => _valueSets.SelectMany(v => FirelyTerminology.ToCodeSets(v, log));
}

/// <summary>An <see cref="ICodeMapProvider"/> over Firely ConceptMaps (register it, or use <c>AddQiSdkFirely</c>).</summary>
/// <param name="conceptMaps">The ConceptMaps.</param>
public sealed class FirelyConceptMapProvider(IEnumerable<ConceptMap> conceptMaps) : ICodeMapProvider
{
    private readonly ConceptMap[] _conceptMaps = [.. conceptMaps ?? throw new ArgumentNullException(nameof(conceptMaps))];

    /// <inheritdoc />
    public IEnumerable<CodeMap> GetCodeMaps(DataQualityLog log) => _conceptMaps.Select(m => FirelyTerminology.ToCodeMap(m, log));
}
