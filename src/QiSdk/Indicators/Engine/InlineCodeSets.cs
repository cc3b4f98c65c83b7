using System.Text;
using QiSdk.Codes;

namespace QiSdk.Indicators.Engine;

/// <summary>
/// The matchers a compiled plan uses for the code sets written inside definitions (<see cref="IndicatorDefinition.CodeSets"/>).
/// <list type="bullet">
/// <item>Host matcher is a <see cref="Terminology"/>: <see cref="Primary"/> is that terminology extended with the inline sets
/// (same maps, registry and map depth), so inline codes get exactly the aliases, normalisation and maps catalogue code sets
/// get, and one lookup per coding answers both. <see cref="Secondary"/> is null.</item>
/// <item>Any other <see cref="ICodeSetMatcher"/> (fallback): its maps and normalisation are opaque, so <see cref="Primary"/>
/// is the host matcher unchanged and <see cref="Secondary"/> is a terminology of the inline sets alone, built with the
/// default code-system registry and no maps: system aliases and code normalisation apply to inline codes, maps do not.</item>
/// </list>
/// Inline sets are named <see cref="Name"/> (indicator id + set name) so two definitions can each have an <c>HBA1C</c>.
/// </summary>
internal sealed record InlineCodeSets(string Key, ICodeSetMatcher Primary, Terminology? Secondary)
{
    /// <summary>The namespaced name of inline set <paramref name="set"/> of indicator <paramref name="indicatorId"/>.</summary>
    public static string Name(string indicatorId, string set) => $"inline:{indicatorId}:{set}";

    /// <summary>A key identifying the inline sets of a definition list (ids, names, systems and codes), for caching.</summary>
    public static string KeyOf(IReadOnlyList<IndicatorDefinition> definitions)
    {
        var sb = new StringBuilder();
        foreach (var d in definitions)
        {
            foreach (var cs in d.CodeSets)
            {
                sb.Append(d.Id).Append('\u001f').Append(cs.Name).Append('\u001e');
                foreach (var c in cs.Codes)
                {
                    sb.Append(c.System).Append('|').Append(c.Code).Append('\u001d');
                }
            }
        }

        return sb.ToString();
    }

    /// <summary>The inline code sets of the definitions as <see cref="CodeSet"/>s named <c>inline:&lt;indicator id&gt;:&lt;set name&gt;</c>.</summary>
    public static List<CodeSet> CodeSetsOf(IEnumerable<IndicatorDefinition> definitions)
    {
        var sets = new List<CodeSet>();
        foreach (var d in definitions)
        {
            foreach (var cs in d.CodeSets)
            {
                sets.Add(CodeSet.Create(
                    Name(d.Id, cs.Name),
                    cs.Codes.Select(c => new CodeSetMember(c.System!, c.Code!, c.Display)),
                    title: null,
                    source: $"indicator {d.Id}, inline code set {cs.Name}"));
            }
        }

        return sets;
    }

    /// <summary>Builds the matchers for already validated definitions (every inline code has a system and a code).</summary>
    public static InlineCodeSets Build(ICodeSetMatcher host, IReadOnlyList<IndicatorDefinition> definitions, string key)
    {
        var sets = CodeSetsOf(definitions);

        // A host that already added the catalogue's inline sets (IndicatorCatalogue.InlineCodeSets(), e.g. for a
        // coverage report) has them under the same names: use those rather than adding them twice.
        sets.RemoveAll(set => host.TryGetCodeSetIndex(set.Name, out _));
        if (sets.Count == 0)
        {
            return new InlineCodeSets(key, host, null);
        }

        return host is Terminology terminology
            ? new InlineCodeSets(key, terminology.WithCodeSets(sets), null)
            : new InlineCodeSets(key, host, Terminology.Create(sets));
    }
}
