// CustomAudit: a developer scripts two audits of their own, one with the C# builder and one as JSON, and runs both
// over FHIR NDJSON records with the core library alone (no DI needed).
using QiSdk;
using QiSdk.Indicators;
using QiSdk.Records;
using QiSdk.Synthetic;
using static QiSdk.Indicators.Criteria;

// Records: a folder of FHIR NDJSON given on the command line, or a synthetic practice export made here.
string records;
string? codeMapPath = null;
if (args.Length > 0)
{
    records = args[0];
}
else
{
    records = Path.Combine(Path.GetTempPath(), "qisdk-custom-audit-records");
    var export = SyntheticPractice.Export(
        new SyntheticPracticeOptions { Patients = 1500, Seed = 11 },
        new SyntheticExportOptions { Directory = records, Format = SyntheticOutputFormat.Ndjson, WriteCodeMap = true });
    codeMapPath = export.CodeMapPath;
}

// 1. An audit built in C#: people aged 75 or over on the hypertension register with no BP reading in 12 months.
var bpOverdue = IndicatorBuilder.Create("hypertension-75-bp-overdue", "https://example.org/fhir/Measure/hypertension-75-bp-overdue")
    .Title("Hypertension, aged 75 or over: no blood pressure recorded in the last 12 months")
    .Process().Decrease()
    .RejectUnless("population-base", PopulationBase())
    .RejectUnless("aged-75-or-over", Age(atLeast: 75))
    .RejectUnless("hypertension-register", Register("HYP_COD", "HYPRES_COD"))
    .Select("denominator", [MeasurePopulation.InitialPopulation, MeasurePopulation.Denominator], continueAfter: true)
    .Select("no-bp-in-12-months", [MeasurePopulation.Numerator], Not(Exists(Events("BP_COD", "SYSBP_COD").Within(EventWindow.Months(12)))))
    .Build();

// 2. An audit written as JSON (schemas/indicator-definition.schema.json). The pipeline loads it with the code-set check
// (a code set no one loaded fails here, with its file and JSON path), next to the C# one, the built-in code sets and the map.
var pipeline = QualityPipeline.Create(new QualityPipelineOptions
{
    IncludeBuiltInIndicators = false,
    CodeMapFiles = codeMapPath is null ? [] : [codeMapPath],
    Indicators = [bpOverdue],
    IndicatorFiles = [Path.Combine(AppContext.BaseDirectory, "diabetes-hba1c-recorded-12m.json")],
});

// Run both over the records, as of the QOF year end.
var log = pipeline.CreateRunLog();
var compiled = pipeline.Compile(pipeline.Catalogue.Definitions, new MeasurementPeriod(new DateOnly(2025, 3, 31)));
var results = await compiled.EvaluateAsync(pipeline.CreateReader().CreateSource([records]), log);

foreach (var result in results)
{
    var c = result.Summary.Counts;
    string interval = c.ScoreInterval95 is { } ci ? $" (95% CI {ci.Lower:P0}-{ci.Upper:P0})" : string.Empty;
    Console.WriteLine($"{result.Summary.Title}");
    Console.WriteLine($"  {c.Numerator} of {c.EffectiveDenominator} = {c.Score:P1}{interval}");
}

Console.WriteLine($"{log.Count} data-quality notes (e.g. {string.Join(", ", log.CountsByCode().Take(3).Select(p => $"{p.Key} x{p.Value}"))}).");
return results.Length == 2 && results.All(r => r.Summary.Counts.Denominator > 0) ? 0 : 1;
