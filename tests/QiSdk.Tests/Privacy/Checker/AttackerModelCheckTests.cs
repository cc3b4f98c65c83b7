using QiSdk.Reports;
using QiSdk.Indicators;
using QiSdk.Privacy;
using QiSdk.Privacy.OrTools;
using static QiSdk.Tests.Privacy.PrivacyTestData;

namespace QiSdk.Tests.Privacy.Checker;

/// <summary>
/// The issue-11 single-release leaks, each as a behaviour of the checker, with the core's built-in check and with the
/// exact CP-SAT solver: exhaustive strata, listed = non-empty, structural equalities, rounding intervals.
/// </summary>
public sealed class AttackerModelCheckTests
{
    public static readonly object[] Checkers = [new object[] { "core" }, new object[] { "cp-sat" }];

    private static DisclosureOutcome Check(string checker, SuppressionProfile profile, params IndicatorSummary[] summaries) =>
        MeasureReportDisclosure.CreatePipeline([DisclosurePolicies.SmallNumberSuppression(profile)],
            new DisclosurePipelineOptions { BoundSolver = checker == "cp-sat" ? OrToolsBoundSolver.Instance : null })
            .Preview(DisclosureRequest.FromSummaries(summaries));

    private static bool AllReleased(DisclosureOutcome outcome, MeasurePopulation population, params string[] columns) =>
        columns.All(c => outcome.Released(c, population) is not null);

    [TestCaseSource(nameof(Checkers))]
    public void Four_released_age_bands_and_the_total_do_not_reveal_a_small_fifth_band(string checker)
    {
        // Age bands are exhaustive: total 130 and bands 30+30+30+36 = 126 would give the 85+ band as 4.
        var summary = Summary("a", Counts(130, 130, 100), [
            Stratum("age-band", "45-54", Counts(30, 30, 25)), Stratum("age-band", "55-64", Counts(30, 30, 22)),
            Stratum("age-band", "65-74", Counts(30, 30, 24)), Stratum("age-band", "75-84", Counts(36, 36, 26)),
            Stratum("age-band", "85+", Counts(4, 4, 3))]);
        var outcome = Check(checker, SuppressionProfile.Cms, summary);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Released("age-band=85+", MeasurePopulation.InitialPopulation), Is.Null);
            Assert.That(AllReleased(outcome, MeasurePopulation.InitialPopulation, "total", "age-band=45-54", "age-band=55-64", "age-band=65-74", "age-band=75-84"), Is.False);
            Assert.That(AllReleased(outcome, MeasurePopulation.Numerator, "total", "age-band=45-54", "age-band=55-64", "age-band=65-74", "age-band=75-84"), Is.False);
        });
    }

    [TestCaseSource(nameof(Checkers))]
    public void A_denominator_and_the_female_count_do_not_reveal_a_small_male_count(string checker)
    {
        // Sex is exhaustive: denominator 20 and female 15 would give male = 5.
        var summary = Summary("d", Counts(20, 20, 12), [Stratum("sex", "female", Counts(15, 15, 11)), Stratum("sex", "male", Counts(5, 5, 1))]);
        var outcome = Check(checker, SuppressionProfile.Custom(5, 1), summary);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Released("sex=male", MeasurePopulation.Denominator), Is.Null);
            Assert.That(AllReleased(outcome, MeasurePopulation.Denominator, "total", "sex=female"), Is.False);
            Assert.That(AllReleased(outcome, MeasurePopulation.InitialPopulation, "total", "sex=female"), Is.False, "IP = denominator here, so IP leaks it too");
        });
    }

    [TestCaseSource(nameof(Checkers))]
    public void A_withheld_total_is_not_the_sum_of_released_strata(string checker)
    {
        // Female 71 + male 59 = 130: with exhaustive strata, the total's complement (3) would follow from the strata.
        var summary = Summary("t", Counts(130, 130, 127), [Stratum("sex", "female", Counts(71, 71, 70)), Stratum("sex", "male", Counts(59, 59, 57))]);
        var outcome = Check(checker, SuppressionProfile.Cms, summary);
        bool denominators = AllReleased(outcome, MeasurePopulation.Denominator, "sex=female", "sex=male");
        bool numerators = AllReleased(outcome, MeasurePopulation.Numerator, "sex=female", "sex=male");
        Assert.That(denominators && numerators, Is.False, "the strata would give the total complement of 3");
    }

    [TestCaseSource(nameof(Checkers))]
    public void Rounded_counts_that_narrow_a_small_difference_below_the_protection_width_are_not_all_released(string checker)
    {
        // nhs: IP 52 -> 50 (48..52) and denominator 50 -> 50 (48..52) leave not-in-denominator = 2 in 0..4: narrower than 7.
        var outcome = Check(checker, SuppressionProfile.Nhs, Summary("r", Counts(52, 50, 30)));
        Assert.That(AllReleased(outcome, MeasurePopulation.InitialPopulation, "total") && AllReleased(outcome, MeasurePopulation.Denominator, "total"), Is.False);
    }

    [TestCaseSource(nameof(Checkers))]
    public void A_table_without_small_counts_is_released_whole(string checker)
    {
        var summary = Summary("w", Counts(400, 300, 150), [Stratum("sex", "female", Counts(200, 150, 80)), Stratum("sex", "male", Counts(200, 150, 70))]);
        var outcome = Check(checker, SuppressionProfile.Cms, summary);
        Assert.That(outcome.Cells.Where(c => c.ReleasedValue is null).Select(c => $"{c.Column} {c.Population}"), Is.Empty);
    }

    [Test]
    public void The_exact_check_releases_more_than_the_core_check_and_both_withhold_the_small_cell()
    {
        var summary = Summary("e", Counts(120, 103, 60), [Stratum("sex", "female", Counts(60, 50, 30)), Stratum("sex", "male", Counts(57, 50, 27)), Stratum("sex", "unknown", Counts(3, 3, 3))]);
        var core = Check("core", SuppressionProfile.Nhs, summary);
        var exact = Check("cp-sat", SuppressionProfile.Nhs, summary);
        int Released(DisclosureOutcome o) => o.Cells.Count(c => c.ReleasedValue is not null);
        Assert.Multiple(() =>
        {
            Assert.That(core.Released("sex=unknown", MeasurePopulation.InitialPopulation), Is.Null);
            Assert.That(exact.Released("sex=unknown", MeasurePopulation.InitialPopulation), Is.Null);
            Assert.That(Released(exact), Is.GreaterThan(Released(core)), "the core withholds the whole sex block");
            Assert.That(core.Cells.Where(c => c.Column.StartsWith("sex=", StringComparison.Ordinal)).All(c => c.ReleasedValue is null), Is.True);
        });
    }

    [TestCaseSource(nameof(Checkers))]
    public void Nested_indicators_with_a_small_difference_do_not_both_leave(string checker)
    {
        // Same rules, one aged 45+ and one aged 46+: they differ by the 3 patients aged exactly 45.
        var wide = Summary("bp-45", Counts(100, 100, 70), [Stratum("sex", "female", Counts(50, 50, 36)), Stratum("sex", "male", Counts(50, 50, 34))]);
        var narrow = Summary("bp-46", Counts(97, 97, 68), [Stratum("sex", "female", Counts(49, 49, 35)), Stratum("sex", "male", Counts(48, 48, 33))]);
        var outcome = Check(checker, SuppressionProfile.Cms, wide, narrow);
        var released = outcome.Cells.Where(c => c.ReleasedValue is not null).Select(c => c.IndicatorId).Distinct().ToList();
        Assert.That(released, Has.Count.LessThanOrEqualTo(1));
        Assert.That(outcome.Cells.Where(c => c.IndicatorId == "bp-46").All(c => c.ReasonCode == PrivacyErrors.CellWithheldDifferencing), Is.True);
    }

    [Test]
    public void Unrelated_indicators_are_not_treated_as_nested()
    {
        // Numerators cross (one higher, the other lower): not nested, both may leave.
        var a = Summary("x", Counts(100, 100, 70));
        var b = Summary("y", Counts(100, 100, 60), reporter: "A81001");
        var outcome = Check("core", SuppressionProfile.Cms, a, b with { Counts = new PopulationCounts(100, 100, 0, 0, 80) });
        Assert.That(outcome.Cells.Where(c => c.IndicatorId == "y").Any(c => c.ReleasedValue is not null), Is.True);
    }
}
