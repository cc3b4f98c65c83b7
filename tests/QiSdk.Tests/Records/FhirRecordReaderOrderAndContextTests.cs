using System.Text;
using QiSdk.Records;

namespace QiSdk.Tests.Records;

/// <summary>
/// ServiceRequest, DeviceRequest and AdverseEvent; the encounter link, class and discharge disposition; reasons; and the
/// test-case Bundle option (FhirReaderOptions.TestCaseBundles), on and off.
/// </summary>
public sealed class FhirRecordReaderOrderAndContextTests
{
    private static async Task<FhirReadResult> ReadJson(string json, FhirReaderOptions? options = null, DataQualityLog? log = null)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return await new FhirRecordReader(options).ReadAsync(stream, "case.json", FhirInputFormat.Json, log);
    }

    [Test]
    public async Task ServiceRequest_DeviceRequest_and_AdverseEvent_are_read_with_their_codes_dates_and_statuses()
    {
        var result = await ReadJson("""
            {"resourceType":"Bundle","entry":[
              {"resource":{"resourceType":"Patient","id":"p"}},
              {"resource":{"resourceType":"ServiceRequest","id":"s","status":"active","intent":"order","doNotPerform":true,
                "code":{"coding":[{"system":"http://snomed.info/sct","code":"385763009"}]},"subject":{"reference":"Patient/p"},
                "authoredOn":"2025-01-02","occurrenceDateTime":"2025-03-01","reasonCode":[{"coding":[{"system":"http://snomed.info/sct","code":"183932001"}]}]}},
              {"resource":{"resourceType":"DeviceRequest","id":"d","status":"completed","intent":"order",
                "codeCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"183240000"}]},"subject":{"reference":"Patient/p"},"authoredOn":"2025-11-01T23:59:00.000Z"}},
              {"resource":{"resourceType":"AdverseEvent","id":"a","actuality":"actual",
                "event":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"301542"}]},"subject":{"reference":"Patient/p"},"recordedDate":"2025-01-01T08:00:00+00:00"}}
            ]}
            """);

        var events = result.Patients.Single().Events;
        var s = events.Single(e => e.Kind == ResourceKind.ServiceRequest);
        var d = events.Single(e => e.Kind == ResourceKind.DeviceRequest);
        var a = events.Single(e => e.Kind == ResourceKind.AdverseEvent);
        Assert.Multiple(() =>
        {
            Assert.That(result.Problems, Is.Empty);
            Assert.That((s.Codes.Single().Code, s.Status, s.Intent, s.DoNotPerform), Is.EqualTo(("385763009", "active", "order", true)));
            Assert.That(s.EventDate?.Date, Is.EqualTo(new DateOnly(2025, 1, 2)), "a request is dated by authoredOn, not occurrence");
            Assert.That(s.ReasonCodes.Single().Code, Is.EqualTo("183932001"));
            Assert.That((d.Codes.Single().Code, d.Status, d.EventDate?.Date), Is.EqualTo(("183240000", "completed", (DateOnly?)new DateOnly(2025, 11, 1))));
            Assert.That((a.Codes.Single().Code, a.EventDate?.Date), Is.EqualTo(("301542", (DateOnly?)new DateOnly(2025, 1, 1))), "dated by recordedDate without a date");
            Assert.That(result.Resources.Single(r => r.ResourceType == "AdverseEvent").Kept, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Observation_encounter_and_the_encounters_class_and_discharge_disposition_are_kept()
    {
        var result = await ReadJson("""
            {"resourceType":"Bundle","entry":[
              {"resource":{"resourceType":"Patient","id":"p"}},
              {"resource":{"resourceType":"Encounter","id":"e1","status":"finished","class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"EMER"},
                "subject":{"reference":"Patient/p"},"period":{"start":"2025-01-01","end":"2025-01-02"},
                "hospitalization":{"admitSource":{"text":"x"},"dischargeDisposition":{"coding":[{"system":"http://snomed.info/sct","code":"428361000124107"}]}}}},
              {"resource":{"resourceType":"Observation","id":"o1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"85354-9"}]},
                "subject":{"reference":"Patient/p"},"encounter":{"reference":"Encounter/e1"},"effectiveDateTime":"2025-01-01"}}
            ]}
            """);

        var events = result.Patients.Single().Events;
        var encounter = events.Single(e => e.Kind == ResourceKind.Encounter);
        var observation = events.Single(e => e.Kind == ResourceKind.Observation);
        Assert.Multiple(() =>
        {
            Assert.That(result.Problems, Is.Empty);
            Assert.That(encounter.Class?.Code, Is.EqualTo("EMER"));
            Assert.That(encounter.DischargeDisposition.Single().Code, Is.EqualTo("428361000124107"));
            Assert.That(observation.EncounterReference, Is.EqualTo("Encounter/e1"));
            Assert.That(observation.Class, Is.Null);
            Assert.That(observation.DischargeDisposition, Is.Empty);
        });
    }

    [Test]
    public async Task A_repeated_discharge_disposition_is_reported_and_the_first_kept()
    {
        var result = await ReadJson("""
            {"resourceType":"Encounter","id":"e1","subject":{"reference":"Patient/p"},"period":{"start":"2025-01-01"},
             "hospitalization":{"dischargeDisposition":{"coding":[{"code":"first"}]},"dischargeDisposition":{"coding":[{"code":"second"}]}}}
            """);

        var problem = result.Problems.First(p => p.Code == ReaderErrors.DuplicateProperty);
        Assert.That(problem.JsonPath, Is.EqualTo("Encounter.hospitalization.dischargeDisposition"));
    }

    [Test]
    public void Details_set_with_with_do_not_change_the_original_event()
    {
        var first = new ClinicalEvent { Kind = ResourceKind.Observation, EncounterReference = "Encounter/1" };
        var second = first with { ReasonCodes = [new Coding("s", "c")] };
        Assert.Multiple(() =>
        {
            Assert.That(first.ReasonCodes, Is.Empty);
            Assert.That(second.EncounterReference, Is.EqualTo("Encounter/1"));
            Assert.That(second.ReasonCodes.Single().Code, Is.EqualTo("c"));
            Assert.That(first, Is.Not.EqualTo(second));
            Assert.That(first, Is.EqualTo(new ClinicalEvent { Kind = ResourceKind.Observation, EncounterReference = "Encounter/1" }));
        });
    }

    private const string CopiedCase = """
        {"resourceType":"Bundle","type":"collection","entry":[
          {"fullUrl":"urn:uuid:me","resource":{"resourceType":"Patient","id":"me"}},
          {"resource":{"resourceType":"Condition","id":"mine","subject":{"reference":"Patient/me"},"onsetDateTime":"2020-01-01"}},
          {"resource":{"resourceType":"Condition","id":"copied","subject":{"reference":"Patient/someone-else"},"onsetDateTime":"2020-01-01"}},
          {"resource":{"resourceType":"Encounter","id":"by-urn","subject":{"reference":"urn:uuid:me"},"period":{"start":"2020-01-01"}}},
          {"resource":{"resourceType":"Procedure","id":"no-subject","performedDateTime":"2020-01-01"}}
        ]}
        """;

    [Test]
    public async Task By_default_a_resource_naming_another_patient_is_skipped_and_counted()
    {
        var result = await ReadJson(CopiedCase);

        Assert.Multiple(() =>
        {
            Assert.That(result.Patients.Single().Events.Select(e => e.Id), Is.EquivalentTo(new[] { "mine", "by-urn" }));
            Assert.That(result.Problems.Select(p => p.Code), Is.EquivalentTo(new[] { ReaderErrors.UnknownPatient, ReaderErrors.NoPatientReference }));
            Assert.That(result.Resources.Single(r => r.ResourceType == "Condition").SkippedReasons[ReaderErrors.Reasons.UnknownPatient], Is.EqualTo(1));
        });
    }

    [Test]
    public async Task As_a_test_case_bundle_every_resource_belongs_to_the_bundles_one_patient_and_each_reattribution_is_reported()
    {
        var log = new DataQualityLog();
        var result = await ReadJson(CopiedCase, new FhirReaderOptions { TestCaseBundles = true }, log);

        var attributed = result.Problems.Where(p => p.Code == ReaderErrors.AttributedToBundlePatient).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(result.Patients.Single().Events.Select(e => e.Id), Is.EquivalentTo(new[] { "mine", "copied", "by-urn", "no-subject" }));
            Assert.That(result.Problems, Has.Length.EqualTo(2));
            Assert.That(attributed.Select(p => p.ResourceId), Is.EquivalentTo(new[] { "copied", "no-subject" }));
            Assert.That(attributed, Has.All.Property(nameof(DataQualityIssue.Severity)).EqualTo(DataQualitySeverity.Information));
            Assert.That(attributed.Single(p => p.ResourceId == "copied").Message, Does.Contain("Patient/someone-else").And.Contain("'me'"));
            Assert.That(result.Resources.Single(r => r.ResourceType == "Condition").SkippedReasons, Is.Empty);
        });
    }

    [Test]
    public async Task As_test_case_bundles_a_bundle_with_two_patients_is_read_by_reference()
    {
        var result = await ReadJson("""
            {"resourceType":"Bundle","entry":[
              {"resource":{"resourceType":"Patient","id":"a"}},
              {"resource":{"resourceType":"Patient","id":"b"}},
              {"resource":{"resourceType":"Condition","id":"c","subject":{"reference":"Patient/b"},"onsetDateTime":"2020-01-01"}},
              {"resource":{"resourceType":"Condition","id":"x","subject":{"reference":"Patient/nobody"},"onsetDateTime":"2020-01-01"}}
            ]}
            """, new FhirReaderOptions { TestCaseBundles = true });

        Assert.Multiple(() =>
        {
            Assert.That(result.Patients.Single(p => p.Id == "b").Events.Single().Id, Is.EqualTo("c"));
            Assert.That(result.Patients.Single(p => p.Id == "a").Events, Is.Empty);
            Assert.That(result.Problems.Single().Code, Is.EqualTo(ReaderErrors.UnknownPatient));
        });
    }
}
