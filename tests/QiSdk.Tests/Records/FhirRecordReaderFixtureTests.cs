using QiSdk.Records;

namespace QiSdk.Tests.Records;

/// <summary>The reader over the real fixtures in ../shared: counts checked against an independent JsonDocument count, and spot checks.</summary>
public sealed class FhirRecordReaderFixtureTests
{
    private static string[] EcqmPatientFiles =>
    [
        .. Directory.GetDirectories(TestPaths.Fixture("ecqm")).SelectMany(d => Directory.GetFiles(Path.Combine(d, "patients"), "*.json")).Order(StringComparer.Ordinal),
    ];

    [Test]
    public async Task All_38_synthea_bundles_are_counted_per_type_like_an_independent_count()
    {
        Assert.That(TestPaths.SyntheaBundles, Has.Length.EqualTo(38));
        var result = await new FhirRecordReader().ReadAsync(TestPaths.Synthea);

        AssertCountsMatch(result, IndependentCount.OfBundles(TestPaths.SyntheaBundles));
        Assert.That(result.Problems, Is.Empty, string.Join("\n", result.Problems));
    }

    [Test]
    public async Task All_ecqm_patient_bundles_are_counted_per_type_like_an_independent_count()
    {
        Assert.That(EcqmPatientFiles, Has.Length.EqualTo(43 + 58 + 60 + 180));
        var result = await new FhirRecordReader().ReadAsync(EcqmPatientFiles);

        var expected = IndependentCount.OfBundles(EcqmPatientFiles);
        AssertCountsMatch(result, expected);

        // Three MADiE test cases carry typos in their own patient reference ('...-3  20243bbe9b7', 'Patient/d759a89b4-...'):
        // exactly those are reported as unknown patients, and nothing else is a problem.
        Assert.That(result.Problems.Select(p => p.Code), Is.EqualTo(new[] { "QI1010", "QI1010", "QI1010" }));
        Assert.That(result.Problems.Select(p => p.ResourceId), Is.EquivalentTo(new[]
        {
            "preventive-care-services-initial-office-visit-18-and-up-35ba", "functional-assessment-palliative-care-questionnaire-35bb", "office-visit-3909",
        }));
        Assert.That(result.UnresolvedPatientReferences, Is.EqualTo(3));
    }

    [Test]
    public async Task Synthea_urn_uuid_references_attach_events_to_their_patient()
    {
        string file = Path.Combine(TestPaths.Synthea, "Alberto_Atencio_fc712d1f-5a2e-4407-9c55-a2a2bad623c2.json");
        var result = await new FhirRecordReader().ReadAsync(file);

        var patient = result.Patients.Single();
        Assert.Multiple(() =>
        {
            Assert.That(patient.Id, Is.EqualTo("4e8ed886-fd5f-40bb-8feb-f339b04d853a"));
            Assert.That(patient.Gender, Is.EqualTo(AdministrativeGender.Male));
            Assert.That(patient.BirthDate, Is.EqualTo(FhirDate.Parse("1993-06-07")));
            Assert.That(patient.BirthDate!.Value.Precision, Is.EqualTo(DatePrecision.Day));
            Assert.That(patient.Identifiers, Does.Contain(new Identifier("https://github.com/synthetichealth/synthea", "fc712d1f-5a2e-4407-9c55-a2a2bad623c2")));
            Assert.That(patient.Source, Is.EqualTo(new SourceLocation(file, null, 0)));
        });

        var bp = patient.Events.Single(e => e.Id == "810b2c64-6e1c-4a1f-8bad-1a8e257fd202");
        Assert.Multiple(() =>
        {
            Assert.That(bp.Kind, Is.EqualTo(ResourceKind.Observation));
            Assert.That(bp.Status, Is.EqualTo("final"));
            Assert.That(bp.Codes, Is.EqualTo(new[] { new Coding("http://loinc.org", "55284-4", "Blood Pressure") }));
            Assert.That(bp.Categories, Is.EqualTo(new[] { new Coding("http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs", "vital-signs") }));
            Assert.That(bp.Date.ToString(), Is.EqualTo("2012-02-27T05:28:45+00:00"));
            Assert.That(bp.RecordedDate.ToString(), Is.EqualTo("2012-02-27T05:28:45.267+00:00"));
            Assert.That(bp.Components, Has.Length.EqualTo(2));
            Assert.That(bp.Components[0].Codes.Single().Code, Is.EqualTo("8462-4"));
            Assert.That(bp.Components[0].Value, Is.EqualTo(new Quantity(83.14531190501731m, "mm[Hg]", "http://unitsofmeasure.org", "mm[Hg]")));
            Assert.That(bp.Components[1].Codes.Single().Code, Is.EqualTo("8480-6"));
            Assert.That(bp.Components[1].Value!.Value.Value, Is.EqualTo(124.134551400282m));
            Assert.That(bp.Source, Is.EqualTo(new SourceLocation(file, null, 23)));
        });

        var height = patient.Events.Single(e => e.Id == "dec69303-9616-4afc-ae98-73ffd7cf2dfe");
        Assert.That(height.Value, Is.EqualTo(new Quantity(178.88023499217553m, "cm", "http://unitsofmeasure.org", "cm")));

        var condition = patient.Events.Single(e => e.Id == "0c230c71-0f5b-4bf5-b739-35706b2ca7b3");
        Assert.Multiple(() =>
        {
            Assert.That(condition.Kind, Is.EqualTo(ResourceKind.Condition));
            Assert.That(condition.ClinicalStatus, Is.EqualTo("active"));
            Assert.That(condition.VerificationStatus, Is.EqualTo("confirmed"));
            Assert.That(condition.Codes.Single(), Is.EqualTo(new Coding("http://snomed.info/sct", "128613002", "Seizure disorder")));
            Assert.That(condition.Date, Is.EqualTo(FhirDate.Parse("2007-06-04T05:28:45+00:00")));
            Assert.That(condition.RecordedDate, Is.EqualTo(FhirDate.Parse("2007-06-04T05:28:45+00:00")));
        });
    }

    [Test]
    public async Task Ecqm_patient_references_and_medication_reference_resolve()
    {
        string file = TestPaths.Fixture("ecqm", "CMS165", "patients", "45e01fed-56bb-483d-a860-af3d566bda11.json");
        var result = await new FhirRecordReader().ReadAsync(file);

        var patient = result.Patients.Single();
        var request = patient.Events.Single(e => e.Kind == ResourceKind.MedicationRequest);
        Assert.Multiple(() =>
        {
            Assert.That(patient.Id, Is.EqualTo("45e01fed-56bb-483d-a860-af3d566bda11"));
            Assert.That(request.Id, Is.EqualTo("MedicationRequest-1"));
            Assert.That(request.Codes, Is.EqualTo(new[] { new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "312836", "rivastigmine 6 MG Oral Capsule") }));
            Assert.That(request.Status, Is.EqualTo("active"));
            Assert.That(request.Intent, Is.EqualTo("order"));
            Assert.That(request.Date.ToString(), Is.EqualTo("2025-12-30T00:00:00.000Z"));
            Assert.That(patient.Events.Select(e => e.Kind), Is.EquivalentTo(new[] { ResourceKind.Condition, ResourceKind.Encounter, ResourceKind.MedicationRequest, ResourceKind.DeviceRequest }));
        });
        var summary = result.Resources.ToDictionary(r => r.ResourceType);
        Assert.That(summary["Medication"].Kept, Is.EqualTo(1));
        Assert.That(summary["DeviceRequest"].Kept, Is.EqualTo(1));
        Assert.That(summary["MeasureReport"].Skipped, Is.EqualTo(1));
    }

    [Test]
    public async Task Ecqm_blood_pressure_panel_keeps_both_components()
    {
        string file = TestPaths.Fixture("ecqm", "CMS165", "patients", "6885264d-efbf-4e48-99a2-2e8ce29d61ba.json");
        var result = await new FhirRecordReader().ReadAsync(file);

        var bp = result.Patients.Single().Events.Single(e => e.Id == "Observation-7");
        Assert.Multiple(() =>
        {
            Assert.That(bp.Codes.Single().Code, Is.EqualTo("85354-9"));
            Assert.That(bp.Components.Select(c => c.Codes.Single().Code), Is.EqualTo(new[] { "8480-6", "8462-4" }));
            Assert.That(bp.Components[0].Value, Is.EqualTo(new Quantity(139m, "mmHg", "http://unitsofmeasure.org", "mm[Hg]")));
            Assert.That(bp.Components[1].Value, Is.EqualTo(new Quantity(89m, "mmHg", "http://unitsofmeasure.org", "mm[Hg]")));
            Assert.That(bp.Date!.Value.Precision, Is.EqualTo(DatePrecision.DateTime));
            Assert.That(bp.Date!.Value.Date, Is.EqualTo(new DateOnly(2025, 1, 1)));
        });
    }

    [Test]
    public async Task Synthea_read_as_per_type_ndjson_gives_the_same_patients_as_the_bundles()
    {
        string folder = TestPaths.NewTempFolder();
        NdjsonFixtures.WriteBulkExport(TestPaths.SyntheaBundles, folder, gzip: false);
        var fromBundles = await new FhirRecordReader().ReadAsync(TestPaths.Synthea);
        var fromNdjson = await new FhirRecordReader().ReadAsync(folder);

        Assert.That(fromNdjson.Problems, Is.Empty, string.Join("\n", fromNdjson.Problems));
        AssertSameModel(fromBundles, fromNdjson);
    }

    [Test]
    public async Task Synthea_read_as_gzip_ndjson_gives_the_same_patients_as_the_bundles()
    {
        string folder = TestPaths.NewTempFolder();
        NdjsonFixtures.WriteBulkExport(TestPaths.SyntheaBundles, folder, gzip: true);
        var fromBundles = await new FhirRecordReader().ReadAsync(TestPaths.Synthea);
        var fromGzip = await new FhirRecordReader().ReadAsync(folder);

        Assert.That(fromGzip.Problems, Is.Empty, string.Join("\n", fromGzip.Problems));
        AssertSameModel(fromBundles, fromGzip);
    }

    private static void AssertSameModel(FhirReadResult expected, FhirReadResult actual)
    {
        Assert.That(actual.Patients.Select(p => p.Id).Order(), Is.EqualTo(expected.Patients.Select(p => p.Id).Order()));
        var byId = actual.Patients.ToDictionary(p => p.Id);
        foreach (var patient in expected.Patients)
        {
            var other = byId[patient.Id];
            Assert.That(other.Events.Length, Is.EqualTo(patient.Events.Length), patient.Id);
            var events = other.Events.ToDictionary(e => e.Id!);
            foreach (var ev in patient.Events)
            {
                var o = events[ev.Id!];
                Assert.That(o with { Source = null }, Is.EqualTo(ev with { Source = null }).Using<ClinicalEvent>(SameEvent), ev.Id);
            }
        }

        Assert.That(
            actual.Resources.Select(r => (r.ResourceType, r.Read, r.Kept, r.Skipped)),
            Is.EqualTo(expected.Resources.Select(r => (r.ResourceType, r.Read, r.Kept, r.Skipped))));
    }

    private static bool SameEvent(ClinicalEvent a, ClinicalEvent b) =>
        a.Kind == b.Kind && a.Id == b.Id && a.Codes.SequenceEqual(b.Codes) && a.Date == b.Date && a.Period == b.Period
        && a.RecordedDate == b.RecordedDate && a.AbatementDate == b.AbatementDate && a.Status == b.Status
        && a.ClinicalStatus == b.ClinicalStatus && a.VerificationStatus == b.VerificationStatus && a.Intent == b.Intent
        && a.Value == b.Value && a.ValueCodes.SequenceEqual(b.ValueCodes) && a.Categories.SequenceEqual(b.Categories)
        && a.Components.Length == b.Components.Length
        && a.Components.Zip(b.Components).All(p => p.First.Codes.SequenceEqual(p.Second.Codes) && p.First.Value == p.Second.Value && p.First.ValueCodes.SequenceEqual(p.Second.ValueCodes));

    private static void AssertCountsMatch(FhirReadResult result, IndependentCount.Expected expected)
    {
        var actual = result.Resources.ToDictionary(r => r.ResourceType);
        Assert.Multiple(() =>
        {
            Assert.That(actual.Keys, Is.EquivalentTo(expected.Read.Keys));
            foreach (var (type, read) in expected.Read)
            {
                var summary = actual[type];
                int kept = expected.Kept.GetValueOrDefault(type);
                Assert.That(summary.Read, Is.EqualTo(read), $"{type} read");
                Assert.That(summary.Kept, Is.EqualTo(kept), $"{type} kept");
                Assert.That(summary.Skipped, Is.EqualTo(read - kept), $"{type} skipped");
            }

            Assert.That(result.Patients, Has.Length.EqualTo(expected.Patients));
            Assert.That(result.Patients.Sum(p => p.Events.Length), Is.EqualTo(expected.Kept.Where(kv => kv.Key is not "Patient" and not "Medication").Sum(kv => kv.Value)));
        });
    }
}
