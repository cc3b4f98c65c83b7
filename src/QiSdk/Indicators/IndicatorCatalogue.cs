using System.Collections.Frozen;
using System.Collections.Immutable;
using QiSdk.Indicators.Engine;

namespace QiSdk.Indicators;

/// <summary>
/// A set of indicator definitions by id: the built-in catalogue (one embedded JSON file per indicator under
/// <c>src/QiSdk/Resources/Indicators/</c>), optionally extended with the host's own definitions.
/// </summary>
public sealed class IndicatorCatalogue
{
    private const string ResourcePrefix = "QiSdk.Resources.Indicators.";
    private readonly FrozenDictionary<string, IndicatorDefinition> _byId;

    private IndicatorCatalogue(ImmutableArray<IndicatorDefinition> definitions)
    {
        Definitions = definitions;
        _byId = definitions.ToFrozenDictionary(d => d.Id, StringComparer.Ordinal);
    }

    /// <summary>Every definition, ordered by id.</summary>
    public ImmutableArray<IndicatorDefinition> Definitions { get; }

    // The embedded definitions never change: parsed once per process (an immutable value, not mutable state).
    private static readonly Lazy<IndicatorCatalogue> BuiltInCatalogue = new(LoadBuiltIn, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The built-in catalogue, parsed once per process and shared (it is immutable). Code set names are not checked here (they are when compiled against a matcher).</summary>
    /// <exception cref="IndicatorDefinitionException">A built-in definition is invalid (a packaging bug); every problem is listed.</exception>
    public static IndicatorCatalogue BuiltIn() => BuiltInCatalogue.Value;

    private static IndicatorCatalogue LoadBuiltIn()
    {
        var assembly = typeof(IndicatorCatalogue).Assembly;
        var errors = ImmutableArray.CreateBuilder<DefinitionError>();
        var definitions = new List<IndicatorDefinition>();
        foreach (string name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            string file = "Resources/Indicators/" + name[ResourcePrefix.Length..];
            if (IndicatorDefinitionJson.TryParse(buffer.ToArray(), file, null, out var definition, out var problems))
            {
                definitions.Add(definition!);
            }
            else
            {
                errors.AddRange(problems);
            }
        }

        return Create(definitions, errors);
    }

    /// <summary>A catalogue of the given definitions.</summary>
    /// <param name="definitions">The definitions; ids must be unique.</param>
    /// <exception cref="IndicatorDefinitionException">Two definitions share an id.</exception>
    public static IndicatorCatalogue Create(IEnumerable<IndicatorDefinition> definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        return Create(definitions.ToList(), ImmutableArray.CreateBuilder<DefinitionError>());
    }

    /// <summary>This catalogue plus more definitions (for example read from files).</summary>
    /// <param name="more">The added definitions; their ids must not clash.</param>
    /// <exception cref="IndicatorDefinitionException">An id is defined twice.</exception>
    public IndicatorCatalogue With(IEnumerable<IndicatorDefinition> more)
    {
        ArgumentNullException.ThrowIfNull(more);
        return Create(Definitions.Concat(more));
    }

    /// <summary>
    /// The catalogue's inline code sets (codes a definition lists itself, e.g. LOINC HbA1c codes) as code sets named
    /// <c>inline:&lt;indicator id&gt;:&lt;set name&gt;</c>, so coverage reports can count them as used. The engine adds them
    /// to its terminology by itself when it compiles definitions.
    /// </summary>
    public IReadOnlyList<QiSdk.Codes.CodeSet> InlineCodeSets() => Engine.InlineCodeSets.CodeSetsOf(Definitions);

    /// <summary>Finds a definition by id.</summary>
    /// <param name="id">The indicator id.</param>
    /// <param name="definition">The definition, when found.</param>
    public bool TryGet(string id, out IndicatorDefinition definition) => _byId.TryGetValue(id, out definition!);

    /// <summary>Finds a definition by id.</summary>
    /// <param name="id">The indicator id.</param>
    /// <exception cref="IndicatorDefinitionException">No such indicator (<see cref="QiErrorCodes.Indicators.UnknownIndicator"/>, <c>QI3016</c>); the message lists the known ids.</exception>
    public IndicatorDefinition Get(string id) =>
        _byId.TryGetValue(id, out var d) ? d : throw new IndicatorDefinitionException([new DefinitionError(DefinitionErrors.UnknownIndicator, id, "$.id", $"no indicator '{id}' in the catalogue (known: {string.Join(", ", _byId.Keys.Order(StringComparer.Ordinal))})")]);

    private static IndicatorCatalogue Create(List<IndicatorDefinition> definitions, ImmutableArray<DefinitionError>.Builder errors)
    {
        foreach (var group in definitions.GroupBy(d => d.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add(new DefinitionError(DefinitionErrors.Duplicate, group.Key, "$.id", $"indicator id '{group.Key}' is defined {group.Count()} times"));
        }

        if (errors.Count > 0)
        {
            throw new IndicatorDefinitionException(errors.ToImmutable());
        }

        return new IndicatorCatalogue([.. definitions.OrderBy(d => d.Id, StringComparer.Ordinal)]);
    }
}
