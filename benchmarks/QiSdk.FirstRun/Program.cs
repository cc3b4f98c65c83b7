using System.Diagnostics;
using System.Globalization;
using QiSdk.FirstRun;

// One sample of QiSdk's first in-process read and evaluation: the clock starts at Main's first line, so runtime start-up
// before Main (process launch, host resolution) is excluded and everything after (JIT, type loading, the library's own
// start-up) is included. One fresh process per sample (benchmarks/fqm-execution/run.js starts them).
//   run FIXTURES DEFINITIONS PATIENTS [READING_THREADS] -> one JSON line: ms, patients, CPU (whole process, and since Main), counts per measure
//   generate FIXTURES OUT [N=3000]      -> the replicated test patients
var clock = Stopwatch.StartNew();
var cpuAtMain = Process.GetCurrentProcess().TotalProcessorTime; // runtime start-up before Main, reported apart
if (args is ["generate", var fixtures, var outDir, ..])
{
    int n = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3000;
    Console.WriteLine($"wrote {EcqmReplicas.Generate(fixtures, outDir, n)} test-case Bundles to {outDir}");
    return 0;
}

if (args is not ["run", var fixturesDir, var definitions, var patients, ..] || args.Length > 5)
{
    Console.Error.WriteLine("usage: run FIXTURES DEFINITIONS PATIENTS [READING_THREADS] | generate FIXTURES OUT [N]");
    return 2;
}

// READING_THREADS: QualityPipelineOptions.ReadingThreads (default: one per processor, as qi evaluate); 1 reads on one thread.
int? readingThreads = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : null;
var pipeline = EcqmEvaluation.Pipeline(fixturesDir, readingThreads);
double setupMs = clock.Elapsed.TotalMilliseconds;
var setupCpu = Process.GetCurrentProcess().TotalProcessorTime - cpuAtMain;
var counts = await EcqmEvaluation.RunAsync(pipeline, definitions, patients).ConfigureAwait(false);
double totalMs = clock.Elapsed.TotalMilliseconds;
int patientCount = Directory.GetFiles(patients, "*.json").Length;
var measures = EcqmReplicas.Measures.Zip(counts, (m, c) =>
    $"\"{m}\":{{\"initial-population\":{c.InitialPopulation},\"denominator\":{c.Denominator},\"denominator-exclusion\":{c.DenominatorExclusion},\"denominator-exception\":{c.DenominatorException},\"numerator\":{c.Numerator}}}");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{{\"engine\":\"QiSdk\",\"ms\":{totalMs:F1},\"setupMs\":{setupMs:F1},\"setupCpuMs\":{setupCpu.TotalMilliseconds:F0},\"patients\":{patientCount},\"cpuMs\":{Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds:F0},\"cpuSinceMainMs\":{(Process.GetCurrentProcess().TotalProcessorTime - cpuAtMain).TotalMilliseconds:F0},\"peakWorkingSetMB\":{Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0},\"counts\":{{{string.Join(",", measures)}}}}}"));
return 0;
