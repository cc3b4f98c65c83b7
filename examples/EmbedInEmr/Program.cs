// EmbedInEmr: a minimal host record system that embeds QiSdk.
//  1. registers QiSdk in its DI container (one AddQiSdk call),
//  2. feeds its own in-memory patient objects through IPatientRecordSource (no JSON),
//  3. runs the built-in indicator catalogue,
//  4. hands a policy-approved disclosure to its own outbound channel (an IDisclosureSink), recorded in the audit log.
using EmbedInEmr;
using Microsoft.Extensions.DependencyInjection;
using QiSdk.Codes;
using QiSdk.Hosting;
using QiSdk.Indicators;
using QiSdk.Privacy;
using QiSdk.Records;

string workDir = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "qisdk-embed-in-emr");
Directory.CreateDirectory(workDir);

var services = new ServiceCollection();
services.AddQiSdk(options =>
{
    options.PracticeCode = "Y99001";
    options.AuditLogPath = Path.Combine(workDir, "qi-audit.log");
    options.ReleaseLedgerPath = Path.Combine(workDir, "qi-releases.jsonl");
});

// The host's plug-ins: its records, its own Read v2 -> SNOMED CT map, the policies the practice chose (in order), and where approved results go.
services.AddSingleton<IPatientRecordSource>(new EmrRecordSource(EmrDatabase.Patients));
services.AddSingleton<ICodeMapProvider, EmrCodeMap>();
services.AddSingleton(DisclosurePolicies.ProcessOnly());
services.AddSingleton(DisclosurePolicies.SmallNumberSuppression());
var outbox = new EmrOutbox();
services.AddSingleton<IDisclosureSink>(outbox);

await using var provider = services.BuildServiceProvider();
var audit = provider.GetRequiredService<QualityAuditService>();

var run = await audit.RunAsync(new MeasurementPeriod(new DateOnly(2025, 3, 31)));
Console.WriteLine($"Evaluated {run.Results.Length} indicators over {run.Patients} patients from the EMR's own objects ({run.Problems.Length} data-quality notes).");
foreach (var result in run.Results.Where(r => r.Summary.Counts.Denominator > 0))
{
    var c = result.Summary.Counts;
    Console.WriteLine($"  {result.Summary.IndicatorId,-45} {c.Numerator,4} / {c.EffectiveDenominator,-4} {(c.Score is { } s ? s.ToString("P0", System.Globalization.CultureInfo.InvariantCulture) : "-")}");
}

var release = await audit.DiscloseAsync(run);
if (!release.Released)
{
    Console.WriteLine($"Nothing left the practice: {release.Outcome.RefusalReason}");
    return 1;
}

int withheld = release.Outcome.Cells.Count(c => c.State != CellState.Released);
Console.WriteLine($"Released {outbox.Sent.Count} disclosure ({outbox.Sent[0].Content.Length} bytes) to the EMR outbox; {withheld} cells withheld or altered by policy.");
Console.WriteLine($"Audit log entry #{release.AuditRecord!.Sequence}, chain intact: {AuditLogVerifier.Verify(Path.Combine(workDir, "qi-audit.log")).IsIntact}");
return 0;

/// <summary>The host's own outbound channel (here: a list; in an EMR: its message queue to the cluster).</summary>
internal sealed class EmrOutbox : IDisclosureSink
{
    public List<AuditedDisclosure> Sent { get; } = [];

    // Only the gate issues an AuditedDisclosure, after its audit-log entry is written.
    public Task WriteAsync(AuditedDisclosure disclosure, CancellationToken cancellationToken)
    {
        Sent.Add(disclosure);
        return Task.CompletedTask;
    }
}
