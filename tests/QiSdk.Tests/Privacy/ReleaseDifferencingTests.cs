using QiSdk.Reports;
using QiSdk.Indicators;
using QiSdk.Privacy;
using static QiSdk.Tests.Privacy.PrivacyTestData;

namespace QiSdk.Tests.Privacy;

public sealed class ReleaseDifferencingTests
{
    private static async Task<DisclosureOutcome> ReleaseAsync(string folder, SuppressionProfile profile, params IndicatorSummary[] summaries)
    {
        var ledger = new FileReleaseLedger(Path.Combine(folder, "releases.jsonl"));
        var pipeline = MeasureReportDisclosure.CreatePipeline([DisclosurePolicies.SmallNumberSuppression(profile)], new DisclosurePipelineOptions { ReleaseLedger = ledger });
        var outcome = pipeline.Prepare(DisclosureRequest.FromSummaries(summaries));
        if (outcome.Disclosure is { } disclosure)
        {
            await new DisclosureGate(new FileAuditLogStore(Path.Combine(folder, "audit.log")), ledger).ReleaseAsync(disclosure, new FileDisclosureSink(folder));
        }

        return outcome;
    }

    [Test]
    public async Task All_then_subgroup_cannot_reveal_the_rest_of_the_practice()
    {
        string folder = TestPaths.NewTempFolder();
        var first = await ReleaseAsync(folder, SuppressionProfile.Cms, Summary("d", Counts(200, 150, 40)));
        Assert.That(first.Released("total", MeasurePopulation.Numerator), Is.EqualTo(40));

        // Next release: only the female stratum, whose numerator is 36: 40 - 36 would reveal 4 men.
        var second = await ReleaseAsync(folder, SuppressionProfile.Cms,
            Summary("d", Counts(200, 150, 40), [Stratum("sex", "female", Counts(110, 80, 36)), Stratum("sex", "male", Counts(90, 70, 4))]));
        var female = second.Cells.Single(c => c.Column == "sex=female" && c.Population == MeasurePopulation.Numerator);
        Assert.Multiple(() =>
        {
            Assert.That(female.ReleasedValue, Is.Null);
            // The male numerator (4) is small in this release too, so single-release secondary suppression (QI4051) may
            // claim the female cell before the differencing check (QI4054): either way it is withheld.
            Assert.That(female.ReasonCode, Is.AnyOf("QI4054", "QI4051"));
        });
    }

    [Test]
    public async Task Month_n_then_month_n_plus_1_cannot_reveal_the_patients_who_changed()
    {
        string folder = TestPaths.NewTempFolder();
        await ReleaseAsync(folder, SuppressionProfile.Cms, Summary("m", Counts(300, 250, 120), end: new DateOnly(2026, 1, 31)));
        var next = await ReleaseAsync(folder, SuppressionProfile.Cms, Summary("m", Counts(300, 251, 123), end: new DateOnly(2026, 2, 28)));
        Assert.Multiple(() =>
        {
            Assert.That(next.Released("total", MeasurePopulation.Numerator), Is.Null, "123 - 120 = 3 patients newly at target");
            Assert.That(next.Released("total", MeasurePopulation.Denominator), Is.Null, "251 - 250 = 1 patient joined");
            Assert.That(next.Released("total", MeasurePopulation.InitialPopulation), Is.EqualTo(300), "unchanged counts may be released again");
        });
    }

    [Test]
    public async Task An_age_band_overlapping_an_earlier_one_is_protected_but_a_disjoint_stratum_is_not()
    {
        string folder = TestPaths.NewTempFolder();
        await ReleaseAsync(folder, SuppressionProfile.Cms,
            Summary("a", Counts(500, 400, 200), [Stratum("age-band", "40-64", Counts(200, 180, 50)), Stratum("sex", "female", Counts(260, 210, 104))]));
        var next = await ReleaseAsync(folder, SuppressionProfile.Cms,
            Summary("a", Counts(500, 400, 200), [Stratum("age-band", "40-69", Counts(220, 190, 53)), Stratum("sex", "male", Counts(240, 190, 96))]));
        Assert.Multiple(() =>
        {
            Assert.That(next.Released("age-band=40-69", MeasurePopulation.Numerator), Is.Null, "53 - 50 = 3 patients aged 65-69");
            Assert.That(next.Released("sex=male", MeasurePopulation.Numerator), Is.Not.Null, "male and female are disjoint; 104 vs 96 reveals nothing");
        });
    }

    [Test]
    public async Task Without_the_ledger_the_same_second_release_would_reveal_the_difference()
    {
        // Control: proves the ledger is what protects the cell above.
        string folder = TestPaths.NewTempFolder();
        await ReleaseAsync(folder, SuppressionProfile.Cms, Summary("m", Counts(300, 250, 120), end: new DateOnly(2026, 1, 31)));
        var unprotected = MeasureReportDisclosure.CreatePipeline([DisclosurePolicies.SmallNumberSuppression(SuppressionProfile.Cms)])
            .Preview(DisclosureRequest.FromSummaries([Summary("m", Counts(300, 251, 123), end: new DateOnly(2026, 2, 28))]));
        Assert.That(unprotected.Released("total", MeasurePopulation.Numerator), Is.EqualTo(123));
    }

    [Test]
    public async Task Cluster_releases_are_checked_against_earlier_cluster_releases()
    {
        string folder = TestPaths.NewTempFolder();
        var ledger = new FileReleaseLedger(Path.Combine(folder, "releases.jsonl"));
        var pipeline = MeasureReportDisclosure.CreatePipeline([DisclosurePolicies.ClusterAggregate()], new DisclosurePipelineOptions { ReleaseLedger = ledger });
        IndicatorSummary[] Month(int extra, int month) =>
        [
            Summary("x", Counts(100, 80, 40 + extra), reporter: "P1", end: new DateOnly(2026, month, 28)),
            Summary("x", Counts(120, 90, 50), reporter: "P2", end: new DateOnly(2026, month, 28)),
            Summary("x", Counts(90, 70, 30), reporter: "P3", end: new DateOnly(2026, month, 28)),
        ];
        var first = pipeline.Prepare(DisclosureRequest.FromSummaries(Month(0, 1)));
        await new DisclosureGate(new FileAuditLogStore(Path.Combine(folder, "a.log")), ledger).ReleaseAsync(first.Disclosure!, new FileDisclosureSink(folder));
        var second = pipeline.Preview(DisclosureRequest.FromSummaries(Month(2, 2)));
        Assert.That(first.Released("total", MeasurePopulation.Numerator), Is.EqualTo(120));
        Assert.That(second.Cells.Single(c => c.Column == "total" && c.Population == MeasurePopulation.Numerator).ReasonCode, Is.EqualTo("QI4054"));
    }
}
