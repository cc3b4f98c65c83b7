// PracticeSelfCheck: a practice runs the whole catalogue over its own records and prints its local worklist: for each
// indicator, the patients who need something done and why (the rule and the events that decided it). The worklist is
// patient-level, so the practice runs it under the local-only policy: an attempt to send it anywhere is refused.
using Microsoft.Extensions.DependencyInjection;
using QiSdk.Hosting;
using QiSdk.Indicators;
using QiSdk.Privacy;
using QiSdk.Records;
using QiSdk.Synthetic;

const int ShowPerIndicator = 3;
var period = new MeasurementPeriod(new DateOnly(2025, 3, 31));
string workDir = Path.Combine(Path.GetTempPath(), "qisdk-practice-self-check");

// The practice's records: a FHIR export folder given on the command line, or the built-in sample practice.
string records;
string? codeMap = null;
if (args.Length > 0)
{
    records = args[0];
}
else
{
    var export = SyntheticPractice.Export(
        new SyntheticPracticeOptions { Patients = 1200, Seed = 5 },
        new SyntheticExportOptions { Directory = Path.Combine(workDir, "records"), Format = SyntheticOutputFormat.Ndjson, WriteCodeMap = true });
    records = export.Directory;
    codeMap = export.CodeMapPath;
}

var patients = (await new FhirRecordReader().ReadAsync([records])).Patients;
var byId = patients.ToDictionary(p => p.Id, StringComparer.Ordinal);

var services = new ServiceCollection();
services.AddQiSdk(options =>
{
    options.PracticeCode = "Y99002"; // the practice's identity: ledgers and budgets are kept per practice
    options.AuditLogPath = Path.Combine(workDir, "qi-audit.log");
    options.ReleaseLedgerPath = Path.Combine(workDir, "qi-releases.jsonl");
    if (codeMap is not null)
    {
        options.CodeMapFiles.Add(codeMap);
    }
});
services.AddSingleton<IPatientRecordSource>(new InMemoryPatientRecordSource(patients));
services.AddSingleton(DisclosurePolicies.LocalOnly());
services.AddSingleton<IDisclosureSink>(new FileDisclosureSink(Path.Combine(workDir, "outbox")));
await using var provider = services.BuildServiceProvider();
var audit = provider.GetRequiredService<QualityAuditService>();

var run = await audit.RunAsync(period);
Console.WriteLine($"Self-check of {run.Patients} patients against {run.Results.Length} indicators, reference date {period.End:yyyy-MM-dd}.");
Console.WriteLine();

int total = 0;
foreach (var result in run.Results)
{
    // Who needs action: for "higher is better" indicators, denominator patients not in the numerator (and not excluded
    // or excepted); for "lower is better" ones (PINCER), the numerator patients.
    bool increase = result.Summary.Direction == ImprovementDirection.Increase;
    var needAction = result.Patients
        .Where(p => increase
            ? p.Populations.HasFlag(PopulationMembership.Denominator)
              && (p.Populations & (PopulationMembership.Numerator | PopulationMembership.DenominatorExclusion | PopulationMembership.DenominatorException)) == 0
            : p.Populations.HasFlag(PopulationMembership.Numerator))
        .Select(p => p.PatientId)
        .ToList();
    if (needAction.Count == 0)
    {
        continue;
    }

    total += needAction.Count;
    Console.WriteLine($"{result.Summary.IndicatorId}: {needAction.Count} patient(s) to review. {result.Summary.Title}");
    foreach (string id in needAction.Take(ShowPerIndicator))
    {
        var why = audit.Explain(byId[id], period, [result.Summary.IndicatorId]).Single();
        // The last rule evaluated is the one that put the patient here: the numerator rule that did not hold (or, for
        // PINCER, the hazardous-prescribing rule that did), with the events it looked at.
        var deciding = why.Rules.Last();
        string evidence = string.Join("; ", deciding.Evidence.Take(2).Select(e => string.Join(' ', new[] { e.What, e.Code, e.Date?.ToString("yyyy-MM-dd"), e.Value is { } v ? $"= {v}" : null }.Where(x => !string.IsNullOrEmpty(x)))));
        Console.WriteLine($"  {id}: {deciding.Rule} {(deciding.Held ? "held" : "not met")}{(evidence.Length > 0 ? " - " + evidence : " - no qualifying event")}");
    }

    if (needAction.Count > ShowPerIndicator)
    {
        Console.WriteLine($"  ... and {needAction.Count - ShowPerIndicator} more");
    }
}

Console.WriteLine();
Console.WriteLine($"{total} review items in all. Strengths too: {run.Results.Count(r => r.Summary.Counts.Score is >= 0.8 && r.Summary.Direction == ImprovementDirection.Increase)} indicators at 80% or better.");

// The worklist stays in the practice: under local-only, egress is refused and nothing is written to the outbox.
var attempt = await audit.DiscloseAsync(run);
Console.WriteLine(attempt.Released
    ? "UNEXPECTED: something left the practice."
    : $"Egress refused by the local-only policy ({attempt.Outcome.RefusalCode}): the worklist never leaves the practice.");
return attempt.Released ? 1 : 0;
