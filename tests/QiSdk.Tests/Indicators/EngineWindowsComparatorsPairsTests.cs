using QiSdk.Indicators;
using QiSdk.Records;
using static QiSdk.Tests.Indicators.PatientFactory;

namespace QiSdk.Tests.Indicators;

/// <summary>
/// The three engine capabilities issue 14 added: windows that end months before R (<c>endMonthsBefore</c>), readings
/// written with a comparator (<c>keepComparators</c> / <c>excludeComparators</c>) and co-prescription (<c>together</c>).
/// Written in JSON, the form catalogue authors use. R = 2024-03-31.
/// </summary>
public sealed class EngineWindowsComparatorsPairsTests
{
    private static readonly TestMatcher Matcher = new TestMatcher()
        .Add("A", Snomed, "1001")
        .Add("B", Snomed, "2002")
        .Add("AB", Snomed, "3003")
        .Add("B", Snomed, "3003")
        .Add("A", Snomed, "3003")
        .Add("LAB", Snomed, "9009");

    private static IndicatorDefinition Define(string criterion, string measurements = "") => IndicatorDefinitionJson.Parse($$"""
        {"url": "https://example.org/Measure/t", "id": "t", "version": "1", "title": "t", "kind": "process", "improvement": "increase",
         {{measurements}}
         "rules": [{"name": "d", "select": ["initial-population", "denominator"], "continue": true},
                   {"name": "n", "when": {{criterion}}, "select": ["numerator"]}]}
        """);

    private static bool Holds(IndicatorDefinition d, params ClinicalEvent[] events)
    {
        var set = new IndicatorEngine(Matcher).Compile([d], new MeasurementPeriod(new DateOnly(2024, 3, 31)));
        var result = set.Evaluate([PatientFactory.Patient("1950-01-01", AdministrativeGender.Female, events)], new DataQualityLog()).Single();
        return (result.Patients.Single().Populations & PopulationMembership.Numerator) != 0;
    }

    [TestCase("2023-12-31", true, Description = "on R - 3 months")]
    [TestCase("2024-01-01", false, Description = "a day later")]
    [TestCase("1990-01-01", true, Description = "long before")]
    public void Ever_ending_3_months_before_R_is_on_or_before_R_minus_3_months(string date, bool expected) =>
        Assert.That(Holds(Define("""{"exists": {"codeSets": ["A"], "window": {"ever": true, "endMonthsBefore": 3}}}"""), Condition("1001", date)), Is.EqualTo(expected));

    [TestCase("2023-09-30", false, Description = "on R - 6 months: lower bound open")]
    [TestCase("2023-10-01", true)]
    [TestCase("2023-12-31", true, Description = "on R - 3 months: upper bound closed")]
    [TestCase("2024-01-01", false)]
    public void Months_6_ending_3_months_before_R(string date, bool expected) =>
        Assert.That(Holds(Define("""{"exists": {"codeSets": ["A"], "window": {"months": 6, "endMonthsBefore": 3}}}"""), Condition("1001", date)), Is.EqualTo(expected));

    [Test]
    public void End_offset_round_trips_through_json_and_reads_on_the_page()
    {
        var d = Define("""{"exists": {"codeSets": ["A"], "window": {"ever": true, "endMonthsBefore": 3}}}""");
        string json = IndicatorDefinitionJson.Write(d);
        Assert.That(json, Does.Contain("\"endMonthsBefore\": 3"));
        Assert.That(IndicatorDefinitionJson.Write(IndicatorDefinitionJson.Parse(json)), Is.EqualTo(json));
        Assert.That(IndicatorDocumentation.Render(d), Does.Contain("on or before R - 3 months"));
    }

    [TestCase("""{"months": 3, "endMonthsBefore": 3}""", "ends before it starts")]
    [TestCase("""{"ever": true, "endMonthsBefore": -1}""", "zero or positive")]
    [TestCase("""{"endMonthsBefore": 3}""", "exactly one of")]
    public void Bad_end_offsets_are_located_errors(string window, string message)
    {
        var ex = Assert.Throws<IndicatorDefinitionException>(() => Define("""{"exists": {"codeSets": ["A"], "window": """ + window + "}}"));
        Assert.That(ex!.Errors.Select(e => e.JsonPath + " " + e.Message), Has.Some.Contain("$.rules[1].when.exists.window").And.Some.Contain(message));
    }

    private const string KeepingLab = """ "measurements": [{"name": "lab", "codeSets": ["LAB"], "unit": "mL/min/{1.73_m2}", "keepComparators": true}], """;
    private const string PlainLab = """ "measurements": [{"name": "lab", "codeSets": ["LAB"], "unit": "mL/min/{1.73_m2}"}], """;

    private static ClinicalEvent Lab(string date, decimal value, string? comparator) =>
        Observation("9009", date, value, "mL/min/{1.73_m2}") with { Value = new Quantity(value, "mL/min/{1.73_m2}", "http://unitsofmeasure.org", "mL/min/{1.73_m2}", comparator) };

    private const string Below45 = """{"reading": {"measurement": "lab", "atLeast": 1, "below": 45, "excludeComparators": [">", ">=", "~", "<1"]}}""";

    [TestCase(null, 30, true)]
    [TestCase("<", 30, true)]
    [TestCase("<=", 1, true)]
    [TestCase("<", 1, false)]
    [TestCase(">", 30, false)]
    [TestCase(">=", 30, false)]
    [TestCase("~", 30, false)]
    public void Kept_comparator_readings_are_compared_or_excluded(string? comparator, decimal value, bool expected) =>
        Assert.That(Holds(Define(Below45, KeepingLab), Lab("2024-01-01", value, comparator)), Is.EqualTo(expected));

    [Test]
    public void The_latest_reading_is_chosen_before_its_comparator_excludes_it() =>
        Assert.That(Holds(Define(Below45, KeepingLab), Lab("2023-01-01", 30m, null), Lab("2024-01-01", 90m, ">")), Is.False);

    [Test]
    public void Without_keep_comparators_a_bound_is_not_a_reading_and_is_logged()
    {
        var d = Define("""{"reading": {"measurement": "lab", "below": 45}}""", PlainLab);
        var log = new DataQualityLog();
        var set = new IndicatorEngine(Matcher).Compile([d], new MeasurementPeriod(new DateOnly(2024, 3, 31)));
        var result = set.Evaluate([PatientFactory.Patient("1950-01-01", AdministrativeGender.Female, Lab("2023-01-01", 30m, null), Lab("2024-01-01", 20m, "<"))], log).Single();
        Assert.That(result.Patients.Single().Populations & PopulationMembership.Numerator, Is.Not.EqualTo(PopulationMembership.None), "the plain 30 is the only reading");
        Assert.That(log.CountsByCode().Keys, Does.Contain("QI3104"));
    }

    [Test]
    public void Excluding_comparators_needs_a_measurement_that_keeps_them()
    {
        var ex = Assert.Throws<IndicatorDefinitionException>(() => Define(Below45, PlainLab));
        Assert.That(ex!.Errors.Select(e => e.JsonPath), Has.Some.EqualTo("$.rules[1].when.reading.excludeComparators"));
    }

    [Test]
    public void A_malformed_comparator_is_a_located_error()
    {
        var ex = Assert.Throws<IndicatorDefinitionException>(() => Define("""{"reading": {"measurement": "lab", "below": 45, "excludeComparators": ["=>"]}}""", KeepingLab));
        Assert.That(ex!.Errors.Select(e => e.JsonPath), Has.Some.EqualTo("$.rules[1].when.reading.excludeComparators[0]"));
    }

    private const string Together28 = """{"together": {"first": {"codeSets": ["A"], "window": {"months": 3}}, "second": {"codeSets": ["B"], "window": {"months": 3}}, "lessThanDaysApart": 28}}""";

    [TestCase("2024-01-10", "2024-02-06", true, Description = "27 days apart")]
    [TestCase("2024-01-10", "2024-02-07", false, Description = "28 days apart")]
    [TestCase("2024-02-07", "2024-01-10", false, Description = "28 days, the other order")]
    [TestCase("2024-03-31", "2024-03-31", true, Description = "same day")]
    public void Together_counts_pairs_less_than_the_gap_apart(string a, string b, bool expected) =>
        Assert.That(Holds(Define(Together28), Prescription("1001", a), Prescription("2002", b)), Is.EqualTo(expected));

    [Test]
    public void Together_finds_the_close_pair_among_far_ones() =>
        Assert.That(Holds(Define(Together28), Prescription("1001", "2024-01-02"), Prescription("2002", "2024-02-20"), Prescription("1001", "2024-03-01")), Is.True);

    [Test]
    public void Together_applies_each_querys_window() =>
        Assert.That(Holds(Define(Together28), Prescription("1001", "2023-12-20"), Prescription("2002", "2024-01-02")), Is.False, "the first drug is before the 3 months");

    [Test]
    public void One_product_in_both_lists_is_a_pair() =>
        Assert.That(Holds(Define(Together28), Prescription("3003", "2024-02-01")), Is.True);

    [Test]
    public void Together_round_trips_and_reads_on_the_page()
    {
        var d = Define(Together28);
        string json = IndicatorDefinitionJson.Write(d);
        Assert.That(IndicatorDefinitionJson.Write(IndicatorDefinitionJson.Parse(json)), Is.EqualTo(json));
        Assert.That(IndicatorDocumentation.Render(d), Does.Contain("dated less than 28 days apart"));
    }

    [Test]
    public void Together_needs_a_positive_gap()
    {
        var ex = Assert.Throws<IndicatorDefinitionException>(() => Define(Together28.Replace("28", "0", StringComparison.Ordinal)));
        Assert.That(ex!.Errors.Select(e => e.JsonPath), Has.Some.EqualTo("$.rules[1].when.together.lessThanDaysApart"));
    }
}
