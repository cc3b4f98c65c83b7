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
        string[] ids = ["qof-dm020-hba1c-58", "qof-hyp008-bp-140-90", "pincer-a-nsaid-65-no-gastroprotection", "qof-ast007-asthma-review-12m", "qof-smok002-ltc-smoking-status-12m", "qof-chol003-cvd-statin"];
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

    [Test]
    public void Asthma_review_indicator_has_reviews_in_and_out_of_the_year()
    {
        var c = Counts.Value["qof-ast007-asthma-review-12m"];
        TestContext.Out.WriteLine(c);

        Assert.Multiple(() =>
        {
            Assert.That(c.Denominator, Is.InRange(300, 800), "about 6.5% of the 6+ list, less the resolved and those without an asthma drug in the year");
            // About 65% reviewed in the last 12 months, and a review carries all three AST007 components (written plan 92%,
            // control test 95%, exacerbation count 95%, each within 3 weeks before the review) about 83% of the time: ~54%.
            Assert.That(c.Score, Is.InRange(0.4, 0.7), "reviews with every component, not every review");
            Assert.That(c.DenominatorException, Is.GreaterThan(0), "first asthma diagnosis in the last 3 months is an exception");
        });
    }

    [Test]
    public void Smoking_status_indicator_counts_recent_statuses_and_never_smokers_recorded_from_25()
    {
        var c = Counts.Value["qof-smok002-ltc-smoking-status-12m"];
        TestContext.Out.WriteLine(c);

        Assert.Multiple(() =>
        {
            Assert.That(c.Denominator, Is.InRange(1500, 4000), "15+ on any long-term-condition register");
            Assert.That(c.Score, Is.InRange(0.75, 0.99), "most have a status at the annual review; older never-smokers persist");
            Assert.That(c.Numerator, Is.LessThan(c.Denominator), "some have only an old current or ex-smoker status");
        });
    }

    [Test]
    public void Statin_indicator_has_a_qof_like_score()
    {
        var c = Counts.Value["qof-chol003-cvd-statin"];
        TestContext.Out.WriteLine(c);

        Assert.Multiple(() =>
        {
            Assert.That(c.Denominator, Is.GreaterThan(150), "CHD, PAD, stroke/TIA or CKD 3-5 without diabetes");
            Assert.That(c.Score, Is.InRange(0.5, 0.95));
        });
    }
}
