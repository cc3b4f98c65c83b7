using System.Diagnostics;
using QiSdk.Indicators;
using QiSdk.Records;
using QiSdk.Synthetic;

namespace QiSdk.Benchmarks;

/// <summary>
/// The 1,000,000-patient target and the evaluation/reading ratio, with wall time AND process CPU time (CPU time is what the
/// engine costs regardless of how busy the shared machine is). Run with
/// <c>dotnet run -c Release --project benchmarks/QiSdk.Benchmarks -- --evaluation-cpu [patients] [readPatients]</c>:
/// <list type="number">
/// <item>the whole built-in catalogue over <c>patients</c> (default 1,000,000) synthetic patients held in memory, aggregate
/// only, 3 timed runs after a warm-up: wall, CPU, patients x indicators per second, bytes allocated;</item>
/// <item><c>readPatients</c> (default 100,000) patients exported as NDJSON (<see cref="SyntheticPractice.Export"/>), read
/// with <see cref="FhirRecordReader"/> and evaluated: reading time vs evaluation time of the same records.</item>
/// </list>
/// </summary>
internal static class EvaluationCpuTiming
{
    public static void Run(int patients, int readPatients)
    {
        var set = EvaluationSetup.Compile(aggregateOnly: true);
        int indicators = set.Definitions.Length;
        Console.WriteLine($"{indicators} indicators; load average {LoadAverage()}; {Environment.ProcessorCount} cores");
        var sw = Stopwatch.StartNew();
        var population = EvaluationSetup.Patients(patients);
        Console.WriteLine($"generated {patients:N0} patients ({population.Sum(p => (long)p.Events.Length) / (double)patients:0.0} events each) in {sw.Elapsed.TotalSeconds:0.0} s");
        set.Evaluate(population, new DataQualityLog()); // warm-up (JIT, terminology cache)
        for (int i = 0; i < 3; i++)
        {
            var (wall, cpu, bytes) = Measure(() => set.Evaluate(population, new DataQualityLog()));
            Console.WriteLine($"evaluate {patients:N0} in memory: wall {wall:0.00} s, CPU {cpu:0.00} s (= {cpu / 2:0.00} s on 2 idle cores), "
                + $"{patients * (double)indicators / wall / 1e6:0.00} M patient-indicators/s wall, {patients * (double)indicators / (cpu / 2) / 1e6:0.00} M/s on 2 idle cores, "
                + $"{bytes / (double)patients:0} B allocated per patient; load {LoadAverage()}");
        }

        population = [];
        GC.Collect();
        string dir = Directory.CreateTempSubdirectory("qisdk-eval-read").FullName;
        try
        {
            SyntheticPractice.Export(EvaluationSetup.Options(readPatients), new SyntheticExportOptions { Directory = dir, WriteCodeMap = false });
            var files = Directory.GetFiles(dir, "*.ndjson");
            long size = files.Sum(f => new FileInfo(f).Length);
            var reader = new FhirRecordReader();
            FhirReadResult? read = null;
            reader.ReadAsync(files).GetAwaiter().GetResult(); // warm-up
            var (rWall, rCpu, rBytes) = Measure(() => read = reader.ReadAsync(files, new DataQualityLog()).GetAwaiter().GetResult());
            var records = read!.Patients;
            set.Evaluate(records, new DataQualityLog());
            var (eWall, eCpu, eBytes) = Measure(() => set.Evaluate(records, new DataQualityLog()));
            Console.WriteLine($"read {records.Length:N0} patients from {size / 1e6:0} MB NDJSON: wall {rWall:0.00} s, CPU {rCpu:0.00} s, {rBytes / 1e6:0} MB allocated");
            Console.WriteLine($"evaluate the same {records.Length:N0}: wall {eWall:0.00} s, CPU {eCpu:0.00} s, {eBytes / 1e6:0.0} MB allocated");
            Console.WriteLine($"evaluation / reading: {eWall / rWall:P1} of wall time, {eCpu / rCpu:P1} of CPU time; load {LoadAverage()}");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static (double Wall, double Cpu, long Bytes) Measure(Action action)
    {
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        long bytes = GC.GetTotalAllocatedBytes(precise: true);
        var wall = Stopwatch.StartNew();
        action();
        wall.Stop();
        process.Refresh();
        return (wall.Elapsed.TotalSeconds, (process.TotalProcessorTime - cpu).TotalSeconds, GC.GetTotalAllocatedBytes(precise: true) - bytes);
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
