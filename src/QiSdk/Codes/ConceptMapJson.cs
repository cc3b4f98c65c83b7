using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.Json;

namespace QiSdk.Codes;

/// <summary>
/// Loads FHIR R4 ConceptMaps (<c>group[].source/target</c>, <c>element[].code</c>, <c>target[].code</c>,
/// <c>target[].equivalence</c>) as a <see cref="CodeMap"/>. Only targets whose equivalence means "a record coded with the
/// source may be counted as the target" are used; see <see cref="Maps"/> and <c>docs/codes.md</c>. The file may be one
/// ConceptMap or a Bundle of them (all are merged into one map named after the first ConceptMap's url).
/// </summary>
public static class ConceptMapJson
{
    private static readonly FrozenSet<string> Used = FrozenSet.Create(StringComparer.Ordinal, "equivalent", "equal", "wider", "subsumes");
    private static readonly FrozenSet<string> NotUsed = FrozenSet.Create(StringComparer.Ordinal, "relatedto", "narrower", "specializes", "inexact", "unmatched", "disjoint");

    /// <summary>
    /// Whether a FHIR R4 <c>ConceptMapEquivalence</c> lets a source code count as its target for code-set membership:
    /// <c>equivalent</c>, <c>equal</c> (same meaning), <c>wider</c> and <c>subsumes</c> (the target's meaning includes the
    /// source's: a patient with the source concept has the target concept) map. <c>narrower</c>, <c>specializes</c>
    /// (target more specific: would over-count), <c>inexact</c>, <c>relatedto</c> (overlap unknown), <c>unmatched</c> and
    /// <c>disjoint</c> (explicitly not the same) never map. Unknown values do not map.
    /// </summary>
    /// <param name="equivalence">The equivalence code as written (case-sensitive, as FHIR codes are).</param>
    /// <returns>True when a target with this equivalence is used.</returns>
    public static bool Maps(string? equivalence) => equivalence is not null && Used.Contains(equivalence);

    /// <summary>Loads the ConceptMaps in a file.</summary>
    /// <param name="path">A ConceptMap or Bundle JSON file.</param>
    /// <param name="log">Lenient mode: problems are logged and the rest is kept. Default null: strict, the first problem throws.</param>
    /// <returns>The map; targets not used are counted in <see cref="CodeMap.SkippedEntries"/> by reason.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="TerminologyException">Strict mode and the file or an entry cannot be used (QI2030, QI2031, QI2040-QI2043).</exception>
    public static CodeMap Load(string path, DataQualityLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = File.OpenRead(path);
        return Read(stream, path, log);
    }

    /// <summary>Reads ConceptMaps from a JSON stream.</summary>
    /// <param name="stream">A ConceptMap or Bundle as JSON.</param>
    /// <param name="sourceName">The file or stream name for error locations and <see cref="CodeMap.Source"/>.</param>
    /// <param name="log">Lenient mode log, or null (default) for strict mode.</param>
    /// <returns>The map.</returns>
    /// <exception cref="TerminologyException">Strict mode and the document or an entry cannot be used.</exception>
    public static CodeMap Read(Stream stream, string? sourceName, DataQualityLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var entries = new List<CodeMapEntry>();
        var skipped = new SortedDictionary<string, int>(StringComparer.Ordinal);
        string? name = null;
        using var doc = JsonInput.Parse(stream, sourceName, log);
        if (doc is not null)
        {
            foreach (var (resource, path, entry) in JsonInput.Resources(doc.RootElement))
            {
                string? type = JsonInput.String(resource, "resourceType");
                if (type != "ConceptMap")
                {
                    if (entry is null)
                    {
                        CodeListCsv.Report(log, JsonInput.Issue(CodeErrors.JsonWrongResource, DataQualitySeverity.Error, CodeErrors.WrongResourceMessage(type, "a ConceptMap or a Bundle of ConceptMaps"), sourceName, "resourceType"));
                    }

                    continue;
                }

                string? id = JsonInput.String(resource, "id");
                name ??= JsonInput.String(resource, "url") ?? id;
                ReadConceptMap(resource, path.Length == 0 ? "ConceptMap" : path, entry, id, sourceName, log, entries, skipped);
            }
        }

        name ??= sourceName is null ? "ConceptMap" : Path.GetFileName(sourceName);
        return CodeMap.Create(name, entries, sourceName, skipped.ToImmutableSortedDictionary(StringComparer.Ordinal));
    }

    private static void ReadConceptMap(JsonElement cm, string path, int? entry, string? id, string? file, DataQualityLog? log, List<CodeMapEntry> entries, SortedDictionary<string, int> skipped)
    {
        void Report(string code, DataQualitySeverity severity, string message, string at) =>
            CodeListCsv.Report(log, JsonInput.Issue(code, severity, message, file, at, entry, "ConceptMap", id));

        void Skip(string reason) => skipped[reason] = skipped.GetValueOrDefault(reason) + 1;

        // An element of the wrong JSON shape (e.g. "group":"x") is said, never passed over as if absent.
        bool Shaped(JsonElement parent, string property, JsonValueKind expected, string at)
        {
            if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(property, out var value) || value.ValueKind == expected)
            {
                return true;
            }

            Report(CodeErrors.ConceptMapWrongShape, property == "group" ? DataQualitySeverity.Error : DataQualitySeverity.Warning,
                CodeErrors.ConceptMapWrongShapeMessage(property, expected, value.ValueKind), $"{at}.{property}");
            Skip($"{property} not an {(expected == JsonValueKind.Array ? "array" : "object")}");
            return false;
        }

        Shaped(cm, "group", JsonValueKind.Array, path);
        foreach (var (g, group) in JsonInput.Array(cm, "group"))
        {
            string gat = $"{path}.group[{g}]";
            if (group.ValueKind != JsonValueKind.Object)
            {
                Report(CodeErrors.ConceptMapWrongShape, DataQualitySeverity.Warning, CodeErrors.ConceptMapWrongShapeMessage("group[]", JsonValueKind.Object, group.ValueKind), gat);
                Skip("group not an object");
                continue;
            }

            Shaped(group, "element", JsonValueKind.Array, gat);
            string? source = JsonInput.String(group, "source");
            string? target = JsonInput.String(group, "target");
            if (source is null || target is null)
            {
                Report(CodeErrors.ConceptMapGroupNoSystem, DataQualitySeverity.Warning, CodeErrors.ConceptMapGroupNoSystemMessage(source is null ? "source" : "target"), gat);
                Skip("group without source or target system");
                continue;
            }

            if (group.TryGetProperty("unmapped", out var unmapped) && JsonInput.String(unmapped, "mode") is { } mode)
            {
                Report(CodeErrors.ConceptMapUnmappedModeIgnored, DataQualitySeverity.Information, CodeErrors.ConceptMapUnmappedModeMessage(mode), gat + ".unmapped");
            }

            foreach (var (e, element) in JsonInput.Array(group, "element"))
            {
                string eat = $"{gat}.element[{e}]";
                Shaped(element, "target", JsonValueKind.Array, eat);
                string? code = JsonInput.String(element, "code");
                if (code is null)
                {
                    Report(CodeErrors.ConceptMapIncomplete, DataQualitySeverity.Warning, CodeErrors.ConceptMapIncompleteMessage("the element has no code"), eat);
                    Skip("element without code");
                    continue;
                }

                bool anyTarget = false;
                foreach (var (t, tgt) in JsonInput.Array(element, "target"))
                {
                    anyTarget = true;
                    string tat = $"{eat}.target[{t}]";
                    string? equivalence = JsonInput.String(tgt, "equivalence");
                    if (equivalence is null || !(Used.Contains(equivalence) || NotUsed.Contains(equivalence)))
                    {
                        Report(CodeErrors.ConceptMapUnknownEquivalence, DataQualitySeverity.Warning, CodeErrors.ConceptMapUnknownEquivalenceMessage(equivalence), tat + ".equivalence");
                        Skip($"equivalence={equivalence ?? "(missing)"}");
                        continue;
                    }

                    if (!Maps(equivalence))
                    {
                        Skip($"equivalence={equivalence}");
                        continue;
                    }

                    string? targetCode = JsonInput.String(tgt, "code");
                    if (targetCode is null)
                    {
                        Report(CodeErrors.ConceptMapIncomplete, DataQualitySeverity.Warning, CodeErrors.ConceptMapIncompleteMessage($"the target has equivalence '{equivalence}' but no code"), tat);
                        Skip("target without code");
                        continue;
                    }

                    entries.Add(new CodeMapEntry(source, code, target, targetCode, equivalence));
                }

                if (!anyTarget)
                {
                    Skip("element without target");
                }
            }
        }
    }
}
