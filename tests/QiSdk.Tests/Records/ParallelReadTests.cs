using System.Text;
using System.Text.Json;
using QiSdk.Records;
using QiSdk.Synthetic;

namespace QiSdk.Tests.Records;

/// <summary>
/// <see cref="FhirReaderOptions.MaxDegreeOfParallelism"/>: reading on 2, 4 or 7 threads, with inputs cut into many small
/// chunks (whole files and byte ranges of lines), gives exactly what one thread gives: the same patients in the same order
/// with the same events and source locations, the same per-type counts, the same problems in the same order (in the result
/// and in the log) and the same inputs. The oracle is the one-thread read, i.e. the reader as it was before parallel
/// reading, which the fixture, Firely and fuzz tests check against independent parsers.
/// </summary>
[TestFixture]
public sealed class ParallelReadTests
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

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

    /// <summary>Everything a read gives, as text (record equality would compare interned arrays by reference).</summary>
    private static List<string> Fingerprint(FhirReadResult result, DataQualityLog log)
    {
        var lines = new List<string>();
        lines.AddRange(result.Patients.Select(p => "patient " + JsonSerializer.Serialize(p, Json)));
        lines.AddRange(result.Resources.Select(r => "resource " + JsonSerializer.Serialize(r, Json)));
        lines.AddRange(result.Problems.Select(i => "problem " + JsonSerializer.Serialize(i, Json)));
        lines.AddRange(log.Snapshot().Select(i => "logged " + JsonSerializer.Serialize(i, Json)));
        lines.AddRange(result.Inputs.Select(i => "input " + i));
        return lines;
    }

    private static async Task<List<string>> ReadAsync(FhirReaderOptions options, int threads, long rangeBytes, params string[] paths)
    {
        var log = new DataQualityLog();
        var reader = new FhirRecordReader(options with { MaxDegreeOfParallelism = threads, ParallelRangeBytes = rangeBytes });
        return Fingerprint(await reader.ReadAsync(paths, log), log);
    }

    /// <summary>The one-thread read, then 2, 4 and 7 threads over chunks of every size given: all identical.</summary>
    private static async Task<List<string>> AssertSameOnEveryThreadCountAsync(FhirReaderOptions options, long[] rangeBytes, params string[] paths)
    {
        var expected = await ReadAsync(options, 1, 64L << 20, paths);
        foreach (long range in rangeBytes)
        {
            foreach (int threads in new[] { 2, 4, 7 })
            {
                var actual = await ReadAsync(options, threads, range, paths);
                Assert.That(actual, Is.EqualTo(expected), $"{threads} threads, ranges of {range} bytes");
            }
        }

        return expected;
    }

    [Test]
    public async Task Synthetic_export_with_bad_records_reads_identically_on_every_thread_count()
    {
        string data = Path.Combine(_dir, "data");
        SyntheticPractice.Export(new SyntheticPracticeOptions { Patients = 600, Seed = 7, Errors = 40 }, new SyntheticExportOptions { Directory = data, WriteCodeMap = false });

        var expected = await AssertSameOnEveryThreadCountAsync(new FhirReaderOptions(), [997, 16 * 1024, 64L << 20], data);

        Assert.That(expected.Count(l => l.StartsWith("patient ", StringComparison.Ordinal)), Is.EqualTo(600));
        Assert.That(expected.Count(l => l.StartsWith("problem ", StringComparison.Ordinal)), Is.GreaterThan(10), "the errors injected are reported");
    }

    [Test]
    public async Task Gzip_export_reads_identically_on_every_thread_count()
    {
        string data = Path.Combine(_dir, "data");
        SyntheticPractice.Export(new SyntheticPracticeOptions { Patients = 300, Seed = 11, Errors = 10 }, new SyntheticExportOptions { Directory = data, Format = SyntheticOutputFormat.NdjsonGzip, WriteCodeMap = false });

        await AssertSameOnEveryThreadCountAsync(new FhirReaderOptions(), [4096], data);
    }

    [Test]
    public async Task Cut_short_gzip_among_other_files_reads_identically_on_every_thread_count()
    {
        string data = Path.Combine(_dir, "data");
        SyntheticPractice.Export(new SyntheticPracticeOptions { Patients = 200, Seed = 3 }, new SyntheticExportOptions { Directory = data, Format = SyntheticOutputFormat.NdjsonGzip, WriteCodeMap = false });
        string observations = Path.Combine(data, "Observation.ndjson.gz");
        byte[] whole = await File.ReadAllBytesAsync(observations);
        await File.WriteAllBytesAsync(observations, whole[..(whole.Length / 2)]);

        var expected = await AssertSameOnEveryThreadCountAsync(new FhirReaderOptions(), [4096], data);
        Assert.That(expected.Count(l => l.StartsWith("problem ", StringComparison.Ordinal) && l.Contains(ReaderErrors.TruncatedJson, StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public async Task Synthea_bundles_and_bulk_export_read_identically_on_every_thread_count()
    {
        string bulk = Path.Combine(_dir, "bulk");
        Directory.CreateDirectory(bulk);
        NdjsonFixtures.WriteBulkExport(TestPaths.SyntheaBundles, bulk, gzip: false);

        await AssertSameOnEveryThreadCountAsync(new FhirReaderOptions(), [50_000], TestPaths.Synthea);
        await AssertSameOnEveryThreadCountAsync(new FhirReaderOptions(), [20_000, 300_000], bulk);
    }

    [Test]
    public async Task Bundle_folders_read_identically_on_every_thread_count()
    {
        string data = Path.Combine(_dir, "bundles");
        SyntheticPractice.Export(new SyntheticPracticeOptions { Patients = 120, Seed = 5, Errors = 10 }, new SyntheticExportOptions { Directory = data, Format = SyntheticOutputFormat.Bundle, WriteCodeMap = false });

        await AssertSameOnEveryThreadCountAsync(new FhirReaderOptions(), [2048], data);
    }

    [Test]
    public async Task Ecqm_test_case_bundles_read_identically_on_every_thread_count()
    {
        var expected = await AssertSameOnEveryThreadCountAsync(new FhirReaderOptions { TestCaseBundles = true }, [4096, 256 * 1024], TestPaths.Fixture("ecqm"));

        Assert.That(expected.Count(l => l.StartsWith("patient ", StringComparison.Ordinal)), Is.GreaterThan(100), "the test patients of the four measures");
    }

    /// <summary>Lines that each exercise a different path of the reader, several of them depending on lines in other chunks.</summary>
    private static readonly string[] AwkwardLines =
    [
        "\uFEFF{\"resourceType\":\"Patient\",\"id\":\"p1\",\"gender\":\"female\",\"birthDate\":\"1950-01-01\"}",
        "",
        "{\"resourceType\":\"Patient\",\"id\":\"p2\",\"birthDate\":\"1960-02\"}\r",
        "   ",
        "{\"resourceType\":\"Condition\",\"id\":\"c1\",\"subject\":{\"reference\":\"Patient/p1\"},\"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"44054006\"}]},\"onsetDateTime\":\"2020-01-01\"}",
        "{\"resourceType\":\"Condition\",\"id\":\"c2\",\"subject\":{\"reference\":\"Patient/nobody\"},\"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"44054006\"}]}}",
        "{\"resourceType\":\"MedicationRequest\",\"id\":\"m1\",\"status\":\"active\",\"intent\":\"order\",\"subject\":{\"reference\":\"https://ehr.example/fhir/Patient/p2/_history/3\"},\"medicationReference\":{\"reference\":\"Medication/med1\"},\"authoredOn\":\"2024-05-01\"}",
        "{\"resourceType\":\"MedicationRequest\",\"id\":\"m2\",\"status\":\"active\",\"intent\":\"order\",\"subject\":{\"reference\":\"Patient/p1\"},\"medicationReference\":{\"reference\":\"Medication/missing\"},\"authoredOn\":\"2024-05-01\"}",
        "{\"resourceType\":\"Medication\",\"id\":\"med1\",\"code\":{\"coding\":[{\"system\":\"https://dmd.nhs.uk\",\"code\":\"39113611000001102\"}]}}",
        "{\"resourceType\":\"Medication\",\"id\":\"med1\",\"code\":{\"coding\":[{\"system\":\"https://dmd.nhs.uk\",\"code\":\"999\"}]}}",
        "{\"resourceType\":\"Observation\",\"id\":\"o1\",\"status\":\"final\",\"subject\":{\"reference\":\"urn:uuid:1234\"},\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"8480-6\"}]}}",
        "{\"resourceType\":\"Observation\",\"id\":\"o2\",\"status\":\"final\",\"subject\":{\"display\":\"no reference\"},\"patient\":{\"reference\":\"Patient/p2\"},\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"8480-6\"}]},\"effectiveDateTime\":\"2024-13-01\"}",
        "{\"resourceType\":\"Observation\",\"id\":\"o3\",\"subject\":{\"reference\":\"Patient/p1\"}, oops}",
        "{\"resourceType\":\"Observation\",\"id\":\"long\",\"note\":\"" + new string('x', 1500) + "\"}",
        "{\"resourceType\":\"Practitioner\",\"id\":\"gp\"}",
        "{\"resourceType\":\"Patient\",\"id\":\"p1\"}",
        "{\"resourceType\":\"Condition\",\"id\":\"c3\",\"subject\":{\"reference\":\"Patient/p3\"},\"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"38341003\"}]}}",
        "{\"resourceType\":\"Patient\",\"id\":\"p3\",\"birthDate\":\"1970\"}",
        "{\"resourceType\":\"Patient\",\"id\":\"p3\",\"birthDate\":\"1971\"}",
        "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"fullUrl\":\"urn:uuid:b1\",\"resource\":{\"resourceType\":\"Patient\",\"id\":\"p4\"}},{\"resource\":{\"resourceType\":\"Condition\",\"id\":\"c4\",\"subject\":{\"reference\":\"urn:uuid:b1\"}}}]}",
        "{\"resourceType\":\"Observation\",\"id\":\"non-ascii\",\"status\":\"fin\u00e9\",\"subject\":{\"reference\":\"Patient/p4\"}}",
        "not json at all",
        "{\"resourceType\":\"Observation\",\"id\":\"cut\",\"subject\":{\"reference\":\"Patient/p2\"},\"status\":\"fin",
    ];

    [TestCase(1)]
    [TestCase(7)]
    [TestCase(64)]
    [TestCase(333)]
    public async Task Awkward_lines_are_reported_at_the_same_lines_and_in_the_same_order_whatever_the_ranges(int rangeBytes)
    {
        string file = Path.Combine(_dir, "mixed.ndjson");
        await File.WriteAllTextAsync(file, string.Join('\n', AwkwardLines), new UTF8Encoding(false));
        string again = Path.Combine(_dir, "more.ndjson");
        await File.WriteAllTextAsync(again, string.Join("\r\n", AwkwardLines.Skip(2).Reverse()) + "\n", new UTF8Encoding(false));

        // A line too long that is not JSON ends the read of its file: the ranges after it must not be read either.
        string stopped = Path.Combine(_dir, "stopped.ndjson");
        await File.WriteAllTextAsync(stopped, "{\"resourceType\":\"Patient\",\"id\":\"p9\"}\n" + new string('z', 2500) + "\n" + AwkwardLines[15] + "\n" + AwkwardLines[4] + "\n");

        var expected = await AssertSameOnEveryThreadCountAsync(new FhirReaderOptions { MaxLineBytes = 1024 }, [rangeBytes], file, again, stopped);

        var problems = expected.Where(l => l.StartsWith("problem ", StringComparison.Ordinal)).ToList();
        Assert.That(problems.Any(p => p.Contains(ReaderErrors.DuplicatePatient, StringComparison.Ordinal) && p.Contains("more.ndjson", StringComparison.Ordinal)),
            "a Patient read again in a later file is reported there");
        Assert.That(problems.Count(p => p.Contains("stopped.ndjson", StringComparison.Ordinal)), Is.EqualTo(1), "only the over-long line of the stopped file");
    }

    [Test]
    public async Task Random_lines_cut_at_random_ranges_read_as_one_thread_reads_them()
    {
        // Seeded, so a failure names the case that reproduces it. Lines crossing range boundaries, patients before and
        // after their events, duplicate patients and Medications, blank lines and CRLF, spread over up to three files.
        var random = new Random(20261129);
        for (int round = 0; round < 40; round++)
        {
            string folder = Path.Combine(_dir, "r" + round.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Directory.CreateDirectory(folder);
            int files = random.Next(1, 4);
            var paths = new List<string>();
            for (int f = 0; f < files; f++)
            {
                var text = new StringBuilder();
                int lines = random.Next(0, 60);
                for (int l = 0; l < lines; l++)
                {
                    text.Append(AwkwardLines[random.Next(AwkwardLines.Length)]).Append(random.Next(5) == 0 ? "\r\n" : "\n");
                }

                string path = Path.Combine(folder, $"f{f}.ndjson");
                await File.WriteAllTextAsync(path, random.Next(3) == 0 ? text.ToString().TrimEnd('\n') : text.ToString(), new UTF8Encoding(false));
                paths.Add(path);
            }

            var options = new FhirReaderOptions { MaxLineBytes = 1024 };
            var expected = await ReadAsync(options, 1, 64L << 20, [.. paths]);
            int threads = random.Next(2, 8);
            int range = random.Next(1, 3000);
            var actual = await ReadAsync(options, threads, range, [.. paths]);
            Assert.That(actual, Is.EqualTo(expected), $"round {round}: {files} files, {threads} threads, ranges of {range} bytes");
        }
    }

    [Test]
    public async Task Strict_mode_stops_at_the_same_first_problem_on_every_thread_count()
    {
        // File a reads p1; file b reads p1 again (a problem only once file a is known) and later has a syntax error that
        // b's own chunk meets first: one thread reports the duplicate, so must every thread count.
        string a = Path.Combine(_dir, "a.ndjson");
        string b = Path.Combine(_dir, "b.ndjson");
        string c = Path.Combine(_dir, "c.ndjson");
        await File.WriteAllTextAsync(a, AwkwardLines[0] + "\n" + AwkwardLines[4] + "\n");
        await File.WriteAllTextAsync(b, AwkwardLines[15] + "\n" + AwkwardLines[12] + "\n");
        await File.WriteAllTextAsync(c, AwkwardLines[12] + "\n");

        foreach (int threads in new[] { 1, 2, 4, 7 })
        {
            var log = new DataQualityLog();
            var reader = new FhirRecordReader(new FhirReaderOptions { Strict = true, MaxDegreeOfParallelism = threads, ParallelRangeBytes = 16 });
            var ex = Assert.ThrowsAsync<FhirReadException>(() => reader.ReadAsync([a, b, c], log));
            Assert.Multiple(() =>
            {
                Assert.That(ex!.Issue.Code, Is.EqualTo(ReaderErrors.DuplicatePatient), $"{threads} threads");
                Assert.That(ex.Issue.File, Is.EqualTo(b));
                Assert.That(ex.Issue.Line, Is.EqualTo(1));
                Assert.That(log.Snapshot().Select(i => i.Code), Is.EqualTo(new[] { ReaderErrors.DuplicatePatient }), "nothing after the first problem is logged");
            });
        }
    }

    [Test]
    public void Strict_mode_keeps_a_file_problem_and_its_cause()
    {
        string data = Path.Combine(_dir, "data");
        SyntheticPractice.Export(new SyntheticPracticeOptions { Patients = 100, Seed = 3 }, new SyntheticExportOptions { Directory = data, Format = SyntheticOutputFormat.NdjsonGzip, WriteCodeMap = false });
        string observations = Path.Combine(data, "Observation.ndjson.gz");
        byte[] whole = File.ReadAllBytes(observations);
        File.WriteAllBytes(observations, whole[..(whole.Length / 2)]);

        Exception? Read(int threads)
        {
            var reader = new FhirRecordReader(new FhirReaderOptions { Strict = true, MaxDegreeOfParallelism = threads, ParallelRangeBytes = 1024 });
            return Assert.ThrowsAsync<FhirReadException>(() => reader.ReadAsync(data));
        }

        var one = (FhirReadException)Read(1)!;
        var four = (FhirReadException)Read(4)!;
        Assert.Multiple(() =>
        {
            Assert.That(JsonSerializer.Serialize(four.Issue, Json), Is.EqualTo(JsonSerializer.Serialize(one.Issue, Json)));
            Assert.That(four.InnerException?.GetType(), Is.EqualTo(one.InnerException?.GetType()));
        });
    }

    [Test]
    public void Cancelling_stops_a_parallel_read()
    {
        string data = Path.Combine(_dir, "data");
        SyntheticPractice.Export(new SyntheticPracticeOptions { Patients = 50, Seed = 1 }, new SyntheticExportOptions { Directory = data, WriteCodeMap = false });
        using var cts = new CancellationTokenSource();
        var inputs = Directory.GetFiles(data).Order(StringComparer.Ordinal).Select(f => FhirInput.FromFile(f)).ToList();

        // A host stream that never ends until the read is cancelled, read beside the files.
        inputs.Insert(1, FhirInput.FromStreamFactory("endless.ndjson", FhirInputFormat.Ndjson, _ => ValueTask.FromResult<Stream>(new EndlessStream(cts))));
        var reader = new FhirRecordReader(new FhirReaderOptions { MaxDegreeOfParallelism = 4, ParallelRangeBytes = 4096 });

        var read = reader.ReadAsync(inputs, cancellationToken: cts.Token);
        Assert.That(() => read, Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void A_cancelled_token_stops_before_reading()
    {
        string data = Path.Combine(_dir, "data");
        SyntheticPractice.Export(new SyntheticPracticeOptions { Patients = 20, Seed = 1 }, new SyntheticExportOptions { Directory = data, WriteCodeMap = false });
        var reader = new FhirRecordReader(new FhirReaderOptions { MaxDegreeOfParallelism = 2, ParallelRangeBytes = 1024 });

        Assert.That(() => reader.ReadAsync(data, cancellationToken: new CancellationToken(canceled: true)), Throws.InstanceOf<OperationCanceledException>());
    }

    [TestCase(0)]
    [TestCase(-1)]
    public void A_degree_of_parallelism_below_one_is_refused(int threads) =>
        Assert.That(() => new FhirRecordReader(new FhirReaderOptions { MaxDegreeOfParallelism = threads }), Throws.InstanceOf<ArgumentOutOfRangeException>());

    /// <summary>Valid NDJSON lines forever; cancels the read once it has been read from a few times.</summary>
    private sealed class EndlessStream(CancellationTokenSource cancel) : Stream
    {
        private static readonly byte[] Line = Encoding.UTF8.GetBytes("{\"resourceType\":\"Practitioner\",\"id\":\"gp\"}\n");
        private int _reads;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (++_reads == 50)
            {
                cancel.Cancel();
            }

            int n = 0;
            while (n + Line.Length <= count)
            {
                Line.CopyTo(buffer, offset + n);
                n += Line.Length;
            }

            if (n == 0)
            {
                // Too small a buffer for a whole line: white space, which a line may hold.
                buffer.AsSpan(offset, count).Fill((byte)' ');
                n = count;
            }

            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
