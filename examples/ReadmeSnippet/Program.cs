// ReadmeSnippet: README.md's embedding code, compiled and run in CI. The part between the README markers is copied into
// README.md verbatim (ReadmeSnippetTests fails when they differ); the two plug-in classes below stand in for the EMR's own.
// README:begin
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using QiSdk.Hosting;
using QiSdk.Indicators;
using QiSdk.Privacy;
using QiSdk.Records;

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddQiSdk(builder.Configuration.GetSection("QiSdk"), options =>
{
    options.PracticeCode = "A81001";
    options.DataDirectory = "qisdk-data";                 // audit log + release ledger; relative paths: the content root
    options.CodeMapFiles.Add("maps/read2-to-snomed.csv"); // or a TRUD map, or a FHIR ConceptMap
});
builder.Services.AddSingleton<IPatientRecordSource, MyEmrRecordSource>(); // the host's own objects -> PatientRecord
builder.Services.AddSingleton(DisclosurePolicies.ProcessOnly());            // policies apply in registration order;
builder.Services.AddSingleton(DisclosurePolicies.SmallNumberSuppression()); // none registered = nothing may leave
builder.Services.AddSingleton<IDisclosureSink, MyClusterChannel>();

using var host = builder.Build();
await host.StartAsync(); // ValidateOnStart: bad options, maps or definitions (QI3007, QI3010, ...) stop the host here

var audit = host.Services.GetRequiredService<QualityAuditService>();
var run = await audit.RunAsync(new AuditRunOptions { Period = new(new DateOnly(2025, 3, 31)), IncludeExplanations = true });
foreach (var entry in run.Worklist("qof-dm020-hba1c-58").Take(3))
{
    Console.WriteLine(entry); // patient id: why, in the definition's words (target not met), and the evidence (HbA1c, date, code)
}

var preview = audit.Preview(run);                 // exactly what would leave, and why each cell was withheld or altered
var release = await audit.DiscloseAsync(run);     // policy-approved disclosure -> sink, appended to the audit log (once per run)
Console.WriteLine($"released: {release.Released}; {preview.Cells.Count(c => c.State != CellState.Released)} cells withheld or altered");
foreach (var sent in release.ReadReleased()?.Indicators ?? []) // what left, typed: null when withheld, ranges when rounded
{
    Console.WriteLine($"{sent.IndicatorId}: numerator {sent.Counts.Numerator.Value?.ToString() ?? "withheld"}{(sent.Counts.IsRounded ? " (rounded)" : "")}");
}
await host.StopAsync();
// README:end
return release.Released && run.Worklist("qof-dm020-hba1c-58").Length > 0 ? 0 : 1;

/// <summary>Stands in for the EMR's database: a deterministic synthetic practice.</summary>
internal sealed class MyEmrRecordSource : IPatientRecordSource
{
    private readonly InMemoryPatientRecordSource _inner = new(QiSdk.Synthetic.SyntheticPractice.GenerateAll(new QiSdk.Synthetic.SyntheticPracticeOptions { Patients = 800, Seed = 5 }));

    public IAsyncEnumerable<PatientRecord> ReadPatientsAsync(QiSdk.DataQualityLog log, CancellationToken cancellationToken = default) =>
        _inner.ReadPatientsAsync(log, cancellationToken);
}

/// <summary>Stands in for the EMR's outbound channel to the GP cluster.</summary>
internal sealed class MyClusterChannel : IDisclosureSink
{
    public Task WriteAsync(AuditedDisclosure disclosure, CancellationToken cancellationToken)
    {
        Console.WriteLine($"sent {disclosure.Content.Length} bytes ({disclosure.MediaType}) to the cluster");
        return Task.CompletedTask;
    }
}
