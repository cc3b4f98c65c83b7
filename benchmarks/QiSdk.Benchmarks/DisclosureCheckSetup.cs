using QiSdk.Reports;
using QiSdk.Indicators;
using QiSdk.Privacy;

namespace QiSdk.Benchmarks;

/// <summary>
/// The disclosure-check workload of issue 11: the whole built-in catalogue evaluated over one synthetic practice at 25
/// monthly reference dates (the patients are the same; each month's period ends a month later, so counts drift as in
/// real monthly releases). The first 24 months are released through a pipeline into an in-memory release ledger; the
/// 25th is the release being checked.
/// </summary>
internal sealed class DisclosureCheckSetup
{
    public const string Practice = "A81001";

    private DisclosureCheckSetup(IReadOnlyList<IndicatorSummary> current, MemoryReleaseLedger ledger, int earlierCells)
    {
        Current = current;
        Ledger = ledger;
        EarlierCells = earlierCells;
    }

    /// <summary>The release being checked (every indicator of the catalogue, stratified by age band and sex).</summary>
    public IReadOnlyList<IndicatorSummary> Current { get; }

    /// <summary>The 24 earlier monthly releases.</summary>
    public MemoryReleaseLedger Ledger { get; }

    /// <summary>How many cells the ledger holds.</summary>
    public int EarlierCells { get; }

    public static DisclosureCheckSetup Create(int patients, int earlierMonths, SuppressionProfile profile, IDisclosureBoundSolver? solver)
    {
        var records = EvaluationSetup.Patients(patients);
        var terminology = EvaluationSetup.Terminology();
        var definitions = EvaluationSetup.Definitions();
        var reference = EvaluationSetup.Practice.ReferenceDate;
        IReadOnlyList<IndicatorSummary> Month(int monthsBefore)
        {
            var end = reference.AddMonths(-monthsBefore);
            var period = new MeasurementPeriod(end, end.AddYears(-1).AddDays(1));
            var set = new IndicatorEngine(terminology, new IndicatorEngineOptions { IncludePatientResults = false, Reporter = Practice }).Compile(definitions, period);
            return [.. set.Evaluate(records, new DataQualityLog()).Select(r => r.Summary)];
        }

        // The earlier months are released the way a host releases them (public API): through the gate, which records each
        // release in the ledger; the audit log and released files go to a temporary folder that is removed afterwards.
        var ledger = new MemoryReleaseLedger();
        var pipeline = MeasureReportDisclosure.CreatePipeline([DisclosurePolicies.SmallNumberSuppression(profile)], new DisclosurePipelineOptions { ReleaseLedger = ledger, BoundSolver = solver });
        string folder = Path.Combine(Path.GetTempPath(), "qisdk-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var gate = new DisclosureGate(new FileAuditLogStore(Path.Combine(folder, "audit.log")), ledger);
            for (int m = earlierMonths; m >= 1; m--)
            {
                var released = gate.ReleaseAsync(pipeline, DisclosureRequest.FromSummaries(Month(m)), new FileDisclosureSink(folder, $"month-{m}.json")).GetAwaiter().GetResult();
                if (!released.Released)
                {
                    throw new InvalidOperationException($"Month -{m} was not released: {released.Outcome.RefusalReason}");
                }
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        return new DisclosureCheckSetup(Month(0), ledger, ledger.Count);
    }
}

/// <summary>A release ledger in memory (benchmarks only; no hash chain, so not for the gate).</summary>
internal sealed class MemoryReleaseLedger : IReleaseLedger
{
    private readonly List<ReleaseEntry> _entries = [];

    public int Count => _entries.Sum(e => e.Cells.Length);

    public Task<ReleaseHistory> ReadAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new ReleaseHistory(_entries, _entries.Select(e => e.ReleaseId)));

    public Task<LedgerHead> RecordAsync(ReleaseEntry release, CancellationToken cancellationToken)
    {
        _entries.Add(release);
        return Task.FromResult(new LedgerHead(_entries.Count, release.ReleaseId));
    }
}
