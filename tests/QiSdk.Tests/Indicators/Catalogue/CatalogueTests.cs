using QiSdk.Indicators;

namespace QiSdk.Tests.Indicators.Catalogue;

/// <summary>The built-in catalogue as a whole: every definition loads, compiles against the real code sets and is documented.</summary>
public sealed class CatalogueTests
{
    private static IEnumerable<TestCaseData> Definitions() =>
        IndicatorCatalogue.BuiltIn().Definitions.Select(d => new TestCaseData(d).SetArgDisplayNames(d.Id));

    [Test]
    public void Catalogue_holds_the_reference_indicators_and_at_least_fifteen_more() =>
        Assert.That(IndicatorCatalogue.BuiltIn().Definitions, Has.Length.GreaterThanOrEqualTo(18));

    [TestCaseSource(nameof(Definitions))]
    public void Definition_compiles_against_the_reference_code_sets(IndicatorDefinition definition) =>
        Assert.DoesNotThrow(() => new IndicatorEngine(CatalogueFixture.Matcher).Compile([definition], new MeasurementPeriod(new DateOnly(2024, 3, 31))));

    [TestCaseSource(nameof(Definitions))]
    public void Definition_cites_its_sources_and_its_url_ends_in_its_id(IndicatorDefinition definition)
    {
        Assert.That(definition.References, Is.Not.Empty, "every built-in indicator cites its sources");
        Assert.That(definition.Url, Is.EqualTo("https://qisdk.org/fhir/Measure/" + definition.Id));
        Assert.That(definition.Description, Is.Not.Empty);
    }

    [TestCaseSource(nameof(Definitions))]
    public void Definition_round_trips_through_the_json_format(IndicatorDefinition definition)
    {
        string json = IndicatorDefinitionJson.Write(definition);
        Assert.That(IndicatorDefinitionJson.TryParse(System.Text.Encoding.UTF8.GetBytes(json), definition.Id + ".json", null, out var again, out var problems), Is.True, string.Join("\n", problems));
        Assert.That(IndicatorDefinitionJson.Write(again!), Is.EqualTo(json));
    }

    [Test]
    public void Whole_catalogue_compiles_together_and_evaluates_an_empty_practice()
    {
        var catalogue = IndicatorCatalogue.BuiltIn();
        var set = new IndicatorEngine(CatalogueFixture.Matcher).Compile(catalogue.Definitions, new MeasurementPeriod(new DateOnly(2024, 3, 31)));
        var results = set.Evaluate([], new DataQualityLog());
        Assert.That(results.Select(r => r.Summary.IndicatorId), Is.EquivalentTo(catalogue.Definitions.Select(d => d.Id)));
    }
}
