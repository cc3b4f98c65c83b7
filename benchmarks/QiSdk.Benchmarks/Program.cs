using BenchmarkDotNet.Running;

// Run with: dotnet run -c Release --project benchmarks/QiSdk.Benchmarks -- --filter '*'
if (args is ["--evaluation-cpu", ..])
{
    QiSdk.Benchmarks.EvaluationCpuTiming.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
