using System.Collections.Immutable;

namespace QiSdk.Codes;

/// <summary>
/// A named map from local or older codes to standard codes, applied before code-set membership (see <c>docs/codes.md</c>,
/// "Maps"). Holds only entries that map: loaders drop rows whose equivalence or status says they must not, and count them
/// in <see cref="SkippedEntries"/>. Immutable.
/// </summary>
public sealed class CodeMap
{
    private CodeMap(string name, ImmutableArray<CodeMapEntry> entries, string? source, ImmutableSortedDictionary<string, int> skipped)
    {
        Name = name;
        Entries = entries;
        Source = source;
        SkippedEntries = skipped;
    }

    /// <summary>The map's name, shown in explanations and the coverage report (e.g. a ConceptMap's url or a file name).</summary>
    public string Name { get; }

    /// <summary>Where the map came from (file path), or null when built in code.</summary>
    public string? Source { get; }

    /// <summary>The entries that map, without exact duplicates.</summary>
    public ImmutableArray<CodeMapEntry> Entries { get; }

    /// <summary>How many source rows or elements the loader did not turn into entries, by reason (e.g. <c>equivalence=disjoint</c>, <c>MapStatus=0</c>).</summary>
    public ImmutableSortedDictionary<string, int> SkippedEntries { get; }

    /// <summary>Creates a map from entries built in code.</summary>
    /// <param name="name">The map's name; must not be empty.</param>
    /// <param name="entries">The entries; exact duplicates are dropped.</param>
    /// <param name="source">Where it came from, or null (default).</param>
    /// <returns>The map.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="entries"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, or an entry has a null system or code.</exception>
    public static CodeMap Create(string name, IEnumerable<CodeMapEntry> entries, string? source = null) =>
        Create(name, entries, source, ImmutableSortedDictionary<string, int>.Empty);

    internal static CodeMap Create(string name, IEnumerable<CodeMapEntry> entries, string? source, ImmutableSortedDictionary<string, int> skipped)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(entries);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A code map needs a non-empty name.", nameof(name));
        }

        var seen = new HashSet<(string, string, string, string)>();
        var builder = ImmutableArray.CreateBuilder<CodeMapEntry>();
        foreach (var e in entries)
        {
            if (e.SourceSystem is null || e.SourceCode is null || e.TargetSystem is null || e.TargetCode is null)
            {
                throw new ArgumentException($"Code map '{name}': entry {builder.Count} has a null system or code.", nameof(entries));
            }

            if (seen.Add((e.SourceSystem, e.SourceCode, e.TargetSystem, e.TargetCode)))
            {
                builder.Add(e);
            }
        }

        return new CodeMap(name, builder.ToImmutable(), source, skipped);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Entries.Length} entries)";
}
