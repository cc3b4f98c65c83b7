using QiSdk.Indicators;
using QiSdk.Records;
using static QiSdk.Indicators.Criteria;
using static QiSdk.Tests.Indicators.PatientFactory;

namespace QiSdk.Tests.Indicators;

/// <summary>The criteria the reference indicators do not use, and engine-wide behaviour (parallelism, strata, cascade rules).</summary>
public sealed class EngineCriteriaTests
{
    private static readonly DateOnly R = new(2024, 3, 31);

    private static readonly TestMatcher Matcher = new TestMatcher()
        .Add("AF", Snomed, "49436004")
        .Add("HF", Snomed, "84114007")
        .Add("HYP", Snomed, "38341003")
        .Add("DM", Snomed, "44054006")
        .Add("STROKE", Snomed, "230690007")
        .Add("VASC", Snomed, "22298006")
        .Add("AST", Snomed, "195967001")
        .Add("ASTRES", Snomed, "162660004")
        .Add("CHOL", Snomed, "77068002");

    private static IndicatorBuilder Base(string id) =>
        IndicatorBuilder.Create(id, "https://example.org/Measure/" + id).Title(id)
            .RejectUnless("base", PopulationBase())
            .Select("denominator", [MeasurePopulation.InitialPopulation, MeasurePopulation.Denominator], continueAfter: true);

    private static PopulationMembership Run(IndicatorDefinition d, PatientRecord p, MeasurementPeriod? period = null)
    {
        var result = new IndicatorEngine(Matcher).Compile([d], period ?? new MeasurementPeriod(R)).Evaluate([p], new DataQualityLog()).Single();
        return result.Patients.SingleOrDefault()?.Populations ?? PopulationMembership.None;
    }

    private static readonly IndicatorDefinition Chads = Base("af-chads")
        .Select("score-2-plus", [MeasurePopulation.Numerator], Score(
            new ValueRange(AtLeast: 2),
            new ScoreItem(1, Exists(Events("HF")), "heart failure"),
            new ScoreItem(1, Exists(Events("HYP")), "hypertension"),
            new ScoreItem(2, Age(atLeast: 75), "age 75+"),
            new ScoreItem(1, Exists(Events("DM")), "diabetes"),
            new ScoreItem(2, Exists(Events("STROKE")), "stroke/TIA"),
            new ScoreItem(1, Exists(Events("VASC")), "vascular disease"),
            new ScoreItem(1, Age(atLeast: 65, atMost: 74), "age 65-74"),
            new ScoreItem(1, Sex(AdministrativeGender.Female), "female")))
        .Build();

    [Test]
    public void Weighted_score_counts_female_sex_and_age_band()
    {
        Assert.That(Run(Chads, PatientFactory.Patient("1955-01-01", AdministrativeGender.Female)) & PopulationMembership.Numerator, Is.Not.EqualTo(PopulationMembership.None), "65-74 (1) + female (1) = 2");
        Assert.That(Run(Chads, PatientFactory.Patient("1955-01-01", AdministrativeGender.Male)) & PopulationMembership.Numerator, Is.EqualTo(PopulationMembership.None), "65-74 (1) = 1");
        Assert.That(Run(Chads, PatientFactory.Patient("1980-01-01", AdministrativeGender.Male, Condition("230690007", "2020-01-01"))) & PopulationMembership.Numerator, Is.Not.EqualTo(PopulationMembership.None), "stroke (2)");
    }

    private static readonly IndicatorDefinition Asthma = Base("asthma-active")
        .Select("active", [MeasurePopulation.Numerator], CompareDates(
            new DateOperand(EventPick.Latest, Events("AST")), DateRelation.After, new DateOperand(EventPick.Latest, Events("ASTRES")), whenRightMissing: true))
        .Build();

    [Test]
    public void Latest_diagnosis_after_latest_resolution_compares_dates()
    {
        Assert.That(Run(Asthma, PatientFactory.Patient("1980-01-01", AdministrativeGender.Male, Condition("195967001", "2020-01-01"))), Is.EqualTo(PopulationMembership.InitialPopulation | PopulationMembership.Denominator | PopulationMembership.Numerator));
        Assert.That(Run(Asthma, PatientFactory.Patient("1980-01-01", AdministrativeGender.Male, Condition("195967001", "2020-01-01"), Condition("162660004", "2021-01-01"))), Is.EqualTo(PopulationMembership.InitialPopulation | PopulationMembership.Denominator));
        Assert.That(Run(Asthma, PatientFactory.Patient("1980-01-01", AdministrativeGender.Male, Condition("195967001", "2021-01-01"), Condition("162660004", "2021-01-01"))), Is.EqualTo(PopulationMembership.InitialPopulation | PopulationMembership.Denominator), "same day is not after");
    }

    [Test]
    public void Period_window_runs_from_period_start_inclusive()
    {
        var d = Base("in-period").Select("af", [MeasurePopulation.Numerator], Exists(Events("AF").Within(EventWindow.Period))).Build();
        var period = new MeasurementPeriod(R, new DateOnly(2023, 4, 1));
        Assert.That(Run(d, PatientFactory.Patient("1980-01-01", AdministrativeGender.Male, Condition("49436004", "2023-04-01")), period) & PopulationMembership.Numerator, Is.Not.EqualTo(PopulationMembership.None));
        Assert.That(Run(d, PatientFactory.Patient("1980-01-01", AdministrativeGender.Male, Condition("49436004", "2023-03-31")), period) & PopulationMembership.Numerator, Is.EqualTo(PopulationMembership.None));
    }

    [Test]
    public void Count_of_events_counts_each_event_once_across_code_sets()
    {
        var d = Base("count").Select("two", [MeasurePopulation.Numerator], CountEvents(Events("AF", "HF"), atLeast: 2)).Build();
        var both = Condition("49436004", "2023-01-01") with { Codes = [new Coding(Snomed, "49436004"), new Coding(Snomed, "84114007")] };
        Assert.That(Run(d, PatientFactory.Patient("1980-01-01", AdministrativeGender.Male, both)) & PopulationMembership.Numerator, Is.EqualTo(PopulationMembership.None));
        Assert.That(Run(d, PatientFactory.Patient("1980-01-01", AdministrativeGender.Male, both, Condition("84114007", "2023-02-01"))) & PopulationMembership.Numerator, Is.Not.EqualTo(PopulationMembership.None));
    }

    [Test]
    public void Cholesterol_in_mg_per_dl_converts_to_mmol_per_l()
    {
        var d = Base("chol").Measurement("chol", "mmol/L", QiSdk.Codes.Units.Analyte.Cholesterol, "CHOL")
            .Select("under-5", [MeasurePopulation.Numerator], LatestReading("chol", EventWindow.Months(12), new ValueRange(AtMost: 5))).Build();
        Assert.That(Run(d, PatientFactory.Patient("1980-01-01", AdministrativeGender.Male, Observation("77068002", "2024-01-01", 193.35m, "mg/dL"))) & PopulationMembership.Numerator, Is.Not.EqualTo(PopulationMembership.None), "193.35 / 38.67 = 5.0");
        Assert.That(Run(d, PatientFactory.Patient("1980-01-01", AdministrativeGender.Male, Observation("77068002", "2024-01-01", 193.4m, "mg/dL"))) & PopulationMembership.Numerator, Is.EqualTo(PopulationMembership.None));
    }

    [Test]
    public void Exception_selected_before_numerator_is_dropped_for_numerator_patient()
    {
        var d = Base("order")
            .Select("exception-first", [MeasurePopulation.DenominatorException], Exists(Events("AF")), continueAfter: true)
            .Select("numerator", [MeasurePopulation.Numerator], Exists(Events("HF")))
            .Build();
        var p = PatientFactory.Patient("1980-01-01", AdministrativeGender.Male, Condition("49436004", "2023-01-01"), Condition("84114007", "2023-01-01"));
        Assert.That(Run(d, p), Is.EqualTo(PopulationMembership.InitialPopulation | PopulationMembership.Denominator | PopulationMembership.Numerator));
    }

    [Test]
    public void Numerator_without_denominator_is_not_counted()
    {
        var d = IndicatorBuilder.Create("no-den", "https://example.org/no-den").Title("t")
            .Select("numerator", [MeasurePopulation.InitialPopulation, MeasurePopulation.Numerator], Exists(Events("HF"))).Build();
        Assert.That(Run(d, PatientFactory.Patient("1980-01-01", AdministrativeGender.Male, Condition("84114007", "2023-01-01"))), Is.EqualTo(PopulationMembership.InitialPopulation));
    }

    [Test]
    public void Results_do_not_depend_on_parallelism_and_keep_input_order()
    {
        var rng = new Random(42);
        var patients = Enumerable.Range(0, 5000).Select(i => PatientFactory.Patient(
            $"{1930 + rng.Next(90)}-0{1 + rng.Next(9)}-1{rng.Next(9)}",
            rng.Next(2) == 0 ? AdministrativeGender.Female : AdministrativeGender.Male,
            [.. Enumerable.Range(0, rng.Next(6)).Select(_ => Condition(new[] { "49436004", "84114007", "38341003", "44054006", "230690007" }[rng.Next(5)], $"20{10 + rng.Next(15)}-0{1 + rng.Next(9)}-1{rng.Next(9)}"))])).ToList();
        var definitions = new[] { Chads, Asthma };
        var one = new IndicatorEngine(Matcher, new IndicatorEngineOptions { MaxDegreeOfParallelism = 1 }).Compile(definitions, new MeasurementPeriod(R)).Evaluate(patients, new DataQualityLog());
        var many = new IndicatorEngine(Matcher, new IndicatorEngineOptions { MaxDegreeOfParallelism = 4 }).Compile(definitions, new MeasurementPeriod(R)).Evaluate(patients, new DataQualityLog());
        for (int i = 0; i < one.Length; i++)
        {
            Assert.That(many[i].Summary.Counts, Is.EqualTo(one[i].Summary.Counts));
            Assert.That(many[i].Summary.Strata, Is.EqualTo(one[i].Summary.Strata));
            Assert.That(many[i].Patients, Is.EqualTo(one[i].Patients));
        }

        var chads = one[0].Summary;
        Assert.That(chads.Counts.Numerator, Is.GreaterThan(0).And.LessThan(chads.Counts.Denominator));
        Assert.That(chads.Strata.Where(s => s.Stratifier == "sex").Sum(s => s.Counts.Denominator), Is.EqualTo(chads.Counts.Denominator));
        Assert.That(chads.Strata.Where(s => s.Stratifier == "age-band").Sum(s => s.Counts.Numerator), Is.EqualTo(chads.Counts.Numerator));
        Assert.That(one[0].Patients.Select(p => p.PatientId), Is.EqualTo(patients.Select(p => p.Id)), "every patient is in the denominator, in input order");
    }

    [Test]
    public void Explanations_are_kept_when_asked_for()
    {
        var p = PatientFactory.Patient("1950-01-01", AdministrativeGender.Female, Condition("84114007", "2023-01-01"));
        var result = new IndicatorEngine(Matcher, new IndicatorEngineOptions { IncludeExplanations = true }).Compile([Chads], new MeasurementPeriod(R)).Evaluate([p], new DataQualityLog()).Single();
        var e = result.Explanations.Single();
        Assert.That(e.DecidingRule, Is.EqualTo("score-2-plus"));
        Assert.That(e.Rules.Last().Evidence.Last().Value, Is.EqualTo(3m), "heart failure 1 + age 65-74 (74 at R) 1 + female 1");
        Assert.That(e.Rules.Last().Evidence.Any(x => x.EventId == p.Events[0].Id), Is.True);
    }

    [Test]
    public void Cancellation_stops_evaluation()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var set = new IndicatorEngine(Matcher).Compile([Chads], new MeasurementPeriod(R));
        Assert.Throws<OperationCanceledException>(() => set.Evaluate([PatientFactory.Patient("1950-01-01")], new DataQualityLog(), cancellationToken: cts.Token));
    }

    [Test]
    public void Strict_mode_throws_with_the_location_of_the_problem()
    {
        var set = new IndicatorEngine(Matcher, new IndicatorEngineOptions { Strict = true }).Compile([Chads], new MeasurementPeriod(R));
        var undated = Condition("84114007", null);
        var ex = Assert.Throws<IndicatorEvaluationException>(() => set.Evaluate([PatientFactory.Patient("1950-01-01", AdministrativeGender.Female, undated)], new DataQualityLog()))!;
        Assert.That(ex.Issue.Code, Is.EqualTo("QI3201"));
        Assert.That(ex.Issue.ResourceId, Is.EqualTo(undated.Id));
    }
}
