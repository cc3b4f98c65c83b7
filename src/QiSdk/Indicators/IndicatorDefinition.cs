using System.Collections.Immutable;

namespace QiSdk.Indicators;

/// <summary>
/// One indicator: identity, metadata and population logic (an ordered rule cascade). Immutable; written as JSON
/// (<see cref="IndicatorDefinitionJson"/>, schema <c>schemas/indicator-definition.schema.json</c>) or with
/// <see cref="IndicatorBuilder"/>; both produce the same model. See <c>docs/indicator-format.md</c>.
/// </summary>
public sealed record IndicatorDefinition
{
    /// <summary>Canonical URL; must end in <c>/</c> + <see cref="Id"/> (it becomes <c>MeasureReport.measure</c>).</summary>
    public required string Url { get; init; }

    /// <summary>Stable id: lower case letters, digits and hyphens, e.g. <c>qof-dm020-hba1c-58</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Definition version (e.g. <c>1.0.0</c>).</summary>
    public required string Version { get; init; }

    /// <summary>Title for people.</summary>
    public required string Title { get; init; }

    /// <summary>What the indicator measures and why; empty by default.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>Process or outcome (privacy policies use it).</summary>
    public required IndicatorKind Kind { get; init; }

    /// <summary>Which way a better score goes.</summary>
    public required ImprovementDirection Direction { get; init; }

    /// <summary>Code sets defined inside the definition (e.g. a few LOINC codes). Other names come from the host's catalogue.</summary>
    public ImmutableArray<InlineCodeSet> CodeSets { get; init; } = [];

    /// <summary>
    /// Code sets the rules use that QiSdk does not ship and the host supplies (see <see cref="HostCodeSet"/>). A name listed
    /// here and missing from the host's code sets is not a definition error (<c>QI3010</c>): the criteria using it match
    /// nothing and each run reports <c>QI3203</c>. Empty by default.
    /// </summary>
    public ImmutableArray<HostCodeSet> HostCodeSets { get; init; } = [];

    /// <summary>Measurements whose readings the logic compares (code sets + unit).</summary>
    public ImmutableArray<MeasurementDefinition> Measurements { get; init; } = [];

    /// <summary>The ordered rule cascade, evaluated top to bottom for each patient.</summary>
    public ImmutableArray<IndicatorRule> Rules { get; init; } = [];

    /// <summary>Published sources the definition follows (URLs or citations); empty by default.</summary>
    public ImmutableArray<string> References { get; init; } = [];

    /// <summary>Where the definition departs from the published rule, or needs data FHIR records rarely carry; empty by default.</summary>
    public ImmutableArray<string> Notes { get; init; } = [];
}
