using BenchmarkDotNet.Attributes;
using QiSdk.Records;

namespace QiSdk.Benchmarks;

/// <summary>
/// Reading NDJSON with <see cref="FhirRecordReader"/> beside a bare <see cref="System.Text.Json.Utf8JsonReader"/> token scan of the same
/// bytes (the floor for any JSON reader here). Two inputs: <c>synthea</c>, the 38 Synthea patients as a bulk export
/// of every resource type (half the bytes are claims and narratives the reader skips), and <c>synthetic</c>, the
/// built-in synthetic practice of 5,000 patients (compact records, nearly every resource kept).
/// Beside them: the reader parsing every line (<see cref="FhirReaderOptions.ValidateSkippedResources"/>), and
/// <see cref="ReadingFloors.MinimalRetainedModel"/>, the least a reader that keeps one object per resource must do.
/// MB/s = input bytes / mean time; allocations per resource = Allocated / resources (both printed at setup).
/// </summary>
[MemoryDiagnoser]
public class ReadingBenchmarks
{
    private byte[] _ndjson = [];

    [Params("synthea", "synthetic")]
    public string Input { get; set; } = "synthea";

    [GlobalSetup]
    public void Setup()
    {
        (_ndjson, int resources) = Input == "synthea" ? ReadingData.SyntheaNdjson() : ReadingData.SyntheticNdjson(5000);
        Console.WriteLine($"// NDJSON input {Input}: {_ndjson.Length} bytes ({_ndjson.Length / 1e6:F2} MB), {resources} resources");
    }

    [Benchmark(Baseline = true, Description = "bare Utf8JsonReader token scan")]
    public int BareScan() => ReadingFloors.BareScan(_ndjson);

    [Benchmark(Description = "floor: scan + one retained object per resource")]
    public int MinimalRetainedModel() => ReadingFloors.MinimalRetainedModel(_ndjson);

    [Benchmark(Description = "FhirRecordReader, NDJSON to patient records")]
    public int Reader() => Read(new FhirReaderOptions());

    [Benchmark(Description = "FhirRecordReader, every line parsed (ValidateSkippedResources)")]
    public int ReaderValidatingSkipped() => Read(new FhirReaderOptions { ValidateSkippedResources = true });

    private int Read(FhirReaderOptions options)
    {
        using var stream = new MemoryStream(_ndjson, writable: false);
        var result = new FhirRecordReader(options).ReadAsync(stream, "export.ndjson", FhirInputFormat.Ndjson).GetAwaiter().GetResult();
        return result.Patients.Length;
    }
}
