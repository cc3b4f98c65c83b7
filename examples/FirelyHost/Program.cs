// FirelyHost: a record system that already holds its data as Firely SDK (Hl7.Fhir.R4) objects.
//  1. registers QiSdk plus the Firely integration (AddQiSdk + AddQiSdkFirely): its Patient/Condition/Observation/
//     MedicationRequest objects are read directly (no JSON), and its own ValueSet is a code set,
//  2. runs indicators,
//  3. gets the results back as a Firely Bundle of MeasureReports, and one indicator as a Firely Measure.
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using QiSdk.Firely;
using QiSdk.Hosting;
using QiSdk.Indicators;

const string Snomed = "http://snomed.info/sct";
string workDir = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "qisdk-firely-host");
Directory.CreateDirectory(workDir);

// What the host holds: a few patients with diabetes and HbA1c results, one on naproxen without gastroprotection.
var resources = new List<Resource>();
for (int i = 0; i < 30; i++)
{
    string id = $"pat-{i:000}";
    resources.Add(new Patient { Id = id, Active = true, Gender = i % 2 == 0 ? AdministrativeGender.Female : AdministrativeGender.Male, BirthDate = $"{1940 + i}-05-17" });
    var subject = new ResourceReference("Patient/" + id);
    if (i % 3 == 0)
    {
        resources.Add(new Condition { Id = $"dm-{i}", Subject = subject, Code = new CodeableConcept(Snomed, "44054006", "Type 2 diabetes mellitus"), Onset = new FhirDateTime("2016-02-01") });
        resources.Add(new Observation
        {
            Id = $"a1c-{i}",
            Status = ObservationStatus.Final,
            Subject = subject,
            Code = new CodeableConcept(Snomed, "1049301000000100", "HbA1c level (IFCC)"),
            Effective = new FhirDateTime("2025-01-14"),
            Value = new Quantity(45 + i, "mmol/mol", "http://unitsofmeasure.org"),
        });
    }

    if (i % 4 == 0)
    {
        resources.Add(new MedicationRequest
        {
            Id = $"rx-{i}",
            Status = MedicationRequest.MedicationrequestStatus.Active,
            Intent = MedicationRequest.MedicationRequestIntent.Order,
            Subject = subject,
            Medication = new CodeableConcept("https://dmd.nhs.uk", "329806007", "Naproxen 250mg tablets"),
            AuthoredOn = "2025-02-10",
        });
    }
}

var services = new ServiceCollection();
services.AddQiSdk(options =>
{
    options.AuditLogPath = Path.Combine(workDir, "qi-audit.log");
    options.ReleaseLedgerPath = Path.Combine(workDir, "qi-releases.json");
}).AddQiSdkFirely(firely => firely.Records(_ => resources));

await using var provider = services.BuildServiceProvider();
var audit = provider.GetRequiredService<QualityAuditService>();
var run = await audit.RunAsync(new MeasurementPeriod(new DateOnly(2025, 3, 31)), ["qof-dm020-hba1c-58", "pincer-a-nsaid-65-no-gastroprotection"]);
foreach (var result in run.Results)
{
    var c = result.Summary.Counts;
    Console.WriteLine($"{result.Summary.IndicatorId}: {c.Numerator}/{c.Denominator - c.DenominatorExclusion - c.DenominatorException}");
}

Bundle reports = FirelyReports.ToSummaryBundle(run.Results.Select(r => r.Summary));
Measure measure = FirelyReports.ToMeasure(audit.Catalogue.Get("qof-dm020-hba1c-58"));
Console.WriteLine($"{reports.Entry.Count} MeasureReports as a Firely Bundle; Measure {measure.Url} has {measure.Group[0].Population.Count} populations.");
if (run.Results.Single(r => r.Summary.IndicatorId == "qof-dm020-hba1c-58").Summary.Counts.Denominator == 0)
{
    Console.Error.WriteLine("expected diabetic patients in the denominator");
    return 1;
}

return 0;
