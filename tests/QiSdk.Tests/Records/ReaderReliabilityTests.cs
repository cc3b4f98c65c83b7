using System.Text;
using QiSdk.Records;

namespace QiSdk.Tests.Records;

/// <summary>
/// Issue 12, items 1, 4 and 8: one bad byte or one odd object never stops a read; it is a located problem and the rest is
/// kept. Bytes are written by hand (never through our writer), so the reader's assumptions are not shared.
/// </summary>
public sealed class ReaderReliabilityTests
{
    private const string Patient = """{"resourceType":"Patient","id":"p1","gender":"female","birthDate":"1970"}""";

    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    /// <summary>A line with one byte 0xE9 (Latin-1 'é', never valid alone in UTF-8) in place of the marker "@".</summary>
    private static byte[] WithBadByte(string line)
    {
        byte[] bytes = Bytes(line);
        int at = Array.IndexOf(bytes, (byte)'@');
        Assert.That(at, Is.GreaterThanOrEqualTo(0));
        bytes[at] = 0xE9;
        return bytes;
    }

    private static async Task<FhirReadResult> ReadNdjson(FhirReaderOptions? options, params byte[][] lines)
    {
        using var stream = new MemoryStream([.. lines.SelectMany(l => l.Concat(new[] { (byte)'\n' }))]);
        return await new FhirRecordReader(options).ReadAsync(stream, "u.ndjson", FhirInputFormat.Ndjson);
    }

    public static IEnumerable<TestCaseData> InvalidUtf8Cases()
    {
        yield return new TestCaseData("""{"resourceType":"Patient","id":"p@2","gender":"male"}""", "Patient.id").SetName("Invalid UTF-8 in a resource id");
        yield return new TestCaseData("""{"resourceType":"Patient","id":"p2","birthDate":"19@0"}""", "Patient.birthDate").SetName("Invalid UTF-8 in a date");
        yield return new TestCaseData("""{"resourceType":"Patient","id":"p2","gender":"m@le"}""", "Patient.gender").SetName("Invalid UTF-8 in Patient.gender");
        yield return new TestCaseData("""{"resourceType":"Patient","id":"p2","identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"94@"}]}""", "Patient.identifier.value").SetName("Invalid UTF-8 in an identifier value");
        yield return new TestCaseData("""{"resourceType":"Observation","id":"o2","subject":{"reference":"Patient/p1"},"code":{"coding":[{"system":"http://loinc.org","code":"4548-@"}]}}""", "Observation.code.coding.code").SetName("Invalid UTF-8 in a code");
        yield return new TestCaseData("""{"resourceType":"Observation","id":"o2","subject":{"reference":"Patient/p1"},"code":{"coding":[{"system":"http://lo@nc.org","code":"4548-4"}]}}""", "Observation.code.coding.system").SetName("Invalid UTF-8 in a system");
        yield return new TestCaseData("""{"resourceType":"Observation","id":"o2","subject":{"reference":"Patient/p1"},"code":{"coding":[{"system":"http://loinc.org","code":"4548-4","display":"HbA1c @"}]}}""", "Observation.code.coding.display").SetName("Invalid UTF-8 in a display");
        yield return new TestCaseData("""{"resourceType":"Observation","id":"o2","subject":{"reference":"Patient/p1"},"valueQuantity":{"value":48,"unit":"mmol/m@l"}}""", "Observation.valueQuantity.unit").SetName("Invalid UTF-8 in a unit");
        yield return new TestCaseData("""{"resourceType":"Observation","id":"o2","subject":{"reference":"Patient/p@"}}""", "Observation.subject.reference").SetName("Invalid UTF-8 in a reference");
    }

    [TestCaseSource(nameof(InvalidUtf8Cases))]
    public async Task Invalid_utf8_is_a_located_problem_and_the_rest_is_read(string line, string path)
    {
        const string After = """{"resourceType":"Patient","id":"p3"}""";

        var result = await ReadNdjson(null, Bytes(Patient), WithBadByte(line), Bytes(After));

        var problem = result.Problems.First(p => p.Code == "QI1016");
        Assert.Multiple(() =>
        {
            Assert.That(problem.File, Is.EqualTo("u.ndjson"));
            Assert.That(problem.Line, Is.EqualTo(2));
            Assert.That(problem.JsonPath, Is.EqualTo(path));
            Assert.That(result.Patients.Select(p => p.Id), Does.Contain("p1").And.Contain("p3"), "the lines after it are read");
            Assert.That(AllText(result), Has.None.Contains('\uFFFD'), "never replaced with U+FFFD");
        });
    }

    [Test]
    public void Strict_mode_stops_at_invalid_utf8_with_the_location()
    {
        var ex = Assert.ThrowsAsync<FhirReadException>(() => ReadNdjson(new FhirReaderOptions { Strict = true }, WithBadByte("""{"resourceType":"Patient","id":"p@1"}""")));
        Assert.That(ex!.Issue.Code, Is.EqualTo("QI1016"));
        Assert.That(ex.Issue.Line, Is.EqualTo(1));
    }

    [Test]
    public async Task The_id_of_a_resource_with_an_invalid_display_is_in_its_problem()
    {
        var result = await ReadNdjson(null, Bytes(Patient), WithBadByte("""{"resourceType":"Condition","id":"c9","subject":{"reference":"Patient/p1"},"code":{"coding":[{"code":"x","display":"@"}]}}"""));

        var problem = result.Problems.Single(p => p.Code == "QI1016");
        Assert.That(problem.ResourceId, Is.EqualTo("c9"));
        Assert.That(result.Patients.Single().Events.Single().Codes.Single().Display, Is.Null, "the bad value is dropped, the event kept");
    }

    [Test]
    public async Task Invalid_utf8_where_the_reader_does_not_look_is_still_reported_with_its_byte_position()
    {
        byte[] claim = WithBadByte("""{"resourceType":"Claim","id":"c","note":"@"}""");

        var result = await ReadNdjson(null, Bytes(Patient), claim);

        var problem = result.Problems.Single(p => p.Code == "QI1016");
        Assert.That(problem.Line, Is.EqualTo(2));
        Assert.That(problem.BytePosition, Is.EqualTo(Array.IndexOf(claim, (byte)0xE9)));
    }

    [Test]
    public async Task An_escape_naming_half_a_surrogate_pair_is_invalid_text_not_a_crash()
    {
        var result = await ReadNdjson(null, Bytes(Patient), Bytes("""{"resourceType":"Patient","id":"p\ud800x","gender":"\udc00"}"""));

        Assert.That(result.Problems.Where(p => p.Code == "QI1016").Select(p => p.JsonPath), Is.EquivalentTo(new[] { "Patient.id", "Patient.gender" }));
        Assert.That(result.Problems.Select(p => p.Code), Does.Contain("QI1012"), "the Patient without a usable id is skipped, located");
    }

    [Test]
    public async Task A_repeated_property_is_reported_and_the_first_value_wins_at_every_level()
    {
        var result = await ReadNdjson(null,
            Bytes("""{"resourceType":"Patient","id":"p1","id":"p2","resourceType":"Claim"}"""),
            Bytes("""{"resourceType":"Observation","id":"o1","subject":{"reference":"Patient/p1"},"subject":{"reference":"Patient/p9"},"code":{"coding":[{"code":"a","code":"b"}]}}"""));

        Assert.Multiple(() =>
        {
            Assert.That(result.Patients.Single().Id, Is.EqualTo("p1"));
            Assert.That(result.Patients.Single().Events.Single().Codes.Single().Code, Is.EqualTo("a"));
            Assert.That(result.Problems.Where(p => p.Code == "QI1017").Select(p => (p.Line, p.JsonPath)), Is.EquivalentTo(new[]
            {
                ((int?)1, "Patient.id"),
                (1, "Patient.resourceType"),
                (2, "Observation.subject"),
                (2, "Observation.code.coding.code"),
            }));
        });
    }

    [Test]
    public async Task A_line_over_the_limit_is_skipped_located_and_the_next_line_is_read()
    {
        string big = """{"resourceType":"Patient","id":"big","x":" """ + new string('a', 5000) + "\"}";

        var result = await ReadNdjson(new FhirReaderOptions { MaxLineBytes = 1000 }, Bytes(Patient), Bytes(big), Bytes("""{"resourceType":"Patient","id":"p3"}"""));

        var problem = result.Problems.Single(p => p.Code == "QI1018");
        Assert.Multiple(() =>
        {
            Assert.That(problem.Line, Is.EqualTo(2));
            Assert.That(problem.Message, Does.Contain("1,000-byte"));
            Assert.That(result.Patients.Select(p => p.Id), Is.EqualTo(new[] { "p1", "p3" }));
            Assert.That(result.Resources.Single(r => r.ResourceType == "(unknown)").SkippedReasons["line-too-long"], Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_long_line_that_is_not_json_ends_the_read_of_that_input()
    {
        using var stream = new MemoryStream(new byte[100_000]);

        var result = await new FhirRecordReader(new FhirReaderOptions { MaxLineBytes = 1000 }).ReadAsync(stream, "zeros.ndjson", FhirInputFormat.Ndjson);

        Assert.That(result.Problems.Select(p => p.Code), Is.EqualTo(new[] { "QI1018", "QI1022" }));
        Assert.That(result.Problems[0].Message, Does.Contain("not NDJSON"));
    }

    [Test]
    public async Task A_json_file_of_zeros_is_refused_from_its_first_bytes()
    {
        using var stream = new MemoryStream(new byte[1_000_000]);

        var result = await new FhirRecordReader(new FhirReaderOptions { MaxDocumentBytes = 200_000 }).ReadAsync(stream, "zeros.json", FhirInputFormat.Json);

        Assert.That(result.Problems[0].Code, Is.EqualTo("QI1003"), "malformed, not 'larger than the limit': the reader stopped at the first bytes");
    }

    [Test]
    public async Task A_value_quoted_in_a_message_is_shortened()
    {
        string date = new('9', 2_000_000);

        var result = await ReadNdjson(null, Bytes(Patient), Bytes("""{"resourceType":"Observation","id":"o","subject":{"reference":"Patient/p1"},"effectiveDateTime":" """.TrimEnd() + date + "\"}"));

        var problem = result.Problems.Single(p => p.Code == "QI1007");
        Assert.That(problem.Message.Length, Is.LessThan(400));
        Assert.That(problem.Message, Does.Contain("2,000,000 characters"));
    }

    [Test]
    public async Task Zero_byte_input_is_a_warning_and_strict_mode_refuses_it()
    {
        using var empty = new MemoryStream();
        var result = await new FhirRecordReader().ReadAsync(empty, "empty.ndjson", FhirInputFormat.Ndjson);

        Assert.That(result.Problems.Single().Code, Is.EqualTo("QI1022"));
        Assert.That(result.Problems.Single().Severity, Is.EqualTo(DataQualitySeverity.Warning));
        using var again = new MemoryStream();
        var ex = Assert.ThrowsAsync<FhirReadException>(() => new FhirRecordReader(new FhirReaderOptions { Strict = true }).ReadAsync(again, "empty.ndjson", FhirInputFormat.Ndjson));
        Assert.That(ex!.Issue.Code, Is.EqualTo("QI1022"));
    }

    [Test]
    public async Task Garbage_input_warns_that_no_patient_was_read()
    {
        var result = await ReadNdjson(null, Bytes("hello"), Bytes("""{"resourceType":"Claim","id":"c"}"""));

        Assert.That(result.Problems.Select(p => p.Code), Is.EqualTo(new[] { "QI1003", "QI1022" }));
        Assert.That(result.Problems[^1].Message, Does.Contain("1 resource met"));
    }

    [Test]
    public async Task The_summary_gives_the_latest_event_date_per_resource_type()
    {
        var result = await ReadNdjson(null,
            Bytes(Patient),
            Bytes("""{"resourceType":"Observation","id":"o1","subject":{"reference":"Patient/p1"},"effectiveDateTime":"2024-01-05"}"""),
            Bytes("""{"resourceType":"Observation","id":"o2","subject":{"reference":"Patient/p1"},"effectivePeriod":{"start":"2024-03-01"}}"""),
            Bytes("""{"resourceType":"Condition","id":"c1","subject":{"reference":"Patient/p1"},"recordedDate":"2023-12-31T23:00:00Z"}"""));

        Assert.Multiple(() =>
        {
            Assert.That(result.Resources.Single(r => r.ResourceType == "Observation").LatestEventDate, Is.EqualTo(new DateOnly(2024, 3, 1)));
            Assert.That(result.Resources.Single(r => r.ResourceType == "Condition").LatestEventDate, Is.EqualTo(new DateOnly(2023, 12, 31)));
            Assert.That(result.Resources.Single(r => r.ResourceType == "Patient").LatestEventDate, Is.Null);
            Assert.That(result.LatestEventDate, Is.EqualTo(new DateOnly(2024, 3, 1)));
        });
    }

    [TestCase("12")]
    [TestCase("-1")]
    [TestCase("Patient, Condition")]
    public async Task A_resource_type_that_parses_as_a_number_is_just_an_unsupported_type(string type)
    {
        var result = await ReadNdjson(null, Bytes(Patient), Bytes("{\"resourceType\":\"" + type + "\",\"id\":\"x\"}"));

        Assert.That(result.Resources.Single(r => r.ResourceType == type).SkippedReasons["unsupported-type"], Is.EqualTo(1));
        Assert.That(result.Resources.Single(r => r.ResourceType == type).LatestEventDate, Is.Null);
    }

    private static IEnumerable<string> AllText(FhirReadResult result)
    {
        foreach (var p in result.Patients)
        {
            yield return p.Id;
            foreach (var i in p.Identifiers)
            {
                yield return i.Value ?? string.Empty;
                yield return i.System ?? string.Empty;
            }

            foreach (var e in p.Events)
            {
                yield return e.Id ?? string.Empty;
                foreach (var c in e.Codes)
                {
                    yield return c.System + c.Code + c.Display;
                }

                yield return e.Value?.Unit ?? string.Empty;
            }
        }
    }
}
