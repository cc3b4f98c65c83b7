using QiSdk.Indicators;
using QiSdk.Records;
using static QiSdk.Tests.Indicators.PatientFactory;

namespace QiSdk.Tests.Indicators;

/// <summary>
/// The #17 capabilities on hand-built records, period 2025-01-01..2025-12-31: coded values, window relations with the CQL
/// meaning (Condition prevalence), status and intent filters, things not done with a reason, encounter class and type,
/// discharge disposition, readings without a result, age at the period start, and their located definition errors.
/// </summary>
public sealed class EngineFiltersAndPeriodsTests
{
    private static readonly TestMatcher Matcher = new TestMatcher()
        .Add("A", Snomed, "1001").Add("B", Snomed, "2002").Add("C", Snomed, "3003").Add("D", Snomed, "4004").Add("HBA1C", Snomed, "5005");

    private static readonly MeasurementPeriod Year = new(new DateOnly(2025, 12, 31), new DateOnly(2025, 1, 1));

    private static IndicatorDefinition Define(string criterion) => IndicatorDefinitionJson.Parse($$"""
        {"url": "https://example.org/Measure/t", "id": "t", "version": "1", "title": "t", "kind": "process", "improvement": "increase",
         "measurements": [{"name": "hba1c", "codeSets": ["HBA1C"], "unit": "%"}],
         "rules": [{"name": "d", "select": ["initial-population", "denominator"], "continue": true},
                   {"name": "n", "when": {{criterion}}, "select": ["numerator"]}]}
        """, null, name => Matcher.TryGetCodeSetIndex(name, out _));

    private static bool Holds(string criterion, params ClinicalEvent[] events) => Holds(criterion, "1960-01-01", Year, events);

    private static bool Holds(string criterion, string birthDate, MeasurementPeriod period, params ClinicalEvent[] events)
    {
        var set = new IndicatorEngine(Matcher).Compile([Define(criterion)], period);
        var result = set.Evaluate([Patient(birthDate, AdministrativeGender.Female, events)], new DataQualityLog()).Single();
        return (result.Patients.Single().Populations & PopulationMembership.Numerator) != 0;
    }

    private static ClinicalEvent Coded(ResourceKind kind, string code, string? date) => new()
    {
        Kind = kind,
        Id = kind + code + date,
        Codes = [new Coding(Snomed, code)],
        Date = date is null ? null : FhirDate.Parse(date),
    };

    private static ClinicalEvent Spanning(ResourceKind kind, string code, string start, string? end) => new()
    {
        Kind = kind,
        Id = kind + code + start,
        Codes = [new Coding(Snomed, code)],
        Period = new Period(FhirDate.Parse(start), end is null ? null : FhirDate.Parse(end)),
        Status = kind == ResourceKind.Encounter ? "finished" : "final",
    };

    // Coded values

    [TestCase("2002", true)]
    [TestCase("9999", false)]
    public void An_observation_whose_coded_value_is_in_the_set_matches(string valueCode, bool expected) =>
        Assert.That(Holds("""{"exists": {"codeSets": ["A"], "window": {"period": true}, "valueCodeSets": ["B"]}}""",
            Observation("1001", "2025-03-01") with { ValueCodes = [new Coding(Snomed, valueCode)] }), Is.EqualTo(expected));

    [Test]
    public void A_component_value_counts_as_the_observations_value()
    {
        var observation = Observation("1001", "2025-03-01") with
        {
            Components = [new ObservationComponent { Codes = [new Coding(Snomed, "7777")], ValueCodes = [new Coding(Snomed, "2002")] }],
        };
        Assert.That(Holds("""{"exists": {"codeSets": ["A"], "valueCodeSets": ["B"]}}""", observation), Is.True);
    }

    // Window relations

    [TestCase("starts", false)]
    [TestCase("ends", true)]
    [TestCase("overlaps", true)]
    [TestCase("during", false)]
    public void A_period_starting_before_the_period_and_ending_in_it(string relation, bool expected) =>
        Assert.That(Holds("""{"exists": {"codeSets": ["A"], "window": {"period": true, "relation": """ + "\"" + relation + "\"}}}",
            Spanning(ResourceKind.Procedure, "1001", "2024-12-01", "2025-01-05")), Is.EqualTo(expected));

    [TestCase("starts", true)]
    [TestCase("ends", false)]
    [TestCase("overlaps", true)]
    [TestCase("during", false)]
    public void An_ongoing_period_starting_in_the_period(string relation, bool expected) =>
        Assert.That(Holds("""{"exists": {"codeSets": ["A"], "window": {"period": true, "relation": """ + "\"" + relation + "\"}}}",
            Spanning(ResourceKind.Encounter, "1001", "2025-06-01", null)), Is.EqualTo(expected));

    [TestCase("active", null, true, Description = "active without abatement: ongoing")]
    [TestCase("inactive", null, false, Description = "no longer active, end unknown: CQL cannot establish the overlap")]
    [TestCase(null, "2024-12-01", false, Description = "abated before the period")]
    [TestCase(null, "2025-02-01", true, Description = "abated in the period")]
    public void A_condition_overlaps_by_its_prevalence(string? clinicalStatus, string? abatement, bool expected) =>
        Assert.That(Holds("""{"exists": {"codeSets": ["A"], "window": {"period": true, "relation": "overlaps"}}}""",
            Condition("1001", "2024-06-01") with { ClinicalStatus = clinicalStatus, AbatementDate = abatement is null ? null : FhirDate.Parse(abatement) }),
            Is.EqualTo(expected));

    [Test]
    public void With_ends_the_latest_is_chosen_by_its_end()
    {
        // The reading ending 2025-01-01 is the latest by end, though it starts before the other one's... start.
        var early = Spanning(ResourceKind.Observation, "1001", "2024-12-31", "2025-03-01") with { ValueCodes = [new Coding(Snomed, "2002")] };
        var later = Spanning(ResourceKind.Observation, "1001", "2025-01-15", "2025-01-15");
        Assert.Multiple(() =>
        {
            Assert.That(Holds("""{"latest": {"codeSets": ["A"], "window": {"period": true, "relation": "ends"}, "dateWithin": {"months": 10}}}""", early, later), Is.True);
            Assert.That(Holds("""{"compareDates": {"left": {"latest": {"codeSets": ["A"], "window": {"ever": true, "relation": "ends"}, "valueCodeSets": ["B"]}}, "relation": "onOrAfter", "right": {"latest": {"codeSets": ["A"], "window": {"ever": true, "relation": "ends"}}}}}""", early, later), Is.True);
            Assert.That(Holds("""{"compareDates": {"left": {"latest": {"codeSets": ["A"], "valueCodeSets": ["B"]}}, "relation": "onOrAfter", "right": {"latest": {"codeSets": ["A"]}}}}""", early, later), Is.False, "by start the other one is later");
        });
    }

    // Statuses and intents

    [TestCase("active", "order", true)]
    [TestCase("stopped", "order", false)]
    [TestCase("completed", "original-order", false)]
    public void Only_the_statuses_and_intents_listed_count(string status, string intent, bool expected) =>
        Assert.That(Holds("""{"exists": {"codeSets": ["A"], "statuses": ["active", "completed"], "intents": ["order"]}}""",
            Prescription("1001", "2025-02-01", status, intent)), Is.EqualTo(expected));

    [Test]
    public void A_conditions_status_filter_tests_its_clinical_status() =>
        Assert.That(Holds("""{"exists": {"codeSets": ["A"], "statuses": ["active"]}}""", Condition("1001", "2025-02-01") with { ClinicalStatus = "resolved" }), Is.False);

    // Not done

    [Test]
    public void A_request_not_to_prescribe_with_a_reason_is_its_own_criterion()
    {
        var declined = Prescription("1001", "2025-02-01", "completed") with { DoNotPerform = true, ReasonCodes = [new Coding(Snomed, "2002")] };
        const string notDone = """{"notDone": {"codeSets": ["A"], "window": {"period": true}, "statuses": ["completed"], "reasonCodeSets": ["B"]}}""";
        Assert.Multiple(() =>
        {
            Assert.That(Holds(notDone, declined), Is.True);
            Assert.That(Holds(notDone, declined with { ReasonCodes = [new Coding(Snomed, "9999")] }), Is.False, "another reason");
            Assert.That(Holds(notDone, declined with { DoNotPerform = false }), Is.False, "prescribed, not declined");
            Assert.That(Holds("""{"exists": {"codeSets": ["A"]}}""", declined), Is.False, "never counts as prescribed");
            Assert.That(Holds("""{"notDone": {"codeSets": ["A"]}}""", Coded(ResourceKind.Procedure, "1001", "2025-02-01") with { Status = "not-done" }), Is.True);
        });
    }

    [Test]
    public void A_thing_not_done_on_the_latest_day_does_not_decide_the_latest_event()
    {
        var done = Coded(ResourceKind.Procedure, "1001", "2025-03-01") with { Status = "completed" };
        var notDone = Coded(ResourceKind.Procedure, "2002", "2025-03-01") with { Status = "not-done" };
        Assert.That(Holds("""{"latest": {"codeSets": ["A", "B"], "inCodeSets": ["B"]}}""", done, notDone), Is.False);
    }

    // Encounter context and discharge

    [TestCase("EMER", false)]
    [TestCase("AMB", true)]
    public void A_reading_taken_in_an_emergency_encounter_is_left_out(string encounterClass, bool expected)
    {
        var encounter = Spanning(ResourceKind.Encounter, "3003", "2025-05-01", "2025-05-01") with { Id = "e1", Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", encounterClass) };
        var reading = Observation("5005", "2025-05-01", 7, "%") with { EncounterReference = "Encounter/e1" };
        Assert.That(Holds("""{"reading": {"measurement": "hba1c", "window": {"period": true}, "below": 8, "notEncounter": {"classes": ["EMER", "IMP"]}}}""", encounter, reading), Is.EqualTo(expected));
    }

    [Test]
    public void An_event_with_no_encounter_passes_not_encounter_and_fails_encounter()
    {
        var reading = Observation("5005", "2025-05-01", 7, "%");
        Assert.Multiple(() =>
        {
            Assert.That(Holds("""{"reading": {"measurement": "hba1c", "below": 8, "notEncounter": {"classes": ["EMER"]}}}""", reading), Is.True);
            Assert.That(Holds("""{"reading": {"measurement": "hba1c", "below": 8, "encounter": {"classes": ["AMB"]}}}""", reading), Is.False);
        });
    }

    [TestCase("2025-04-10", true)]
    [TestCase("2025-04-20", false)]
    public void During_link_ties_an_event_to_an_encounter_of_that_type_by_date(string authored, bool expected)
    {
        var encounter = Spanning(ResourceKind.Encounter, "3003", "2025-04-09", "2025-04-11");
        var declined = Prescription("1001", authored, "completed") with { DoNotPerform = true };
        Assert.That(Holds("""{"notDone": {"codeSets": ["A"], "encounter": {"link": "during", "codeSets": ["C"], "statuses": ["finished"]}}}""", encounter, declined), Is.EqualTo(expected));
    }

    [Test]
    public void An_encounter_discharging_to_hospice_is_found_by_its_disposition()
    {
        var stay = Spanning(ResourceKind.Encounter, "1001", "2024-12-20", "2025-01-02") with { DischargeDisposition = [new Coding(Snomed, "4004")] };
        Assert.Multiple(() =>
        {
            Assert.That(Holds("""{"exists": {"codeSets": ["A"], "window": {"period": true, "relation": "ends"}, "dischargeCodeSets": ["D"]}}""", stay), Is.True);
            Assert.That(Holds("""{"exists": {"codeSets": ["A"], "window": {"period": true, "relation": "ends"}, "dischargeCodeSets": ["D"]}}""", stay with { DischargeDisposition = [] }), Is.False);
        });
    }

    // Readings without a result

    [Test]
    public void The_most_recent_reading_without_a_result_decides_when_asked()
    {
        const string criterion = """{"reading": {"measurement": "hba1c", "window": {"period": true}, "above": 9, "whenNoValue": true}}""";
        Assert.Multiple(() =>
        {
            Assert.That(Holds(criterion, Observation("5005", "2025-02-01", 7, "%"), Observation("5005", "2025-06-01")), Is.True, "latest has no result");
            Assert.That(Holds(criterion, Observation("5005", "2025-02-01"), Observation("5005", "2025-06-01", 7, "%")), Is.False, "latest is 7");
            Assert.That(Holds("""{"reading": {"measurement": "hba1c", "window": {"period": true}, "above": 9}}""", Observation("5005", "2025-06-01")), Is.False, "without whenNoValue it is not a reading");
            Assert.That(Holds(criterion, Observation("5005", "2025-06-01") with { ValueCodes = [new Coding(Snomed, "2002")] }), Is.False, "a coded value is a result, not a number");
        });
    }

    // Age at the period start

    [Test]
    public void Age_is_taken_at_the_period_start_when_asked()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Holds("""{"age": {"atLeast": 40, "at": "periodStart"}}""", "1985-06-01", Year), Is.False, "39 on 2025-01-01");
            Assert.That(Holds("""{"age": {"atLeast": 40}}""", "1985-06-01", Year), Is.True, "40 at R");
        });
        var ex = Assert.Throws<IndicatorDefinitionException>(() => new IndicatorEngine(Matcher).Compile([Define("""{"age": {"atLeast": 40, "at": "periodStart"}}""")], new MeasurementPeriod(new DateOnly(2025, 12, 31))));
        Assert.That(ex!.Errors.Single().Code, Is.EqualTo(QiErrorCodes.Indicators.NoPeriodStart));
        Assert.That(ex.Errors.Single().JsonPath, Is.EqualTo("$.rules[1].when.age.at"));
    }

    // Located errors

    [TestCase("""{"exists": {"codeSets": ["A"], "statuses": ["entered-in-error"]}}""", "QI3017", "$.rules[1].when.exists.statuses[0]")]
    [TestCase("""{"exists": {"codeSets": ["A"], "intents": [""]}}""", "QI3017", "$.rules[1].when.exists.intents[0]")]
    [TestCase("""{"reading": {"measurement": "hba1c", "pick": "highest", "atLeast": 1, "whenNoValue": true}}""", "QI3017", "$.rules[1].when.reading.whenNoValue")]
    [TestCase("""{"notDone": {"codeSets": ["A"], "kinds": ["Condition"]}}""", "QI3017", "$.rules[1].when.notDone.kinds")]
    [TestCase("""{"exists": {"codeSets": ["A"], "valueCodeSets": ["NOPE"]}}""", "QI3010", "$.rules[1].when.exists.valueCodeSets[0]")]
    [TestCase("""{"exists": {"codeSets": ["A"], "encounter": {"codeSets": ["NOPE"]}}}""", "QI3010", "$.rules[1].when.exists.encounter.codeSets[0]")]
    [TestCase("""{"exists": {"codeSets": ["A"], "window": {"period": true, "relation": "sometimes"}}}""", "QI3005", "$.rules[1].when.exists.window.relation")]
    [TestCase("""{"exists": {"codeSets": ["A"], "encounter": {"link": "near"}}}""", "QI3005", "$.rules[1].when.exists.encounter.link")]
    [TestCase("""{"exists": {"codeSets": ["A"], "encounter": {"clases": ["EMER"]}}}""", "QI3002", "$.rules[1].when.exists.encounter.clases")]
    [TestCase("""{"age": {"atLeast": 1, "at": "birth"}}""", "QI3005", "$.rules[1].when.age.at")]
    public void Bad_filters_are_located_errors(string criterion, string code, string path)
    {
        var ex = Assert.Throws<IndicatorDefinitionException>(() => new IndicatorEngine(Matcher).Compile([Define(criterion)], Year));
        Assert.That(ex!.Errors.Select(e => (e.Code, e.JsonPath)), Does.Contain((code, path)), string.Join("; ", ex.Errors));
    }

    [Test]
    public void Every_new_key_round_trips_through_json_and_reads_on_the_page()
    {
        var d = Define("""
            {"all": [
              {"exists": {"codeSets": ["A"], "window": {"period": true, "relation": "overlaps"}, "kinds": ["ServiceRequest"], "statuses": ["active"], "intents": ["order"],
                          "valueCodeSets": ["B"], "dischargeCodeSets": ["D"], "reasonCodeSets": ["B"],
                          "encounter": {"link": "during", "classes": ["AMB"], "codeSets": ["C"], "statuses": ["finished"]}, "notEncounter": {"classes": ["EMER"]}}},
              {"notDone": {"codeSets": ["A"], "reasonCodeSets": ["B"]}},
              {"reading": {"measurement": "hba1c", "window": {"period": true, "relation": "ends"}, "above": 9, "whenNoValue": true, "statuses": ["final"]}},
              {"age": {"atLeast": 40, "at": "periodStart"}}
            ]}
            """);
        string json = IndicatorDefinitionJson.Write(d);
        Assert.That(IndicatorDefinitionJson.Write(IndicatorDefinitionJson.Parse(json)), Is.EqualTo(json));
        foreach (string key in new[] { "\"relation\": \"overlaps\"", "\"dischargeCodeSets\"", "\"notEncounter\"", "\"link\": \"during\"", "\"notDone\"", "\"whenNoValue\": true", "\"at\": \"periodStart\"", "\"ServiceRequest\"" })
        {
            Assert.That(json, Does.Contain(key));
        }

        string page = IndicatorDocumentation.Render(d);
        Assert.That(page, Does.Contain("not done").And.Contain("age at the period start").And.Contain("of class `EMER`").And.Contain("overlapping"));
    }

    // Medication named by code or by reference

    private const string ByCodeOnly =
        """{"exists": {"codeSets": ["A"], "kinds": ["MedicationRequest"], "window": {"period": true}, "medicationByCodeOnly": true}}""";

    private const string EitherWay = """{"exists": {"codeSets": ["A"], "kinds": ["MedicationRequest"], "window": {"period": true}}}""";

    [Test]
    public async Task A_drug_named_by_medicationReference_is_read_with_its_codes_and_kept_as_a_reference()
    {
        var request = await ReadRequest(byReference: true);
        Assert.Multiple(() =>
        {
            Assert.That(request.Codes.Select(c => c.Code), Is.EqualTo(new[] { "1001" }));
            Assert.That(request.MedicationReference, Is.EqualTo("Medication/m1"));
        });
    }

    [Test]
    public async Task MedicationByCodeOnly_refuses_a_drug_named_by_reference_and_keeps_one_named_by_code()
    {
        var byReference = await ReadRequest(byReference: true);
        var byCode = await ReadRequest(byReference: false);
        Assert.Multiple(() =>
        {
            Assert.That(byCode.MedicationReference, Is.Null);
            Assert.That(Holds(ByCodeOnly, byCode), Is.True, "named by code");
            Assert.That(Holds(ByCodeOnly, byReference), Is.False, "named by reference: a CQL retrieve does not follow it");
            Assert.That(Holds(EitherWay, byReference), Is.True, "without the filter the resolved codes count");
        });
    }

    [Test]
    public void MedicationByCodeOnly_round_trips_through_json_and_is_described_on_the_page()
    {
        var d = Define(ByCodeOnly);
        var again = IndicatorDefinitionJson.Parse(IndicatorDefinitionJson.Write(d), null, name => Matcher.TryGetCodeSetIndex(name, out _));
        Assert.Multiple(() =>
        {
            Assert.That(IndicatorDefinitionJson.Write(again), Does.Contain("\"medicationByCodeOnly\": true"));
            Assert.That(IndicatorDocumentation.Render(d), Does.Contain("medication named by code"));
        });
    }

    private static async Task<ClinicalEvent> ReadRequest(bool byReference)
    {
        string medication = byReference
            ? "\"medicationReference\": {\"reference\": \"Medication/m1\"}"
            : "\"medicationCodeableConcept\": {\"coding\": [{\"system\": \"http://snomed.info/sct\", \"code\": \"1001\"}]}";
        string ndjson = string.Join("\n",
            "{\"resourceType\": \"Patient\", \"id\": \"p1\", \"birthDate\": \"1960-01-01\"}",
            "{\"resourceType\": \"Medication\", \"id\": \"m1\", \"code\": {\"coding\": [{\"system\": \"http://snomed.info/sct\", \"code\": \"1001\"}]}}",
            "{\"resourceType\": \"MedicationRequest\", \"id\": \"r1\", \"status\": \"active\", \"intent\": \"order\", \"subject\": {\"reference\": \"Patient/p1\"}, \"authoredOn\": \"2025-06-01\", " + medication + "}");
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(ndjson));
        var read = await new FhirRecordReader().ReadAsync(stream, "requests.ndjson", FhirInputFormat.Ndjson);
        return read.Patients.Single().Events.Single(e => e.Kind == ResourceKind.MedicationRequest);
    }
}
