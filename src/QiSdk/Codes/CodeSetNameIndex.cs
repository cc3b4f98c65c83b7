using System.Collections.Frozen;

namespace QiSdk.Codes;

/// <summary>
/// Resolves the name a definition uses for a code set: its <see cref="CodeSet.Name"/> first (names are distinct), else an
/// <see cref="CodeSet.Aliases">alias</see> that exactly one set carries (e.g. an eCQM ValueSet's <c>name</c> when the set is
/// named by its canonical <c>url</c>). An alias several sets carry resolves to none of them and is described, so a
/// definition naming it gets a located error instead of a silent pick.
/// </summary>
internal sealed class CodeSetNameIndex
{
    private readonly FrozenDictionary<string, int> _byName;
    private readonly FrozenDictionary<string, int> _byAlias;
    private readonly FrozenDictionary<string, int[]> _ambiguous;
    private readonly IReadOnlyList<CodeSet> _sets;

    public CodeSetNameIndex(IReadOnlyList<CodeSet> sets)
    {
        _sets = sets;
        var byName = new Dictionary<string, int>(sets.Count, StringComparer.Ordinal);
        for (int i = 0; i < sets.Count; i++)
        {
            byName.TryAdd(sets[i].Name, i);
        }

        Dictionary<string, List<int>>? aliases = null;
        for (int i = 0; i < sets.Count; i++)
        {
            foreach (string alias in sets[i].Aliases)
            {
                if (!byName.ContainsKey(alias))
                {
                    aliases ??= new Dictionary<string, List<int>>(StringComparer.Ordinal);
                    if (!aliases.TryGetValue(alias, out var list))
                    {
                        aliases[alias] = list = [];
                    }

                    list.Add(i);
                }
            }
        }

        _byName = byName.ToFrozenDictionary(StringComparer.Ordinal);
        _byAlias = aliases is null
            ? FrozenDictionary<string, int>.Empty
            : aliases.Where(p => p.Value.Count == 1).ToFrozenDictionary(p => p.Key, p => p.Value[0], StringComparer.Ordinal);
        _ambiguous = aliases is null
            ? FrozenDictionary<string, int[]>.Empty
            : aliases.Where(p => p.Value.Count > 1).ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The index of the set a definition means by <paramref name="name"/>: by name, else by a unique alias.</summary>
    public bool TryGetIndex(string name, out int index) =>
        _byName.TryGetValue(name, out index) || _byAlias.TryGetValue(name, out index);

    /// <summary>Whether <paramref name="name"/> resolves to exactly one set.</summary>
    public bool Contains(string name) => TryGetIndex(name, out _);

    /// <summary>Null when <paramref name="name"/> is not an ambiguous alias; else a message naming every set that carries it.</summary>
    public string? DescribeAmbiguity(string name)
    {
        if (!_ambiguous.TryGetValue(name, out var indexes))
        {
            return null;
        }

        string candidates = string.Join("; ", indexes.Select(i => _sets[i].Source is { } source && !string.Equals(source, _sets[i].Name, StringComparison.Ordinal)
            ? $"'{_sets[i].Name}' from {source}"
            : $"'{_sets[i].Name}'"));
        return $"code set '{name}' is ambiguous: {indexes.Length} loaded code sets carry that name ({candidates}); name one by its canonical url instead";
    }
}
