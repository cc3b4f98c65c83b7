using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using QiSdk.Indicators;
using QiSdk.Records;
using QiSdk.Reports;
using QiSdk.Synthetic;

namespace QiSdk.Benchmarks;

/// <summary>
/// Issue 18 at 100,000 patients: what <c>qi evaluate --indicators all</c> does (read NDJSON, evaluate the whole
/// catalogue, write the reports) in memory and partitioned (<c>--partitions</c>), beside a bare
/// <see cref="Utf8JsonReader"/> scan of the same files (the floor for any JSON reader). The 1,000,000-patient run is
/// <c>benchmarks/scale-1m.sh</c>; <see cref="Split"/> times the stages one by one.
/// </summary>
[MemoryDiagnoser]
public class ScaleUpBenchmarks
{
    private string _folder = null!;
    private string[] _files = [];
    private CompiledIndicatorSet _set = null!;

    /// <summary>Patients in the synthetic export.</summary>
    [Params(100_000)]
    public int Patients { get; set; }

    /// <summary>Writes the synthetic practice as per-type NDJSON to a temp folder (once) and compiles the catalogue.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "qisdk-scale-bench-" + Patients.ToString(CultureInfo.InvariantCulture));
        if (!File.Exists(Path.Combine(_folder, "Patient.ndjson")))
        {
            SyntheticPractice.Export(EvaluationSetup.Options(Patients), new SyntheticExportOptions { Directory = _folder, WriteCodeMap = false });
        }

        _files = [.. Directory.GetFiles(_folder, "*.ndjson").Order(StringComparer.Ordinal)];
        _set = EvaluationSetup.Compile(aggregateOnly: true);
    }

    /// <summary>Removes the export.</summary>
    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    /// <summary>Every token of every file, nothing kept (one core).</summary>
    [Benchmark(Baseline = true, Description = "bare Utf8JsonReader scan of the files")]
    public long BareScan() => BareScanFiles(_files);

    /// <summary>In memory: the whole input read on every core, then evaluated (what <c>qi evaluate</c> does by default).</summary>
    [Benchmark(Description = "read + evaluate + write, in memory")]
    public Task<int> InMemory() => RunAsync(new FhirRecordReader().CreateSource([_folder]));

    /// <summary>In memory, read on one thread (<c>qi evaluate --threads 1</c>: the reader before parallel reading).</summary>
    [Benchmark(Description = "read + evaluate + write, in memory, --threads 1")]
    public Task<int> InMemoryOneThread() => RunAsync(new FhirRecordReader(new FhirReaderOptions { MaxDegreeOfParallelism = 1 }).CreateSource([_folder]));

    /// <summary>Partitioned: split by patient into 8 partitions, read on every core, evaluated partition by partition.</summary>
    [Benchmark(Description = "read + evaluate + write, --partitions 8")]
    public Task<int> Partitioned() => RunAsync(new FhirRecordReader().CreatePartitionedSource([_folder], new FhirPartitionOptions { Partitions = 8 }));

    private async Task<int> RunAsync(IPatientRecordSource source)
    {
        var results = await _set.EvaluateAsync(source, new DataQualityLog());
        string output = Path.Combine(_folder, "out");
        MeasureReportFiles.Write(output, [.. results.Select(r => r.Summary)]);
        return results.Length;
    }

    /// <summary>Every token of every file, read in 1 MiB blocks as NDJSON (the bare-scan floor for the 1M script).</summary>
    public static long BareScanFiles(IEnumerable<string> files)
    {
        long tokens = 0;
        byte[] buffer = new byte[1 << 20];
        foreach (string file in files)
        {
            using var stream = File.OpenRead(file);
            var state = new JsonReaderState(new JsonReaderOptions { AllowMultipleValues = true });
            int kept = 0;
            while (true)
            {
                int read = stream.Read(buffer, kept, buffer.Length - kept);
                bool final = read == 0;
                var reader = new Utf8JsonReader(buffer.AsSpan(0, kept + read), final, state);
                while (reader.Read())
                {
                    tokens++;
                }

                state = reader.CurrentState;

                int used = (int)reader.BytesConsumed;
                kept = kept + read - used;
                buffer.AsSpan(used, kept).CopyTo(buffer);
                if (final)
                {
                    break;
                }
            }
        }

        return tokens;
    }

    /// <summary>
    /// <c>scale-split FOLDER [PARTITIONS] [THREADS]</c>: the stages of <c>qi evaluate --indicators all</c> timed one by one over a
    /// <c>qi synth</c> folder (code map beside it), with process CPU and GC pause time: bare scan, read, normalise (first
    /// evaluation over a cold terminology cache minus a warm one), evaluate, write; then the partitioned run end to end. The
    /// read is timed on one thread and on THREADS (default: one per processor), alternated twice.
    /// </summary>
    public static int Split(string[] args)
    {
        string folder = args[1];
        int partitions = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 0;
        int threads = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : Environment.ProcessorCount;
        string[] files = [.. Directory.GetFiles(folder, "*.ndjson").Order(StringComparer.Ordinal)];
        var process = Process.GetCurrentProcess();

        (double Wall, double Cpu, double Gc) Time(Action action)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var gc0 = GC.GetTotalPauseDuration();
            var sw = Stopwatch.StartNew();
            action();
            sw.Stop();
            process.Refresh();
            return (sw.Elapsed.TotalSeconds, (process.TotalProcessorTime - cpu0).TotalSeconds, (GC.GetTotalPauseDuration() - gc0).TotalSeconds);
        }

        void Print(string stage, (double Wall, double Cpu, double Gc) t) =>
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{stage,-34} wall {t.Wall,7:F2} s  cpu {t.Cpu,7:F2} s  gc pauses {t.Gc,6:F2} s ({100 * t.Gc / Math.Max(t.Wall, 1e-9):F1}% of wall)"));

        Print("bare Utf8JsonReader scan", Time(() => BareScanFiles(files)));
        FhirReadResult read = null!;

        // One thread against several, alternated twice (the machine may be shared: compare CPU time, watch the load).
        foreach (int round in new[] { 1, 2 })
        {
            foreach (int n in new[] { 1, threads })
            {
                read = null!;
                GC.Collect();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
                var reader = new FhirRecordReader(new FhirReaderOptions { MaxDegreeOfParallelism = n });
                Print(string.Create(CultureInfo.InvariantCulture, $"read in memory, {n} thread(s), #{round}"), Time(() => read = reader.ReadAsync([folder]).GetAwaiter().GetResult()));
            }
        }

        var cold = EvaluationSetup.Compile(aggregateOnly: true);
        ImmutableResults results = default;
        var first = Time(() => results = new(cold.Evaluate(read.Patients, new DataQualityLog())));
        var warm = Time(() => results = new(cold.Evaluate(read.Patients, new DataQualityLog())));
        Print("normalise (cold minus warm)", (first.Wall - warm.Wall, first.Cpu - warm.Cpu, first.Gc - warm.Gc));
        Print("evaluate (warm cache)", warm);
        string output = Path.Combine(Path.GetTempPath(), "qisdk-scale-split-out");
        Print("write reports", Time(() => MeasureReportFiles.Write(output, [.. results.Value.Select(r => r.Summary)])));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{read.Patients.Length:N0} patients, {read.Patients.Sum(p => p.Events.Length):N0} events; managed heap after read {GC.GetTotalMemory(false) / 1e6:F0} MB"));
        read = null!;
        results = default;
        GC.Collect();
        var set = EvaluationSetup.Compile(aggregateOnly: true);
        Print($"partitioned end to end ({(partitions == 0 ? "auto" : partitions.ToString(CultureInfo.InvariantCulture))})", Time(() =>
            set.EvaluateAsync(new FhirRecordReader().CreatePartitionedSource([folder], new FhirPartitionOptions { Partitions = partitions }), new DataQualityLog()).GetAwaiter().GetResult()));
        Directory.Delete(output, recursive: true);
        return 0;
    }

    private readonly record struct ImmutableResults(System.Collections.Immutable.ImmutableArray<IndicatorResult> Value);
}
