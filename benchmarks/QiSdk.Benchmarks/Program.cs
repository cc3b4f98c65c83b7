using BenchmarkDotNet.Running;

// Run with: dotnet run -c Release --project benchmarks/QiSdk.Benchmarks -- --filter '*'
// Peak memory reading a generated 100,000-patient bulk export: ... -- peak-memory 100000 [--synthea]
if (args.Length > 0 && args[0] == "peak-memory")
{
    return QiSdk.Benchmarks.ReadingPeakMemory.Run(args);
}

if (args.Length > 0 && args[0] == "synthetic-export")
{
    return QiSdk.Benchmarks.ReadingPeakMemory.Export(args);
}

// Reader vs bare scan in CPU time, alternating, for a loaded machine: ... -- reading-ratio
if (args.Length > 0 && args[0] == "reading-ratio")
{
    return QiSdk.Benchmarks.ReadingCpuRatio.Run(args);
}

// Whole catalogue over N in-memory patients (wall + CPU), then reading vs evaluating M patients: ... -- --evaluation-cpu 1000000 100000
if (args is ["--evaluation-cpu", ..])
{
    QiSdk.Benchmarks.EvaluationCpuTiming.Run(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 100_000);
    return 0;
}

// Disclosure check of the whole catalogue with 24 earlier releases (wall + CPU): ... -- disclosure-check [patients] [months] [profile]
if (args is ["disclosure-check", ..])
{
    return QiSdk.Benchmarks.DisclosureCheckBenchmarks.Quick(args);
}

// Issue 18: the stages of qi evaluate one by one over a qi synth folder: ... -- scale-split FOLDER [PARTITIONS] [THREADS]
if (args is ["scale-split", _, ..])
{
    return QiSdk.Benchmarks.ScaleUpBenchmarks.Split(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
