using System.IO.Compression;
using System.Text;
using Hl7.Fhir.Model;
using QiSdk.Records;
using QiSdk.Synthetic;
using QiSdk.TestSupport;

namespace QiSdk.Firely.Tests.Records;

/// <summary>
/// Our <see cref="FhirRecordReader"/> against Firely's parser on the same files: every fixture in ../shared/fixtures
/// (eCQM measure bundles with test patients, Synthea patients) and every synthetic format give the same patients and
/// events (resources, codes, dates with precision and offset, quantities, statuses, references, where each came from)
/// and the same per-type counts, whether read as JSON by our reader or parsed by Firely and read from its objects by
/// <see cref="FirelyPatientRecordSource"/>. Differences by design are listed in docs/reading-fhir.md.
/// </summary>
public sealed class ReaderAgainstFirelyTests
{
    private static IEnumerable<TestCaseData> FixtureFolders()
    {
        foreach (string dir in Directory.GetDirectories(Path.Combine(TestPaths.Fixtures, "ecqm")).Order(StringComparer.Ordinal))
        {
            yield return new TestCaseData(dir).SetArgDisplayNames("ecqm/" + Path.GetFileName(dir));
        }

        yield return new TestCaseData(Path.Combine(TestPaths.Fixtures, "synthea")).SetArgDisplayNames("synthea");
    }

    [TestCaseSource(nameof(FixtureFolders))]
    public async System.Threading.Tasks.Task Every_fixture_file_gives_the_same_model_from_our_reader_and_from_Firelys_parse(string folder)
    {
        var files = Directory.GetFiles(folder, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        Assert.That(files, Is.Not.Empty);
        var differences = new List<string>();
        int events = 0;
        foreach (string file in files)
        {
            var ours = await new FhirRecordReader().ReadAsync(file);
            var (resource, issues) = FirelyParse.Parse(File.ReadAllText(file));
            if (resource is null || !Hl7.Fhir.Model.ModelInfo.IsKnownResource(resource.TypeName))
            {
                // Not a FHIR resource at all (e.g. the eCQM folders' oracle-results.json): Firely gives no known resource
                // type, and our reader must say so.
                Assert.That(ours.Problems.Select(p => p.Code), Does.Contain(ReaderErrors.MissingResourceType), $"{file}: our reader did not report it");
                continue;
            }

            var theirs = new FirelyPatientRecordSource([resource], ours.Inputs.Single()).Read();
            events += ours.Patients.Sum(p => p.Events.Length);
            Compare(file, ours, theirs, withSource: true, differences);
        }

        TestContext.Out.WriteLine($"{files.Length} files, {events} events compared");
        Assert.That(differences, Is.Empty, string.Join("\n", differences.Take(30)));
    }

    [TestCase(SyntheticOutputFormat.Ndjson, false)]
    [TestCase(SyntheticOutputFormat.NdjsonGzip, false)]
    [TestCase(SyntheticOutputFormat.Bundle, false)]
    [TestCase(SyntheticOutputFormat.Bundle, true)]
    public async System.Threading.Tasks.Task Every_synthetic_format_gives_the_same_model_from_our_reader_and_from_Firelys_parse(SyntheticOutputFormat format, bool single)
    {
        string dir = TestPaths.NewTempFolder();
        SyntheticPractice.Export(new SyntheticPracticeOptions { Patients = 120, Seed = 21 }, new SyntheticExportOptions { Directory = dir, Format = format, SingleBundle = single, WriteCodeMap = false });
        var ours = await new FhirRecordReader().ReadAsync(dir);
        var resources = new List<Resource>();
        foreach (string file in Directory.GetFiles(dir).Order(StringComparer.Ordinal))
        {
            foreach (string json in Documents(file))
            {
                var (resource, issues) = FirelyParse.Parse(json);
                Assert.That(resource, Is.Not.Null, $"{file}: {string.Join("; ", issues)}");
                resources.Add(resource!);
            }
        }

        var theirs = new FirelyPatientRecordSource(resources).Read();
        var differences = new List<string>();
        Compare(dir, ours, theirs, withSource: false, differences);
        Assert.Multiple(() =>
        {
            Assert.That(differences, Is.Empty, string.Join("\n", differences.Take(30)));
            Assert.That(ours.Patients, Has.Length.EqualTo(120));
        });
    }

    internal static IEnumerable<string> Documents(string file)
    {
        if (!file.Contains(".ndjson", StringComparison.Ordinal))
        {
            yield return File.ReadAllText(file);
            yield break;
        }

        using Stream raw = File.OpenRead(file);
        using Stream stream = file.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(raw, CompressionMode.Decompress) : raw;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                yield return line;
            }
        }
    }

    internal static void Compare(string where, FhirReadResult ours, FhirReadResult theirs, bool withSource, List<string> differences)
    {
        var a = ModelText.Lines(ours, withSource);
        var b = ModelText.Lines(theirs, withSource);
        foreach (string line in a.Except(b))
        {
            differences.Add($"{where}: only our reader: {line}");
        }

        foreach (string line in b.Except(a))
        {
            differences.Add($"{where}: only from Firely: {line}");
        }

        if (a.Count != b.Count)
        {
            differences.Add($"{where}: {a.Count} lines from our reader, {b.Count} from Firely");
        }

        var ca = ModelText.Counts(ours);
        var cb = ModelText.Counts(theirs);
        if (!ca.SequenceEqual(cb))
        {
            differences.Add($"{where}: counts differ: ours [{string.Join("; ", ca)}] Firely [{string.Join("; ", cb)}]");
        }

        var pa = ours.Problems.Select(p => $"{p.Code} {p.ResourceType}/{p.ResourceId} {p.JsonPath} entry {p.Entry}").ToList();
        var pb = theirs.Problems.Select(p => $"{p.Code} {p.ResourceType}/{p.ResourceId} {p.JsonPath} entry {p.Entry}").ToList();
        if (!pa.SequenceEqual(pb))
        {
            differences.Add($"{where}: problems differ: ours [{string.Join("; ", pa.Take(5))}] Firely [{string.Join("; ", pb.Take(5))}]");
        }
    }
}
