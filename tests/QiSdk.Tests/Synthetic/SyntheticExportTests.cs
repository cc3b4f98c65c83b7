using System.IO.Compression;
using System.Text.Json;
using QiSdk.Synthetic;

namespace QiSdk.Tests.Synthetic;

public sealed class SyntheticExportTests
{
    private string _dir = string.Empty;

    [SetUp]
    public void CreateFolder() => _dir = TestPaths.NewTempFolder();

    [TearDown]
    public void DeleteFolder()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static IEnumerable<string> Lines(string path)
    {
        using Stream file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }

    private static Dictionary<string, byte[]> ReadAll(string dir) =>
        Directory.GetFiles(dir).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

    [TestCase(SyntheticOutputFormat.Ndjson)]
    [TestCase(SyntheticOutputFormat.NdjsonGzip)]
    [TestCase(SyntheticOutputFormat.Bundle)]
    public void The_same_seed_writes_the_same_bytes_and_another_seed_does_not(SyntheticOutputFormat format)
    {
        var options = new SyntheticPracticeOptions { Patients = 300, Seed = 5, Errors = 4 };
        string a = Path.Combine(_dir, "a");
        string b = Path.Combine(_dir, "b");
        string c = Path.Combine(_dir, "c");

        SyntheticPractice.Export(options, new SyntheticExportOptions { Directory = a, Format = format });
        SyntheticPractice.Export(options, new SyntheticExportOptions { Directory = b, Format = format });
        SyntheticPractice.Export(options with { Seed = 6 }, new SyntheticExportOptions { Directory = c, Format = format });

        var first = ReadAll(a);
        var second = ReadAll(b);
        var other = ReadAll(c);
        Assert.Multiple(() =>
        {
            Assert.That(second.Keys, Is.EquivalentTo(first.Keys));
            foreach (var (name, bytes) in first)
            {
                Assert.That(second[name], Is.EqualTo(bytes), name);
            }

            string patientFile = format == SyntheticOutputFormat.Bundle ? first.Keys.First(k => k.StartsWith("bundle-", StringComparison.Ordinal))
                : format == SyntheticOutputFormat.Ndjson ? "Patient.ndjson" : "Patient.ndjson.gz";
            Assert.That(other[patientFile], Is.Not.EqualTo(first[patientFile]));
        });
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Every_ndjson_line_is_a_resource_and_every_subject_names_a_written_patient(bool gzip)
    {
        var options = new SyntheticPracticeOptions { Patients = 500, Seed = 9 };
        var result = SyntheticPractice.Export(options, new SyntheticExportOptions { Directory = _dir, Format = gzip ? SyntheticOutputFormat.NdjsonGzip : SyntheticOutputFormat.Ndjson });

        var patientIds = new HashSet<string>(StringComparer.Ordinal);
        var medicationIds = new HashSet<string>(StringComparer.Ordinal);
        var references = new List<(string File, int Line, string Reference)>();
        var medicationReferences = new List<string>();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var file in result.Files.Where(f => f.ResourceType is not null))
        {
            int line = 0;
            foreach (string text in Lines(file.Path))
            {
                line++;
                using var doc = JsonDocument.Parse(text);
                var root = doc.RootElement;
                string type = root.GetProperty("resourceType").GetString()!;
                Assert.That(type, Is.EqualTo(file.ResourceType), $"{file.Path}:{line}");
                counts[type] = counts.GetValueOrDefault(type) + 1;
                string id = root.GetProperty("id").GetString()!;
                if (type == "Patient")
                {
                    patientIds.Add(id);
                }
                else if (type == "Medication")
                {
                    medicationIds.Add(id);
                }
                else
                {
                    references.Add((file.Path, line, root.GetProperty("subject").GetProperty("reference").GetString()!));
                    if (root.TryGetProperty("medicationReference", out var mr) && mr.GetProperty("reference").GetString() is { } m && !m.StartsWith('#'))
                    {
                        medicationReferences.Add(m);
                    }
                }
            }

            Assert.That(line, Is.EqualTo(file.Resources), file.Path);
        }

        Assert.Multiple(() =>
        {
            Assert.That(patientIds, Has.Count.EqualTo(500));
            Assert.That(references.Where(r => !r.Reference.StartsWith("Patient/", StringComparison.Ordinal) || !patientIds.Contains(r.Reference["Patient/".Length..])), Is.Empty);
            Assert.That(medicationReferences, Is.Not.Empty);
            Assert.That(medicationReferences.Where(m => !medicationIds.Contains(m["Medication/".Length..])), Is.Empty);
            Assert.That(counts, Is.EquivalentTo(result.ResourceCounts));
            Assert.That(result.InjectedErrors, Is.Empty);
        });
    }

    [TestCase(SyntheticBundleType.Collection, false)]
    [TestCase(SyntheticBundleType.Transaction, false)]
    [TestCase(SyntheticBundleType.Transaction, true)]
    public void Bundles_are_valid_json_and_every_reference_resolves_within_the_input(SyntheticBundleType type, bool single)
    {
        var options = new SyntheticPracticeOptions { Patients = 120, Seed = 4 };
        var result = SyntheticPractice.Export(options, new SyntheticExportOptions { Directory = _dir, Format = SyntheticOutputFormat.Bundle, BundleType = type, SingleBundle = single });

        var fullUrls = new HashSet<string>(StringComparer.Ordinal);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var subjects = new List<string>();
        var medications = new List<string>();
        int patients = 0;
        foreach (var file in result.Files.Where(f => f.Path.EndsWith(".json", StringComparison.Ordinal)))
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file.Path));
            var bundle = doc.RootElement;
            Assert.That(bundle.GetProperty("type").GetString(), Is.EqualTo(type == SyntheticBundleType.Collection ? "collection" : "transaction"));
            int entries = 0;
            foreach (var entry in bundle.GetProperty("entry").EnumerateArray())
            {
                entries++;
                string fullUrl = entry.GetProperty("fullUrl").GetString()!;
                Assert.That(fullUrl, Does.Match("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
                Assert.That(fullUrls.Add(fullUrl), Is.True, "duplicate fullUrl " + fullUrl);
                var resource = entry.GetProperty("resource");
                string rt = resource.GetProperty("resourceType").GetString()!;
                ids.Add(rt + "/" + resource.GetProperty("id").GetString());
                if (type == SyntheticBundleType.Transaction)
                {
                    Assert.That(entry.GetProperty("request").GetProperty("url").GetString(), Is.EqualTo(rt));
                }

                if (rt == "Patient")
                {
                    patients++;
                }
                else if (rt != "Medication")
                {
                    subjects.Add(resource.GetProperty("subject").GetProperty("reference").GetString()!);
                    if (resource.TryGetProperty("medicationReference", out var m) && m.GetProperty("reference").GetString() is { } r && !r.StartsWith('#'))
                    {
                        medications.Add(r);
                    }
                }
            }

            Assert.That(entries, Is.EqualTo(file.Resources), file.Path);
        }

        Assert.Multiple(() =>
        {
            Assert.That(patients, Is.EqualTo(120));
            Assert.That(subjects.Where(s => !s.StartsWith("urn:uuid:", StringComparison.Ordinal) || !fullUrls.Contains(s)), Is.Empty);
            Assert.That(medications.Where(m => !ids.Contains(m)), Is.Empty);
            Assert.That(medications, Is.Not.Empty);
        });
    }

    [Test]
    public void Injected_errors_are_where_the_result_says_and_rotate_through_every_kind()
    {
        var options = new SyntheticPracticeOptions { Patients = 200, Seed = 2, Errors = 8 };
        var result = SyntheticPractice.Export(options, new SyntheticExportOptions { Directory = _dir });

        Assert.That(result.InjectedErrors.Select(e => e.Kind), Is.EqualTo(new[]
        {
            InjectedErrorKind.MalformedJson, InjectedErrorKind.MissingResourceType, InjectedErrorKind.InvalidDate, InjectedErrorKind.UnknownPatientReference,
            InjectedErrorKind.MalformedJson, InjectedErrorKind.MissingResourceType, InjectedErrorKind.InvalidDate, InjectedErrorKind.UnknownPatientReference,
        }));
        var patientIds = Lines(Path.Combine(_dir, "Patient.ndjson")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()).ToHashSet();
        Assert.Multiple(() =>
        {
            foreach (var error in result.InjectedErrors)
            {
                string line = Lines(error.File).ElementAt(error.Line!.Value - 1);
                Assert.That(line, Does.Contain(error.ResourceId!), error.ToString());
                switch (error.Kind)
                {
                    case InjectedErrorKind.MalformedJson:
                        Assert.That(() => JsonDocument.Parse(line), Throws.InstanceOf<JsonException>());
                        break;
                    case InjectedErrorKind.MissingResourceType:
                        Assert.That(JsonDocument.Parse(line).RootElement.TryGetProperty("resourceType", out _), Is.False);
                        break;
                    case InjectedErrorKind.InvalidDate:
                        Assert.That(JsonDocument.Parse(line).RootElement.GetProperty("effectiveDateTime").GetString(), Does.EndWith("-02-30"));
                        break;
                    default:
                        string subject = JsonDocument.Parse(line).RootElement.GetProperty("subject").GetProperty("reference").GetString()!;
                        Assert.That(patientIds, Does.Not.Contain(subject["Patient/".Length..]));
                        break;
                }
            }

            // The good resources are exactly the in-memory practice's.
            int inMemoryEvents = SyntheticPractice.Generate(options).Sum(p => p.Events.Length);
            int written = result.ResourceCounts.Where(kv => kv.Key is not ("Patient" or "Medication")).Sum(kv => kv.Value);
            Assert.That(written, Is.EqualTo(inMemoryEvents));
        });
    }

    [Test]
    public void Bundle_errors_are_extra_entries_or_a_truncated_file()
    {
        var options = new SyntheticPracticeOptions { Patients = 40, Seed = 2, Errors = 4 };
        var result = SyntheticPractice.Export(options, new SyntheticExportOptions { Directory = _dir, Format = SyntheticOutputFormat.Bundle });

        Assert.Multiple(() =>
        {
            var malformed = result.InjectedErrors.Single(e => e.Kind == InjectedErrorKind.MalformedJson);
            Assert.That(() => JsonDocument.Parse(File.ReadAllBytes(malformed.File)), Throws.InstanceOf<JsonException>());
            foreach (var error in result.InjectedErrors.Where(e => e.Kind != InjectedErrorKind.MalformedJson))
            {
                using var doc = JsonDocument.Parse(File.ReadAllBytes(error.File));
                var resource = doc.RootElement.GetProperty("entry")[error.Entry!.Value].GetProperty("resource");
                Assert.That(resource.GetProperty("id").GetString(), Is.EqualTo(error.ResourceId), error.ToString());
            }
        });
    }

    [Test]
    public void The_code_map_has_the_documented_header_and_maps_only_to_palette_snomed_or_read_codes()
    {
        var result = SyntheticPractice.Export(new SyntheticPracticeOptions { Patients = 1 }, new SyntheticExportOptions { Directory = _dir });
        string[] lines = File.ReadAllLines(result.CodeMapPath!);
        var standard = CodePalette.All.Select(e => (e.System, e.Code)).ToHashSet();

        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Is.EqualTo("source_system,source_code,target_system,target_code"));
            Assert.That(lines, Has.Length.GreaterThan(20));
            foreach (string line in lines.Skip(1))
            {
                string[] f = line.Split(',');
                Assert.That(f, Has.Length.EqualTo(4), line);
                Assert.That(standard.Contains((f[2], f[3])) || f[2] == "http://read.info/readv2", Is.True, line);
            }

            Assert.That(lines, Has.None.Contains(",LBP,"), "the local BP code is deliberately unmapped");
        });
    }

    [Test]
    public void The_code_map_can_be_written_outside_the_records_folder()
    {
        string records = Path.Combine(_dir, "records");
        string map = Path.Combine(_dir, "maps", "practice-map.csv");
        var result = SyntheticPractice.Export(new SyntheticPracticeOptions { Patients = 3 }, new SyntheticExportOptions { Directory = records, CodeMapPath = map });

        Assert.Multiple(() =>
        {
            Assert.That(result.CodeMapPath, Is.EqualTo(map));
            Assert.That(File.ReadLines(map).First(), Is.EqualTo("source_system,source_code,target_system,target_code"));
            Assert.That(Directory.GetFiles(records), Has.None.EndsWith(".csv"));
        });
    }
}
