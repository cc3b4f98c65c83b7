using System.Text;
using BenchmarkDotNet.Attributes;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using QiSdk.Firely;
using QiSdk.Records;

namespace QiSdk.Benchmarks;

/// <summary>
/// Our reader against Firely's POCO deserialisation of the same NDJSON bytes (<c>synthea</c>: the 38 Synthea patients
/// as a bulk export of every type; <c>synthetic</c>: a 2,000-patient synthetic practice), and the path a Firely host
/// takes: its objects already in memory, read into the model by <see cref="FirelyPatientRecordSource"/> (no JSON).
/// MB/s = input bytes / mean time.
/// </summary>
[MemoryDiagnoser]
public class FirelyReadingBenchmarks
{
    private static readonly FhirJsonDeserializer Parser = new(new DeserializerSettings().UsingMode(DeserializationMode.Ostrich));
    private byte[] _ndjson = [];
    private string[] _lines = [];
    private List<Resource> _pocos = [];

    [Params("synthea", "synthetic")]
    public string Input { get; set; } = "synthea";

    [GlobalSetup]
    public void Setup()
    {
        (_ndjson, int resources) = Input == "synthea" ? ReadingData.SyntheaNdjson() : ReadingData.SyntheticNdjson(2000);
        _lines = Encoding.UTF8.GetString(_ndjson).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        _pocos = ParseAll();
        Console.WriteLine($"// NDJSON input {Input}: {_ndjson.Length} bytes ({_ndjson.Length / 1e6:F2} MB), {resources} resources");
    }

    [Benchmark(Baseline = true, Description = "FhirRecordReader: NDJSON bytes to patient records")]
    public int Reader()
    {
        using var stream = new MemoryStream(_ndjson, writable: false);
        return new FhirRecordReader().ReadAsync(stream, "export.ndjson", FhirInputFormat.Ndjson).GetAwaiter().GetResult().Patients.Length;
    }

    [Benchmark(Description = "Firely: NDJSON lines to POCOs (FhirJsonDeserializer)")]
    public int FirelyDeserialise() => ParseAll().Count;

    [Benchmark(Description = "Firely: NDJSON to POCOs, then FirelyPatientRecordSource to records")]
    public int FirelyDeserialiseThenRecords() => new FirelyPatientRecordSource(ParseAll()).Read().Patients.Length;

    [Benchmark(Description = "host path: POCOs in memory to records (FirelyPatientRecordSource)")]
    public int PocoSource() => new FirelyPatientRecordSource(_pocos).Read().Patients.Length;

    private List<Resource> ParseAll()
    {
        var list = new List<Resource>(_lines.Length);
        foreach (string line in _lines)
        {
            Parser.TryDeserializeResource(line, out var resource, out _);
            if (resource is not null)
            {
                list.Add(resource);
            }
        }

        return list;
    }
}
