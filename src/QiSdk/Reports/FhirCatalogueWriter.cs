using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using QiSdk.Codes;
using QiSdk.Indicators;

namespace QiSdk.Reports;

/// <summary>One FHIR conformance resource as written: its type, id, canonical url and UTF-8 JSON.</summary>
/// <param name="ResourceType">The FHIR resource type (<c>Measure</c>, <c>ValueSet</c>, <c>StructureDefinition</c>).</param>
/// <param name="Id">The resource id (a valid FHIR id, see <see cref="FhirIds"/>).</param>
/// <param name="Url">The canonical url.</param>
/// <param name="Json">The resource as UTF-8 JSON.</param>
public sealed record FhirConformanceResource(string ResourceType, string Id, string Url, ReadOnlyMemory<byte> Json)
{
    /// <summary>The file name IG tooling expects: <c>{ResourceType}-{id}.json</c>.</summary>
    public string FileName => ResourceType + "-" + Id + ".json";
}

/// <summary>
/// Publishes the indicator catalogue as FHIR R4 conformance resources, with <see cref="Utf8JsonWriter"/> so the core needs
/// no FHIR library: one <c>Measure</c> per indicator (scoring, type, improvement notation, one group whose populations
/// and stratifiers are described from the rule cascade), one <c>ValueSet</c> per catalogue code set a measure uses
/// (referenced from <c>Measure.relatedArtifact</c>; code sets written inside a definition are contained in its
/// Measure), and the <c>StructureDefinition</c> of every extension QiSdk writes (embedded resources, plain JSON).
/// Public (<see cref="Publish"/> only) for <c>qi indicators --fhir</c>, QiSdk.Firely and hosts that publish their catalogue.
/// </summary>
public static class FhirCatalogueWriter
{
    /// <summary>Canonical base of the ValueSets of catalogue code sets.</summary>
    internal const string ValueSetBase = "https://qisdk.org/fhir/ValueSet/";

    /// <summary>Identifier system of an indicator's id on its Measure (the Measure id is a FHIR-safe form of it).</summary>
    internal const string IndicatorIdSystem = "https://qisdk.org/fhir/NamingSystem/indicator-id";

    private const string Publisher = "QiSdk contributors";
    private const string ScoringSystem = "http://terminology.hl7.org/CodeSystem/measure-scoring";
    private const string RuleLanguage = "text/x-qisdk-indicator-rule";
    private const string StructureDefinitionPrefix = "QiSdk.Resources.Fhir.StructureDefinitions.";

    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The StructureDefinition of every QiSdk extension (<see cref="FhirTerms.Extensions"/>), read from the embedded
    /// resources. Differential only: validators and IG tooling generate the snapshot from the base Extension.
    /// </summary>
    internal static ImmutableArray<FhirConformanceResource> StructureDefinitions()
    {
        var assembly = typeof(FhirCatalogueWriter).Assembly;
        var result = ImmutableArray.CreateBuilder<FhirConformanceResource>();
        foreach (string url in FhirTerms.Extensions)
        {
            string id = url[FhirTerms.ExtensionBase.Length..];
            using var stream = assembly.GetManifestResourceStream(StructureDefinitionPrefix + id + ".json")
                ?? throw new InvalidOperationException($"The StructureDefinition of extension '{url}' is not embedded (a packaging bug): add Resources/Fhir/StructureDefinitions/{id}.json.");
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            result.Add(new FhirConformanceResource("StructureDefinition", id, url, buffer.ToArray()));
        }

        return result.ToImmutable();
    }

    /// <summary>
    /// The catalogue as Measures plus the ValueSets of the catalogue code sets they use plus the StructureDefinitions,
    /// in a stable order (Measures by indicator id, ValueSets by name).
    /// </summary>
    /// <param name="definitions">The indicators.</param>
    /// <param name="codeSets">The code-set catalogue the definitions' names resolve in (e.g. <see cref="BuiltInCodeSets.Load"/>).</param>
    /// <remarks>A host-supplied code set (<see cref="IndicatorDefinition.HostCodeSets"/>) missing from <paramref name="codeSets"/> gets no ValueSet.</remarks>
    /// <exception cref="InvalidOperationException">A definition names a code set that is neither inline, nor host-supplied, nor in <paramref name="codeSets"/>.</exception>
    public static ImmutableArray<FhirConformanceResource> Publish(IEnumerable<IndicatorDefinition> definitions, IEnumerable<CodeSet> codeSets)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        ArgumentNullException.ThrowIfNull(codeSets);
        var byName = new Dictionary<string, CodeSet>(StringComparer.Ordinal);
        foreach (var set in codeSets)
        {
            byName.TryAdd(set.Name, set);
        }

        var used = new SortedDictionary<string, CodeSet>(StringComparer.Ordinal);
        var resources = new List<FhirConformanceResource>();
        foreach (var d in definitions.OrderBy(d => d.Id, StringComparer.Ordinal))
        {
            var catalogueSets = new List<CodeSet>();
            foreach (string name in IndicatorDocumentation.CodeSetNames(d).Where(n => !d.CodeSets.Any(i => i.Name == n)))
            {
                if (!byName.TryGetValue(name, out var set) && d.HostCodeSets.Any(h => h.Name == name))
                {
                    continue; // host-supplied and not given (IndicatorDefinition.HostCodeSets): there is no content to publish as a ValueSet
                }

                if (set is null)
                {
                    throw new InvalidOperationException($"Indicator '{d.Id}' uses code set '{name}', which is neither written inside it nor in the code-set catalogue given.");
                }

                catalogueSets.Add(set);
                used.TryAdd(name, set);
            }

            resources.Add(new FhirConformanceResource("Measure", FhirIds.For(d.Id), d.Url, Write(w => WriteMeasure(w, d, catalogueSets))));
        }

        foreach (var set in used.Values)
        {
            string id = ValueSetId(set.Name);
            resources.Add(new FhirConformanceResource("ValueSet", id, ValueSetUrl(set.Name), Write(w => WriteValueSet(w, id, ValueSetUrl(set.Name), set.Name, set.Title, set.Members))));
        }

        resources.AddRange(StructureDefinitions());
        var clash = resources.GroupBy(r => r.FileName, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw new InvalidOperationException($"Two resources would both be written as {clash.Key} ({string.Join(", ", clash.Select(r => r.Url))}).");
        }

        return [.. resources];
    }

    /// <summary>The canonical URL of the ValueSet of catalogue code set <paramref name="name"/>.</summary>
    internal static string ValueSetUrl(string name) => ValueSetBase + Uri.EscapeDataString(name);

    /// <summary>The FHIR id of the ValueSet of code set <paramref name="name"/>: <c>DM_COD</c> becomes <c>DM-COD</c>.</summary>
    internal static string ValueSetId(string name) => FhirIds.For(name.Replace('_', '-'));

    /// <summary>Writes one indicator as a FHIR Measure.</summary>
    internal static void WriteMeasure(Utf8JsonWriter w, IndicatorDefinition d, IReadOnlyList<CodeSet> catalogueSets)
    {
        w.WriteStartObject();
        w.WriteString("resourceType", "Measure");
        FhirIds.WriteId(w, d.Id);
        if (d.CodeSets.Length > 0)
        {
            w.WriteStartArray("contained");
            foreach (var inline in d.CodeSets)
            {
                WriteValueSet(w, InlineId(inline.Name), null, inline.Name, null, inline.Codes.Select(c => new CodeSetMember(c.System ?? string.Empty, c.Code ?? string.Empty, c.Display)));
            }

            w.WriteEndArray();
        }

        w.WriteString("url", d.Url);
        w.WriteStartArray("identifier");
        w.WriteStartObject();
        w.WriteString("system", IndicatorIdSystem);
        w.WriteString("value", d.Id);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteString("version", d.Version);
        w.WriteString("name", ComputableName(d.Id));
        w.WriteString("title", d.Title);
        w.WriteString("status", "active");
        w.WriteBoolean("experimental", false);
        w.WriteString("publisher", Publisher);
        w.WriteString("description", d.Description.Length > 0 ? d.Description : d.Title);
        if (d.Notes.Length > 0)
        {
            w.WriteString("usage", "Departures from the published rule and data limits:\n\n" + string.Join('\n', d.Notes.Select(n => "- " + n)));
        }

        if (d.References.Length > 0 || catalogueSets.Count > 0 || d.CodeSets.Length > 0)
        {
            w.WriteStartArray("relatedArtifact");
            foreach (string reference in d.References)
            {
                w.WriteStartObject();
                w.WriteString("type", "citation");
                w.WriteString("citation", reference);
                w.WriteEndObject();
            }

            foreach (var set in catalogueSets)
            {
                WriteDependsOn(w, set.Name, ValueSetUrl(set.Name));
            }

            foreach (var inline in d.CodeSets)
            {
                WriteDependsOn(w, inline.Name, "#" + InlineId(inline.Name));
            }

            w.WriteEndArray();
        }

        w.WriteStartObject("scoring");
        WriteCoding(w, ScoringSystem, "proportion", "Proportion");
        w.WriteEndObject();
        w.WriteStartArray("type");
        w.WriteStartObject();
        WriteCoding(w, FhirTerms.MeasureTypeSystem, FhirTerms.Code(d.Kind), d.Kind == IndicatorKind.Process ? "Process" : "Outcome");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartObject("improvementNotation");
        WriteCoding(w, FhirTerms.ImprovementNotationSystem, FhirTerms.Code(d.Direction), d.Direction == ImprovementDirection.Increase ? "Increased score indicates improvement" : "Decreased score indicates improvement");
        w.WriteEndObject();

        w.WriteStartArray("group");
        w.WriteStartObject();
        w.WriteString("description", "Score = numerator / (denominator - denominator exclusions - denominator exceptions), on the reference date R (the period end). Rules run top to bottom for each patient.");
        w.WriteStartArray("population");
        foreach (var population in FhirTerms.Populations)
        {
            var selecting = d.Rules.Select((r, i) => (Rule: r, Index: i))
                .Where(x => x.Rule.Action == RuleAction.Select && x.Rule.Populations.Contains(population))
                .ToList();
            bool required = population is MeasurePopulation.InitialPopulation or MeasurePopulation.Denominator or MeasurePopulation.Numerator;
            if (selecting.Count == 0 && !required)
            {
                continue;
            }

            w.WriteStartObject();
            w.WriteStartObject("code");
            WriteCoding(w, FhirTerms.MeasurePopulationSystem, FhirTerms.Code(population), null);
            w.WriteEndObject();
            w.WriteString("description", PopulationDescription(d, population, selecting));
            w.WriteStartObject("criteria");
            w.WriteString("description", "The rules of indicator " + d.Id + " (" + d.Url + ") that select this population.");
            w.WriteString("language", RuleLanguage);
            w.WriteString("expression", selecting.Count == 0 ? "(none: always empty)" : string.Join(" or ", selecting.Select(x => x.Rule.Name)));
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("stratifier");
        WriteStratifier(w, "age-band", "Age at R in bands: " + string.Join(", ", Indicators.Engine.EvaluationRun.AgeBands) + ".");
        WriteStratifier(w, "sex", "Administrative gender: " + string.Join(", ", Indicators.Engine.EvaluationRun.Sexes) + ".");
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Writes a code set as a FHIR ValueSet (extensional: concepts listed; descendants as an is-a filter).</summary>
    internal static void WriteValueSet(Utf8JsonWriter w, string id, string? url, string name, string? title, IEnumerable<CodeSetMember> members)
    {
        w.WriteStartObject();
        w.WriteString("resourceType", "ValueSet");
        FhirIds.WriteId(w, id);
        if (url is not null)
        {
            w.WriteString("url", url);
            w.WriteStartArray("identifier");
            w.WriteStartObject();
            w.WriteString("system", "https://qisdk.org/fhir/NamingSystem/code-set");
            w.WriteString("value", name);
            w.WriteEndObject();
            w.WriteEndArray();
        }

        w.WriteString("name", ComputableName(name));
        w.WriteString("title", title ?? name);
        w.WriteString("status", "active");
        w.WriteBoolean("experimental", false);
        w.WriteString("publisher", Publisher);
        w.WriteStartObject("compose");
        w.WriteStartArray("include");
        foreach (var bySystem in members.GroupBy(m => (m.System, m.IncludeDescendants)))
        {
            if (bySystem.Key.IncludeDescendants)
            {
                foreach (var m in bySystem)
                {
                    w.WriteStartObject();
                    w.WriteString("system", m.System);
                    w.WriteStartArray("filter");
                    w.WriteStartObject();
                    w.WriteString("property", "concept");
                    w.WriteString("op", "is-a");
                    w.WriteString("value", m.Code);
                    w.WriteEndObject();
                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                continue;
            }

            w.WriteStartObject();
            w.WriteString("system", bySystem.Key.System);
            w.WriteStartArray("concept");
            foreach (var m in bySystem.DistinctBy(m => m.Code, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("code", m.Code);
                if (!string.IsNullOrWhiteSpace(m.Display))
                {
                    w.WriteString("display", m.Display.Trim());
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>A computable name (<c>[A-Z][A-Za-z0-9_]*</c>, as FHIR's canonical-resource name invariant asks): <c>qof-dm020</c> becomes <c>QofDm020</c>.</summary>
    internal static string ComputableName(string text)
    {
        var sb = new StringBuilder(text.Length);
        bool upper = true;
        foreach (char c in text)
        {
            if (char.IsAsciiLetterOrDigit(c) || c == '_')
            {
                sb.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            else
            {
                upper = true;
            }
        }

        if (sb.Length == 0 || !char.IsAsciiLetterUpper(sb[0]))
        {
            sb.Insert(0, 'Q');
        }

        return sb.ToString();
    }

    private static string InlineId(string name) => FhirIds.For("inline-" + name.Replace('_', '-'));

    private static string PopulationDescription(IndicatorDefinition d, MeasurePopulation population, List<(IndicatorRule Rule, int Index)> selecting)
    {
        if (selecting.Count == 0)
        {
            return $"No rule of this indicator selects the {FhirTerms.Code(population)} population: it is always empty.";
        }

        // The cascade up to the last rule that selects it: each earlier rule can reject or select the patient first.
        int last = selecting.Max(x => x.Index);
        var sb = new StringBuilder();
        sb.Append("Patients who reach ").Append(selecting.Count == 1 ? "rule " : "rules ")
          .Append(string.Join(", ", selecting.Select(x => "'" + x.Rule.Name + "'")))
          .Append(" of the rule cascade and meet its condition:\n");
        for (int i = 0; i <= last; i++)
        {
            sb.Append(IndicatorDocumentation.RuleText(i + 1, d.Rules[i], d)).Append('\n');
        }

        return sb.ToString().TrimEnd();
    }

    private static void WriteStratifier(Utf8JsonWriter w, string code, string description)
    {
        w.WriteStartObject();
        w.WriteStartObject("code");
        w.WriteString("text", code);
        w.WriteEndObject();
        w.WriteString("description", description);
        w.WriteEndObject();
    }

    private static void WriteDependsOn(Utf8JsonWriter w, string name, string canonical)
    {
        w.WriteStartObject();
        w.WriteString("type", "depends-on");
        w.WriteString("display", "Code set " + name);
        w.WriteString("resource", canonical);
        w.WriteEndObject();
    }

    private static void WriteCoding(Utf8JsonWriter w, string system, string code, string? display)
    {
        w.WriteStartArray("coding");
        w.WriteStartObject();
        w.WriteString("system", system);
        w.WriteString("code", code);
        if (display is not null)
        {
            w.WriteString("display", display);
        }

        w.WriteEndObject();
        w.WriteEndArray();
    }

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Indented))
        {
            write(w);
        }

        return stream.ToArray();
    }
}
