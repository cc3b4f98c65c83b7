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

/// <summary>The whole catalogue against the code sets QiSdk ships (not the test copies) and the synthetic practice.</summary>
public sealed class ShippedCatalogueTests
{
    private static readonly Lazy<QiSdk.Codes.Terminology> Shipped = new(() => QiSdk.Codes.Terminology.Create(QiSdk.Codes.BuiltInCodeSets.Load()));

    [Test]
    public void Every_code_set_a_built_in_indicator_names_is_shipped_or_inline()
    {
        var catalogue = IndicatorCatalogue.BuiltIn();
        Assert.DoesNotThrow(() => new IndicatorEngine(Shipped.Value).Compile(catalogue.Definitions, new MeasurementPeriod(new DateOnly(2025, 3, 31))));
    }

    [Test]
    public void Whole_catalogue_runs_on_a_synthetic_practice_and_the_common_conditions_have_denominators()
    {
        var options = new QiSdk.Synthetic.SyntheticPracticeOptions { Patients = 3000, Seed = 2024 };
        var patients = QiSdk.Synthetic.SyntheticPractice.GenerateAll(options);
        var catalogue = IndicatorCatalogue.BuiltIn();
        var set = new IndicatorEngine(Shipped.Value).Compile(catalogue.Definitions, new MeasurementPeriod(options.ReferenceDate));
        var results = set.Evaluate(patients, new DataQualityLog());
        foreach (var r in results)
        {
            var c = r.Summary.Counts;
            TestContext.Out.WriteLine($"{r.Summary.IndicatorId,-60} ip {c.InitialPopulation,5} den {c.Denominator,5} excl {c.DenominatorExclusion,4} exc {c.DenominatorException,4} num {c.Numerator,5}");
            Assert.That(c.Numerator, Is.LessThanOrEqualTo(c.Denominator), r.Summary.IndicatorId);
            Assert.That(c.Denominator, Is.LessThanOrEqualTo(c.InitialPopulation), r.Summary.IndicatorId);
        }

        var byId = results.ToDictionary(r => r.Summary.IndicatorId, r => r.Summary.Counts);
        Assert.Multiple(() =>
        {
            foreach (string id in new[] { "dq-smoking-status-recorded", "dq-bp-recorded-45-5y", "qof-af007-anticoagulation-chads2vasc-2", "qof-ckd-bp-140-90", "qof-ast007-asthma-review-12m" })
            {
                Assert.That(byId[id].Denominator, Is.GreaterThan(0), id + " has patients in a 3,000-patient practice");
            }
        });
    }
}
