using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using QiSdk.Indicators;
using QiSdk.Privacy;

namespace QiSdk.Benchmarks;

/// <summary>
/// Cost of the release-state check that runs before every release (issue 11): reading and verifying a hash-chained
/// release ledger holding 24 earlier monthly releases of a whole catalogue (23 indicators x 12 columns x 5 populations
/// = 1,380 cells each; 33,144 lines), and the gate's full check (audit log of 24 entries + that ledger + a budget
/// ledger) that <c>DisclosureGate.VerifyStateAsync</c> runs.
/// </summary>
[MemoryDiagnoser]
public class ReleaseStateBenchmarks
{
    private string _folder = null!;
    private FileReleaseLedger _ledger = null!;
    private DisclosureGate _gate = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "qisdk-bench-state-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        _ledger = new FileReleaseLedger(Path.Combine(_folder, "qi-releases.jsonl"));
        var budget = new FilePrivacyBudgetLedger(Path.Combine(_folder, "qi-budget.jsonl"));
        var audit = new FileAuditLogStore(Path.Combine(_folder, "qi-audit.log"));
        string[] columns = ["total", "age-band=0-17", "age-band=18-39", "age-band=40-64", "age-band=65-79", "age-band=80+", "age-band=unknown", "sex=female", "sex=male", "sex=other", "sex=unknown", "ethnicity=unknown"];
        for (int month = 0; month < 24; month++)
        {
            var end = new DateOnly(2024, 1, 1).AddMonths(month + 1).AddDays(-1);
            string release = $"rel-{month}";
            var cells = ImmutableArray.CreateBuilder<ReleasedCell>();
            for (int i = 0; i < 23; i++)
            {
                foreach (string column in columns)
                {
                    string[] parts = column.Split('=');
                    foreach (MeasurePopulation p in Enum.GetValues<MeasurePopulation>())
                    {
                        cells.Add(new ReleasedCell(release, "ind-" + i, "A81001", null, end, parts.Length == 2 ? parts[0] : null, parts.Length == 2 ? parts[1] : null, p, 100 + month, 100 + month));
                    }
                }
            }

            var head = await _ledger.RecordAsync(new ReleaseEntry(release, month + 1, cells.ToImmutable(), [new PracticeContribution("A81001", new string('a', 64))], null), default);
            await budget.ChargeAsync("A81001", 0.01m, 1m, release, default);
            var budgetHead = (await budget.ReadStateAsync(default)).Head;
            await audit.AppendAsync(new AuditEvent(DateTimeOffset.UnixEpoch, release, "bench", [], [], [], 0, new string('0', 64), 0)
            {
                ReleaseLedger = head,
                BudgetLedger = budgetHead,
            }, default);
        }

        _gate = new DisclosureGate(audit, _ledger, budgetLedger: budget);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    /// <summary>Read and verify the 33,144-line release ledger.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> ReadReleaseLedger() => (await _ledger.ReadAsync(default)).Releases.Length;

    /// <summary>The gate's whole check: audit log, release ledger and budget ledger against the recorded heads.</summary>
    [Benchmark]
    public Task<int> VerifyState() => _gate.VerifyStateAsync();
}
