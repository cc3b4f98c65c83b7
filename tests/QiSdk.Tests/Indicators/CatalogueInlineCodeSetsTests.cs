using QiSdk.Codes;
using QiSdk.Indicators;
using QiSdk.Synthetic;

namespace QiSdk.Tests.Indicators;

public sealed class CatalogueInlineCodeSetsTests
{
    [Test]
    public void Catalogue_inline_sets_are_named_by_indicator_and_set()
    {
        var sets = IndicatorCatalogue.BuiltIn().InlineCodeSets();

        Assert.Multiple(() =>
        {
            Assert.That(sets, Is.Not.Empty);
            Assert.That(sets.Select(s => s.Name), Is.All.StartWith("inline:"));
            Assert.That(sets.Select(s => s.Name), Is.Unique);
            Assert.That(sets.Select(s => s.Name), Does.Contain("inline:qof-dm020-hba1c-58:" + IndicatorCatalogue.BuiltIn().Get("qof-dm020-hba1c-58").CodeSets[0].Name));
        });
    }

    [Test]
    public void A_terminology_that_already_holds_the_inline_sets_gives_the_same_results()
    {
        var catalogue = IndicatorCatalogue.BuiltIn();
        var period = new MeasurementPeriod(new DateOnly(2025, 3, 31));
        var patients = SyntheticPractice.GenerateAll(new SyntheticPracticeOptions { Patients = 800, Seed = 3 });
        var plain = Terminology.Create(BuiltInCodeSets.Load());
        var withInline = Terminology.Create(BuiltInCodeSets.Load().Concat(catalogue.InlineCodeSets()));

        var a = new IndicatorEngine(plain).Compile(catalogue.Definitions, period).Evaluate(patients, new DataQualityLog());
        var b = new IndicatorEngine(withInline).Compile(catalogue.Definitions, period).Evaluate(patients, new DataQualityLog());

        Assert.That(b.Select(r => r.Summary.Counts), Is.EqualTo(a.Select(r => r.Summary.Counts)));
    }
}
