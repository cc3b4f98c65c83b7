using System.Text;
using QiSdk.Records;
using QiSdk.TestSupport;

namespace QiSdk.Tests.Records;

/// <summary>
/// The public structured-input API: a vendor's own object model (<see cref="EmrAdapter"/>, no FHIR library) mapped
/// through <see cref="FhirRecordBuilder"/> gives the same records, counts and located problems as
/// <see cref="FhirRecordReader"/> gives for the equivalent FHIR JSON, written out by hand here.
/// </summary>
public sealed class FhirRecordBuilderTests
{
    private static readonly EmrCode Hba1c = new("http://snomed.info/sct", "1049301000000100", "HbA1c level");
    private static readonly EmrCode BloodPressure = new("http://snomed.info/sct", "75367002", "Blood pressure");
    private static readonly EmrCode Diabetes = new("http://snomed.info/sct", "44054006");

    // The JSON a FHIR export of the same practice data would hold, entry for entry.
    private const string EquivalentBundle = """
        {"resourceType":"Bundle","type":"collection","entry":[
          {"fullUrl":"urn:uuid:p1","resource":{"resourceType":"Patient","id":"p1","identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9000000009"}],"gender":"female","birthDate":"1950-04","active":true,"generalPractitioner":[{"reference":"Practitioner/gp1"}]}},
          {"fullUrl":"urn:uuid:p2","resource":{"resourceType":"Patient","id":"p2","gender":"F","birthDate":"1962-11-30"}},
          {"fullUrl":"urn:uuid:o1","resource":{"resourceType":"Observation","id":"o1","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],"code":{"coding":[{"system":"http://snomed.info/sct","code":"75367002","display":"Blood pressure"}]},"subject":{"reference":"urn:uuid:p1"},"effectiveDateTime":"2024-03-01T09:30:00+01:00",
            "component":[{"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},"valueQuantity":{"value":150,"unit":"mmHg","system":"http://unitsofmeasure.org","code":"mm[Hg]"}},
                         {"code":{"coding":[{"system":"http://loinc.org","code":"8462-4"}]},"valueQuantity":{"value":85,"unit":"mmHg","system":"http://unitsofmeasure.org","code":"mm[Hg]"}}]}},
          {"fullUrl":"urn:uuid:o2","resource":{"resourceType":"Observation","id":"o2","status":"final","code":{"coding":[{"system":"http://snomed.info/sct","code":"1049301000000100","display":"HbA1c level"}]},"subject":{"reference":"Patient/p1"},"effectiveDateTime":"2024-02","valueQuantity":{"value":48,"comparator":"<","unit":"mmol/mol","system":"http://unitsofmeasure.org","code":"mmol/mol"}}},
          {"fullUrl":"urn:uuid:c1","resource":{"resourceType":"Condition","id":"c1","clinicalStatus":{"coding":[{"code":"active"}]},"code":{"coding":[{"system":"http://snomed.info/sct","code":"44054006"}]},"subject":{"reference":"urn:uuid:p1"},"onsetPeriod":{"start":"2019-05-01"},"recordedDate":"2024-13-45"}},
          {"request":{"method":"DELETE","url":"Observation/old"}},
          {"fullUrl":"urn:uuid:m1","resource":{"resourceType":"MedicationRequest","id":"m1","status":"active","intent":"order","contained":[{"resourceType":"Medication","id":"drug-7","code":{"coding":[{"system":"https://dmd.nhs.uk","code":"39720311000001101"}]}}],"medicationReference":{"reference":"#drug-7"},"subject":{"reference":"urn:uuid:p2"},"authoredOn":"2024-01-15"}},
          {"fullUrl":"urn:uuid:e1","resource":{"resourceType":"Encounter","id":"e1","status":"finished","class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"},"type":[{"coding":[{"system":"http://snomed.info/sct","code":"185347001"}]}],"subject":{"reference":"urn:uuid:p2"},"period":{"start":"2024-01-15T10:00:00Z","end":"2024-01-15T10:10:00Z"},"reasonCode":[{"coding":[{"system":"http://snomed.info/sct","code":"38341003"}]}],"hospitalization":{"dischargeDisposition":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/discharge-disposition","code":"home"}]}}}},
          {"resource":{"id":"x1","status":"final"}},
          {"fullUrl":"urn:uuid:o3","resource":{"resourceType":"Observation","id":"o3","status":"final","code":{"coding":[{"system":"http://snomed.info/sct","code":"1049301000000100","display":"HbA1c level"}]},"subject":{"reference":"urn:uuid:nobody"},"effectiveDateTime":"2024-01-01","valueQuantity":{"value":52,"unit":"mmol/mol","system":"http://unitsofmeasure.org","code":"mmol/mol"}}},
          {"resource":{"resourceType":"Practitioner","id":"gp1"}}
        ]}
        """;

    private static EmrMessage Message(params EmrEntry[] extra) => new(
    [
        new("urn:uuid:p1", new EmrPatient("p1", "9000000009", "female", "1950-04", true, "Practitioner/gp1")),
        new("urn:uuid:p2", new EmrPatient("p2", null, "F", "1962-11-30", null, null)),
        new("urn:uuid:o1", new EmrReading("o1", "urn:uuid:p1", BloodPressure, "2024-03-01T09:30:00+01:00",
            Category: new EmrCode("http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs"),
            Parts: [new(new EmrCode("http://loinc.org", "8480-6"), 150, "mmHg", "mm[Hg]"), new(new EmrCode("http://loinc.org", "8462-4"), 85, "mmHg", "mm[Hg]")])),
        new("urn:uuid:o2", new EmrReading("o2", "Patient/p1", Hba1c, "2024-02", 48, "mmol/mol", "mmol/mol", "<")),
        new("urn:uuid:c1", new EmrProblem("c1", "urn:uuid:p1", Diabetes, "active", "2019-05-01", "2024-13-45")),
        new(null, null),
        new("urn:uuid:m1", new EmrPrescription("m1", "urn:uuid:p2", "drug-7", new EmrCode("https://dmd.nhs.uk", "39720311000001101"), "2024-01-15")),
        new("urn:uuid:e1", new EmrVisit("e1", "urn:uuid:p2", new EmrCode("http://snomed.info/sct", "185347001"), new EmrCode("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB"),
            "2024-01-15T10:00:00Z", "2024-01-15T10:10:00Z", new EmrCode("http://snomed.info/sct", "38341003"),
            new EmrCode("http://terminology.hl7.org/CodeSystem/discharge-disposition", "home"))),
        new(null, new EmrUntyped("x1")),
        new("urn:uuid:o3", new EmrReading("o3", "urn:uuid:nobody", Hba1c, "2024-01-01", 52, "mmol/mol", "mmol/mol")),
        new(null, new EmrOther("Practitioner", "gp1")),
        .. extra,
    ]);

    private static async Task<FhirReadResult> ReadJson(string json, FhirReaderOptions? options = null)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return await new FhirRecordReader(options).ReadAsync(stream, "emr-message", FhirInputFormat.Json);
    }

    private static List<string> Problems(FhirReadResult result) =>
        [.. result.Problems.Select(p => $"{p.Code} {p.Severity} {p.File} line {p.Line} entry {p.Entry} {p.ResourceType}/{p.ResourceId} {p.JsonPath}")];

    private static void AssertSameRead(FhirReadResult fromObjects, FhirReadResult fromJson)
    {
        Assert.Multiple(() =>
        {
            Assert.That(ModelText.Lines(fromObjects), Is.EqualTo(ModelText.Lines(fromJson)), "records");
            Assert.That(ModelText.Counts(fromObjects), Is.EqualTo(ModelText.Counts(fromJson)), "counts");
            Assert.That(Problems(fromObjects), Is.EqualTo(Problems(fromJson)), "problems");
            Assert.That(fromObjects.Inputs, Is.EqualTo(fromJson.Inputs), "inputs");
        });
    }

    [Test]
    public async Task Host_objects_mapped_through_the_builder_give_the_same_records_counts_and_problems_as_the_equivalent_json()
    {
        var fromJson = await ReadJson(EquivalentBundle);
        var fromObjects = EmrAdapter.Read(new FhirRecordReader().CreateRecordBuilder(), "emr-message", [Message()]);

        AssertSameRead(fromObjects, fromJson);

        // The comparison means something only if the JSON read really holds each case.
        var codes = fromJson.Problems.Select(p => p.Code).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(codes, Is.EquivalentTo(new[]
            {
                ReaderErrors.InvalidValue, ReaderErrors.InvalidDate, ReaderErrors.EntryWithoutResource,
                ReaderErrors.MissingResourceType, ReaderErrors.UnknownPatient,
            }));
            Assert.That(fromJson.Patients.Select(p => p.Id), Is.EqualTo(new[] { "p1", "p2" }));
            Assert.That(fromJson.Patients.Sum(p => p.Events.Length), Is.EqualTo(5));
            Assert.That(fromJson.Patients[1].Events.Single(e => e.Id == "m1").Codes.Single().Code, Is.EqualTo("39720311000001101"));
            Assert.That(fromJson.Patients[0].Events.Single(e => e.Id == "o1").Components, Has.Length.EqualTo(2));
        });
    }

    [Test]
    public async Task Bad_date_is_reported_at_its_element_with_the_resource_id_and_entry_as_in_json()
    {
        var fromJson = await ReadJson(EquivalentBundle);
        var fromObjects = EmrAdapter.Read(new FhirRecordReader().CreateRecordBuilder(), "emr-message", [Message()]);

        var issue = fromObjects.Problems.Single(p => p.Code == ReaderErrors.InvalidDate);
        Assert.Multiple(() =>
        {
            Assert.That(issue, Is.EqualTo(fromJson.Problems.Single(p => p.Code == ReaderErrors.InvalidDate)));
            Assert.That(issue.JsonPath, Is.EqualTo("Condition.recordedDate"));
            Assert.That(issue.ResourceId, Is.EqualTo("c1"));
            Assert.That(issue.Entry, Is.EqualTo(4));
            Assert.That(issue.Severity, Is.EqualTo(DataQualitySeverity.Warning));
            Assert.That(issue.Message, Does.Contain("2024-13-45"));

            // The condition is kept, without the date that could not be read.
            var condition = fromObjects.Patients[0].Events.Single(e => e.Id == "c1");
            Assert.That(condition.RecordedDate, Is.Null);
            Assert.That(condition.Period?.Start?.ToString(), Is.EqualTo("2019-05-01"));
        });
    }

    [Test]
    public void Object_without_a_resource_type_is_counted_under_unknown_and_reported_at_its_entry()
    {
        var result = EmrAdapter.Read(new FhirRecordReader().CreateRecordBuilder(), "emr-message", [Message()]);

        var unknown = result.Resources.Single(r => r.ResourceType == "(unknown)");
        var issue = result.Problems.Single(p => p.Code == ReaderErrors.MissingResourceType);
        Assert.Multiple(() =>
        {
            Assert.That((unknown.Read, unknown.Kept), Is.EqualTo((1, 0)));
            Assert.That(unknown.SkippedReasons["no-resource-type"], Is.EqualTo(1));
            Assert.That(issue.Entry, Is.EqualTo(8));
            Assert.That(issue.File, Is.EqualTo("emr-message"));
            Assert.That(issue.JsonPath, Is.EqualTo("resourceType"));
        });
    }

    [Test]
    public void Unresolved_urn_reference_is_skipped_as_unknown_patient_when_the_bundle_ends()
    {
        var result = EmrAdapter.Read(new FhirRecordReader().CreateRecordBuilder(), "emr-message", [Message()]);

        var issue = result.Problems.Single(p => p.Code == ReaderErrors.UnknownPatient);
        var observations = result.Resources.Single(r => r.ResourceType == "Observation");
        Assert.Multiple(() =>
        {
            Assert.That(issue.ResourceId, Is.EqualTo("o3"));
            Assert.That(issue.Entry, Is.EqualTo(9));
            Assert.That(issue.JsonPath, Is.EqualTo("Observation.subject.reference"));
            Assert.That(issue.Message, Does.Contain("urn:uuid:nobody"));
            Assert.That((observations.Read, observations.Kept), Is.EqualTo((3, 2)));
            Assert.That(observations.SkippedReasons["unknown-patient"], Is.EqualTo(1));
            Assert.That(result.UnresolvedPatientReferences, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Unreadable_host_object_is_skipped_counted_and_reported_and_the_rest_read_as_json()
    {
        var fromJson = await ReadJson(EquivalentBundle);
        var fromObjects = EmrAdapter.Read(new FhirRecordReader().CreateRecordBuilder(), "emr-message",
            [Message(new EmrEntry("urn:uuid:bad", new EmrCorruptReading("o-bad", "urn:uuid:p1")))]);

        // Reported when the object is skipped, before the Bundle's unresolved urn:uuid reference (QI1010) at its end.
        var issue = fromObjects.Problems[^2];
        var observations = fromObjects.Resources.Single(r => r.ResourceType == "Observation");
        var jsonObservations = fromJson.Resources.Single(r => r.ResourceType == "Observation");
        Assert.Multiple(() =>
        {
            // Everything else is the JSON read of the same data.
            Assert.That(ModelText.Lines(fromObjects), Is.EqualTo(ModelText.Lines(fromJson)));
            Assert.That(Problems(fromObjects).Where((_, i) => i != fromObjects.Problems.Length - 2), Is.EqualTo(Problems(fromJson)));

            Assert.That(issue.Code, Is.EqualTo(ReaderErrors.WrongJsonType));
            Assert.That(issue.Severity, Is.EqualTo(DataQualitySeverity.Error));
            Assert.That(issue.ResourceId, Is.EqualTo("o-bad"));
            Assert.That(issue.Entry, Is.EqualTo(11));
            Assert.That(issue.JsonPath, Is.EqualTo("Observation.effectiveDateTime"));
            Assert.That(issue.Message, Does.Contain("0x7f7f7f7f"));
            Assert.That(observations.Read, Is.EqualTo(jsonObservations.Read + 1));
            Assert.That(observations.Kept, Is.EqualTo(jsonObservations.Kept));
            Assert.That(observations.SkippedReasons["unreadable-object"], Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Loose_objects_in_two_inputs_resolve_across_inputs_as_two_ndjson_files_do()
    {
        string[] results =
        [
            """{"resourceType":"Observation","id":"o2","status":"final","code":{"coding":[{"system":"http://snomed.info/sct","code":"1049301000000100","display":"HbA1c level"}]},"subject":{"reference":"Patient/p1"},"effectiveDateTime":"2024-02","valueQuantity":{"value":48,"comparator":"<","unit":"mmol/mol","system":"http://unitsofmeasure.org","code":"mmol/mol"}}""",
            """{"resourceType":"Observation","id":"o4","status":"final","code":{"coding":[{"system":"http://snomed.info/sct","code":"1049301000000100","display":"HbA1c level"}]},"subject":{"reference":"Patient/p9"},"effectiveDateTime":"2024-02-02"}""",
        ];
        string patients = """{"resourceType":"Patient","id":"p1","gender":"female","birthDate":"1950-04"}""";
        var fromJson = await new FhirRecordReader().ReadAsync(
        [
            FhirInput.FromStream(new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", results) + "\n")), "Observation.ndjson", FhirInputFormat.Ndjson),
            FhirInput.FromStream(new MemoryStream(Encoding.UTF8.GetBytes(patients + "\n")), "Patient.ndjson", FhirInputFormat.Ndjson),
        ]);

        var builder = new FhirRecordReader().CreateRecordBuilder();
        builder.BeginInput("Observation.ndjson");
        EmrAdapter.Map(builder, new EmrReading("o2", "Patient/p1", Hba1c, "2024-02", 48, "mmol/mol", "mmol/mol", "<"));
        EmrAdapter.Map(builder, new EmrReading("o4", "Patient/p9", Hba1c, "2024-02-02"));
        builder.BeginInput("Patient.ndjson");
        if (builder.BeginResource("Patient"))
        {
            builder.SetId("p1");
            builder.SetGender("female");
            builder.SetBirthDate(builder.ReadDate("1950-04", "birthDate"));
            builder.EndResource();
        }

        var fromObjects = builder.Finish();

        // NDJSON problems carry line numbers the host objects do not have; everything else is the same.
        Assert.Multiple(() =>
        {
            Assert.That(ModelText.Lines(fromObjects, withSource: false), Is.EqualTo(ModelText.Lines(fromJson, withSource: false)));
            Assert.That(ModelText.Counts(fromObjects), Is.EqualTo(ModelText.Counts(fromJson)));
            Assert.That(fromObjects.Problems.Select(p => (p.Code, p.File, p.ResourceId, p.JsonPath)),
                Is.EqualTo(fromJson.Problems.Select(p => (p.Code, p.File, p.ResourceId, p.JsonPath))));
            Assert.That(fromObjects.Problems.Single().Code, Is.EqualTo(ReaderErrors.UnknownPatient));
            Assert.That(fromObjects.Patients.Single().Events.Single().Id, Is.EqualTo("o2"));
            Assert.That(fromObjects.Inputs, Is.EqualTo(new[] { "Observation.ndjson", "Patient.ndjson" }));
        });
    }

    [Test]
    public void Strict_builder_stops_at_the_first_problem_with_the_same_issue_as_the_strict_json_reader()
    {
        var strict = new FhirReaderOptions { Strict = true };
        var fromJson = Assert.ThrowsAsync<FhirReadException>(() => ReadJson(EquivalentBundle, strict));
        var fromObjects = Assert.Throws<FhirReadException>(() => EmrAdapter.Read(new FhirRecordReader(strict).CreateRecordBuilder(), "emr-message", [Message()]));

        Assert.That(fromObjects!.Issue, Is.EqualTo(fromJson!.Issue));
        Assert.That(fromObjects.Issue.Code, Is.EqualTo(ReaderErrors.InvalidValue), "p2's gender F is the first problem");
    }

    [Test]
    public void Every_problem_also_goes_to_the_log_given_to_the_builder()
    {
        var log = new DataQualityLog();
        var result = EmrAdapter.Read(new FhirRecordReader().CreateRecordBuilder(log), "emr-message", [Message()]);

        Assert.That(log.Snapshot(), Is.EqualTo(result.Problems));
    }

    [Test]
    public void Problem_reported_by_the_adapter_is_located_in_the_open_resource_or_else_at_the_entry()
    {
        var builder = new FhirRecordReader().CreateRecordBuilder();
        builder.BeginInput("emr");
        builder.BeginBundle();
        builder.BeginEntry("urn:uuid:p1");
        builder.ReportProblem(ReaderErrors.InvalidValue, DataQualitySeverity.Information, "entry flag not understood", "request.method");
        builder.BeginResource("Patient");
        builder.SetId("p1");
        builder.ReportProblem(ReaderErrors.InvalidValue, DataQualitySeverity.Warning, "ethnicity code 99 is not in the EMR's list", "extension");
        builder.EndResource();
        builder.EndEntry();
        builder.EndBundle();
        var result = builder.Finish();

        Assert.That(Problems(result), Is.EqualTo(new[]
        {
            "QI1008 Information emr line  entry 0 / request.method",
            "QI1008 Warning emr line  entry 0 Patient/p1 Patient.extension",
        }));
    }

    [Test]
    public void Calls_out_of_order_are_refused_as_the_adapters_mistake()
    {
        var builder = new FhirRecordReader().CreateRecordBuilder();
        Assert.Throws<InvalidOperationException>(() => builder.BeginResource("Patient"), "no input begun");
        builder.BeginInput("emr");
        Assert.Throws<InvalidOperationException>(() => builder.AddCode(new Coding("s", "c")), "no resource open");
        Assert.That(builder.BeginResource("Practitioner"), Is.False);
        Assert.Throws<InvalidOperationException>(() => builder.SetId("x"), "a skipped type leaves nothing open");
        Assert.Throws<InvalidOperationException>(() => builder.BeginEntry(), "entry outside a Bundle");
        Assert.That(builder.BeginResource("Observation"), Is.True);
        builder.BeginComponent();
        Assert.Throws<InvalidOperationException>(() => builder.SetStatus("final"), "resource element inside a component");
        Assert.Throws<InvalidOperationException>(builder.EndResource, "component still open");
        builder.EndComponent();
        builder.EndResource();
        builder.BeginBundle();
        Assert.Throws<InvalidOperationException>(() => builder.BeginResource("Patient"), "resource in a Bundle without an entry");
        Assert.Throws<InvalidOperationException>(() => builder.Finish(), "Bundle still open");
        builder.EndBundle();
        builder.Finish();
        Assert.Throws<InvalidOperationException>(() => builder.Finish(), "finished once");
    }

    [Test]
    public async Task Patient_fields_set_from_host_values_equal_the_json_patient()
    {
        var fromJson = await ReadJson("""{"resourceType":"Patient","id":"p7","identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9000000017"}],"gender":"other","birthDate":"1980","deceasedDateTime":"2024-06-01T08:00:00Z","active":false,"generalPractitioner":[{"reference":"Practitioner/gp2"}],"managingOrganization":{"reference":"Organization/A81001"}}""");
        var builder = new FhirRecordReader().CreateRecordBuilder();
        builder.BeginInput("emr-message");
        builder.BeginResource("Patient");
        builder.SetId("p7");
        builder.AddIdentifier(new Identifier("https://fhir.nhs.uk/Id/nhs-number", "9000000017"));
        builder.SetGender(AdministrativeGender.Other);
        builder.SetBirthDate(FhirDate.FromYear(1980));
        builder.SetDeceasedDate(FhirDate.Parse("2024-06-01T08:00:00Z"));
        builder.SetActive(false);
        builder.AddGeneralPractitioner("Practitioner/gp2");
        builder.SetManagingOrganization("Organization/A81001");
        builder.EndResource();

        AssertSameRead(builder.Finish(), fromJson);
    }
}
