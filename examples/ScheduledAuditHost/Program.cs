// ScheduledAuditHost: an EMR's background host that runs the practice's audit every night at 02:00 (UTC), puts each
// indicator's worklist (every patient with a reason in words and the evidence) in front of the practice team, sends the
// cluster only the indicators the practice agreed to share, reads back what left as C# objects (withheld counts are
// null, rounded counts flagged), and shows that the same run is not sent twice unless asked. Here the first run happens
// at start-up and the host then stops, so the example finishes.
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using QiSdk.Feedback;
using QiSdk.Hosting;
using QiSdk.Indicators;
using QiSdk.Privacy;
using QiSdk.Records;

// A fresh data directory per example run: the release ledger would (rightly) refuse to release the same results twice.
string dataDir = Path.Combine(Path.GetTempPath(), "qisdk-scheduled-audit-host-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(dataDir);
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddQiSdk(options =>
{
    options.PracticeCode = "Y99001";
    options.DataDirectory = dataDir;
});
builder.Services.AddQiSdkScheduledAudit(schedule =>
{
    schedule.Interval = TimeSpan.FromDays(1);
    schedule.At = new TimeOnly(2, 0);
    schedule.RunOnStart = true;
    schedule.IndicatorIds.Add("qof-dm020-hba1c-58");
    schedule.IndicatorIds.Add("qof-smok002-ltc-smoking-status-12m");
    schedule.PeriodFor = _ => new MeasurementPeriod(new DateOnly(2025, 3, 31)); // the QOF year end, for a repeatable example
});
builder.Services.AddHealthChecks().AddQiSdkChecks("ready");
builder.Services.AddSingleton<IPatientRecordSource>(new InMemoryPatientRecordSource(
    QiSdk.Synthetic.SyntheticPractice.GenerateAll(new QiSdk.Synthetic.SyntheticPracticeOptions { Patients = 1000, Seed = 21 })));
builder.Services.AddSingleton(DisclosurePolicies.ProcessOnly());
builder.Services.AddSingleton(DisclosurePolicies.SmallNumberSuppression());
builder.Services.AddSingleton<IDisclosureSink>(new FileDisclosureSink(Path.Combine(dataDir, "outbox")));
builder.Services.AddSingleton<WorklistAndShare>();
builder.Services.AddSingleton<IScheduledAuditHandler>(sp => sp.GetRequiredService<WorklistAndShare>());

using var host = builder.Build();
await host.StartAsync();
await host.WaitForShutdownAsync(); // until the handler stops it after the first run (an EMR's host runs until shut down)

var handled = host.Services.GetRequiredService<WorklistAndShare>();
var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
Console.WriteLine($"health: {health.Status} ({string.Join(", ", health.Entries.Select(e => $"{e.Key} {e.Value.Status}"))})");
Directory.Delete(dataDir, recursive: true);
return handled.Released && health.Status == HealthStatus.Healthy ? 0 : 1;

/// <summary>What the EMR does with each scheduled run: worklists for the practice, a filtered release for the cluster.</summary>
internal sealed class WorklistAndShare(IHostApplicationLifetime lifetime) : IScheduledAuditHandler
{
    public bool Released { get; private set; }

    public async Task HandleAsync(AuditRun run, QualityAuditService audit, CancellationToken cancellationToken)
    {
        foreach (var result in run.Results)
        {
            var worklist = run.Worklist(result.Summary.IndicatorId);
            Console.WriteLine($"{result.Summary.IndicatorId}: {result.Summary.Counts.Numerator}/{result.Summary.Counts.EffectiveDenominator}; {worklist.Length} patients to review, e.g.");
            foreach (var entry in worklist.Take(2))
            {
                Console.WriteLine("  " + entry);
            }
        }

        // The practice shares its smoking-status recording (a process measure) with the cluster, not its HbA1c outcome.
        var release = await audit.DiscloseAsync(run, new AuditDisclosureOptions { IndicatorIds = ["qof-smok002-ltc-smoking-status-12m"] }, cancellationToken);
        Console.WriteLine(release.Released
            ? $"shared with the cluster: {string.Join(", ", release.Outcome.Cells.Select(c => c.IndicatorId).Distinct())} (audit log entry #{release.AuditRecord!.Sequence})"
            : $"nothing shared: {release.Outcome.RefusalReason}");

        // What left, as typed values read from the exact bytes sent: null where withheld, a range where rounded.
        foreach (var indicator in release.ReadReleased()?.Indicators ?? [])
        {
            var counts = indicator.Counts;
            Console.WriteLine($"released {indicator.IndicatorId}: numerator {Show(counts.Numerator)}, denominator {Show(counts.Denominator)}, "
                + $"rate {(counts.Rate is { } rate ? rate.ToString("P0", CultureInfo.InvariantCulture) : "withheld")}{(counts.IsRounded ? " (from rounded counts)" : string.Empty)}");
        }

        // The same run again is refused (a resend must be asked for explicitly, and is audited like any release).
        bool refused = false;
        try
        {
            await audit.DiscloseAsync(run, new AuditDisclosureOptions { IndicatorIds = ["qof-smok002-ltc-smoking-status-12m"] }, cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            refused = true;
            Console.WriteLine($"second disclosure of the same run refused: {ex.Message}");
        }

        var resend = await audit.DiscloseAsync(run, new AuditDisclosureOptions { IndicatorIds = ["qof-smok002-ltc-smoking-status-12m"], AllowRepeat = true }, cancellationToken);
        Console.WriteLine($"resent on request: {resend.Released}");
        Released = release.Released && refused && resend.Released;
        lifetime.StopApplication();
    }

    private static string Show(ReleasedCount count) =>
        count.Value is not { } value ? "withheld" : count.IsRounded ? string.Create(CultureInfo.InvariantCulture, $"{value} (true count {count.Low}-{count.High})") : value.ToString(CultureInfo.InvariantCulture);
}
