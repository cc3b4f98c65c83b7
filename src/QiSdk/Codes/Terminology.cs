using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Collections.Immutable;

namespace QiSdk.Codes;

/// <summary>
/// Code sets, maps and code systems compiled once into lookup tables: resolves a recorded coding's system alias, normalises
/// its code, follows maps (chained, bounded, cycle-safe) and answers which code sets contain it in O(1) per distinct raw
/// (system, code). Every distinct raw coding is normalised and looked up once per instance and then served from a
/// thread-safe cache, so one instance should live for one run (or as long as its code sets do).
/// </summary>
/// <remarks>Immutable after <see cref="Create(IEnumerable{CodeSet}, IEnumerable{CodeMap}?, CodeSystemRegistry?)"/> apart from the cache; safe to share between threads.</remarks>
public sealed class Terminology : ICodeSetMatcher
{
    private readonly FrozenDictionary<string, CodeSystem> _systems;
    private readonly CodeSetNameIndex _names;
    private readonly FrozenDictionary<ConceptKey, int[]> _members;
    private readonly FrozenDictionary<ConceptKey, int[]> _descendantMembers;
    private readonly FrozenDictionary<ConceptKey, MapEdge[]> _edges;
    private readonly ConcurrentDictionary<RawKey, CodeMatch> _cache = new();
    private readonly int _maxDepth;
    private long _computed;

    private Terminology(
        ImmutableArray<CodeSet> codeSets,
        ImmutableArray<CodeMap> maps,
        FrozenDictionary<string, CodeSystem> systems,
        FrozenDictionary<ConceptKey, int[]> members,
        FrozenDictionary<ConceptKey, int[]> descendantMembers,
        FrozenDictionary<ConceptKey, MapEdge[]> edges,
        ImmutableArray<DataQualityIssue> issues,
        int maxDepth)
    {
        CodeSets = codeSets;
        Maps = maps;
        _systems = systems;
        _members = members;
        _descendantMembers = descendantMembers;
        _edges = edges;
        Issues = issues;
        _maxDepth = maxDepth;
        CodeSetNames = [.. codeSets.Select(s => s.Name)];
        _names = new CodeSetNameIndex(codeSets);
    }

    /// <summary>The code sets, by index (the indexes <see cref="Match"/> returns).</summary>
    public ImmutableArray<CodeSet> CodeSets { get; }

    /// <summary>The maps applied before membership.</summary>
    public ImmutableArray<CodeMap> Maps { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> CodeSetNames { get; }

    /// <summary>
    /// What was found while building: members and map entries that can never match (left out, <c>QI2010</c>, <c>QI2014</c>),
    /// members with unknown systems (<c>QI2011</c>), descendant declarations outside ICD-10 (<c>QI2012</c>), map cycles (<c>QI2015</c>).
    /// </summary>
    public ImmutableArray<DataQualityIssue> Issues { get; }

    /// <summary>How many distinct raw codings have been normalised and looked up so far (the size of the cache).</summary>
    public int CachedCodingCount => _cache.Count;

    /// <summary>How many times a raw coding was normalised and looked up (at most once per distinct coding, barring races).</summary>
    internal long ComputedCount => Interlocked.Read(ref _computed);

    /// <summary>Builds a terminology from code sets, optional maps and an optional registry of code systems.</summary>
    /// <param name="codeSets">The code sets; names must be distinct (ordinal).</param>
    /// <param name="maps">Maps from local or older codes to standard codes (default none).</param>
    /// <param name="systems">The code systems and aliases (default <see cref="CodeSystemRegistry.CreateDefault"/>); a snapshot is taken.</param>
    /// <returns>The terminology; problems found while building are in <see cref="Issues"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="codeSets"/> is null or contains null.</exception>
    /// <exception cref="ArgumentException">Two code sets have the same name.</exception>
    public static Terminology Create(IEnumerable<CodeSet> codeSets, IEnumerable<CodeMap>? maps = null, CodeSystemRegistry? systems = null) =>
        Create(codeSets, maps, systems, new TerminologyOptions());

    /// <summary>Builds a terminology with explicit options.</summary>
    /// <param name="codeSets">The code sets; names must be distinct (ordinal).</param>
    /// <param name="maps">Maps from local or older codes to standard codes, or null for none.</param>
    /// <param name="systems">The code systems and aliases, or null for <see cref="CodeSystemRegistry.CreateDefault"/>; a snapshot is taken.</param>
    /// <param name="options">Build options.</param>
    /// <returns>The terminology; problems found while building are in <see cref="Issues"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="codeSets"/> or <paramref name="options"/> is null, or a sequence contains null.</exception>
    /// <exception cref="ArgumentException">Two code sets have the same name.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="TerminologyOptions.MaxMapDepth"/> is not between 1 and 16.</exception>
    public static Terminology Create(IEnumerable<CodeSet> codeSets, IEnumerable<CodeMap>? maps, CodeSystemRegistry? systems, TerminologyOptions options)
    {
        ArgumentNullException.ThrowIfNull(codeSets);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxMapDepth, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxMapDepth, 16, nameof(options));
        ImmutableArray<CodeSet> sets = [.. codeSets];
        ImmutableArray<CodeMap> mapList = maps is null ? [] : [.. maps];
        return Build(sets, mapList, (systems ?? CodeSystemRegistry.CreateDefault()).Snapshot(), options.MaxMapDepth);
    }

    /// <summary>
    /// A new terminology holding this one's code sets (same indexes) followed by <paramref name="extra"/>, built with the
    /// same maps, registry snapshot and map depth, and an empty cache. The indicator engine uses it so that code sets
    /// written inside indicator definitions get the same normalisation and maps as catalogue code sets.
    /// </summary>
    /// <exception cref="ArgumentException">An extra set's name is already used.</exception>
    internal Terminology WithCodeSets(IEnumerable<CodeSet> extra) => Build([.. CodeSets, .. extra], Maps, _systems, _maxDepth);

    private static Terminology Build(ImmutableArray<CodeSet> sets, ImmutableArray<CodeMap> mapList, FrozenDictionary<string, CodeSystem> systems, int maxDepth)
    {
        var builder = new TerminologyBuilder(systems);
        builder.AddCodeSets(sets);
        builder.AddMaps(mapList);
        builder.FindCycles();
        return new Terminology(sets, mapList, builder.Systems, builder.Members(), builder.DescendantMembers(), builder.Edges(), builder.Issues.ToImmutable(), maxDepth);
    }

    /// <inheritdoc />
    /// <remarks>Resolves a code set's <see cref="CodeSet.Name"/>, else an <see cref="CodeSet.Aliases">alias</see> exactly one set carries.</remarks>
    public bool TryGetCodeSetIndex(string name, out int index)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _names.TryGetIndex(name, out index);
    }

    /// <summary>Null unless <paramref name="name"/> is an alias several code sets carry; then a message naming them.</summary>
    internal string? DescribeAmbiguousName(string name) => _names.DescribeAmbiguity(name);

    /// <inheritdoc />
    public ReadOnlySpan<int> Match(string? system, string? code) => Explain(system, code).CodeSetIndexes.AsSpan();

    /// <summary>
    /// Explains a recorded coding: canonical system, normalised code and the rules that fired, the maps followed, the code
    /// sets it is in and why, or why it cannot match (e.g. an invalid SNOMED CT id). Cached per distinct raw coding.
    /// </summary>
    /// <param name="system">The coding's system as recorded.</param>
    /// <param name="code">The coding's code as recorded.</param>
    /// <returns>The cached explanation.</returns>
    public CodeMatch Explain(string? system, string? code)
    {
        var key = new RawKey(system, code);
        return _cache.TryGetValue(key, out var found)
            ? found
            : _cache.GetOrAdd(key, static (k, self) => self.Compute(k.System, k.Code), this);
    }

    /// <summary>Resolves a recorded system to its canonical system, using this terminology's snapshot of the registry.</summary>
    /// <param name="system">The system as recorded.</param>
    /// <param name="codeSystem">The canonical system, when known.</param>
    /// <returns>False for a null, empty or unknown system.</returns>
    public bool TryResolveSystem(string? system, out CodeSystem codeSystem) => CodeSystemRegistry.TryResolve(_systems, system, out codeSystem);

    /// <summary>Normalises and looks up without the cache (what a first-seen coding costs); for benchmarks and tests.</summary>
    internal CodeMatch ExplainUncached(string? system, string? code) => Compute(system, code);

    private CodeMatch Compute(string? system, string? code)
    {
        Interlocked.Increment(ref _computed);
        bool known = TryResolveSystem(system, out var cs);
        var kind = known ? cs.Kind : CodeSystemKind.Other;
        string displaySystem = known ? cs.Uri : CodeSystemRegistry.Clean(system ?? string.Empty);
        string space = known ? cs.MatchSpace : displaySystem;
        var n = CodeNormaliser.Normalise(kind, code);
        var match = new CodeMatch
        {
            RawSystem = system,
            RawCode = code,
            System = known ? cs : null,
            NormalisedCode = n.Code,
            Rules = n.Rules,
            Problem = n.Problem,
            ProblemDetail = n.Detail,
        };
        if (n.Problem != CodeProblem.None)
        {
            return match;
        }

        var start = new ConceptKey(space, n.Code!);
        var hits = new SortedDictionary<int, CodeSetHit>();
        Lookup(start, displaySystem, kind, [], hits);
        if (!_edges.ContainsKey(start))
        {
            return hits.Count == 0 ? match : match with { CodeSetIndexes = [.. hits.Keys], Hits = [.. hits.Values] };
        }

        var mapped = ImmutableArray.CreateBuilder<MappedCode>();
        var visited = new HashSet<ConceptKey> { start };
        var queue = new Queue<(ConceptKey Key, string System, ImmutableArray<MapStep> Path)>();
        queue.Enqueue((start, displaySystem, []));
        bool limit = false;
        while (queue.TryDequeue(out var node))
        {
            if (!_edges.TryGetValue(node.Key, out var edges))
            {
                continue;
            }

            if (node.Path.Length >= _maxDepth)
            {
                limit |= edges.Any(e => !visited.Contains(e.Target));
                continue;
            }

            foreach (var edge in edges)
            {
                if (!visited.Add(edge.Target))
                {
                    continue;
                }

                var path = node.Path.Add(new MapStep(edge.Map, node.System, node.Key.Code, edge.TargetSystem, edge.Target.Code, edge.Equivalence));
                mapped.Add(new MappedCode(edge.TargetSystem, edge.Target.Code, path));
                Lookup(edge.Target, edge.TargetSystem, edge.TargetKind, path, hits);
                queue.Enqueue((edge.Target, edge.TargetSystem, path));
            }
        }

        return match with
        {
            CodeSetIndexes = [.. hits.Keys],
            Hits = [.. hits.Values],
            MappedCodes = mapped.ToImmutable(),
            MapDepthLimitReached = limit,
        };
    }

    private void Lookup(ConceptKey key, string system, CodeSystemKind kind, ImmutableArray<MapStep> path, SortedDictionary<int, CodeSetHit> hits)
    {
        if (_members.TryGetValue(key, out var sets))
        {
            foreach (int i in sets)
            {
                hits.TryAdd(i, new CodeSetHit(i, CodeSetNames[i], system, key.Code, false, path));
            }
        }

        if (kind == CodeSystemKind.Icd10 && _descendantMembers.Count > 0)
        {
            for (int len = key.Code.Length - 1; len >= 3; len--)
            {
                string prefix = key.Code[..len];
                if (_descendantMembers.TryGetValue(new ConceptKey(key.Space, prefix), out var parents))
                {
                    foreach (int i in parents)
                    {
                        hits.TryAdd(i, new CodeSetHit(i, CodeSetNames[i], system, prefix, true, path));
                    }
                }
            }
        }
    }

    /// <summary>A normalised code in its match space (the canonical system URI; SNOMED CT for dm+d).</summary>
    internal readonly record struct ConceptKey(string Space, string Code);

    /// <summary>A recorded coding exactly as written (the cache key).</summary>
    private readonly record struct RawKey(string? System, string? Code);

    /// <summary>One usable map entry, compiled.</summary>
    internal sealed record MapEdge(string Map, ConceptKey Target, string TargetSystem, CodeSystemKind TargetKind, string? Equivalence);
}
