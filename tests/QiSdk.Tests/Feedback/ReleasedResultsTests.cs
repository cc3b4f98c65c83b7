using System.Text;
using System.Text.Json.Nodes;
using QiSdk.Feedback;
using QiSdk.Privacy;
using QiSdk.Reports;
using static QiSdk.Tests.Feedback.FeedbackTestData;

namespace QiSdk.Tests.Feedback;

public sealed class ReleasedResultsTests
{
    [Test]
    public void Withheld_counts_are_read_as_withheld_where_the_summary_reader_refuses_them()
    {
        // Exclusions of 3 are suppressed under the NHS profile, so the rate is withheld too.
        byte[] bytes = Disclose(DisclosurePolicies.SmallNumberSuppression(), Summary("A81001", "ind-a", 120, 80, exclusions: 3));
        Assert.That(() => MeasureReportJson.ReadSummaryBundle(new MemoryStream(bytes), "d.json"), Throws.TypeOf<ReportFormatException>().With.Property("Code").EqualTo("QI5005"));

        var released = ReleasedResults.Read(new MemoryStream(bytes), "d.json");
        var indicator = released.Indicators.Single();
        Assert.That(indicator.Reporter, Is.EqualTo("A81001"));
        Assert.That(indicator.Counts.DenominatorExclusion.IsWithheld, Is.True);
        Assert.That(indicator.Counts.IsRateWithheld, Is.True);
        Assert.That(indicator.Counts.Rate, Is.Null);
        Assert.That(indicator.Title, Is.EqualTo("Title of ind-a"));
        Assert.That(indicator.PeriodEnd, Is.EqualTo(End));
    }

    [Test]
    public void Rounded_counts_carry_the_range_of_true_counts_they_stand_for()
    {
        var released = Released(DisclosurePolicies.SmallNumberSuppression(), Summary("A81001", "ind-a", 122, 81)).Indicators.Single();
        Assert.That(released.Counts.Denominator, Is.EqualTo(new ReleasedCount(120, 118, 122)), "NHS: nearest 5, ties up: 118..122 round to 120");
        Assert.That(released.Counts.Numerator, Is.EqualTo(new ReleasedCount(80, 78, 82)));
        Assert.That(released.Counts.DenominatorExclusion, Is.EqualTo(ReleasedCount.Exact(0)), "zero is released as an exact zero");
        Assert.That(released.Counts.IsRounded, Is.True);
        Assert.That(released.Counts.EffectiveDenominatorRange, Is.EqualTo((118, 122)));

        var midpoint = Released(DisclosurePolicies.SmallNumberSuppression(SuppressionProfile.Midpoint6), Summary("A81001", "ind-a", 122, 81)).Indicators.Single();
        Assert.That(midpoint.Counts.Denominator, Is.EqualTo(new ReleasedCount(123, 121, 126)), "midpoint6: 121..126 are all released as 123");
    }

    [Test]
    public void Exact_releases_have_no_rounding_range_and_freshness_survives_the_pipeline()
    {
        var released = Released(Exact(), Summary("A81001", "ind-a", 122, 81)).Indicators.Single();
        Assert.That(released.Counts.Numerator, Is.EqualTo(ReleasedCount.Exact(81)));
        Assert.That(released.Counts.IsRounded, Is.False);
        Assert.That(released.Freshness.Select(f => (f.ResourceType, f.LatestEventDate)), Is.EquivalentTo(new[] { ("Observation", End.AddDays(-10)), ("Condition", End.AddDays(-40)) }));
    }

    [Test]
    public void Reading_depends_on_the_FHIR_shape_not_on_resource_ids_or_extension_order()
    {
        var node = JsonNode.Parse(Disclose(Exact(), Summary("A81001", "ind-a", 50, 20)))!;
        var report = node["entry"]![0]!["resource"]!;
        report["id"] = "x";
        node["entry"]![0]!["fullUrl"] = "urn:uuid:00000000-0000-0000-0000-000000000000";
        var extensions = report["extension"]!.AsArray();
        var reversed = extensions.Reverse().Select(e => e!.DeepClone()).ToList();
        extensions.Clear();
        foreach (var e in reversed)
        {
            extensions.Add(e);
        }

        var released = ReleasedResults.Read(new MemoryStream(Encoding.UTF8.GetBytes(node.ToJsonString())), "d.json").Indicators.Single();
        Assert.That(released.IndicatorId, Is.EqualTo("ind-a"));
        Assert.That(released.Counts.Rate, Is.EqualTo(0.4));
    }

    [Test]
    public void A_count_that_is_not_a_non_negative_integer_is_a_located_error()
    {
        var node = JsonNode.Parse(Disclose(Exact(), Summary("A81001", "ind-a", 50, 20)))!;
        node["entry"]![0]!["resource"]!["group"]![0]!["population"]![4]!["count"] = -3;
        var ex = Assert.Throws<ReportFormatException>(() => ReleasedResults.Read(new MemoryStream(Encoding.UTF8.GetBytes(node.ToJsonString())), "bad.json"));
        Assert.That(ex!.Code, Is.EqualTo("QI5101"));
        Assert.That(ex.Message, Does.Contain("bad.json").And.Contain("entry 0").And.Contain("population[4].count"));
    }

    [TestCase("{", "QI5001")]
    [TestCase("{\"resourceType\":\"Patient\"}", "QI5002")]
    [TestCase("{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":{\"resourceType\":\"Observation\"}}]}", "QI5003")]
    [TestCase("{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":{\"resourceType\":\"MeasureReport\",\"type\":\"summary\"}}]}", "QI5004")]
    public void Bad_files_get_the_report_error_codes(string json, string code)
    {
        var ex = Assert.Throws<ReportFormatException>(() => ReleasedResults.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "f.json"));
        Assert.That(ex!.Code, Is.EqualTo(code));
    }

    [Test]
    public void Absent_optional_populations_are_zero_but_absent_numerators_are_withheld()
    {
        const string json = """
            {"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/Measure/m1","period":{"end":"2025-03-31"},
             "reporter":{"display":"P1"},
             "group":[{"population":[{"code":{"coding":[{"code":"denominator"}]},"count":40}]}]}
            """;
        var indicator = ReleasedResults.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "m.json").Indicators.Single();
        Assert.That(indicator.IndicatorId, Is.EqualTo("m1"));
        Assert.That(indicator.Counts.DenominatorExclusion, Is.EqualTo(ReleasedCount.Exact(0)));
        Assert.That(indicator.Counts.Numerator.IsWithheld, Is.True);
        Assert.That(indicator.Counts.Rate, Is.Null);
    }

    [Test]
    public void A_reporter_given_as_a_contained_organization_is_read_like_a_display()
    {
        const string json = """
            {"resourceType":"MeasureReport","contained":[{"resourceType":"Organization","id":"org1","name":"A81007"}],
             "status":"complete","type":"summary","measure":"http://example.org/Measure/m1","period":{"end":"2025-03-31"},
             "reporter":{"reference":"#org1"},
             "group":[{"population":[{"code":{"coding":[{"code":"denominator"}]},"count":40},{"code":{"coding":[{"code":"numerator"}]},"count":10}]}]}
            """;
        var indicator = ReleasedResults.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "m.json").Indicators.Single();
        Assert.That(indicator.Reporter, Is.EqualTo("A81007"));
        Assert.That(indicator.Counts.Rate, Is.EqualTo(0.25));
    }
}
