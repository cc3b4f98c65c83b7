using QiSdk.Synthetic;

namespace QiSdk.Tests.Cli;

/// <summary><c>qi evaluate --partitions</c>: the same files, byte for byte, as the in-memory run.</summary>
public sealed partial class EvaluateCommandTests
{
    [Test]
    public void Partitioned_runs_write_the_same_bytes_as_the_in_memory_run()
    {
        string dir = TestPaths.NewTempFolder();
        string records = Path.Combine(dir, "records");
        QiSdk.Synthetic.SyntheticPractice.Export(new SyntheticPracticeOptions { Patients = 1500, Seed = 13, Errors = 20 }, new SyntheticExportOptions { Directory = records, CodeMapPath = Path.Combine(dir, "map.csv") });
        string temp = Path.Combine(dir, "temp");
        Directory.CreateDirectory(temp);
        string[] Args(string outName, params string[] more) =>
            ["evaluate", "--records", records, "--code-map", Path.Combine(dir, "map.csv"), "--indicators", "all", "--period-end", "2025-03-31", "--practice", "Y99001", "--out", Path.Combine(dir, outName), .. more];

        var memory = Run(Args("memory"));
        var four = Run(Args("four", "--partitions", "4", "--temp-dir", temp));
        var auto = Run(Args("auto", "--partitions", "auto"));

        Assert.That((memory.Exit, four.Exit, auto.Exit), Is.EqualTo((0, 0, 0)), memory.Err + four.Err + auto.Err);
        foreach (string file in new[] { "measure-reports.json", "measure-reports.csv" })
        {
            byte[] expected = File.ReadAllBytes(Path.Combine(dir, "memory", file));
            Assert.That(File.ReadAllBytes(Path.Combine(dir, "four", file)), Is.EqualTo(expected), file);
            Assert.That(File.ReadAllBytes(Path.Combine(dir, "auto", file)), Is.EqualTo(expected), file);
        }

        Assert.That(four.Out.Replace("four", "X", StringComparison.Ordinal), Is.EqualTo(memory.Out.Replace("memory", "X", StringComparison.Ordinal)), "same table and problem counts");
        Assert.That(memory.Out, Does.Contain("data-quality problem(s): QI"), "the input has bad records to count");
        Assert.That(Directory.EnumerateFileSystemEntries(temp), Is.Empty);
    }

    [TestCase("0")]
    [TestCase("many")]
    [TestCase("5000")]
    public void A_partition_count_that_is_not_1_to_4096_or_auto_is_a_usage_error(string value)
    {
        string dir = TestPaths.NewTempFolder();
        File.WriteAllText(Path.Combine(dir, "p.ndjson"), "{\"resourceType\":\"Patient\",\"id\":\"p\"}\n");

        var (exit, _, error) = Run("evaluate", "--records", Path.Combine(dir, "p.ndjson"), "--indicators", "all", "--period-end", "2025-03-31", "--out", dir, "--partitions", value);

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("--partitions '" + value + "'"));
    }

    [Test]
    public void Patient_level_report_types_are_refused_with_partitions()
    {
        string dir = TestPaths.NewTempFolder();
        File.WriteAllText(Path.Combine(dir, "p.ndjson"), "{\"resourceType\":\"Patient\",\"id\":\"p\"}\n");

        var (exit, _, error) = Run("evaluate", "--records", Path.Combine(dir, "p.ndjson"), "--indicators", "all", "--period-end", "2025-03-31", "--out", dir, "--partitions", "2", "--report-type", "individual");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("without --partitions"));
    }
}
