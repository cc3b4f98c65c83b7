using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.Extensions.DependencyInjection;
using QiSdk.Codes;
using QiSdk.Firely.Tests.Records;
using QiSdk.Hosting;
using QiSdk.Indicators;
using QiSdk.Records;
using AdministrativeGender = Hl7.Fhir.Model.AdministrativeGender;
using Identifier = Hl7.Fhir.Model.Identifier;

namespace QiSdk.Firely.Tests.Embedding;

/// <summary>A host that holds Firely objects: records, terminology and results without JSON of its own.</summary>
public sealed class FirelyEmbeddingTests
{
    private const string Snomed = "http://snomed.info/sct";

    /// <summary>Objects a host builds in code (not parsed), including three kinds of bad data.</summary>
    private static List<Resource> HostObjects()
    {
        var patient = new Patient { Id = "p1", Gender = AdministrativeGender.Female, BirthDate = "1950-04-02", Active = true };
        patient.Identifier.Add(new Identifier("https://fhir.nhs.uk/Id/nhs-number", "9434765919"));
        var diabetes = new Condition
        {
            Id = "c1",
            Subject = new ResourceReference("Patient/p1"),
            Code = new CodeableConcept(Snomed, "44054006", "Type 2 diabetes mellitus"),
            Onset = new FhirDateTime("2015-03"),
            ClinicalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active"),
        };
        var hba1c = new Observation
        {
            Id = "o1",
            Status = ObservationStatus.Final,
            Subject = new ResourceReference("Patient/p1"),
            Code = new CodeableConcept(Snomed, "1049301000000100", "HbA1c level (IFCC)"),
            Effective = new FhirDateTime("2024-11-04T09:30:00+00:00"),
            Value = new Hl7.Fhir.Model.Quantity(52.0m, "mmol/mol", "http://unitsofmeasure.org") { Unit = "mmol/mol" },
        };
        var badDate = new Observation
        {
            Id = "o2",
            Status = ObservationStatus.Final,
            Subject = new ResourceReference("Patient/p1"),
            Code = new CodeableConcept(Snomed, "271649006"),
            Effective = new FhirDateTime { JsonValue = "2024-02-30" },
        };
        var orphan = new Condition { Id = "c2", Subject = new ResourceReference("Patient/nobody"), Code = new CodeableConcept(Snomed, "38341003") };
        var request = new MedicationRequest
        {
            Id = "m1",
            Status = MedicationRequest.MedicationrequestStatus.Active,
            Intent = MedicationRequest.MedicationRequestIntent.Order,
            Subject = new ResourceReference("Patient/p1"),
            Medication = new ResourceReference("Medication/missing"),
            AuthoredOn = "2025-02-10",
        };
        var claim = new Claim { Id = "x1" };
        return [diabetes, hba1c, badDate, orphan, request, claim, patient];
    }

    [Test]
    public async System.Threading.Tasks.Task Host_objects_give_the_same_model_counts_and_problems_as_the_same_resources_read_as_json()
    {
        var objects = HostObjects();
        var theirs = new FirelyPatientRecordSource(objects).Read();

        // The same resources as NDJSON, read by our JSON reader.
        var serializer = new BaseFhirJsonSerializer(ModelInfo.ModelInspector);
        var ndjson = string.Join("\n", objects.Select(o => serializer.SerializeToString(o)));
        var ours = await new FhirRecordReader().ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(ndjson)), "host.ndjson", FhirInputFormat.Ndjson);

        var differences = new List<string>();
        ReaderAgainstFirelyTests.Compare("host objects", ours, theirs, withSource: false, differences);
        var codes = theirs.Problems.Select(p => p.Code).Order(StringComparer.Ordinal).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(differences, Is.Empty, string.Join("\n", differences));
            Assert.That(codes, Is.EqualTo(new[] { "QI1007", "QI1010", "QI1011" }), "invalid date, unknown patient, unresolved medication");
            Assert.That(theirs.Patients.Single().Events.Select(e => e.Id), Is.EquivalentTo(new[] { "c1", "o1", "o2", "m1" }));
            var a1c = theirs.Patients.Single().Events.Single(e => e.Id == "o1");
            Assert.That(a1c.Value!.Value.Value, Is.EqualTo(52.0m));
            Assert.That(a1c.Date!.Value.Precision, Is.EqualTo(DatePrecision.DateTime));
            Assert.That(theirs.Resources.Single(r => r.ResourceType == "Claim").SkippedReasons.Keys, Is.EquivalentTo(new[] { "unsupported-type" }));
            Assert.That(theirs.Problems.Single(p => p.Code == "QI1007").ResourceId, Is.EqualTo("o2"));
        });
    }

    [Test]
    public void Strict_mode_stops_at_the_first_problem_with_its_location()
    {
        var source = new FirelyPatientRecordSource(HostObjects(), "emr", new FhirReaderOptions { Strict = true });
        var ex = Assert.Throws<FhirReadException>(() => source.Read());
        Assert.That(ex!.Issue.File, Is.EqualTo("emr"));
    }

    [Test]
    public async System.Threading.Tasks.Task An_audit_runs_over_firely_objects_registered_with_AddQiSdkFirely()
    {
        var valueSet = new ValueSet { Id = "my-diabetes", Url = "https://emr.example/fhir/ValueSet/my-diabetes", Status = PublicationStatus.Active };
        valueSet.Compose = new ValueSet.ComposeComponent();
        valueSet.Compose.Include.Add(new ValueSet.ConceptSetComponent { System = Snomed, Concept = [new ValueSet.ConceptReferenceComponent { Code = "44054006" }] });
        var services = new ServiceCollection();
        string dir = TestPaths.NewTempFolder();
        services.AddQiSdk(o =>
        {
            o.AuditLogPath = Path.Combine(dir, "audit.log");
            o.ReleaseLedgerPath = Path.Combine(dir, "releases.jsonl");
        }).AddQiSdkFirely(firely => firely.Records(_ => HostObjects()).ValueSets([valueSet]));
        using var provider = services.BuildServiceProvider();
        var audit = provider.GetRequiredService<QualityAuditService>();
        var run = await audit.RunAsync(new MeasurementPeriod(new DateOnly(2025, 3, 31)), ["qof-dm020-hba1c-58"]);
        Assert.Multiple(() =>
        {
            Assert.That(run.Patients, Is.EqualTo(1));
            Assert.That(run.Results.Single().Summary.Counts.Denominator, Is.EqualTo(1));
            Assert.That(run.Results.Single().Summary.Counts.Numerator, Is.EqualTo(1), "HbA1c 52 <= 58");
            Assert.That(audit.Terminology.CodeSetNames, Does.Contain("https://emr.example/fhir/ValueSet/my-diabetes"), "a ValueSet is named by its url, as a file is");
        });
    }

    [Test]
    public void Results_and_the_catalogue_come_back_as_firely_objects()
    {
        var summary = new IndicatorSummary
        {
            IndicatorId = "pincer-c-ulcer-history-antiplatelet-no-gastroprotection", Url = "https://qisdk.org/fhir/Measure/pincer-c-ulcer-history-antiplatelet-no-gastroprotection",
            Version = "1.0.0", Title = "t", Kind = IndicatorKind.Process, Direction = ImprovementDirection.Decrease,
            PeriodEnd = new DateOnly(2025, 3, 31), Counts = new PopulationCounts(10, 10, 0, 0, 2), Reporter = "A81001",
        };
        var bundle = FirelyReports.ToSummaryBundle([summary]);
        var report = (MeasureReport)bundle.Entry.Single().Resource!;
        var measure = FirelyReports.ToMeasure(IndicatorCatalogue.BuiltIn().Get("qof-dm020-hba1c-58"));
        Assert.Multiple(() =>
        {
            Assert.That(report.Id!.Length, Is.LessThanOrEqualTo(64));
            Assert.That(report.Identifier.Single().Value, Is.EqualTo(summary.IndicatorId + "-20250331-summary"));
            Assert.That(report.Group[0].Population.Single(p => p.Code!.Coding[0].Code == "numerator").Count, Is.EqualTo(2));
            Assert.That(measure.Url, Is.EqualTo("https://qisdk.org/fhir/Measure/qof-dm020-hba1c-58"));
            Assert.That(measure.Scoring!.Coding[0].Code, Is.EqualTo("proportion"));
            Assert.That(measure.Group[0].Population.Select(p => p.Code!.Coding[0].Code), Does.Contain("denominator-exclusion"));
            Assert.That(measure.Group[0].Stratifier.Select(s => s.Code!.Text), Is.EqualTo(new[] { "age-band", "sex" }));
        });
    }

    [Test]
    public void Firely_value_sets_and_concept_maps_load_as_code_sets_and_maps()
    {
        var valueSet = new ValueSet { Id = "vs", Name = "MY_SET", Status = PublicationStatus.Active, Compose = new ValueSet.ComposeComponent() };
        valueSet.Compose.Include.Add(new ValueSet.ConceptSetComponent { System = Snomed, Concept = [new() { Code = "44054006" }, new() { Code = "46635009" }] });
        var map = new ConceptMap { Id = "cm", Status = PublicationStatus.Active };
        var group = new ConceptMap.GroupComponent { Source = "http://read.info/readv2", Target = Snomed };
        group.Element.Add(new ConceptMap.SourceElementComponent { Code = "C10F.", Target = [new ConceptMap.TargetElementComponent { Code = "44054006", Equivalence = ConceptMapEquivalence.Equivalent }] });
        map.Group.Add(group);

        var sets = FirelyTerminology.ToCodeSets(valueSet);
        var codeMap = FirelyTerminology.ToCodeMap(map);
        var terminology = Terminology.Create(sets, [codeMap]);
        Assert.Multiple(() =>
        {
            Assert.That(sets.Single().Name, Is.EqualTo("vs"), "no url: named by its id, as a file is");
            Assert.That(sets.Single().Members.Select(m => m.Code), Is.EquivalentTo(new[] { "44054006", "46635009" }));
            Assert.That(terminology.Match("http://read.info/readv2", "C10F.").Length, Is.EqualTo(1), "the Read v2 code maps into the set");
        });
    }
}
