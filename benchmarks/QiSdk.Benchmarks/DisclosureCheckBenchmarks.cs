using QiSdk.Reports;
using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using QiSdk.Privacy;
using QiSdk.Privacy.OrTools;

namespace QiSdk.Benchmarks;

/// <summary>
/// Issue 11's speed target: the whole catalogue released by a 10,000-patient practice under <c>small-number-suppression</c>
/// with 24 earlier monthly releases in the release ledger, checked with the exact CP-SAT bound solver (what the qi tool
/// uses) and with the core package's conservative built-in check. Target: under 5 s on 2 cores.
/// </summary>
[MemoryDiagnoser]
public class DisclosureCheckBenchmarks
{
    private DisclosureCheckSetup _setup = null!;

    [Params("nhs", "cms")]
    public string Profile { get; set; } = "nhs";

    [GlobalSetup]
    public void Setup() => _setup = DisclosureCheckSetup.Create(10_000, 24, SuppressionProfile.Parse(Profile), OrToolsBoundSolver.Instance);

    [Benchmark]
    public int ExactCpSat() => Run(OrToolsBoundSolver.Instance);

    [Benchmark(Baseline = true)]
    public int ConservativeCore() => Run(null);

    private int Run(IDisclosureBoundSolver? solver)
    {
        var pipeline = MeasureReportDisclosure.CreatePipeline([DisclosurePolicies.SmallNumberSuppression(SuppressionProfile.Parse(Profile))],
            new DisclosurePipelineOptions { ReleaseLedger = _setup.Ledger, BoundSolver = solver });
        return pipeline.Preview(DisclosureRequest.FromSummaries(_setup.Current)).Cells.Count(c => c.ReleasedValue is null);
    }

    /// <summary>
    /// A quick wall- and CPU-time run for a shared machine (<c>-- disclosure-check [patients] [months] [profile]</c>): builds
    /// the ledger, then times the check three times with each checker and prints cells, withheld cells and solver calls.
    /// </summary>
    public static int Quick(string[] args)
    {
        int patients = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
        int months = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 24;
        var profile = SuppressionProfile.Parse(args.Length > 3 ? args[3] : "nhs");
        var setup = DisclosureCheckSetup.Create(patients, months, profile, OrToolsBoundSolver.Instance);
        Console.WriteLine($"{patients} patients, {setup.Current.Count} indicators, {months} earlier releases ({setup.EarlierCells} ledger cells), profile {profile.Name}");
        foreach (var (name, solver) in new (string, IDisclosureBoundSolver?)[] { ("exact (CP-SAT)", OrToolsBoundSolver.Instance), ("conservative core", null) })
        {
            for (int run = 0; run < 3; run++)
            {
                var counting = solver is null ? null : new CountingSolver(solver);
                var pipeline = MeasureReportDisclosure.CreatePipeline([DisclosurePolicies.SmallNumberSuppression(profile)],
                    new DisclosurePipelineOptions { ReleaseLedger = setup.Ledger, BoundSolver = counting });
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var wall = Stopwatch.StartNew();
                var outcome = pipeline.Preview(DisclosureRequest.FromSummaries(setup.Current));
                wall.Stop();
                var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                Console.WriteLine($"{name}: wall {wall.Elapsed.TotalSeconds:F2} s, CPU {cpuUsed.TotalSeconds:F2} s, cells {outcome.Cells.Length}, withheld {outcome.Cells.Count(c => c.ReleasedValue is null)}, bound calls {counting?.Calls ?? 0}, expressions {counting?.Expressions ?? 0}");
            }
        }

        return 0;
    }

    private sealed class CountingSolver(IDisclosureBoundSolver inner) : IDisclosureBoundSolver
    {
        public int Calls { get; private set; }

        public int Expressions { get; private set; }

        public IReadOnlyList<DisclosureBound?> Bound(DisclosureBoundProblem problem, IReadOnlyList<DisclosureExpression> expressions, CancellationToken cancellationToken)
        {
            Calls++;
            Expressions += expressions.Count;
            return inner.Bound(problem, expressions, cancellationToken);
        }
    }
}
