using QiSdk.Indicators;
using QiSdk.Synthetic;
using QiSdk.Tests.Indicators;

namespace QiSdk.Tests.Synthetic;

/// <summary>
/// The synthetic practice is useful to the indicators: on 10,000 patients every population of the three reference
/// indicators is reached, with plausible scores. SNOMED-only coding, because this test's matcher has no code maps.
/// </summary>
public sealed class SyntheticIndicatorTests
{
    private static readonly Lazy<Dictionary<string, PopulationCounts>> Counts = new(() =>
    {
        var options = new SyntheticPracticeOptions { Patients = 10_000, Seed = 17, CodingMix = CodingMix.SnomedOnly };
        var patients = SyntheticPractice.GenerateAll(options);
        var catalogue = IndicatorCatalogue.BuiltIn();
        string[] ids = ["qof-dm020-hba1c-58", "qof-hyp008-bp-140-90", "pincer-a-nsaid-65-no-gastroprotection"];
        var set = new IndicatorEngine(TestMatcher.FromReference()).Compile(ids.Select(catalogue.Get), new MeasurementPeriod(options.ReferenceDate));
        return set.Evaluate(patients, new DataQualityLog()).ToDictionary(r => r.Summary.IndicatorId, r => r.Summary.Counts);
    });

    [Test]
    public void Diabetes_hba1c_indicator_has_exclusions_exceptions_and_a_qof_like_score()
    {
        var c = Counts.Value["qof-dm020-hba1c-58"];
        TestContext.Out.WriteLine(c);

        Assert.Multiple(() =>
        {
            Assert.That(c.Denominator, Is.InRange(450, 750), "about 7% of the 17+ list");
            Assert.That(c.DenominatorExclusion, Is.GreaterThan(5), "moderate or severe frailty");
            Assert.That(c.DenominatorException, Is.GreaterThan(5), "exception codes, invitations, new diagnoses");
            Assert.That(c.Score, Is.InRange(0.45, 0.85));
        });
    }

    [Test]
    public void Hypertension_bp_indicator_has_exceptions_and_a_qof_like_score()
    {
        var c = Counts.Value["qof-hyp008-bp-140-90"];
        TestContext.Out.WriteLine(c);

        Assert.Multiple(() =>
        {
            Assert.That(c.Denominator, Is.InRange(900, 1500), "hypertensives aged 79 or under");
            Assert.That(c.DenominatorException, Is.GreaterThan(10));
            Assert.That(c.Score, Is.InRange(0.4, 0.85));
        });
    }

    [Test]
    public void Pincer_a_finds_some_over_65s_on_an_nsaid_without_gastroprotection()
    {
        var c = Counts.Value["pincer-a-nsaid-65-no-gastroprotection"];
        TestContext.Out.WriteLine(c);

        Assert.Multiple(() =>
        {
            Assert.That(c.InitialPopulation, Is.InRange(1500, 2300), "65 and over, alive and active");
            Assert.That(c.Denominator, Is.LessThan(c.InitialPopulation), "some are on a PPI");
            Assert.That(c.Numerator, Is.InRange(5, 150));
        });
    }
}
