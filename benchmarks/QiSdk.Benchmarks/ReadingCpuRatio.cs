using System.Diagnostics;
using QiSdk.Records;

namespace QiSdk.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/QiSdk.Benchmarks -- reading-ratio</c>: the same comparison as
/// <see cref="ReadingBenchmarks"/> (bare scan, retained-model floor, reader, reader parsing every line), but alternating
/// the four round by round and timing process CPU time, so a machine shared with other builds (load far above the core
/// count) skews them alike. BenchmarkDotNet measures them one after the other in wall-clock time, which load can bias
/// either way.
/// </summary>
internal static class ReadingCpuRatio
{
    private static readonly string[] Inputs = ["synthea", "synthetic"];

    public static int Run(string[] args)
    {
        int rounds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 7;
        // Optional third argument: only this input (synthea or synthetic), e.g. to profile one of them with perf.
        foreach (string input in Inputs.Where(i => args.Length < 3 || args[2] == i))
        {
            var (bytes, resources) = input == "synthea" ? ReadingData.SyntheaNdjson() : ReadingData.SyntheticNdjson(5000);
            Console.WriteLine($"{input}: NDJSON {bytes.Length / 1e6:F2} MB, {resources} resources; {rounds} rounds after 2 warm-up rounds");
            RunOne(bytes, rounds);
        }

        return 0;
    }

    private static void RunOne(byte[] bytes, int rounds)
    {
        var defaults = new FhirReaderOptions();
        var validating = new FhirReaderOptions { ValidateSkippedResources = true };
        (string Name, Func<int> Op)[] subjects =
        [
            ("bare Utf8JsonReader scan", () => ReadingFloors.BareScan(bytes)),
            ("floor: scan + 1 object/resource", () => ReadingFloors.MinimalRetainedModel(bytes)),
            ("FhirRecordReader (default)", () => Read(bytes, defaults)),
            ("FhirRecordReader (every line parsed)", () => Read(bytes, validating)),
        ];

        // Round by round, every subject in turn, so load that comes and goes skews them alike.
        var rates = subjects.Select(_ => new List<double>()).ToArray();
        var ratios = subjects.Select(_ => new List<double>()).ToArray();
        for (int round = 0; round < rounds + 2; round++)
        {
            double[] ms = [.. subjects.Select(s => CpuMillisecondsPerOp(s.Op))];
            if (round < 2)
            {
                continue;
            }

            for (int i = 0; i < subjects.Length; i++)
            {
                rates[i].Add(bytes.Length / 1e6 / ms[i] * 1000);
                ratios[i].Add(ms[0] / ms[i]);
            }
        }

        for (int i = 0; i < subjects.Length; i++)
        {
            string ratio = i == 0 ? "" : $"  {Median(ratios[i]):P0} of bare (min {ratios[i].Min():P0}, max {ratios[i].Max():P0})";
            Console.WriteLine($"{subjects[i].Name,-38} median {Median(rates[i]),5:F0} MB/s (CPU time){ratio}");
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        int patients = Read(bytes, defaults);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Console.WriteLine($"reader allocates {allocated / 1e6:F1} MB per read ({patients} patients), GC count so far gen0 {GC.CollectionCount(0)} gen1 {GC.CollectionCount(1)} gen2 {GC.CollectionCount(2)}");
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static int Read(byte[] bytes, FhirReaderOptions options)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return new FhirRecordReader(options).ReadAsync(stream, "export.ndjson", FhirInputFormat.Ndjson).GetAwaiter().GetResult().Patients.Length;
    }

    private static double CpuMillisecondsPerOp(Func<int> op)
    {
        for (int i = 0; i < 3; i++)
        {
            op();
        }

        var process = Process.GetCurrentProcess();
        var start = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        int count = 0;
        while (wall.ElapsedMilliseconds < 1000 || count < 5)
        {
            op();
            count++;
        }

        process.Refresh();
        return (process.TotalProcessorTime - start).TotalMilliseconds / count;
    }
}
