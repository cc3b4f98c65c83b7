using QiSdk.Indicators;
using QiSdk.Records;
using static QiSdk.Tests.Indicators.PatientFactory;

namespace QiSdk.Tests.Indicators;

/// <summary>The hot path does not allocate per patient (aggregate-only evaluation of clean records).</summary>
public sealed class EngineAllocationTests : ReferenceIndicatorFixture
{
    protected override string IndicatorId => "qof-dm020-hba1c-58";

    [Test]
    public void Aggregate_evaluation_allocates_almost_nothing_per_patient()
    {
        var patients = Enumerable.Range(0, 4000).Select(i => Patient(
            $"19{40 + (i % 50)}-05-0{1 + (i % 9)}",
            Condition(i % 3 == 0 ? "111552007" : "38341003", "2015-01-01"),
            Observation("1049301000000100", $"2023-{1 + (i % 12):00}-15", 40 + (i % 40), "mmol/mol"),
            BpPanel("2024-01-10", 120 + (i % 40), 70 + (i % 30), "mmHg"),
            Prescription("329925006", "2024-02-15"))).ToList();
        var set = new IndicatorEngine(Matcher, new IndicatorEngineOptions { IncludePatientResults = false, MaxDegreeOfParallelism = 1 })
            .Compile(Catalogue.Definitions.Where(d => d.Id is "qof-dm020-hba1c-58" or "qof-hyp008-bp-140-90" or "pincer-a-nsaid-65-no-gastroprotection"), new MeasurementPeriod(new DateOnly(2024, 3, 31), new DateOnly(2023, 4, 1)));
        set.Evaluate(patients, new DataQualityLog()); // warm up (JIT, buffers)

        long before = GC.GetTotalAllocatedBytes(precise: true);
        var results = set.Evaluate(patients, new DataQualityLog());
        long perPatient = (GC.GetTotalAllocatedBytes(precise: true) - before) / patients.Count;

        Assert.That(results.Sum(r => r.Summary.Counts.Denominator), Is.GreaterThan(0));
        Assert.That(perPatient, Is.LessThan(16), "bytes allocated per patient; the fixed per-run cost is amortised over 4000 patients");
    }
}
