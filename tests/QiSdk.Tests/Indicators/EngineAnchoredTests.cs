using QiSdk.Indicators;
using QiSdk.Records;
using static QiSdk.Tests.Indicators.PatientFactory;

namespace QiSdk.Tests.Indicators;

/// <summary>
/// The <c>anchored</c> criterion (issue 14, QOF AST007's review components): an anchor event with companions dated in a
/// window taken back from the anchor's date, all for the same anchor. Written in JSON, the form catalogue authors use.
/// R = 2024-03-31. The expected values are the windows' definition (<c>anchor - n &lt; date &lt;= anchor</c>), computed by
/// hand here, not by the engine.
/// </summary>
public sealed class EngineAnchoredTests
{
    private const string Review = "1001";
    private const string Plan = "2002";
    private const string Count = "3003";

    private static readonly TestMatcher Matcher = new TestMatcher()
        .Add("REVIEW", Snomed, Review)
        .Add("PLAN", Snomed, Plan)
        .Add("COUNT", Snomed, Count);

    // A review in the last 12 months with a plan the same day and a count in the month up to the review.
    private const string ReviewWithParts = """
        {"anchored": {"anchor": {"codeSets": ["REVIEW"], "window": {"months": 12}},
                      "with": [{"query": {"codeSets": ["PLAN"]}, "before": {"days": 1}},
                               {"query": {"codeSets": ["COUNT"]}, "before": {"months": 1}}]}}
        """;

    private static IndicatorDefinition Define(string criterion) => IndicatorDefinitionJson.Parse($$"""
        {"url": "https://example.org/Measure/t", "id": "t", "version": "1", "title": "t", "kind": "process", "improvement": "increase",
         "rules": [{"name": "d", "select": ["initial-population", "denominator"], "continue": true},
                   {"name": "n", "when": {{criterion}}, "select": ["numerator"]}]}
        """);

    private static CompiledIndicatorSet Compile(IndicatorDefinition d) =>
        new IndicatorEngine(Matcher).Compile([d], new MeasurementPeriod(new DateOnly(2024, 3, 31)));

    private static bool Holds(params ClinicalEvent[] events)
    {
        var set = Compile(Define(ReviewWithParts));
        var patient = PatientFactory.Patient("1950-01-01", AdministrativeGender.Female, events);
        var result = set.Evaluate([patient], new DataQualityLog()).Single();
        bool held = (result.Patients.Single().Populations & PopulationMembership.Numerator) != 0;
        Assert.That((set.Explain(patient).Single().Populations & PopulationMembership.Numerator) != 0, Is.EqualTo(held), "explanation and evaluation agree");
        return held;
    }

    [TestCase("2023-09-15", true, Description = "the anchor's own day")]
    [TestCase("2023-09-14", false, Description = "the day before")]
    [TestCase("2023-09-16", false, Description = "the day after")]
    public void Days_1_is_the_anchors_own_day(string planDate, bool expected) =>
        Assert.That(Holds(Observation(Review, "2023-09-15"), Observation(Plan, planDate), Observation(Count, "2023-09-15")), Is.EqualTo(expected));

    [TestCase("2023-08-15", false, Description = "review minus 1 calendar month: the lower bound is open")]
    [TestCase("2023-08-16", true, Description = "the day after it")]
    [TestCase("2023-09-15", true, Description = "the review day: the upper bound is closed")]
    [TestCase("2023-09-16", false, Description = "after the review")]
    public void Months_1_is_after_the_anchor_minus_a_month_up_to_the_anchor(string countDate, bool expected) =>
        Assert.That(Holds(Observation(Review, "2023-09-15"), Observation(Plan, "2023-09-15"), Observation(Count, countDate)), Is.EqualTo(expected));

    [TestCase("2024-02-29", false, Description = "31 March back 1 month clamps to 29 February: the open lower bound")]
    [TestCase("2024-03-01", true)]
    public void Month_subtraction_clamps_to_month_end(string countDate, bool expected) =>
        Assert.That(Holds(Observation(Review, "2024-03-31"), Observation(Plan, "2024-03-31"), Observation(Count, countDate)), Is.EqualTo(expected));

    [Test]
    public void Companions_must_belong_to_the_same_anchor() =>
        // The June review has its plan, the December review its count; neither review has both.
        Assert.That(Holds(
            Observation(Review, "2023-06-01"), Observation(Plan, "2023-06-01"),
            Observation(Review, "2023-12-01"), Observation(Count, "2023-12-01")), Is.False);

    [Test]
    public void Any_anchor_in_the_window_may_carry_the_companions() =>
        // The earlier review is complete; a later review without parts does not undo it.
        Assert.That(Holds(
            Observation(Review, "2023-06-01"), Observation(Plan, "2023-06-01"), Observation(Count, "2023-05-20"),
            Observation(Review, "2024-01-10")), Is.True);

    [Test]
    public void The_anchor_keeps_its_own_window_while_companions_may_precede_it() =>
        Assert.Multiple(() =>
        {
            Assert.That(Holds(Observation(Review, "2023-04-01"), Observation(Plan, "2023-04-01"), Observation(Count, "2023-03-20")), Is.True, "count before the 12 months, within the month before the review");
            Assert.That(Holds(Observation(Review, "2023-03-31"), Observation(Plan, "2023-03-31"), Observation(Count, "2023-03-31")), Is.False, "review exactly 12 months before R");
        });

    [Test]
    public void A_missing_companion_fails() =>
        Assert.That(Holds(Observation(Review, "2023-09-15"), Observation(Plan, "2023-09-15")), Is.False);

    [Test]
    public void Explanation_names_the_anchor_and_each_companion()
    {
        var set = Compile(Define(ReviewWithParts));
        var review = Observation(Review, "2023-09-15");
        var plan = Observation(Plan, "2023-09-15");
        var count = Observation(Count, "2023-09-01");
        var patient = PatientFactory.Patient("1950-01-01", AdministrativeGender.Female, review, plan, count);
        var evidence = set.Explain(patient).Single().Rules.Single(r => r.Rule == "n").Evidence;
        Assert.That(evidence.Select(e => e.EventId), Is.EqualTo(new[] { review.Id, plan.Id, count.Id }));
        Assert.That(evidence[1].What, Does.Contain("on the same day"));
        Assert.That(evidence[2].What, Does.Contain("within 1 month up to it"));
    }

    [Test]
    public void Anchored_round_trips_through_json_and_reads_on_the_page()
    {
        var d = Define(ReviewWithParts);
        string json = IndicatorDefinitionJson.Write(d);
        Assert.That(IndicatorDefinitionJson.Write(IndicatorDefinitionJson.Parse(json)), Is.EqualTo(json));
        Assert.That(json, Does.Contain("\"anchored\"").And.Contain("\"before\""));
        string page = IndicatorDocumentation.Render(d);
        Assert.That(page, Does.Contain("with an event in `PLAN`").And.Contain("on the same day"));
        Assert.That(page, Does.Contain("an event in `COUNT`").And.Contain("dated after 1 month before it, up to and including its day"));
    }

    [Test]
    public void The_builder_writes_the_same_definition()
    {
        var built = IndicatorBuilder.Create("t", "https://example.org/Measure/t").Title("t").Process().Increase()
            .Select("d", [MeasurePopulation.InitialPopulation, MeasurePopulation.Denominator], continueAfter: true)
            .Select("n", [MeasurePopulation.Numerator], Criteria.Anchored(
                Criteria.Events("REVIEW").Within(EventWindow.Months(12)),
                new AnchoredCompanion(Criteria.Events("PLAN"), EventWindow.Days(1)),
                new AnchoredCompanion(Criteria.Events("COUNT"), EventWindow.Months(1))))
            .Build();
        Assert.That(Fragment(IndicatorDefinitionJson.Write(built)), Is.EqualTo(Fragment(IndicatorDefinitionJson.Write(Define(ReviewWithParts)))));
    }

    private static string Fragment(string json)
    {
        int start = json.IndexOf("\"anchored\"", StringComparison.Ordinal);
        return json[start..json.IndexOf("\"select\"", start, StringComparison.Ordinal)];
    }

    [TestCase("""{"query": {"codeSets": ["PLAN"]}, "before": {"days": 0}}""", "$.rules[1].when.anchored.with[0].before")]
    [TestCase("""{"query": {"codeSets": ["PLAN"]}, "before": {"years": 1}}""", "$.rules[1].when.anchored.with[0].before")]
    [TestCase("""{"query": {"codeSets": ["PLAN"]}, "before": {"ever": true}}""", "$.rules[1].when.anchored.with[0].before")]
    [TestCase("""{"query": {"codeSets": ["PLAN"]}, "before": {"months": 1, "endMonthsBefore": 1}}""", "$.rules[1].when.anchored.with[0].before")]
    [TestCase("""{"query": {"codeSets": ["PLAN"]}}""", "$.rules[1].when.anchored.with[0].before")]
    [TestCase("""{"before": {"days": 1}}""", "$.rules[1].when.anchored.with[0].query")]
    [TestCase("""{"query": {"codeSets": ["PLAN"]}, "before": {"days": 1}, "after": {"days": 1}}""", "$.rules[1].when.anchored.with[0].after")]
    public void A_bad_companion_is_a_located_error(string companion, string path)
    {
        var ex = Assert.Throws<IndicatorDefinitionException>(() => Define($$$"""{"anchored": {"anchor": {"codeSets": ["REVIEW"]}, "with": [{{{companion}}}]}}"""));
        Assert.That(ex!.Errors.Select(e => e.JsonPath), Has.Some.EqualTo(path), string.Join("\n", ex.Errors));
    }

    [Test]
    public void An_anchored_criterion_needs_a_companion()
    {
        var ex = Assert.Throws<IndicatorDefinitionException>(() => Define("""{"anchored": {"anchor": {"codeSets": ["REVIEW"]}, "with": []}}"""));
        Assert.That(ex!.Errors.Select(e => e.JsonPath), Has.Some.EqualTo("$.rules[1].when.anchored.with"));
    }
}
