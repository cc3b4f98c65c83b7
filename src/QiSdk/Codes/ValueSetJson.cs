using System.Text.Json;

namespace QiSdk.Codes;

/// <summary>
/// Loads FHIR R4 ValueSets as code sets: the codes of <c>expansion.contains</c> (nested <c>contains</c> included, abstract
/// entries left out), or, when there is no expansion, of <c>compose.include.concept</c> (<c>compose.exclude.concept</c>
/// removed). Includes by <c>filter</c> or <c>valueSet</c> need a terminology server and are reported, not guessed. The file
/// may be one ValueSet or a Bundle holding several (e.g. an eCQM measure bundle); other resources in a Bundle are ignored.
/// The code set's <see cref="CodeSet.Name"/> is the ValueSet's <c>url</c> (else its <c>id</c>), its title the <c>title</c> (else <c>name</c>),
/// and its computable <c>name</c> is an <see cref="CodeSet.Aliases">alias</see>: eCQM definitions and CQL refer to ValueSets by
/// name, so a definition may name the set either way (a name that several loaded ValueSets share is refused, <c>QI3020</c>).
/// </summary>
public static class ValueSetJson
{
    /// <summary>Loads the ValueSets in a file.</summary>
    /// <param name="path">A ValueSet or Bundle JSON file.</param>
    /// <param name="log">Lenient mode: problems are logged and the rest is kept. Default null: strict, the first problem throws.</param>
    /// <returns>One code set per ValueSet, in file order.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="TerminologyException">Strict mode and the file or a ValueSet cannot be used (QI2030-QI2034, with file, entry and JSON path).</exception>
    public static IReadOnlyList<CodeSet> Load(string path, DataQualityLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = File.OpenRead(path);
        return Read(stream, path, log);
    }

    /// <summary>Reads the ValueSets in a JSON stream.</summary>
    /// <param name="stream">A ValueSet or Bundle as JSON.</param>
    /// <param name="sourceName">The file or stream name for error locations and <see cref="CodeSet.Source"/>.</param>
    /// <param name="log">Lenient mode log, or null (default) for strict mode.</param>
    /// <returns>One code set per ValueSet, in document order.</returns>
    /// <exception cref="TerminologyException">Strict mode and the document or a ValueSet cannot be used.</exception>
    public static IReadOnlyList<CodeSet> Read(Stream stream, string? sourceName, DataQualityLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var doc = JsonInput.Parse(stream, sourceName, log);
        return doc is null ? [] : Read(doc, sourceName, log);
    }

    /// <summary>Reads the code sets of an already parsed document (so <see cref="CodeFiles"/> parses a file once).</summary>
    internal static IReadOnlyList<CodeSet> Read(JsonDocument doc, string? sourceName, DataQualityLog? log)
    {

        var sets = new List<CodeSet>();
        bool any = false;
        foreach (var (resource, path, entry) in JsonInput.Resources(doc.RootElement))
        {
            string? type = JsonInput.String(resource, "resourceType");
            if (type != "ValueSet")
            {
                if (entry is null)
                {
                    CodeListCsv.Report(log, JsonInput.Issue(CodeErrors.JsonWrongResource, DataQualitySeverity.Error, CodeErrors.WrongResourceMessage(type, "a ValueSet or a Bundle of ValueSets"), sourceName, "resourceType"));
                }

                continue;
            }

            any = true;
            if (ReadValueSet(resource, path.Length == 0 ? "ValueSet" : path, entry, sourceName, log) is { } set)
            {
                sets.Add(set);
            }
        }

        if (!any && doc.RootElement.ValueKind == JsonValueKind.Object && JsonInput.String(doc.RootElement, "resourceType") == "Bundle")
        {
            CodeListCsv.Report(log, JsonInput.Issue(CodeErrors.JsonWrongResource, DataQualitySeverity.Error, CodeErrors.WrongResourceMessage("Bundle", "a Bundle holding at least one ValueSet"), sourceName, "Bundle.entry"));
        }

        return sets;
    }

    private static CodeSet? ReadValueSet(JsonElement vs, string path, int? entry, string? file, DataQualityLog? log)
    {
        string? id = JsonInput.String(vs, "id");
        string name = JsonInput.String(vs, "url") ?? id ?? $"{file}#{path}";
        string? title = JsonInput.String(vs, "title") ?? JsonInput.String(vs, "name");
        var members = new List<CodeSetMember>();

        void Report(string code, DataQualitySeverity severity, string message, string at) =>
            CodeListCsv.Report(log, JsonInput.Issue(code, severity, message, file, at, entry, "ValueSet", id));

        if (vs.TryGetProperty("expansion", out var expansion) && expansion.ValueKind == JsonValueKind.Object)
        {
            Contains(expansion, path + ".expansion", members, Report);
        }
        else if (vs.TryGetProperty("compose", out var compose) && compose.ValueKind == JsonValueKind.Object)
        {
            var excluded = new HashSet<(string, string)>();
            foreach (var (i, exclude) in JsonInput.Array(compose, "exclude"))
            {
                string? system = JsonInput.String(exclude, "system");
                foreach (var (_, c) in JsonInput.Array(exclude, "concept"))
                {
                    if (system is not null && JsonInput.String(c, "code") is { } code)
                    {
                        excluded.Add((system, code));
                    }
                }

                if (HasAny(exclude, "filter") || HasAny(exclude, "valueSet"))
                {
                    Report(CodeErrors.ValueSetUnexpandable, DataQualitySeverity.Warning, CodeErrors.ValueSetUnexpandableMessage("an exclude by filter or valueSet"), $"{path}.compose.exclude[{i}]");
                }
            }

            foreach (var (i, include) in JsonInput.Array(compose, "include"))
            {
                string at = $"{path}.compose.include[{i}]";
                string? system = JsonInput.String(include, "system");
                if (HasAny(include, "filter") || HasAny(include, "valueSet"))
                {
                    Report(CodeErrors.ValueSetUnexpandable, DataQualitySeverity.Warning, CodeErrors.ValueSetUnexpandableMessage(HasAny(include, "filter") ? "filter" : "valueSet"), at);
                }
                else if (!HasAny(include, "concept"))
                {
                    Report(CodeErrors.ValueSetUnexpandable, DataQualitySeverity.Warning, CodeErrors.ValueSetUnexpandableMessage("a whole code system"), at);
                }

                foreach (var (j, c) in JsonInput.Array(include, "concept"))
                {
                    string? code = JsonInput.String(c, "code");
                    if (system is null || code is null)
                    {
                        Report(CodeErrors.ValueSetConceptIncomplete, DataQualitySeverity.Warning, CodeErrors.ValueSetConceptIncompleteMessage(system is null ? "system (include.system is missing)" : "code"), $"{at}.concept[{j}]");
                        continue;
                    }

                    if (!excluded.Contains((system, code)))
                    {
                        members.Add(new CodeSetMember(system, code, JsonInput.String(c, "display")));
                    }
                }
            }
        }
        else
        {
            Report(CodeErrors.ValueSetNoConcepts, DataQualitySeverity.Error, CodeErrors.ValueSetNoConceptsMessage(), path);
            return null;
        }

        var set = CodeSet.Create(name, members, title, file is null ? name : $"{file} ({name})");
        return JsonInput.String(vs, "name") is { } computableName ? set.WithAliases([computableName]) : set;
    }

    private static void Contains(JsonElement parent, string path, List<CodeSetMember> members, Action<string, DataQualitySeverity, string, string> report)
    {
        foreach (var (i, c) in JsonInput.Array(parent, "contains"))
        {
            string at = $"{path}.contains[{i}]";
            string? system = JsonInput.String(c, "system");
            string? code = JsonInput.String(c, "code");
            if (!JsonInput.Bool(c, "abstract"))
            {
                if (system is null || code is null)
                {
                    if (!HasAny(c, "contains"))
                    {
                        report(CodeErrors.ValueSetConceptIncomplete, DataQualitySeverity.Warning, CodeErrors.ValueSetConceptIncompleteMessage(system is null ? "system" : "code"), at);
                    }
                }
                else
                {
                    members.Add(new CodeSetMember(system, code, JsonInput.String(c, "display")));
                }
            }

            Contains(c, at, members, report);
        }
    }

    private static bool HasAny(JsonElement e, string property) =>
        e.TryGetProperty(property, out var p) && p.ValueKind == JsonValueKind.Array && p.GetArrayLength() > 0;
}
