using System.Text.Json;
using System.Text.RegularExpressions;
using QiSdk.Indicators;
using QiSdk.Reports;

namespace QiSdk.Tests.Reports;

public sealed class FhirIdsTests
{
    // FHIR R4 id, as the specification writes it (not our own check).
    private static readonly Regex R4Id = new("^[A-Za-z0-9\\-\\.]{1,64}$", RegexOptions.CultureInvariant);

    [TestCase("qof-dm020-hba1c-58-20250331-summary")]
    [TestCase("a")]
    [TestCase("A.b-9")]
    public void A_name_that_is_already_a_valid_id_is_kept_as_it_is(string name) => Assert.That(FhirIds.For(name), Is.EqualTo(name));

    [TestCase("pincer-c-ulcer-history-antiplatelet-no-gastroprotection-20250331-summary")]
    [TestCase("pincer-c-ulcer-history-antiplatelet-no-gastroprotection-20250331-The-Long-Lane-Surgery-disclosed")]
    [TestCase("has spaces_and/slashes")]
    [TestCase("ünïcödé")]
    public void A_long_or_invalid_name_becomes_a_short_valid_id_with_a_readable_prefix(string name)
    {
        string id = FhirIds.For(name);
        Assert.Multiple(() =>
        {
            Assert.That(id, Does.Match(R4Id));
            Assert.That(id[..4], Is.EqualTo(new string([.. name[..4].Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '-')])));
            Assert.That(FhirIds.For(name), Is.EqualTo(id), "deterministic");
        });
    }

    [Test]
    public void Names_that_share_a_long_prefix_get_different_ids()
    {
        string stem = new('x', 80);
        Assert.That(FhirIds.For(stem + "-summary"), Is.Not.EqualTo(FhirIds.For(stem + "-subject-list")));
        Assert.That(FhirIds.For("a b"), Is.Not.EqualTo(FhirIds.For("a-b")));
    }

    [Test]
    public void Every_measure_report_id_is_a_valid_R4_id_and_the_full_name_is_kept_as_an_identifier()
    {
        string id = "pincer-c-ulcer-history-antiplatelet-no-gastroprotection";
        var summary = new IndicatorSummary
        {
            IndicatorId = id, Url = "https://qisdk.org/fhir/Measure/" + id, Version = "1.0.0", Title = "t", Kind = IndicatorKind.Process,
            Direction = ImprovementDirection.Decrease, PeriodEnd = new DateOnly(2025, 3, 31), Counts = new PopulationCounts(1, 1, 0, 0, 1),
        };
        using var stream = new MemoryStream();
        MeasureReportJson.WriteSummaryBundle(stream, [summary]);
        var report = JsonDocument.Parse(stream.ToArray()).RootElement.GetProperty("entry")[0].GetProperty("resource");
        Assert.Multiple(() =>
        {
            Assert.That(report.GetProperty("id").GetString(), Does.Match(R4Id));
            Assert.That(report.GetProperty("identifier")[0].GetProperty("value").GetString(), Is.EqualTo(id + "-20250331-summary"));
        });
    }
}
