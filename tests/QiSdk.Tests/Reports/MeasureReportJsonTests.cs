using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using QiSdk.Indicators;
using QiSdk.Reports;

namespace QiSdk.Tests.Reports;

public sealed class MeasureReportJsonTests
{
    private static IndicatorSummary Summary(string id = "qof-dm020-hba1c-58", IndicatorKind kind = IndicatorKind.Outcome) => new()
    {
        IndicatorId = id,
        Url = "https://qisdk.org/fhir/Measure/" + id,
        Version = "1.0.0",
        Title = "Diabetes: HbA1c <= 58 mmol/mol",
        Kind = kind,
        Direction = ImprovementDirection.Increase,
        PeriodStart = new DateOnly(2024, 4, 1),
        PeriodEnd = new DateOnly(2025, 3, 31),
        Counts = new PopulationCounts(120, 120, 6, 14, 70),
        Strata =
        [
            new StratumCounts("sex", "female", new PopulationCounts(50, 50, 2, 8, 30)),
            new StratumCounts("sex", "male", new PopulationCounts(70, 70, 4, 6, 40)),
            new StratumCounts("age-band", "65-74", new PopulationCounts(3, 3, 1, 2, 0)),
        ],
        Reporter = "A81001",
    };

    private static JsonElement Write(Action<Stream> write)
    {
        using var stream = new MemoryStream();
        write(stream);
        return JsonDocument.Parse(stream.ToArray()).RootElement.Clone();
    }

    [Test]
    public void Summary_bundle_is_a_collection_with_standard_population_codes_and_score()
    {
        var bundle = Write(s => MeasureReportJson.WriteSummaryBundle(s, [Summary()]));
        var report = bundle.GetProperty("entry")[0].GetProperty("resource");
        var populations = report.GetProperty("group")[0].GetProperty("population").EnumerateArray().ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(bundle.GetProperty("resourceType").GetString(), Is.EqualTo("Bundle"));
            Assert.That(bundle.GetProperty("type").GetString(), Is.EqualTo("collection"));
            Assert.That(report.GetProperty("type").GetString(), Is.EqualTo("summary"));
            Assert.That(report.GetProperty("status").GetString(), Is.EqualTo("complete"));
            Assert.That(report.GetProperty("measure").GetString(), Does.EndWith("/qof-dm020-hba1c-58"));
            Assert.That(report.GetProperty("period").GetProperty("end").GetString(), Is.EqualTo("2025-03-31"));
            Assert.That(populations.Select(p => p.GetProperty("code").GetProperty("coding")[0].GetProperty("system").GetString()).Distinct(),
                Is.EqualTo(new[] { "http://terminology.hl7.org/CodeSystem/measure-population" }));
            Assert.That(populations.Select(p => p.GetProperty("code").GetProperty("coding")[0].GetProperty("code").GetString()),
                Is.EqualTo(new[] { "initial-population", "denominator", "denominator-exclusion", "denominator-exception", "numerator" }));
            Assert.That(populations.Select(p => p.GetProperty("count").GetInt32()), Is.EqualTo(new[] { 120, 120, 6, 14, 70 }));
            // 70 / (120 - 6 - 14) = 0.7
            Assert.That(report.GetProperty("group")[0].GetProperty("measureScore").GetProperty("value").GetDecimal(), Is.EqualTo(0.7m));
            Assert.That(report.GetProperty("contained").EnumerateArray().Select(c => c.GetProperty("resourceType").GetString()), Is.EqualTo(new[] { "Organization" }), "a summary carries no subject lists, only its reporter");
            Assert.That(report.GetProperty("reporter").GetProperty("reference").GetString(), Is.EqualTo("#reporter"));
        });
    }

    [Test]
    public void Stratum_with_zero_effective_denominator_has_no_score()
    {
        var bundle = Write(s => MeasureReportJson.WriteSummaryBundle(s, [Summary()]));
        var stratifiers = bundle.GetProperty("entry")[0].GetProperty("resource").GetProperty("group")[0].GetProperty("stratifier");
        var ageBand = stratifiers.EnumerateArray().Single(s => s.GetProperty("code")[0].GetProperty("text").GetString() == "age-band");

        Assert.That(ageBand.GetProperty("stratum")[0].TryGetProperty("measureScore", out _), Is.False);
    }

    [Test]
    public void Summary_round_trips_through_json()
    {
        var original = Summary(kind: IndicatorKind.Process);
        using var stream = new MemoryStream();
        MeasureReportJson.WriteSummaryBundle(stream, [original, Summary("second")]);
        stream.Position = 0;

        var read = MeasureReportJson.ReadSummaryBundle(stream, "measure-reports.json");

        Assert.That(read, Has.Length.EqualTo(2));
        Assert.Multiple(() =>
        {
            Assert.That(read[0] with { Strata = [] }, Is.EqualTo(original with { Strata = [] }));
            Assert.That(read[0].Strata, Is.EqualTo(original.Strata));
            Assert.That(read[1].IndicatorId, Is.EqualTo("second"));
        });
    }

    [Test]
    public void Same_results_give_the_same_bytes()
    {
        static byte[] Bytes()
        {
            using var stream = new MemoryStream();
            MeasureReportJson.WriteSummaryBundle(stream, [Summary()]);
            return stream.ToArray();
        }

        byte[] first = Bytes();
        byte[] second = Bytes();
        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void Subject_list_report_lists_each_population_s_patients_in_contained_lists()
    {
        var result = new IndicatorResult
        {
            Summary = Summary() with { Counts = new PopulationCounts(2, 2, 0, 0, 1), Strata = [] },
            Patients =
            [
                new PatientResult("p1", PopulationMembership.InitialPopulation | PopulationMembership.Denominator | PopulationMembership.Numerator),
                new PatientResult("p2", PopulationMembership.InitialPopulation | PopulationMembership.Denominator),
            ],
        };

        var report = Write(s => MeasureReportJson.WriteSubjectListBundle(s, [result])).GetProperty("entry")[0].GetProperty("resource");
        var numeratorPopulation = report.GetProperty("group")[0].GetProperty("population").EnumerateArray()
            .Single(p => p.GetProperty("code").GetProperty("coding")[0].GetProperty("code").GetString() == "numerator");
        string listRef = numeratorPopulation.GetProperty("subjectResults").GetProperty("reference").GetString()!;
        var list = report.GetProperty("contained").EnumerateArray().Single(c => "#" + c.GetProperty("id").GetString() == listRef);

        Assert.Multiple(() =>
        {
            Assert.That(report.GetProperty("type").GetString(), Is.EqualTo("subject-list"));
            Assert.That(list.GetProperty("resourceType").GetString(), Is.EqualTo("List"));
            Assert.That(list.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("item").GetProperty("reference").GetString()),
                Is.EqualTo(new[] { "Patient/p1" }));
        });
    }

    [Test]
    public void Individual_reports_name_the_patient_and_count_zero_or_one()
    {
        var result = new IndicatorResult
        {
            Summary = Summary(),
            Patients =
            [
                new PatientResult("p1", PopulationMembership.InitialPopulation | PopulationMembership.Denominator | PopulationMembership.DenominatorException),
                new PatientResult("p2", PopulationMembership.None),
            ],
        };

        var entries = Write(s => MeasureReportJson.WriteIndividualBundle(s, [result])).GetProperty("entry").EnumerateArray().ToArray();
        var report = entries.Single().GetProperty("resource");

        Assert.Multiple(() =>
        {
            Assert.That(report.GetProperty("type").GetString(), Is.EqualTo("individual"));
            Assert.That(report.GetProperty("subject").GetProperty("reference").GetString(), Is.EqualTo("Patient/p1"));
            Assert.That(report.GetProperty("group")[0].GetProperty("population").EnumerateArray().Select(p => p.GetProperty("count").GetInt32()),
                Is.EqualTo(new[] { 1, 1, 0, 1, 0 }));
        });
    }

    [TestCase("{ not json", "QI5001")]
    [TestCase("{\"resourceType\":\"Patient\"}", "QI5002")]
    [TestCase("{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":{\"resourceType\":\"Observation\"}}]}", "QI5003")]
    [TestCase("{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":{\"resourceType\":\"MeasureReport\",\"period\":{\"end\":\"2025-03-31\"}}}]}", "QI5004")]
    [TestCase("{\"resourceType\":\"MeasureReport\",\"measure\":\"x/y\",\"period\":{\"end\":\"31/03/2025\"}}", "QI5005")]
    [TestCase("{\"resourceType\":\"MeasureReport\",\"measure\":\"x/y\",\"period\":{\"end\":\"2025-03-31\"},\"group\":[{\"population\":[{\"code\":{\"coding\":[{\"code\":\"numerator\"}]},\"count\":-1}]}]}", "QI5005")]
    [TestCase("{\"resourceType\":\"MeasureReport\",\"measure\":\"x/y\",\"period\":{\"end\":\"2025-03-31\"},\"group\":[7]}", "QI5004")]
    public void Unreadable_reports_fail_with_a_located_coded_error(string json, string code)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));

        var ex = Assert.Throws<ReportFormatException>(() => MeasureReportJson.ReadSummaryBundle(stream, "results/measure-reports.json"));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Code, Is.EqualTo(code));
            Assert.That(ex.Message, Does.Contain("results/measure-reports.json"));
        });
    }

    [Test]
    public void Reporter_named_only_by_a_contained_organization_is_read_as_in_a_disclosure()
    {
        const string json = """
            {"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"https://example.org/Measure/m",
             "contained":[{"resourceType":"Organization","id":"org","identifier":[{"value":"Y99001"}]}],
             "reporter":{"reference":"#org"},"period":{"end":"2025-03-31"},
             "group":[{"population":[{"code":{"coding":[{"code":"denominator"}]},"count":3},{"code":{"coding":[{"code":"numerator"}]},"count":1}]}]}
            """;

        var summary = MeasureReportJson.ReadSummaryBundle(new MemoryStream(Encoding.UTF8.GetBytes(json)), "x.json").Single();
        var released = QiSdk.Feedback.ReleasedResults.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "x.json").Indicators.Single();

        Assert.Multiple(() =>
        {
            Assert.That(summary.Reporter, Is.EqualTo("Y99001"));
            Assert.That(released.Reporter, Is.EqualTo(summary.Reporter), "results and disclosures share one reader of the report's fields");
            Assert.That(summary.Counts.Denominator, Is.EqualTo(3));
        });
    }

    [Test]
    public void Report_from_another_system_without_kind_reads_as_outcome_and_takes_id_from_measure_url()
    {
        const string json = """
            {"resourceType":"MeasureReport","status":"complete","type":"summary",
             "measure":"https://madie.cms.gov/Measure/ControllingHighBloodPressureFHIR|0.1.000",
             "period":{"start":"2025-01-01","end":"2025-12-31"},
             "group":[{"population":[{"code":{"coding":[{"code":"initial-population"}]},"count":1},
                                     {"code":{"coding":[{"code":"denominator"}]},"count":1},
                                     {"code":{"coding":[{"code":"numerator"}]},"count":0}]}]}
            """;
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));

        var summary = MeasureReportJson.ReadSummaryBundle(stream, "x.json").Single();

        Assert.Multiple(() =>
        {
            Assert.That(summary.IndicatorId, Is.EqualTo("ControllingHighBloodPressureFHIR"));
            Assert.That(summary.Version, Is.EqualTo("0.1.000"));
            Assert.That(summary.Kind, Is.EqualTo(IndicatorKind.Outcome));
            Assert.That(summary.Counts, Is.EqualTo(new PopulationCounts(1, 1, 0, 0, 0)));
        });
    }

    [Test]
    public void Expected_measure_report_from_an_ecqm_test_case_is_readable()
    {
        string file = Directory.GetFiles(TestPaths.Fixture("ecqm", "CMS165", "patients"), "*.json").OrderBy(f => f, StringComparer.Ordinal).First();
        using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
        var report = doc.RootElement.GetProperty("entry").EnumerateArray()
            .Select(e => e.GetProperty("resource"))
            .Single(r => r.GetProperty("resourceType").GetString() == "MeasureReport");
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(report.GetRawText()));

        var summary = MeasureReportJson.ReadSummaryBundle(stream, file).Single();

        Assert.Multiple(() =>
        {
            Assert.That(summary.Url, Does.StartWith("https://madie.cms.gov/Measure/ControllingHighBloodPressureFHIR"));
            Assert.That(summary.PeriodEnd, Is.EqualTo(new DateOnly(2025, 12, 31)));
            Assert.That(summary.Counts.InitialPopulation, Is.InRange(0, 1));
        });
    }
}
