using System.Diagnostics;
using System.Text.Json;
using QiSdk.Records;

namespace QiSdk.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/QiSdk.Benchmarks -- reading-ratio</c>: the same comparison as
/// <see cref="ReadingBenchmarks"/>, but alternating the bare scan and the reader round by round and timing process CPU
/// time, so a machine shared with other builds (load far above the core count) skews both sides alike. BenchmarkDotNet
/// measures the two one after the other in wall-clock time, which load can bias either way.
/// </summary>
internal static class ReadingCpuRatio
{
    public static int Run(string[] args)
    {
        int rounds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 7;
        // Optional third argument: only this input (synthea or synthetic), e.g. to profile one of them with perf.
        foreach (string input in new[] { "synthea", "synthetic" }.Where(i => args.Length < 3 || args[2] == i))
        {
            var (bytes, resources) = input == "synthea" ? ReadingData.SyntheaNdjson() : ReadingData.SyntheticNdjson(5000);
            Console.WriteLine($"{input}: NDJSON {bytes.Length / 1e6:F2} MB, {resources} resources; {rounds} rounds after 2 warm-up rounds");
            RunOne(bytes, rounds);
        }

        return 0;
    }

    private static void RunOne(byte[] bytes, int rounds)
    {
        var ratios = new List<double>();
        var bareRates = new List<double>();
        var readerRates = new List<double>();
        for (int round = 0; round < rounds + 2; round++)
        {
            double bare = CpuMillisecondsPerOp(() => BareScan(bytes));
            double reader = CpuMillisecondsPerOp(() => Read(bytes));
            if (round < 2)
            {
                continue;
            }

            ratios.Add(bare / reader);
            bareRates.Add(bytes.Length / 1e6 / bare * 1000);
            readerRates.Add(bytes.Length / 1e6 / reader * 1000);
        }

        Console.WriteLine($"bare Utf8JsonReader scan  median {Median(bareRates):F0} MB/s (CPU time)");
        Console.WriteLine($"FhirRecordReader          median {Median(readerRates):F0} MB/s (CPU time)");
        Console.WriteLine($"reader / bare             median {Median(ratios):P0}, min {ratios.Min():P0}, max {ratios.Max():P0}");
        long before = GC.GetAllocatedBytesForCurrentThread();
        int patients = Read(bytes);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Console.WriteLine($"reader allocates          {allocated / 1e6:F1} MB per read ({patients} patients), GC count so far gen0 {GC.CollectionCount(0)} gen1 {GC.CollectionCount(1)} gen2 {GC.CollectionCount(2)}");
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static int BareScan(byte[] bytes)
    {
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowMultipleValues = true });
        int tokens = 0;
        while (reader.Read())
        {
            tokens++;
        }

        return tokens;
    }

    private static int Read(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return new FhirRecordReader().ReadAsync(stream, "export.ndjson", FhirInputFormat.Ndjson).GetAwaiter().GetResult().Patients.Length;
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
