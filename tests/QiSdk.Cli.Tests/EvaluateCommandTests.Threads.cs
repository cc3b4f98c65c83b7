using QiSdk.Synthetic;

namespace QiSdk.Tests.Cli;

/// <summary><c>qi evaluate --threads N</c>: the same files, byte for byte, and the same console output on any thread count.</summary>
public sealed partial class EvaluateCommandTests
{
    [Test]
    public void Runs_on_1_2_4_and_7_threads_write_the_same_bytes()
    {
        string dir = TestPaths.NewTempFolder();
        string records = Path.Combine(dir, "records");
        QiSdk.Synthetic.SyntheticPractice.Export(new SyntheticPracticeOptions { Patients = 1500, Seed = 17, Errors = 25 }, new SyntheticExportOptions { Directory = records, CodeMapPath = Path.Combine(dir, "map.csv") });
        string[] Args(string outName, string threads) =>
            ["evaluate", "--records", records, "--code-map", Path.Combine(dir, "map.csv"), "--indicators", "all", "--period-end", "2025-03-31", "--practice", "Y99001",
                "--report-type", "individual", "--out", Path.Combine(dir, outName), "--threads", threads];

        var one = Run(Args("t1", "1"));
        Assert.That(one.Exit, Is.EqualTo(0), one.Err);
        Assert.That(one.Out, Does.Contain("data-quality problem(s): QI"), "the input has bad records to count");
        foreach (string threads in new[] { "2", "4", "7" })
        {
            var run = Run(Args("t" + threads, threads));
            Assert.That(run.Exit, Is.EqualTo(0), run.Err);
            foreach (string file in new[] { "measure-reports.json", "measure-reports.csv", "measure-reports-individual.json" })
            {
                Assert.That(File.ReadAllBytes(Path.Combine(dir, "t" + threads, file)), Is.EqualTo(File.ReadAllBytes(Path.Combine(dir, "t1", file))), $"{file}, {threads} threads");
            }

            Assert.That(run.Out.Replace("t" + threads, "X", StringComparison.Ordinal), Is.EqualTo(one.Out.Replace("t1", "X", StringComparison.Ordinal)), "same table and problems");
        }
    }

    [TestCase("0")]
    [TestCase("-3")]
    public void A_thread_count_below_one_is_a_usage_error(string value)
    {
        string dir = TestPaths.NewTempFolder();
        File.WriteAllText(Path.Combine(dir, "p.ndjson"), "{\"resourceType\":\"Patient\",\"id\":\"p\"}\n");

        var (exit, _, error) = Run("evaluate", "--records", Path.Combine(dir, "p.ndjson"), "--indicators", "all", "--period-end", "2025-03-31", "--out", dir, "--threads", value);

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("--threads " + value));
    }
}
