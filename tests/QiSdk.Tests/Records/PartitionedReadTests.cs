using System.IO.Compression;
using System.Text;
using System.Text.Json;
using QiSdk.Records;
using QiSdk.Synthetic;

namespace QiSdk.Tests.Records;

/// <summary>
/// <see cref="FhirRecordReader.CreatePartitionedSource"/> against the in-memory read of the same files (the reader this
/// repository has tested against Firely's parser): the same patients with the same events and source locations, and the
/// same problems, whatever the partition count, range size and thread count.
/// </summary>
[TestFixture]
public sealed class PartitionedReadTests
{
    private string _dir = null!;

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

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    /// <summary>Everything the model holds, as text (record equality would compare interned arrays by reference).</summary>
    private static string Fingerprint(PatientRecord p) => JsonSerializer.Serialize(p, Json);

    private static async Task<(List<string> Patients, List<string> Problems)> ReadAsync(IPatientRecordSource source)
    {
        var log = new DataQualityLog();
        var patients = new List<string>();
        await foreach (var p in source.ReadPatientsAsync(log))
        {
            patients.Add(Fingerprint(p));
        }

        return (patients, [.. log.Snapshot().Select(i => i.ToString())]);
    }

    private async Task AssertSameAsInMemoryAsync(FhirReaderOptions options, FhirPartitionOptions partitioning, string[] paths)
    {
        var reader = new FhirRecordReader(options);
        var (expectedPatients, expectedProblems) = await ReadAsync(reader.CreateSource(paths));
        string temp = Path.Combine(_dir, "temp");
        Directory.CreateDirectory(temp);
        var (patients, problems) = await ReadAsync(reader.CreatePartitionedSource(paths, partitioning with { TemporaryDirectory = temp }));

        Assert.Multiple(() =>
        {
            Assert.That(patients, Is.EquivalentTo(expectedPatients), "same patients, events and locations");
            Assert.That(problems, Is.EquivalentTo(expectedProblems), "same problems, naming the original files and lines");
            Assert.That(Directory.EnumerateFileSystemEntries(temp), Is.Empty, "the partition files are deleted");
        });
    }

    [TestCase(2, 1, 64 * 1024)]
    [TestCase(5, 2, 64 * 1024)]
    [TestCase(3, 2, 1000)]
    [TestCase(16, 2, 64L << 20)]
    public async Task Synthetic_export_with_bad_records_reads_the_same_as_in_memory(int partitions, int threads, long chunkBytes)
    {
        string data = Path.Combine(_dir, "data");
        SyntheticPractice.Export(new SyntheticPracticeOptions { Patients = 600, Seed = 7, Errors = 30 }, new SyntheticExportOptions { Directory = data, WriteCodeMap = false });

        await AssertSameAsInMemoryAsync(new FhirReaderOptions(), new FhirPartitionOptions { Partitions = partitions, MaxDegreeOfParallelism = threads, ChunkBytes = chunkBytes }, [data]);
    }

    [Test]
    public async Task Gzip_export_reads_the_same_as_in_memory()
    {
        string data = Path.Combine(_dir, "data");
        SyntheticPractice.Export(new SyntheticPracticeOptions { Patients = 300, Seed = 11, Errors = 10 }, new SyntheticExportOptions { Directory = data, Format = SyntheticOutputFormat.NdjsonGzip, WriteCodeMap = false });

        await AssertSameAsInMemoryAsync(new FhirReaderOptions(), new FhirPartitionOptions { Partitions = 4 }, [data]);
    }

    [Test]
    public async Task Synthea_bulk_export_with_medication_references_reads_the_same_as_in_memory()
    {
        string data = Path.Combine(_dir, "data");
        Directory.CreateDirectory(data);
        NdjsonFixtures.WriteBulkExport(TestPaths.SyntheaBundles, data, gzip: false);

        await AssertSameAsInMemoryAsync(new FhirReaderOptions(), new FhirPartitionOptions { Partitions = 3, ChunkBytes = 300_000 }, [data]);
    }

    [TestCase(1)]
    [TestCase(7)]
    [TestCase(64)]
    public async Task Awkward_lines_are_reported_at_their_original_line_whatever_the_ranges(int chunkBytes)
    {
        string file = Path.Combine(_dir, "mixed.ndjson");
        string longJson = "{\"resourceType\":\"Observation\",\"id\":\"long\",\"note\":\"" + new string('x', 3000) + "\"}";
        var lines = new[]
        {
            "\uFEFF{\"resourceType\":\"Patient\",\"id\":\"p1\",\"gender\":\"female\",\"birthDate\":\"1950-01-01\"}",
            "",
            "{\"resourceType\":\"Patient\",\"id\":\"p2\",\"birthDate\":\"1960-02\"}\r",
            "   ",
            "{\"resourceType\":\"Condition\",\"id\":\"c1\",\"subject\":{\"reference\":\"Patient/p1\"},\"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"44054006\"}]},\"onsetDateTime\":\"2020-01-01\"}",
            "{\"resourceType\":\"Condition\",\"id\":\"c2\",\"subject\":{\"reference\":\"Patient/nobody\"},\"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"44054006\"}]}}",
            "{\"resourceType\":\"MedicationRequest\",\"id\":\"m1\",\"status\":\"active\",\"intent\":\"order\",\"subject\":{\"reference\":\"https://ehr.example/fhir/Patient/p2/_history/3\"},\"medicationReference\":{\"reference\":\"Medication/med1\"},\"authoredOn\":\"2024-05-01\"}",
            "{\"resourceType\":\"MedicationRequest\",\"id\":\"m2\",\"status\":\"active\",\"intent\":\"order\",\"subject\":{\"reference\":\"Patient/p1\"},\"medicationReference\":{\"reference\":\"Medication/missing\"},\"authoredOn\":\"2024-05-01\"}",
            "{\"resourceType\":\"Medication\",\"id\":\"med1\",\"code\":{\"coding\":[{\"system\":\"https://dmd.nhs.uk\",\"code\":\"39113611000001102\"}]}}",
            "{\"resourceType\":\"Observation\",\"id\":\"o1\",\"status\":\"final\",\"subject\":{\"reference\":\"urn:uuid:1234\"},\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"8480-6\"}]}}",
            "{\"resourceType\":\"Observation\",\"id\":\"o2\",\"status\":\"final\",\"subject\":{\"display\":\"no reference\"},\"patient\":{\"reference\":\"Patient/p2\"},\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"8480-6\"}]},\"effectiveDateTime\":\"2024-13-01\"}",
            "{\"resourceType\":\"Observation\",\"id\":\"o3\",\"subject\":{\"reference\":\"Patient/p1\"}, oops}",
            longJson,
            "{\"resourceType\":\"Practitioner\",\"id\":\"gp\"}",
            "{\"resourceType\":\"Patient\",\"id\":\"p1\"}",
            "{\"resourceType\":\"Observation\",\"id\":\"cut\",\"subject\":{\"reference\":\"Patient/p2\"},\"status\":\"fin",
        };
        await File.WriteAllTextAsync(file, string.Join('\n', lines), new UTF8Encoding(false));

        string stopped = Path.Combine(_dir, "stopped.ndjson");
        await File.WriteAllTextAsync(stopped, lines[0].TrimStart('\uFEFF') + "\n" + new string('z', 2500) + "\n" + lines[2] + "\n");

        await AssertSameAsInMemoryAsync(new FhirReaderOptions { MaxLineBytes = 1024 }, new FhirPartitionOptions { Partitions = 3, ChunkBytes = chunkBytes }, [file, stopped]);
    }

    [Test]
    public async Task Cut_short_gzip_is_reported_once_at_the_line_it_reached()
    {
        string data = Path.Combine(_dir, "data");
        SyntheticPractice.Export(new SyntheticPracticeOptions { Patients = 200, Seed = 3 }, new SyntheticExportOptions { Directory = data, Format = SyntheticOutputFormat.NdjsonGzip, WriteCodeMap = false });
        string observations = Path.Combine(data, "Observation.ndjson.gz");
        byte[] whole = await File.ReadAllBytesAsync(observations);
        await File.WriteAllBytesAsync(observations, whole[..(whole.Length / 2)]);

        await AssertSameAsInMemoryAsync(new FhirReaderOptions(), new FhirPartitionOptions { Partitions = 3 }, [data]);
    }

    [Test]
    public async Task A_folder_with_a_bundle_is_read_in_memory_with_the_same_result()
    {
        string data = Path.Combine(_dir, "data");
        SyntheticPractice.Export(new SyntheticPracticeOptions { Patients = 50, Seed = 5 }, new SyntheticExportOptions { Directory = data, Format = SyntheticOutputFormat.Bundle, WriteCodeMap = false });

        await AssertSameAsInMemoryAsync(new FhirReaderOptions(), new FhirPartitionOptions { Partitions = 4 }, [data]);
    }

    [Test]
    public async Task Only_resources_without_patients_report_an_empty_input_once()
    {
        string file = Path.Combine(_dir, "orphans.ndjson");
        await File.WriteAllTextAsync(file, "{\"resourceType\":\"Medication\",\"id\":\"m\"}\n{\"resourceType\":\"Condition\",\"id\":\"c\",\"subject\":{\"reference\":\"Patient/x\"}}\n");

        await AssertSameAsInMemoryAsync(new FhirReaderOptions(), new FhirPartitionOptions { Partitions = 5 }, [file]);
    }

    [Test]
    public async Task Every_patient_lands_in_the_partition_its_id_hashes_to()
    {
        string data = Path.Combine(_dir, "data");
        SyntheticPractice.Export(new SyntheticPracticeOptions { Patients = 200, Seed = 9 }, new SyntheticExportOptions { Directory = data, WriteCodeMap = false });
        var source = new FhirRecordReader().CreatePartitionedSource([data], new FhirPartitionOptions { Partitions = 4 });

        var order = new List<int>();
        await foreach (var p in source.ReadPatientsAsync(new DataQualityLog()))
        {
            order.Add(PartitionKey.OfPatientId(p.Id, 4));
        }

        Assert.That(order, Is.Ordered, "patients come partition by partition");
        Assert.That(order.Distinct().Count(), Is.EqualTo(4), "200 patients spread over all four partitions");
    }

    [Test]
    public void Strict_mode_stops_at_a_problem_and_leaves_no_temporary_files()
    {
        string file = Path.Combine(_dir, "bad.ndjson");
        File.WriteAllText(file, "{\"resourceType\":\"Patient\",\"id\":\"p1\"}\n{\"resourceType\":\"Condition\",\"id\":\"c\",\"subject\":{\"reference\":\"Patient/p1\"}, broken\n");
        string temp = Path.Combine(_dir, "temp");
        Directory.CreateDirectory(temp);
        var source = new FhirRecordReader(new FhirReaderOptions { Strict = true })
            .CreatePartitionedSource([file], new FhirPartitionOptions { Partitions = 2, TemporaryDirectory = temp });

        var ex = Assert.ThrowsAsync<FhirReadException>(async () =>
        {
            await foreach (var _ in source.ReadPatientsAsync(new DataQualityLog()))
            {
            }
        });
        Assert.That(ex!.Issue.Line, Is.EqualTo(2));
        Assert.That(Directory.EnumerateFileSystemEntries(temp), Is.Empty);
    }
}
