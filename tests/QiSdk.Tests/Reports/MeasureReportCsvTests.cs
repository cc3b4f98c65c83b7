using QiSdk.Indicators;
using QiSdk.Reports;

namespace QiSdk.Tests.Reports;

public sealed class MeasureReportCsvTests
{
    [Test]
    public void Csv_has_a_row_per_indicator_and_stratum_with_quoted_titles()
    {
        var summary = new IndicatorSummary
        {
            IndicatorId = "pincer-a",
            Url = "https://qisdk.org/fhir/Measure/pincer-a",
            Version = "1",
            Title = "NSAID, aged 65+, \"no\" gastroprotection",
            Kind = IndicatorKind.Process,
            Direction = ImprovementDirection.Decrease,
            PeriodEnd = new DateOnly(2025, 3, 31),
            Counts = new PopulationCounts(300, 280, 0, 0, 7),
            Strata = [new StratumCounts("sex", "female", new PopulationCounts(150, 140, 0, 0, 0))],
        };
        using var writer = new StringWriter();

        MeasureReportCsv.Write(writer, [summary]);

        string[] lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Length.EqualTo(3));
            Assert.That(lines[0], Does.StartWith("indicator_id,title,kind,improvement,period_start,period_end,stratifier,stratum,"));
            Assert.That(lines[1], Is.EqualTo("pincer-a,\"NSAID, aged 65+, \"\"no\"\" gastroprotection\",process,decrease,,2025-03-31,,,300,280,0,0,7,280,0.025,0.012162,0.050695"));
            Assert.That(lines[2], Does.EndWith(",sex,female,150,140,0,0,0,140,0,0,0.026706"));
        });
    }
}
