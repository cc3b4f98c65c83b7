using System.IO.Compression;
using System.Text;
using QiSdk.Records;

namespace QiSdk.Tests.Records;

/// <summary>
/// Every bad-input case for every input form: lenient mode reports it located and keeps the rest; strict mode throws the
/// same located problem.
/// </summary>
public sealed class FhirRecordReaderBadInputTests
{
    public enum Form
    {
        Bundle,
        Ndjson,
        NdjsonGzip,
        Folder,
    }

    private const string Patient = """{"resourceType":"Patient","id":"p1","gender":"female","birthDate":"1970"}""";
    private const string GoodObservation = """{"resourceType":"Observation","id":"o1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"4548-4"}]},"subject":{"reference":"Patient/p1"},"effectiveDateTime":"2024-01-05"}""";

    public sealed record Case(string Name, string Bad, bool Truncate, string Code, bool BadKept, string? JsonPath)
    {
        public override string ToString() => Name;
    }

    private static readonly Case[] Cases =
    [
        new("malformed JSON", """{"resourceType":"Observation","id":"bad" "status":"final"}""", false, "QI1003", false, null),
        new("truncated", """{"resourceType":"Observation","id":"bad","status":"final","subject":{"reference":"Patient/p1"}}""", true, "QI1004", false, null),
        new("no resourceType", """{"id":"bad","status":"final","subject":{"reference":"Patient/p1"}}""", false, "QI1005", false, "resourceType"),
        new("invalid date", """{"resourceType":"Observation","id":"bad","subject":{"reference":"Patient/p1"},"effectiveDateTime":"2024-02-30"}""", false, "QI1007", true, "Observation.effectiveDateTime"),
        new("unknown patient", """{"resourceType":"Observation","id":"bad","subject":{"reference":"Patient/nobody"}}""", false, "QI1010", false, "Observation.subject.reference"),
        new("wrong JSON type", """{"resourceType":"Observation","id":"bad","code":"abc","subject":{"reference":"Patient/p1"}}""", false, "QI1006", true, "Observation.code"),
    ];

    private static IEnumerable<TestCaseData> AllCases() =>
        from form in Enum.GetValues<Form>()
        from c in Cases
        select new TestCaseData(form, c).SetArgDisplayNames(form.ToString(), c.Name);

    [TestCaseSource(nameof(AllCases))]
    public async Task Lenient_mode_reports_the_problem_where_it_is_and_keeps_the_rest(Form form, Case c)
    {
        var input = Write(form, c);

        var result = await new FhirRecordReader().ReadAsync(input.Paths);

        var problem = result.Problems.Single(p => p.Severity >= DataQualitySeverity.Warning);
        Assert.Multiple(() =>
        {
            Assert.That(problem.Code, Is.EqualTo(c.Code));
            Assert.That(problem.File, Is.EqualTo(input.BadFile));
            Assert.That(problem.Line, input.Line is null && c.Code is not "QI1003" and not "QI1004" ? Is.Null : Is.EqualTo(input.Line ?? 1));
            Assert.That(problem.Entry, Is.EqualTo(input.Entry));
            if (c.JsonPath is not null)
            {
                Assert.That(problem.JsonPath, Is.EqualTo(c.JsonPath));
            }

            if (c.Code is not "QI1003" and not "QI1004" and not "QI1005")
            {
                Assert.That(problem.ResourceType, Is.EqualTo("Observation"));
                Assert.That(problem.ResourceId, Is.EqualTo("bad"));
            }

            var patient = result.Patients.Single();
            Assert.That(patient.Id, Is.EqualTo("p1"));
            Assert.That(patient.Events.Select(e => e.Id), c.BadKept ? Is.EqualTo(new[] { "o1", "bad" }) : Is.EqualTo(new[] { "o1" }));
            int skipped = result.Resources.Sum(r => r.Skipped);
            Assert.That(skipped, Is.EqualTo(c.BadKept ? 0 : 1), "the bad resource is counted as skipped with its reason");
        });
    }

    [TestCaseSource(nameof(AllCases))]
    public void Strict_mode_stops_with_the_same_located_problem(Form form, Case c)
    {
        var input = Write(form, c);

        var ex = Assert.ThrowsAsync<FhirReadException>(() => new FhirRecordReader(new FhirReaderOptions { Strict = true }).ReadAsync(input.Paths));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Issue.Code, Is.EqualTo(c.Code));
            Assert.That(ex.Issue.File, Is.EqualTo(input.BadFile));
            Assert.That(ex.Issue.Entry, Is.EqualTo(input.Entry));
            Assert.That(ex.Message, Does.Contain(c.Code).And.Contain(input.BadFile));
        });
    }

    [TestCase(false)]
    [TestCase(true)]
    public void A_missing_path_is_a_clear_error_in_either_mode(bool strict)
    {
        string missing = Path.Combine(TestPaths.NewTempFolder(), "no-such-export.ndjson");

        var ex = Assert.ThrowsAsync<FhirReadException>(() => new FhirRecordReader(new FhirReaderOptions { Strict = strict }).ReadAsync(missing));

        Assert.That(ex!.Issue.Code, Is.EqualTo("QI1001"));
        Assert.That(ex.Issue.File, Is.EqualTo(missing));
        Assert.That(ex.Message, Does.Contain(missing).And.Contain("does not exist"));
    }

    [Test]
    public async Task A_gzip_file_that_is_not_gzip_is_reported_unreadable_and_other_files_are_still_read()
    {
        string folder = TestPaths.NewTempFolder();
        File.WriteAllText(Path.Combine(folder, "a.ndjson"), Patient + "\n" + GoodObservation + "\n");
        string bad = Path.Combine(folder, "b.ndjson.gz");
        File.WriteAllText(bad, "this is not gzip data at all");

        var result = await new FhirRecordReader().ReadAsync(folder);

        var problem = result.Problems.Single();
        Assert.Multiple(() =>
        {
            Assert.That(problem.Code, Is.EqualTo("QI1002"));
            Assert.That(problem.File, Is.EqualTo(bad));
            Assert.That(problem.Message, Does.Contain("gzip"));
            Assert.That(result.Patients.Single().Events, Has.Length.EqualTo(1));
        });
    }

    [Test]
    public async Task A_gzip_stream_cut_short_keeps_the_lines_before_the_cut()
    {
        var text = new StringBuilder().Append(Patient).Append('\n');
        for (int i = 0; i < 2000; i++)
        {
            text.Append(GoodObservation.Replace("\"o1\"", $"\"o{i}\"", StringComparison.Ordinal)).Append('\n');
        }

        byte[] gz = Gzip(Encoding.UTF8.GetBytes(text.ToString()));
        string file = Path.Combine(TestPaths.NewTempFolder(), "cut.ndjson.gz");
        File.WriteAllBytes(file, gz[..(gz.Length / 2)]);

        var result = await new FhirRecordReader().ReadAsync(file);

        TestContext.Out.WriteLine(string.Join("\n", result.Problems));
        Assert.Multiple(() =>
        {
            Assert.That(result.Problems, Is.Not.Empty);
            Assert.That(result.Problems[0].Code, Is.AnyOf("QI1002", "QI1004"));
            Assert.That(result.Problems[0].File, Is.EqualTo(file));
            Assert.That(result.Problems[0].Line, Is.GreaterThan(1));
            Assert.That(result.Patients.Single().Events.Length, Is.GreaterThan(10).And.LessThan(2000));
        });
    }

    [Test]
    public async Task A_file_in_a_folder_that_is_not_fhir_is_reported_as_information_and_not_read()
    {
        string folder = TestPaths.NewTempFolder();
        File.WriteAllText(Path.Combine(folder, "Patient.ndjson"), Patient + "\n");
        File.WriteAllText(Path.Combine(folder, "README.txt"), "not FHIR");

        var result = await new FhirRecordReader(new FhirReaderOptions { Strict = true }).ReadAsync(folder);

        Assert.That(result.Problems.Single().Code, Is.EqualTo("QI1015"));
        Assert.That(result.Problems.Single().Severity, Is.EqualTo(DataQualitySeverity.Information));
        Assert.That(result.Patients, Has.Length.EqualTo(1));
    }

    [Test]
    public async Task A_top_level_value_that_is_not_an_object_is_skipped_and_counted()
    {
        string file = Path.Combine(TestPaths.NewTempFolder(), "x.ndjson");
        File.WriteAllText(file, Patient + "\n[1,2,3]\n" + GoodObservation + "\n");

        var result = await new FhirRecordReader().ReadAsync(file);

        var problem = result.Problems.Single();
        Assert.Multiple(() =>
        {
            Assert.That(problem.Code, Is.EqualTo("QI1006"));
            Assert.That(problem.Line, Is.EqualTo(2));
            Assert.That(result.Resources.Single(r => r.ResourceType == "(unknown)").SkippedReasons["not-an-object"], Is.EqualTo(1));
            Assert.That(result.Patients.Single().Events, Has.Length.EqualTo(1));
        });
    }

    private sealed record Written(string[] Paths, string BadFile, int? Line, int? Entry);

    private static Written Write(Form form, Case c)
    {
        string folder = TestPaths.NewTempFolder();
        string bad = c.Bad;
        switch (form)
        {
            case Form.Bundle:
            {
                string text = $$"""{"resourceType":"Bundle","type":"collection","entry":[{"resource":{{Patient}}},{"resource":{{GoodObservation}}},{"fullUrl":"urn:uuid:0b1","resource":{{bad}}}]}""";
                if (c.Truncate)
                {
                    text = text[..^30];
                }

                string file = Path.Combine(folder, "bundle.json");
                File.WriteAllText(file, text);
                return new Written([file], file, null, 2);
            }

            case Form.Ndjson:
            case Form.NdjsonGzip:
            {
                string text = Patient + "\n" + GoodObservation + "\n" + (c.Truncate ? bad[..(bad.Length / 2)] : bad + "\n");
                string file = Path.Combine(folder, form == Form.Ndjson ? "export.ndjson" : "export.ndjson.gz");
                byte[] bytes = Encoding.UTF8.GetBytes(text);
                File.WriteAllBytes(file, form == Form.Ndjson ? bytes : Gzip(bytes));
                return new Written([file], file, 3, null);
            }

            default:
            {
                File.WriteAllText(Path.Combine(folder, "a-patients.json"), $$"""{"resourceType":"Bundle","type":"searchset","entry":[{"resource":{{Patient}}},{"resource":{{GoodObservation}}}]}""");
                string file = Path.Combine(folder, "sub", "b-observations.ndjson");
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllText(file, c.Truncate ? bad[..(bad.Length / 2)] : bad + "\n");
                return new Written([folder], file, 1, null);
            }
        }
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }
}
