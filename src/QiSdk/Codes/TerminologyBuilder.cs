using System.Collections.Frozen;
using System.Collections.Immutable;
using ConceptKey = QiSdk.Codes.Terminology.ConceptKey;
using MapEdge = QiSdk.Codes.Terminology.MapEdge;

namespace QiSdk.Codes;

/// <summary>Compiles code sets and maps into the lookup tables of a <see cref="Terminology"/>, collecting build issues.</summary>
internal sealed class TerminologyBuilder(FrozenDictionary<string, CodeSystem> systems)
{
    private readonly Dictionary<ConceptKey, List<int>> _members = [];
    private readonly Dictionary<ConceptKey, List<int>> _descendants = [];
    private readonly Dictionary<ConceptKey, List<MapEdge>> _edges = [];

    public FrozenDictionary<string, CodeSystem> Systems { get; } = systems;

    public ImmutableArray<DataQualityIssue>.Builder Issues { get; } = ImmutableArray.CreateBuilder<DataQualityIssue>();

    public void AddCodeSets(ImmutableArray<CodeSet> sets)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < sets.Length; i++)
        {
            var set = sets[i] ?? throw new ArgumentNullException(nameof(sets), $"Code set {i} is null.");
            if (!names.Add(set.Name))
            {
                throw new ArgumentException($"Two code sets are named '{set.Name}'; code set names must be distinct.", nameof(sets));
            }

            var unknownSystems = new HashSet<string>(StringComparer.Ordinal);
            foreach (var m in set.Members)
            {
                var (known, kind, space) = Resolve(m.System);
                if (!known && unknownSystems.Add(m.System))
                {
                    Issues.Add(CodeErrors.At(CodeErrors.MemberUnknownSystem, DataQualitySeverity.Information, CodeErrors.MemberUnknownSystemMessage(set.Name, m), set.Source));
                }

                var n = CodeNormaliser.Normalise(kind, m.Code);
                if (n.Problem != CodeProblem.None)
                {
                    Issues.Add(CodeErrors.At(CodeErrors.MemberCannotMatch, DataQualitySeverity.Warning, CodeErrors.MemberCannotMatchMessage(set.Name, m, n.Detail!), set.Source));
                    continue;
                }

                var key = new ConceptKey(space, n.Code!);
                Add(_members, key, i);
                if (m.IncludeDescendants)
                {
                    if (kind == CodeSystemKind.Icd10)
                    {
                        Add(_descendants, key, i);
                    }
                    else
                    {
                        Issues.Add(CodeErrors.At(CodeErrors.DescendantsNotSupported, DataQualitySeverity.Warning, CodeErrors.DescendantsNotSupportedMessage(set.Name, m), set.Source));
                    }
                }
            }
        }
    }

    public void AddMaps(ImmutableArray<CodeMap> maps)
    {
        foreach (var map in maps)
        {
            ArgumentNullException.ThrowIfNull(map, nameof(maps));
            foreach (var e in map.Entries)
            {
                var (_, sourceKind, sourceSpace) = Resolve(e.SourceSystem);
                var (_, targetKind, targetSpace) = Resolve(e.TargetSystem);
                var source = CodeNormaliser.Normalise(sourceKind, e.SourceCode);
                var target = CodeNormaliser.Normalise(targetKind, e.TargetCode);
                if (source.Problem != CodeProblem.None || target.Problem != CodeProblem.None)
                {
                    bool src = source.Problem != CodeProblem.None;
                    Issues.Add(CodeErrors.At(CodeErrors.MapEntryCannotMatch, DataQualitySeverity.Warning,
                        CodeErrors.MapEntryCannotMatchMessage(map.Name, e, src ? "source" : "target", (src ? source.Detail : target.Detail)!), map.Source));
                    continue;
                }

                var from = new ConceptKey(sourceSpace, source.Code!);
                var to = new ConceptKey(targetSpace, target.Code!);
                if (from == to)
                {
                    continue; // an identity entry adds nothing and is not a cycle worth reporting
                }

                string targetSystem = CanonicalUri(e.TargetSystem);
                if (!_edges.TryGetValue(from, out var list))
                {
                    _edges[from] = list = [];
                }

                if (!list.Any(x => x.Target == to && x.Map == map.Name))
                {
                    list.Add(new MapEdge(map.Name, to, targetSystem, targetKind, e.Equivalence));
                }
            }
        }
    }

    /// <summary>Reports every cycle in the map graph once (iterative depth-first search; lookups themselves are cycle-safe).</summary>
    public void FindCycles()
    {
        var state = new Dictionary<ConceptKey, byte>(); // 1 = on the current path, 2 = finished
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var root in _edges.Keys)
        {
            if (state.ContainsKey(root))
            {
                continue;
            }

            var stack = new List<(ConceptKey Node, int Next)> { (root, 0) };
            state[root] = 1;
            while (stack.Count > 0)
            {
                var (node, next) = stack[^1];
                var edges = _edges.TryGetValue(node, out var l) ? l : null;
                if (edges is null || next >= edges.Count)
                {
                    state[node] = 2;
                    stack.RemoveAt(stack.Count - 1);
                    continue;
                }

                stack[^1] = (node, next + 1);
                var target = edges[next].Target;
                if (!state.TryGetValue(target, out byte s))
                {
                    state[target] = 1;
                    stack.Add((target, 0));
                }
                else if (s == 1)
                {
                    int from = stack.FindIndex(f => f.Node == target);
                    var cycle = stack.Skip(from).Select(f => f.Node).ToList();
                    string canonical = string.Join(" -> ", cycle.Select(k => k.Space + "|" + k.Code).Order(StringComparer.Ordinal));
                    if (reported.Add(canonical))
                    {
                        string path = string.Join(" -> ", cycle.Append(target).Select(k => k.Space + "|" + k.Code));
                        Issues.Add(CodeErrors.At(CodeErrors.MapCycle, DataQualitySeverity.Warning, CodeErrors.MapCycleMessage(path), file: null));
                    }
                }
            }
        }
    }

    public FrozenDictionary<ConceptKey, int[]> Members() => Freeze(_members);

    public FrozenDictionary<ConceptKey, int[]> DescendantMembers() => Freeze(_descendants);

    public FrozenDictionary<ConceptKey, MapEdge[]> Edges() => _edges.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToArray());

    private (bool Known, CodeSystemKind Kind, string Space) Resolve(string system) =>
        CodeSystemRegistry.TryResolve(Systems, system, out var cs)
            ? (true, cs.Kind, cs.MatchSpace)
            : (false, CodeSystemKind.Other, CodeSystemRegistry.Clean(system));

    private string CanonicalUri(string system) => CodeSystemRegistry.TryResolve(Systems, system, out var cs) ? cs.Uri : CodeSystemRegistry.Clean(system);

    private static void Add(Dictionary<ConceptKey, List<int>> table, ConceptKey key, int index)
    {
        if (!table.TryGetValue(key, out var list))
        {
            table[key] = list = [];
        }

        if (list.Count == 0 || list[^1] != index)
        {
            list.Add(index);
        }
    }

    private static FrozenDictionary<ConceptKey, int[]> Freeze(Dictionary<ConceptKey, List<int>> table) =>
        table.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToArray());
}
