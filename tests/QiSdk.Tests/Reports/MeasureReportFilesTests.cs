using QiSdk.Indicators;
using QiSdk.Reports;

namespace QiSdk.Tests.Reports;

public sealed class MeasureReportFilesTests
{
    private static IndicatorSummary Summary(int numerator) => new()
    {
        IndicatorId = "x",
        Url = "https://qisdk.org/fhir/Measure/x",
        Version = "1",
        Title = "X",
        Kind = IndicatorKind.Process,
        Direction = ImprovementDirection.Increase,
        PeriodEnd = new DateOnly(2025, 3, 31),
        Counts = new PopulationCounts(10, 10, 0, 0, numerator),
    };

    [Test]
    public void Writes_both_result_files_and_replaces_earlier_ones_whole()
    {
        string dir = TestPaths.NewTempFolder();
        MeasureReportFiles.Write(dir, [Summary(3)]);

        var (json, csv) = MeasureReportFiles.Write(dir, [Summary(4)]);

        Assert.Multiple(() =>
        {
            Assert.That(MeasureReportJson.ReadSummaryBundle(File.OpenRead(json), json).Single().Counts.Numerator, Is.EqualTo(4));
            Assert.That(File.ReadAllLines(csv), Has.Length.EqualTo(2));
            Assert.That(Directory.GetFiles(dir).Select(Path.GetFileName), Is.EquivalentTo(new[] { "measure-reports.json", "measure-reports.csv", "measure-reports.manifest.json" }), "no temporary files left");
        });
    }

    [Test]
    public void A_cancelled_write_leaves_the_folder_untouched()
    {
        string dir = TestPaths.NewTempFolder();
        MeasureReportFiles.Write(dir, [Summary(3)]);
        byte[] before = File.ReadAllBytes(Path.Combine(dir, "measure-reports.json"));

        Assert.Catch<OperationCanceledException>(() => MeasureReportFiles.Write(dir, [Summary(4), Summary(5)], cancellationToken: new CancellationToken(canceled: true)));

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllBytes(Path.Combine(dir, "measure-reports.json")), Is.EqualTo(before));
            Assert.That(Directory.GetFiles(dir), Has.Length.EqualTo(3));
        });
    }

    [Test]
    public void A_write_interrupted_between_the_two_renames_is_not_read_as_a_complete_set()
    {
        string dir = TestPaths.NewTempFolder();
        var (_, csv) = MeasureReportFiles.Write(dir, [Summary(3)]);
        byte[] oldCsv = File.ReadAllBytes(csv);
        Assert.That(MeasureReportFiles.CheckComplete(dir), Is.Null);

        // The state a kill leaves after the new manifest and JSON were renamed into place, before the CSV was.
        MeasureReportFiles.Write(dir, [Summary(4)]);
        File.WriteAllBytes(csv, oldCsv);

        Assert.That(MeasureReportFiles.CheckComplete(dir), Does.Contain("measure-reports.csv").And.Contain("interrupted"));
    }

    [Test]
    public void A_first_write_cut_short_after_the_manifest_is_incomplete()
    {
        string dir = TestPaths.NewTempFolder();
        MeasureReportFiles.Write(dir, [Summary(3)]);
        File.Delete(Path.Combine(dir, "measure-reports.csv"));

        Assert.That(MeasureReportFiles.CheckComplete(dir), Does.Contain("missing"));
    }
}
