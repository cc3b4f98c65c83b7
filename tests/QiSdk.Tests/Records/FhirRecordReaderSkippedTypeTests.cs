using System.Text;
using QiSdk.Records;

namespace QiSdk.Tests.Records;

/// <summary>
/// NDJSON lines of resource types the model does not keep (Claim, ExplanationOfBenefit, ...): counted as skipped without
/// being parsed by default, parsed to their end with <see cref="FhirReaderOptions.ValidateSkippedResources"/> or strict mode.
/// </summary>
public sealed class FhirRecordReaderSkippedTypeTests
{
    private const string Patient = """{"resourceType":"Patient","id":"p1","gender":"female","birthDate":"1970"}""";
    private const string Observation = """{"resourceType":"Observation","id":"o1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"4548-4"}]},"subject":{"reference":"Patient/p1"},"effectiveDateTime":"2024-01-05"}""";

    // A complete line (it ends in '}') with a syntax error inside: a missing comma after "active".
    private const string MalformedClaim = """{"resourceType":"Claim","id":"c1","status":"active" "patient":{"reference":"Patient/p1"}}""";

    private static string WriteNdjson(params string[] lines)
    {
        string file = Path.Combine(TestPaths.NewTempFolder(), "export.ndjson");
        File.WriteAllText(file, string.Join("\n", lines) + "\n", new UTF8Encoding(false));
        return file;
    }

    [Test]
    public async Task By_default_a_complete_line_of_a_type_not_kept_is_counted_skipped_without_being_parsed()
    {
        string file = WriteNdjson(Patient, MalformedClaim, Observation);

        var result = await new FhirRecordReader().ReadAsync(file);

        var claim = result.Resources.Single(r => r.ResourceType == "Claim");
        Assert.Multiple(() =>
        {
            Assert.That(result.Problems, Is.Empty, "the syntax error is inside a resource the model does not keep and is not parsed");
            Assert.That(claim.Read, Is.EqualTo(1));
            Assert.That(claim.Kept, Is.EqualTo(0));
            Assert.That(claim.SkippedReasons, Is.EqualTo(new Dictionary<string, int> { ["unsupported-type"] = 1 }));
            Assert.That(result.Patients.Single().Events.Select(e => e.Id), Is.EqualTo(new[] { "o1" }), "the lines after it are still read");
        });
    }

    [Test]
    public async Task With_validate_skipped_resources_a_syntax_error_in_a_type_not_kept_is_reported_at_its_line()
    {
        string file = WriteNdjson(Patient, MalformedClaim, Observation);

        var result = await new FhirRecordReader(new FhirReaderOptions { ValidateSkippedResources = true }).ReadAsync(file);

        var problem = result.Problems.Single();
        var claim = result.Resources.Single(r => r.ResourceType == "Claim");
        Assert.Multiple(() =>
        {
            Assert.That(problem.Code, Is.EqualTo("QI1003"));
            Assert.That(problem.File, Is.EqualTo(file));
            Assert.That(problem.Line, Is.EqualTo(2));
            Assert.That(problem.ResourceType, Is.EqualTo("Claim"));
            Assert.That(claim.Read, Is.EqualTo(1));
            Assert.That(claim.SkippedReasons, Is.EqualTo(new Dictionary<string, int> { ["malformed-json"] = 1 }));
            Assert.That(result.Patients.Single().Events.Select(e => e.Id), Is.EqualTo(new[] { "o1" }));
        });
    }

    [Test]
    public void Strict_mode_parses_every_line_and_stops_at_a_syntax_error_in_a_type_not_kept()
    {
        string file = WriteNdjson(Patient, MalformedClaim, Observation);

        var ex = Assert.ThrowsAsync<FhirReadException>(() => new FhirRecordReader(new FhirReaderOptions { Strict = true }).ReadAsync(file));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Issue.Code, Is.EqualTo("QI1003"));
            Assert.That(ex.Issue.Line, Is.EqualTo(2));
            Assert.That(ex.Issue.File, Is.EqualTo(file));
        });
    }

    [Test]
    public async Task By_default_a_line_of_a_type_not_kept_that_is_cut_short_is_still_reported_truncated()
    {
        string truncatedClaim = """{"resourceType":"Claim","id":"c1","status":"active","patient":{"reference":"Patient/p1""";
        string file = WriteNdjson(Patient, Observation, truncatedClaim);

        var result = await new FhirRecordReader().ReadAsync(file);

        var problem = result.Problems.Single();
        var claim = result.Resources.Single(r => r.ResourceType == "Claim");
        Assert.Multiple(() =>
        {
            Assert.That(problem.Code, Is.EqualTo("QI1004"));
            Assert.That(problem.Line, Is.EqualTo(3));
            Assert.That(claim.SkippedReasons, Is.EqualTo(new Dictionary<string, int> { ["truncated-json"] = 1 }));
        });
    }

    [Test]
    public async Task A_bundle_is_always_parsed_to_its_end_so_a_syntax_error_in_an_entry_not_kept_is_reported()
    {
        string bundle = "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":" + Patient + "},{\"resource\":" + MalformedClaim + "}]}";
        string file = Path.Combine(TestPaths.NewTempFolder(), "bundle.json");
        File.WriteAllText(file, bundle);

        var result = await new FhirRecordReader().ReadAsync(file);

        Assert.That(result.Problems.Select(p => p.Code), Is.EqualTo(new[] { "QI1003" }));
    }

    [Test]
    public async Task Counts_and_model_from_a_synthea_bulk_export_are_the_same_whether_or_not_skipped_types_are_parsed()
    {
        string folder = TestPaths.NewTempFolder();
        NdjsonFixtures.WriteBulkExport(TestPaths.SyntheaBundles, folder, gzip: false);

        var fast = await new FhirRecordReader().ReadAsync(folder);
        var parsed = await new FhirRecordReader(new FhirReaderOptions { ValidateSkippedResources = true }).ReadAsync(folder);

        Assert.Multiple(() =>
        {
            Assert.That(fast.Resources.Select(Describe), Is.EqualTo(parsed.Resources.Select(Describe)));
            Assert.That(fast.Resources.Single(r => r.ResourceType == "ExplanationOfBenefit").Skipped, Is.GreaterThan(0), "the export holds types that are not kept");
            Assert.That(fast.Problems, Is.EqualTo(parsed.Problems));
            Assert.That(fast.Patients.Select(p => (p.Id, p.Events.Length)), Is.EqualTo(parsed.Patients.Select(p => (p.Id, p.Events.Length))));
        });

        static string Describe(ResourceTypeSummary r) =>
            $"{r.ResourceType} read {r.Read} kept {r.Kept} " + string.Join(",", r.SkippedReasons.Select(kv => $"{kv.Key}={kv.Value}"));
    }
}
