using System.Text;
using QiSdk.Records;

namespace QiSdk.Tests.Records;

/// <summary>Patient and medication references in every common form, out-of-order NDJSON, dates as written, and the host APIs.</summary>
public sealed class FhirRecordReaderReferenceTests
{
    private static async Task<FhirReadResult> ReadNdjson(params string[] lines)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));
        return await new FhirRecordReader().ReadAsync(stream, "host-export", FhirInputFormat.Ndjson);
    }

    private static async Task<FhirReadResult> ReadJson(string json)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return await new FhirRecordReader().ReadAsync(stream, "bundle.json", FhirInputFormat.Json);
    }

    [TestCase("Patient/123")]
    [TestCase("https://fhir.example.nhs.uk/R4/Patient/123")]
    [TestCase("Patient/123/_history/4")]
    public async Task Every_common_patient_reference_form_resolves_to_the_same_patient(string reference)
    {
        var result = await ReadNdjson(
            """{"resourceType":"Patient","id":"123"}""",
            $$$"""{"resourceType":"Condition","id":"c1","subject":{"reference":"{{{reference}}}"}}""");

        Assert.That(result.Patients.Single().Events.Single().Id, Is.EqualTo("c1"));
        Assert.That(result.Problems, Is.Empty);
    }

    [Test]
    public async Task Urn_uuid_named_by_a_later_bundle_entry_resolves()
    {
        var result = await ReadJson("""
            {"resourceType":"Bundle","type":"transaction","entry":[
              {"fullUrl":"urn:uuid:e1","resource":{"resourceType":"Immunization","id":"i1","status":"completed","vaccineCode":{"coding":[{"system":"http://hl7.org/fhir/sid/cvx","code":"140"}]},"patient":{"reference":"urn:uuid:aaa"},"occurrenceDateTime":"2019-10-01"}},
              {"resource":{"resourceType":"Patient","id":"p-9"},"fullUrl":"urn:uuid:aaa"}
            ]}
            """);

        var patient = result.Patients.Single();
        Assert.That(patient.Id, Is.EqualTo("p-9"));
        Assert.That(patient.Events.Single().Codes.Single().Code, Is.EqualTo("140"));
        Assert.That(patient.Events.Single().Source, Is.EqualTo(new SourceLocation("bundle.json", null, 0)));
    }

    [Test]
    public async Task Urn_uuid_does_not_reach_across_bundles()
    {
        string folder = TestPaths.NewTempFolder();
        File.WriteAllText(Path.Combine(folder, "a.json"), """{"resourceType":"Bundle","entry":[{"fullUrl":"urn:uuid:aaa","resource":{"resourceType":"Patient","id":"p"}}]}""");
        File.WriteAllText(Path.Combine(folder, "b.json"), """{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Condition","id":"c","subject":{"reference":"urn:uuid:aaa"}}}]}""");

        var result = await new FhirRecordReader().ReadAsync(folder);

        var problem = result.Problems.Single();
        Assert.Multiple(() =>
        {
            Assert.That(problem.Code, Is.EqualTo("QI1010"));
            Assert.That(problem.File, Is.EqualTo(Path.Combine(folder, "b.json")));
            Assert.That(problem.Entry, Is.EqualTo(0));
            Assert.That(problem.ResourceId, Is.EqualTo("c"));
            Assert.That(result.Resources.Single(r => r.ResourceType == "Condition").SkippedReasons["unknown-patient"], Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Ndjson_resources_before_their_patient_are_assembled_at_the_end()
    {
        string folder = TestPaths.NewTempFolder();
        File.WriteAllText(Path.Combine(folder, "Condition.ndjson"), """
            {"resourceType":"Condition","id":"c1","subject":{"reference":"Patient/p2"},"code":{"coding":[{"system":"http://snomed.info/sct","code":"44054006"}]}}
            {"resourceType":"Condition","id":"c2","subject":{"reference":"Patient/p1"}}
            {"resourceType":"Condition","id":"c3","subject":{"reference":"Patient/ghost"}}
            """);
        File.WriteAllText(Path.Combine(folder, "Patient.ndjson"), """
            {"resourceType":"Patient","id":"p1"}
            {"resourceType":"Patient","id":"p2"}
            """);

        var result = await new FhirRecordReader().ReadAsync(folder);

        Assert.Multiple(() =>
        {
            Assert.That(result.Patients.Select(p => p.Id), Is.EqualTo(new[] { "p1", "p2" }));
            Assert.That(result.Patients[0].Events.Single().Id, Is.EqualTo("c2"));
            Assert.That(result.Patients[1].Events.Single().Codes.Single().Code, Is.EqualTo("44054006"));
            var problem = result.Problems.Single();
            Assert.That(problem.Code, Is.EqualTo("QI1010"));
            Assert.That(problem.File, Is.EqualTo(Path.Combine(folder, "Condition.ndjson")));
            Assert.That(problem.Line, Is.EqualTo(3));
            Assert.That(problem.ResourceId, Is.EqualTo("c3"));
            var conditions = result.Resources.Single(r => r.ResourceType == "Condition");
            Assert.That((conditions.Read, conditions.Kept, conditions.Skipped), Is.EqualTo((3, 2, 1)));
        });
    }

    [Test]
    public async Task Contained_medication_gives_the_request_its_codes()
    {
        var result = await ReadNdjson(
            """{"resourceType":"Patient","id":"p"}""",
            """{"resourceType":"MedicationRequest","id":"m1","status":"active","intent":"order","medicationReference":{"reference":"#med"},"subject":{"reference":"Patient/p"},"contained":[{"resourceType":"Organization","id":"org"},{"resourceType":"Medication","id":"med","code":{"coding":[{"system":"https://dmd.nhs.uk","code":"39720311000001101","display":"Metformin 500mg tablets"}]}}],"authoredOn":"2024-03"}""");

        var request = result.Patients.Single().Events.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.Codes, Is.EqualTo(new[] { new Coding("https://dmd.nhs.uk", "39720311000001101", "Metformin 500mg tablets") }));
            Assert.That(request.Intent, Is.EqualTo("order"));
            Assert.That(request.Date, Is.EqualTo(FhirDate.FromYearMonth(2024, 3)));
            Assert.That(request.Date!.Value.Precision, Is.EqualTo(DatePrecision.Month));
            Assert.That(result.Problems, Is.Empty);
        });
    }

    [Test]
    public async Task Do_not_perform_is_kept_on_medication_requests()
    {
        var result = await ReadNdjson(
            """{"resourceType":"Patient","id":"p"}""",
            """{"resourceType":"MedicationRequest","id":"m1","status":"active","intent":"order","doNotPerform":true,"medicationCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"329806007"}]},"subject":{"reference":"Patient/p"},"authoredOn":"2024-03-01"}""",
            """{"resourceType":"MedicationRequest","id":"m2","status":"active","intent":"order","medicationCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"329806007"}]},"subject":{"reference":"Patient/p"},"authoredOn":"2024-03-01"}""");

        var events = result.Patients.Single().Events.ToDictionary(e => e.Id!);
        Assert.Multiple(() =>
        {
            Assert.That(events["m1"].DoNotPerform, Is.True);
            Assert.That(events["m2"].DoNotPerform, Is.False);
            Assert.That(result.Problems, Is.Empty);
        });
    }

    [Test]
    public async Task Medication_reference_resolves_to_a_medication_in_another_file_read_later()
    {
        var result = await ReadNdjson(
            """{"resourceType":"MedicationStatement","id":"s1","status":"active","medicationReference":{"reference":"Medication/m9"},"subject":{"reference":"Patient/p"},"effectiveDateTime":"2023","dateAsserted":"2023-05-02"}""",
            """{"resourceType":"Patient","id":"p"}""",
            """{"resourceType":"Medication","id":"m9","code":{"coding":[{"system":"http://snomed.info/sct","code":"108774000"}]}}""");

        var statement = result.Patients.Single().Events.Single();
        Assert.Multiple(() =>
        {
            Assert.That(statement.Codes.Single().Code, Is.EqualTo("108774000"));
            Assert.That(statement.Date!.Value.Precision, Is.EqualTo(DatePrecision.Year));
            Assert.That(statement.RecordedDate, Is.EqualTo(FhirDate.Parse("2023-05-02")));
            Assert.That(result.Problems, Is.Empty);
        });
    }

    [Test]
    public async Task Unresolvable_medication_reference_is_reported_and_the_event_kept_without_codes()
    {
        var result = await ReadNdjson(
            """{"resourceType":"Patient","id":"p"}""",
            """{"resourceType":"MedicationRequest","id":"m1","medicationReference":{"reference":"Medication/none"},"subject":{"reference":"Patient/p"}}""",
            """{"resourceType":"MedicationRequest","id":"m2","medicationReference":{"reference":"#absent"},"subject":{"reference":"Patient/p"}}""");

        Assert.Multiple(() =>
        {
            Assert.That(result.Patients.Single().Events.Select(e => e.Codes.Length), Is.EqualTo(new[] { 0, 0 }));
            Assert.That(result.Problems.Select(p => (p.Code, p.Line, p.ResourceId)), Is.EquivalentTo(new[] { ("QI1011", (int?)2, "m1"), ("QI1011", (int?)3, "m2") }));
        });
    }

    [Test]
    public async Task Dates_keep_the_calendar_date_as_written_with_precision_and_offset()
    {
        var result = await ReadNdjson(
            """{"resourceType":"Patient","id":"p","birthDate":"1961-07","deceasedDateTime":"2024-03-31T23:59:59+14:00","active":true,"gender":"other","managingOrganization":{"reference":"Organization/Y12345"},"generalPractitioner":[{"reference":"Practitioner/G1"}]}""",
            """{"resourceType":"Observation","id":"o","subject":{"reference":"Patient/p"},"effectiveDateTime":"2024-01-01T00:30:00-05:00","issued":"2024-01-01T05:30:00Z"}""",
            """{"resourceType":"Condition","id":"c","subject":{"reference":"Patient/p"},"onsetPeriod":{"start":"2019"},"abatementPeriod":{"start":"2020-06-15"}}""",
            """{"resourceType":"Encounter","id":"e","status":"finished","subject":{"reference":"Patient/p"},"type":[{"coding":[{"system":"http://snomed.info/sct","code":"185349003"}]}],"period":{"start":"2019-12-31T23:30:00+00:00","end":"2020-01-01T00:10:00+00:00"}}""");

        var patient = result.Patients.Single();
        var obs = patient.Events.Single(e => e.Id == "o");
        var condition = patient.Events.Single(e => e.Id == "c");
        var encounter = patient.Events.Single(e => e.Id == "e");
        Assert.Multiple(() =>
        {
            Assert.That(patient.BirthDate!.Value.Precision, Is.EqualTo(DatePrecision.Month));
            Assert.That(patient.BirthDate!.Value.Date, Is.EqualTo(new DateOnly(1961, 7, 1)));
            Assert.That(patient.DeceasedDate!.Value.Date, Is.EqualTo(new DateOnly(2024, 3, 31)));
            Assert.That(patient.Gender, Is.EqualTo(AdministrativeGender.Other));
            Assert.That(patient.Active, Is.True);
            Assert.That(patient.ManagingOrganization, Is.EqualTo("Organization/Y12345"));
            Assert.That(patient.GeneralPractitioners, Is.EqualTo(new[] { "Practitioner/G1" }));
            Assert.That(obs.Date!.Value.Date, Is.EqualTo(new DateOnly(2024, 1, 1)), "not moved to UTC (2024-01-01T05:30Z)");
            Assert.That(obs.Date!.Value.UtcOffset, Is.EqualTo(TimeSpan.FromHours(-5)));
            Assert.That(obs.EventDate, Is.EqualTo(obs.Date));
            Assert.That(condition.Period!.Value.Start, Is.EqualTo(FhirDate.FromYear(2019)));
            Assert.That(condition.EventDate!.Value.Precision, Is.EqualTo(DatePrecision.Year));
            Assert.That(condition.AbatementDate, Is.EqualTo(FhirDate.Parse("2020-06-15")));
            Assert.That(encounter.Period!.Value.Start!.Value.Date, Is.EqualTo(new DateOnly(2019, 12, 31)));
            Assert.That(encounter.Period!.Value.End!.Value.Date, Is.EqualTo(new DateOnly(2020, 1, 1)));
            Assert.That(encounter.Codes.Single().Code, Is.EqualTo("185349003"));
            Assert.That(encounter.Status, Is.EqualTo("finished"));
        });
    }

    [Test]
    public async Task Allergy_categories_episodes_and_value_codes_are_kept()
    {
        var result = await ReadNdjson(
            """{"resourceType":"Patient","id":"p"}""",
            """{"resourceType":"AllergyIntolerance","id":"a","patient":{"reference":"Patient/p"},"category":["medication"],"code":{"coding":[{"system":"http://snomed.info/sct","code":"91936005"}]},"clinicalStatus":{"coding":[{"code":"active"}]},"recordedDate":"2010-02-03"}""",
            """{"resourceType":"EpisodeOfCare","id":"ep","status":"active","patient":{"reference":"Patient/p"},"type":[{"coding":[{"system":"http://snomed.info/sct","code":"394687007"}]}],"period":{"start":"2021-01-04"}}""",
            """{"resourceType":"Observation","id":"smoke","status":"final","subject":{"reference":"Patient/p"},"valueCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"8517006","display":"Ex-smoker"}]},"valueQuantity":{"value":"12"}}""");

        var events = result.Patients.Single().Events.ToDictionary(e => e.Id!);
        Assert.Multiple(() =>
        {
            Assert.That(events["a"].Categories, Is.EqualTo(new[] { new Coding("http://hl7.org/fhir/allergy-intolerance-category", "medication") }));
            Assert.That(events["a"].ClinicalStatus, Is.EqualTo("active"));
            Assert.That(events["a"].EventDate, Is.EqualTo(FhirDate.Parse("2010-02-03")));
            Assert.That(events["ep"].Codes.Single().Code, Is.EqualTo("394687007"));
            Assert.That(events["ep"].EventDate, Is.EqualTo(FhirDate.Parse("2021-01-04")));
            Assert.That(events["smoke"].ValueCodes.Single().Display, Is.EqualTo("Ex-smoker"));
            Assert.That(events["smoke"].Value!.Value.Value, Is.Null, "a string where a number belongs is not a value");
            var problem = result.Problems.Single();
            Assert.That((problem.Code, problem.JsonPath, problem.Line), Is.EqualTo(("QI1006", "Observation.valueQuantity.value", (int?)4)));
        });
    }

    [Test]
    public async Task Duplicate_patient_is_reported_and_its_events_join_the_first()
    {
        var result = await ReadNdjson(
            """{"resourceType":"Patient","id":"p","gender":"male"}""",
            """{"resourceType":"Patient","id":"p","gender":"female"}""",
            """{"resourceType":"Condition","id":"c","subject":{"reference":"Patient/p"}}""");

        Assert.Multiple(() =>
        {
            Assert.That(result.Patients.Single().Gender, Is.EqualTo(AdministrativeGender.Male));
            Assert.That(result.Patients.Single().Events, Has.Length.EqualTo(1));
            Assert.That(result.Problems.Single().Code, Is.EqualTo("QI1013"));
            Assert.That(result.Resources.Single(r => r.ResourceType == "Patient").SkippedReasons["duplicate-patient"], Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Resource_type_after_other_properties_and_escaped_names_are_read()
    {
        var result = await ReadNdjson(
            """{"id":"p","gender":"female","resourceType":"Patient"}""",
            """{"subject":{"reference":"Patient/p"},"\u0063ode":{"coding":[{"code":"x\u00e9"}]},"resourceType":"Condition","id":"c"}""");

        Assert.That(result.Patients.Single().Gender, Is.EqualTo(AdministrativeGender.Female));
        Assert.That(result.Patients.Single().Events.Single().Codes.Single().Code, Is.EqualTo("xé"));
    }

    [Test]
    public async Task Codes_and_systems_are_interned_within_a_read()
    {
        var result = await ReadNdjson(
            """{"resourceType":"Patient","id":"p"}""",
            """{"resourceType":"Condition","id":"c1","subject":{"reference":"Patient/p"},"code":{"coding":[{"system":"http://snomed.info/sct","code":"38341003"}]}}""",
            """{"resourceType":"Condition","id":"c2","subject":{"reference":"Patient/p"},"code":{"coding":[{"system":"http://snomed.info/sct","code":"38341003"}]}}""");

        var events = result.Patients.Single().Events;
        Assert.That(ReferenceEquals(events[0].Codes[0].Code, events[1].Codes[0].Code), Is.True);
        Assert.That(ReferenceEquals(events[0].Codes[0].System, events[1].Codes[0].System), Is.True);
    }

    [Test]
    public async Task File_source_and_in_memory_source_yield_the_same_model()
    {
        string file = Path.Combine(TestPaths.Synthea, "Ned_Hintz_e4b9259d-0f54-48d1-a35d-b526729a4dfe.json");
        var log = new DataQualityLog();
        var fromFiles = new List<PatientRecord>();
        await foreach (var p in new FhirRecordReader().CreateSource([file]).ReadPatientsAsync(log))
        {
            fromFiles.Add(p);
        }

        var fromMemory = new List<PatientRecord>();
        await foreach (var p in new InMemoryPatientRecordSource(fromFiles).ReadPatientsAsync(log))
        {
            fromMemory.Add(p);
        }

        Assert.That(fromFiles, Has.Count.EqualTo(1));
        Assert.That(fromFiles[0].Events, Is.Not.Empty);
        Assert.That(fromMemory, Is.EqualTo(fromFiles));
        Assert.That(log.Count, Is.Zero);
    }

    [Test]
    public async Task Problems_also_go_to_a_log_the_host_passes()
    {
        var log = new DataQualityLog();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("""{"resourceType":"Condition","id":"c"}"""));

        var result = await new FhirRecordReader().ReadAsync(stream, "one.json", FhirInputFormat.Json, log);

        Assert.That(log.Snapshot(), Is.EqualTo(result.Problems));
        // QI1022: no patient in the input, so every indicator would count zero.
        Assert.That(log.Snapshot().Select(p => p.Code), Is.EqualTo(new[] { "QI1009", "QI1022" }));
    }

    [Test]
    public void Cancellation_stops_the_read()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        string folder = TestPaths.Synthea;

        Assert.CatchAsync<OperationCanceledException>(() => new FhirRecordReader().ReadAsync(folder, cancellationToken: cts.Token));
    }

    [Test]
    public async Task A_patient_without_id_takes_its_urn_uuid_and_entries_without_resource_are_noted()
    {
        var result = await ReadJson("""
            {"resourceType":"Bundle","type":"transaction","entry":[
              {"fullUrl":"urn:uuid:5b0e","resource":{"resourceType":"Patient","gender":"male"}},
              {"request":{"method":"DELETE","url":"Observation/9"}},
              {"fullUrl":"urn:uuid:c1","resource":{"resourceType":"Condition","subject":{"reference":"urn:uuid:5b0e"}}}
            ]}
            """);

        Assert.Multiple(() =>
        {
            Assert.That(result.Patients.Single().Id, Is.EqualTo("5b0e"));
            Assert.That(result.Patients.Single().Events, Has.Length.EqualTo(1));
            var note = result.Problems.Single();
            Assert.That((note.Code, note.Severity, note.Entry), Is.EqualTo(("QI1014", DataQualitySeverity.Information, (int?)1)));
        });
    }

    [Test]
    public async Task Gzip_json_bundle_and_a_single_resource_file_are_read()
    {
        string folder = TestPaths.NewTempFolder();
        await using (var gz = new System.IO.Compression.GZipStream(File.Create(Path.Combine(folder, "b.json.gz")), System.IO.Compression.CompressionLevel.Fastest))
        {
            gz.Write(Encoding.UTF8.GetBytes("""{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Patient","id":"p"}}]}"""));
        }

        File.WriteAllText(Path.Combine(folder, "c.json"), """{"resourceType":"Procedure","id":"x","status":"completed","subject":{"reference":"Patient/p"},"performedDateTime":"2020-02-02"}""");

        var result = await new FhirRecordReader().ReadAsync(folder);

        Assert.That(result.Patients.Single().Events.Single().Source, Is.EqualTo(new SourceLocation(Path.Combine(folder, "c.json"))));
        Assert.That(result.Inputs, Is.EqualTo(new[] { Path.Combine(folder, "b.json.gz"), Path.Combine(folder, "c.json") }));
    }
}
