using System.Diagnostics;
using QiSdk.Indicators;

namespace QiSdk.Benchmarks;

/// <summary>
/// Load-independent check of the 1,000,000-patient target: process CPU time (not wall time) of evaluating the
/// catalogue, so a busy shared machine does not hide the engine's own cost. Run with
/// <c>dotnet run -c Release --project benchmarks/QiSdk.Benchmarks -- --evaluation-cpu [patients]</c>.
/// </summary>
internal static class EvaluationCpuTiming
{
    public static void Run(int patients)
    {
        var bench = new EvaluationBenchmarks { Patients = patients };
        bench.Setup();
        bench.AggregateOnly(); // warm up
        for (int i = 0; i < 3; i++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            bench.AggregateOnly();
            wall.Stop();
            var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            Console.WriteLine($"{patients:N0} patients: wall {wall.Elapsed.TotalSeconds:0.00} s, CPU {used.TotalSeconds:0.00} s (= {used.TotalSeconds / 2:0.00} s on 2 idle cores), {used.TotalMilliseconds * 1000 / patients:0.00} us CPU per patient");
        }
    }
}
