using QiSdk.Reports;
using QiSdk.Indicators;
using QiSdk.Privacy;
using static QiSdk.Tests.Privacy.PrivacyTestData;

namespace QiSdk.Tests.Privacy.Checker;

/// <summary>Differencing against what earlier releases reveal (not only their released cells), midpoint6, and the DP shape.</summary>
public sealed class DifferencingAndShapeTests
{
    private static ReleasedCell Cell(string release, string? stratifier, string? value, MeasurePopulation population, int count) =>
        new(release, "m", "A81001", new DateOnly(2025, 4, 1), new DateOnly(2026, 1, 31), stratifier, value, population, count, count);

    private static DraftColumn[] Columns(IndicatorSummary summary) => [.. new DraftIndicator(summary, []).Columns];

    [Test]
    public void A_withheld_earlier_cell_that_its_release_reveals_is_compared_too()
    {
        // Earlier: total numerator 40 and female 30 released, male withheld: the attacker knows male = 10.
        // Now male is 13: releasing it reveals 3 newcomers even though male was never released.
        ReleasedCell[] earlier = [Cell("r1", null, null, MeasurePopulation.Numerator, 40), Cell("r1", "sex", "female", MeasurePopulation.Numerator, 30)];
        var now = Summary("m", Counts(120, 100, 43), [Stratum("sex", "female", Counts(60, 50, 30)), Stratum("sex", "male", Counts(60, 50, 13))]);
        var requirements = DisclosureChecks.DifferencingRequirements(Columns(now), "A81001", earlier, 5, 5);
        Assert.Multiple(() =>
        {
            Assert.That(requirements.ContainsKey((2, (int)MeasurePopulation.Numerator)), Is.True, "male numerator vs the derived earlier 10");
            Assert.That(requirements.ContainsKey((0, (int)MeasurePopulation.Numerator)), Is.True, "total numerator 43 vs 40");
            Assert.That(requirements.ContainsKey((1, (int)MeasurePopulation.Numerator)), Is.False, "female unchanged, and 10 from the earlier total");
        });
    }

    [Test]
    public void Midpoint6_checks_the_ledger_and_keeps_a_whole_block_of_uncertainty()
    {
        ReleasedCell[] earlier = [Cell("r1", null, null, MeasurePopulation.Numerator, 100)];
        var now = Summary("m", Counts(300, 250, 103));
        var requirements = DisclosureChecks.DifferencingRequirements(Columns(now), "A81001", earlier, SuppressionProfile.Midpoint6.SensitiveMax, SuppressionProfile.Midpoint6.ProtectionWidth);
        Assert.That(requirements[(0, (int)MeasurePopulation.Numerator)].Width, Is.EqualTo(5));
    }

    [Test]
    public void Earlier_releases_of_another_reporter_are_not_compared()
    {
        ReleasedCell[] earlier = [Cell("r1", null, null, MeasurePopulation.Numerator, 100) with { Reporter = "B82002" }];
        var requirements = DisclosureChecks.DifferencingRequirements(Columns(Summary("m", Counts(300, 250, 103))), "A81001", earlier, 10, 10);
        Assert.That(requirements, Is.Empty);
    }

    [Test]
    public void Differential_privacy_releases_every_age_band_and_sex_whatever_the_data()
    {
        var folder = TestPaths.NewTempFolder();
        DisclosureOutcome Release(IndicatorSummary summary) => MeasureReportDisclosure.CreatePipeline([DisclosurePolicies.DifferentialPrivacy(new DifferentialPrivacyOptions
        {
            Epsilon = 0.5,
            TotalBudget = 100m,
            BudgetLedger = new FilePrivacyBudgetLedger(Path.Combine(folder, Guid.NewGuid().ToString("N") + ".json")),
        })]).Prepare(DisclosureRequest.FromSummaries([summary]));

        var withOther = Release(Summary("p", Counts(50, 40, 20), [Stratum("sex", "female", Counts(30, 25, 12)), Stratum("sex", "other", Counts(1, 1, 1)), Stratum("sex", "male", Counts(19, 14, 7))]));
        var without = Release(Summary("p", Counts(49, 39, 19), [Stratum("sex", "female", Counts(30, 25, 12)), Stratum("sex", "male", Counts(19, 14, 7))]));
        string[] Shape(DisclosureOutcome o) => [.. o.Cells.Select(c => $"{c.Column} {c.Population} {(c.ReleasedValue is null ? "withheld" : "released")}")];
        string Scale(DisclosureOutcome o) => o.Cells.First(c => c.ReasonCode == PrivacyErrors.CellNoised).Reason!;
        Assert.Multiple(() =>
        {
            Assert.That(Shape(withOther), Is.EqualTo(Shape(without)));
            Assert.That(withOther.Cells.Select(c => c.Column).Distinct().Count(), Is.EqualTo(1 + 10 + 4));
            Assert.That(Scale(withOther), Is.EqualTo(Scale(without)), "the noise scale does not depend on which strata exist");
            Assert.That(Scale(without), Does.Contain("scale 30"), "15 per indicator / epsilon 0.5");
        });
    }
}
