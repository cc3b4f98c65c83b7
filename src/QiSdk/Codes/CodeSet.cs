using System.Collections.Immutable;

namespace QiSdk.Codes;

/// <summary>
/// A named set of codes that indicator definitions refer to (a QOF cluster such as <c>DM_COD</c>, a PINCER list, a ValueSet).
/// Immutable. Members keep the system and code exactly as the list gave them; they are canonicalised and normalised when a
/// <see cref="Terminology"/> is built from the set.
/// </summary>
public sealed class CodeSet
{
    private CodeSet(string name, string? title, ImmutableArray<CodeSetMember> members, string? source, ImmutableArray<string> aliases)
    {
        Name = name;
        Title = title;
        Members = members;
        Source = source;
        Aliases = aliases;
    }

    /// <summary>The name indicators use (ordinal, case-sensitive), e.g. <c>DM_COD</c>.</summary>
    public string Name { get; }

    /// <summary>A human-readable title, if known.</summary>
    public string? Title { get; }

    /// <summary>The members, in list order, without exact duplicates (same system, code and descendant flag as written).</summary>
    public ImmutableArray<CodeSetMember> Members { get; }

    /// <summary>Where the set came from (file path, embedded resource and its origin, ValueSet URL), or null when built in code.</summary>
    public string? Source { get; }

    /// <summary>
    /// Other names a definition may use for this set (e.g. a ValueSet's computable <c>name</c>, when <see cref="Name"/> is its
    /// canonical <c>url</c>). A <see cref="Terminology"/> resolves an alias only when no set has it as its <see cref="Name"/>
    /// and exactly one set has it as an alias; a definition naming an alias several sets share is refused (<c>QI3020</c>).
    /// </summary>
    public ImmutableArray<string> Aliases { get; }

    /// <summary>A copy of this set that definitions may also name by <paramref name="aliases"/> (see <see cref="Aliases"/>).</summary>
    /// <param name="aliases">The other names; empty, whitespace, duplicate names and <see cref="Name"/> itself are left out.</param>
    /// <returns>The copy (same name, members, title and source).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="aliases"/> is null.</exception>
    public CodeSet WithAliases(IEnumerable<string> aliases)
    {
        ArgumentNullException.ThrowIfNull(aliases);
        ImmutableArray<string> kept = [.. aliases.Where(a => !string.IsNullOrWhiteSpace(a) && !string.Equals(a, Name, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal)];
        return new CodeSet(Name, Title, Members, Source, kept);
    }

    /// <summary>Creates a code set.</summary>
    /// <param name="name">The name indicators use; must not be empty or whitespace.</param>
    /// <param name="members">The members; exact duplicates are dropped (the first one's display is kept).</param>
    /// <param name="title">A human-readable title (default none).</param>
    /// <returns>The code set, with no <see cref="Source"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="members"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, or a member has a null system or code.</exception>
    public static CodeSet Create(string name, IEnumerable<CodeSetMember> members, string? title = null) =>
        Create(name, members, title, source: null);

    /// <summary>Creates a code set that records where it came from.</summary>
    /// <param name="name">The name indicators use; must not be empty or whitespace.</param>
    /// <param name="members">The members; exact duplicates are dropped (the first one's display is kept).</param>
    /// <param name="title">A human-readable title, or null.</param>
    /// <param name="source">Where it came from (file path, resource, URL), or null.</param>
    /// <returns>The code set.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="members"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, or a member has a null system or code.</exception>
    public static CodeSet Create(string name, IEnumerable<CodeSetMember> members, string? title, string? source)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(members);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A code set needs a non-empty name.", nameof(name));
        }

        var seen = new HashSet<(string, string, bool)>();
        var builder = ImmutableArray.CreateBuilder<CodeSetMember>();
        foreach (var m in members)
        {
            if (m.System is null || m.Code is null)
            {
                throw new ArgumentException($"Code set '{name}': member {builder.Count} has a null system or code.", nameof(members));
            }

            if (seen.Add((m.System, m.Code, m.IncludeDescendants)))
            {
                builder.Add(m);
            }
        }

        return new CodeSet(name, title, builder.ToImmutable(), source, []);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Members.Length} codes)";
}
