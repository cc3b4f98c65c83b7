using System.Collections.Immutable;
using QiSdk.Codes.Units;
using QiSdk.Records;

namespace QiSdk.Indicators;

/// <summary>
/// Fluent C# builder for <see cref="IndicatorDefinition"/>; produces exactly the model the JSON format produces.
/// <see cref="Build"/> validates and throws with every problem at once.
/// </summary>
/// <example>
/// <code>
/// var def = IndicatorBuilder.Create("my-bp-check", "https://example.org/Measure/my-bp-check")
///     .Title("BP recorded in the last 5 years").Process().Increase()
///     .RejectUnless("population-base", Criteria.PopulationBase())
///     .Select("all-adults", [MeasurePopulation.InitialPopulation, MeasurePopulation.Denominator], Criteria.Age(atLeast: 45), continueAfter: true)
///     .RejectUnless("adult", Criteria.Age(atLeast: 45))
///     .Select("bp-recorded", [MeasurePopulation.Numerator], Criteria.Exists(Criteria.Events("BP_COD").Within(EventWindow.Years(5))))
///     .Build();
/// </code>
/// </example>
public sealed class IndicatorBuilder
{
    private readonly string _id;
    private readonly string _url;
    private string _version = "1.0.0";
    private string? _title;
    private string _description = string.Empty;
    private IndicatorKind _kind = IndicatorKind.Process;
    private ImprovementDirection _direction = ImprovementDirection.Increase;
    private readonly ImmutableArray<InlineCodeSet>.Builder _codeSets = ImmutableArray.CreateBuilder<InlineCodeSet>();
    private readonly ImmutableArray<MeasurementDefinition>.Builder _measurements = ImmutableArray.CreateBuilder<MeasurementDefinition>();
    private readonly ImmutableArray<IndicatorRule>.Builder _rules = ImmutableArray.CreateBuilder<IndicatorRule>();
    private readonly ImmutableArray<string>.Builder _references = ImmutableArray.CreateBuilder<string>();
    private readonly ImmutableArray<string>.Builder _notes = ImmutableArray.CreateBuilder<string>();

    private IndicatorBuilder(string id, string url)
    {
        _id = id;
        _url = url;
    }

    /// <summary>Starts a definition.</summary>
    /// <param name="id">The indicator id.</param>
    /// <param name="url">Its canonical URL (ending in <c>/</c> + id).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IndicatorBuilder Create(string id, string url)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(url);
        return new IndicatorBuilder(id, url);
    }

    /// <summary>Sets the version (default <c>1.0.0</c>).</summary>
    /// <param name="version">The version.</param>
    public IndicatorBuilder Version(string version) { _version = version; return this; }

    /// <summary>Sets the title (required).</summary>
    /// <param name="title">The title.</param>
    public IndicatorBuilder Title(string title) { _title = title; return this; }

    /// <summary>Sets the description.</summary>
    /// <param name="description">The description.</param>
    public IndicatorBuilder Description(string description) { _description = description; return this; }

    /// <summary>A process indicator (the default).</summary>
    public IndicatorBuilder Process() { _kind = IndicatorKind.Process; return this; }

    /// <summary>An outcome indicator.</summary>
    public IndicatorBuilder Outcome() { _kind = IndicatorKind.Outcome; return this; }

    /// <summary>Higher is better (the default).</summary>
    public IndicatorBuilder Increase() { _direction = ImprovementDirection.Increase; return this; }

    /// <summary>Lower is better.</summary>
    public IndicatorBuilder Decrease() { _direction = ImprovementDirection.Decrease; return this; }

    /// <summary>Adds an inline code set.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="codes">Its codes.</param>
    public IndicatorBuilder CodeSet(string name, params Coding[] codes) { _codeSets.Add(new InlineCodeSet(name, [.. codes])); return this; }

    /// <summary>Adds a measurement.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="unit">Canonical UCUM unit of comparison.</param>
    /// <param name="analyte">Analyte (decides conversions).</param>
    /// <param name="codeSets">Code sets identifying a reading.</param>
    public IndicatorBuilder Measurement(string name, string unit, Analyte analyte, params string[] codeSets)
    {
        _measurements.Add(new MeasurementDefinition(name, [.. codeSets], unit, analyte));
        return this;
    }

    /// <summary>Adds a rule that rejects (stops) when <paramref name="when"/> holds.</summary>
    /// <param name="name">Rule name.</param>
    /// <param name="when">Condition.</param>
    /// <param name="description">Optional description.</param>
    public IndicatorBuilder RejectWhen(string name, Criterion when, string description = "") =>
        Rule(new IndicatorRule { Name = name, When = when, Action = RuleAction.Reject, Description = description });

    /// <summary>Adds a rule that rejects (stops) unless <paramref name="condition"/> holds.</summary>
    /// <param name="name">Rule name.</param>
    /// <param name="condition">Condition the patient must meet to go on.</param>
    /// <param name="description">Optional description.</param>
    public IndicatorBuilder RejectUnless(string name, Criterion condition, string description = "") =>
        RejectWhen(name, new NotCriterion(condition), description);

    /// <summary>Adds a rule that selects into <paramref name="populations"/> when <paramref name="when"/> holds (null = always).</summary>
    /// <param name="name">Rule name.</param>
    /// <param name="populations">Populations added.</param>
    /// <param name="when">Condition, or null for always.</param>
    /// <param name="continueAfter">Carry on to the next rule after selecting.</param>
    /// <param name="description">Optional description.</param>
    public IndicatorBuilder Select(string name, MeasurePopulation[] populations, Criterion? when = null, bool continueAfter = false, string description = "") =>
        Rule(new IndicatorRule { Name = name, When = when, Action = RuleAction.Select, Populations = [.. populations], Continue = continueAfter, Description = description });

    /// <summary>Adds a rule as given.</summary>
    /// <param name="rule">The rule.</param>
    public IndicatorBuilder Rule(IndicatorRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        _rules.Add(rule);
        return this;
    }

    /// <summary>Adds a reference (source).</summary>
    /// <param name="reference">A URL or citation.</param>
    public IndicatorBuilder Reference(string reference) { _references.Add(reference); return this; }

    /// <summary>Adds a note.</summary>
    /// <param name="note">The note.</param>
    public IndicatorBuilder Note(string note) { _notes.Add(note); return this; }

    /// <summary>Builds and validates the definition.</summary>
    /// <exception cref="IndicatorDefinitionException">The definition is invalid; every problem is listed.</exception>
    public IndicatorDefinition Build()
    {
        var definition = new IndicatorDefinition
        {
            Id = _id,
            Url = _url,
            Version = _version,
            Title = _title ?? string.Empty,
            Description = _description,
            Kind = _kind,
            Direction = _direction,
            CodeSets = _codeSets.ToImmutable(),
            Measurements = _measurements.ToImmutable(),
            Rules = _rules.ToImmutable(),
            References = _references.ToImmutable(),
            Notes = _notes.ToImmutable(),
        };
        var errors = IndicatorDefinitionValidator.Validate(definition);
        return errors.IsEmpty ? definition : throw new IndicatorDefinitionException(errors);
    }
}
