using QiSdk.Indicators;
using QiSdk.Records;
using static QiSdk.Tests.Indicators.PatientFactory;

namespace QiSdk.Tests.Indicators;

/// <summary>
/// <c>recordedFromAge</c>: a query keeps only events dated on or after the patient's birthday of that age (QOF SMOK002's
/// "never smoked recorded after the 25th birthday"). Age at the event is counted as the age criterion counts age at R.
/// R = 2024-03-31.
/// </summary>
public sealed class EngineRecordedFromAgeTests
{
    private static readonly TestMatcher Matcher = new TestMatcher().Add("A", Snomed, "1001").Add("B", Snomed, "2002");

    private static IndicatorDefinition Define(string criterion) => IndicatorDefinitionJson.Parse($$"""
        {"url": "https://example.org/Measure/t", "id": "t", "version": "1", "title": "t", "kind": "process", "improvement": "increase",
         "rules": [{"name": "d", "select": ["initial-population", "denominator"], "continue": true},
                   {"name": "n", "when": {{criterion}}, "select": ["numerator"]}]}
        """);

    private static bool Holds(IndicatorDefinition d, string? birthDate, params ClinicalEvent[] events)
    {
        var set = new IndicatorEngine(Matcher).Compile([d], new MeasurementPeriod(new DateOnly(2024, 3, 31)));
        var patient = PatientFactory.Patient(birthDate ?? "1980-01-01", AdministrativeGender.Female, events);
        if (birthDate is null)
        {
            patient = patient with { BirthDate = null };
        }

        var result = set.Evaluate([patient], new DataQualityLog()).Single();
        return (result.Patients.Single().Populations & PopulationMembership.Numerator) != 0;
    }

    private const string From25 = """{"exists": {"codeSets": ["A"], "recordedFromAge": 25}}""";

    [TestCase("2005-06-15", true, Description = "on the 25th birthday")]
    [TestCase("2005-06-14", false, Description = "the day before the 25th birthday")]
    [TestCase("2020-01-01", true, Description = "years later")]
    public void Events_count_from_the_birthday_of_that_age(string date, bool expected) =>
        Assert.That(Holds(Define(From25), "1980-06-15", Condition("1001", date)), Is.EqualTo(expected));

    [TestCase("2005-02-28", false, Description = "28 February: not yet 25 (as the age criterion counts)")]
    [TestCase("2005-03-01", true, Description = "1 March: 25")]
    public void A_29_february_birthday_is_reached_on_1_march(string date, bool expected) =>
        Assert.That(Holds(Define(From25), "1980-02-29", Condition("1001", date)), Is.EqualTo(expected));

    [Test]
    public void A_patient_without_a_birth_date_has_no_such_events() =>
        Assert.That(Holds(Define(From25), null, Condition("1001", "2020-01-01")), Is.False);

    [TestCase("2005-06-15", true, Description = "the latest status is the one recorded at 25")]
    [TestCase("2005-06-14", false, Description = "the only status was recorded at 24")]
    public void Latest_pick_keeps_only_events_from_that_age(string date, bool expected) =>
        Assert.That(
            Holds(Define("""{"latest": {"codeSets": ["A", "B"], "recordedFromAge": 25, "inCodeSets": ["A"]}}"""), "1980-06-15", Condition("2002", "2000-01-01"), Condition("1001", date)),
            Is.EqualTo(expected));

    [Test]
    public void Recorded_from_age_round_trips_through_json_and_reads_on_the_page()
    {
        var d = Define(From25);
        string json = IndicatorDefinitionJson.Write(d);
        Assert.That(json, Does.Contain("\"recordedFromAge\": 25"));
        Assert.That(IndicatorDefinitionJson.Write(IndicatorDefinitionJson.Parse(json)), Is.EqualTo(json));
        Assert.That(IndicatorDocumentation.Render(d), Does.Contain("recorded on or after the patient's 25th birthday"));
        Assert.That(new EventQuery { CodeSets = ["A"] }.RecordedFromAge(25).RecordedFromAge, Is.EqualTo(25));
    }

    [TestCase("-1")]
    [TestCase("151")]
    [TestCase("25.5")]
    [TestCase("\"25\"")]
    public void Bad_ages_are_located_errors(string age)
    {
        var ex = Assert.Throws<IndicatorDefinitionException>(() => Define("""{"exists": {"codeSets": ["A"], "recordedFromAge": """ + age + "}}"));
        Assert.That(ex!.Errors.Select(e => e.JsonPath + " " + e.Message), Has.Some.Contain("$.rules[1].when.exists.recordedFromAge").And.Some.Contain("0 to 150"));
    }
}
