using System.CommandLine;
using System.Text.Json;
using QiSdk.Cli;
using QiSdk.Synthetic;

namespace QiSdk.Tests.Cli;

public sealed partial class EvaluateCommandTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = QiCommand.Create().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    private static string SyntheticPractice(int patients)
    {
        string dir = TestPaths.NewTempFolder();
        QiSdk.Synthetic.SyntheticPractice.Export(new SyntheticPracticeOptions { Patients = patients, Seed = 7 }, new SyntheticExportOptions { Directory = Path.Combine(dir, "records") });
        return dir;
    }

    [Test]
    public void Writes_summary_bundle_and_csv_for_each_indicator_given_both_ways()
    {
        string dir = SyntheticPractice(300);
        string records = Path.Combine(dir, "records");
        var args = new List<string> { "evaluate", "--records", records, "--indicators", "qof-dm020-hba1c-58", "qof-hyp008-bp-140-90", "--indicators", "pincer-a-nsaid-65-no-gastroprotection", "--period-end", "2025-03-31", "--out", Path.Combine(dir, "out") };
        foreach (var map in Directory.GetFiles(dir, "*.csv"))
        {
            args.AddRange(["--code-map", map]);
        }

        var (exit, output, error) = Run([.. args]);
        Assert.That(exit, Is.EqualTo(0), error);
        TestContext.Out.WriteLine(output);

        using var bundle = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "out", "measure-reports.json")));
        Assert.That(bundle.RootElement.GetProperty("type").GetString(), Is.EqualTo("collection"));
        var reports = bundle.RootElement.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource")).ToList();
        Assert.That(reports.Select(r => r.GetProperty("measure").GetString()), Is.EquivalentTo(new[]
        {
            "https://qisdk.org/fhir/Measure/qof-dm020-hba1c-58",
            "https://qisdk.org/fhir/Measure/qof-hyp008-bp-140-90",
            "https://qisdk.org/fhir/Measure/pincer-a-nsaid-65-no-gastroprotection",
        }));
        var dm = reports.Single(r => r.GetProperty("measure").GetString()!.EndsWith("/qof-dm020-hba1c-58", StringComparison.Ordinal));
        var populations = dm.GetProperty("group")[0].GetProperty("population").EnumerateArray()
            .ToDictionary(p => p.GetProperty("code").GetProperty("coding")[0].GetProperty("code").GetString()!, p => p.GetProperty("count").GetInt32());
        Assert.That(populations["denominator"], Is.GreaterThan(0), "a 300-patient practice has diabetics");
        Assert.That(populations["numerator"], Is.LessThanOrEqualTo(populations["denominator"]));
        Assert.That(File.ReadAllLines(Path.Combine(dir, "out", "measure-reports.csv")).Length, Is.GreaterThanOrEqualTo(4));
    }

    [Test]
    public void Unknown_indicator_is_a_usage_error_naming_it()
    {
        string dir = TestPaths.NewTempFolder();
        var (exit, _, error) = Run("evaluate", "--records", dir, "--indicators", "no-such-indicator", "--period-end", "2025-03-31");
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("no-such-indicator").And.Contain("QI3016"));
    }

    [TestCase("2025-02-30")]
    [TestCase("31/03/2025")]
    public void Bad_period_end_is_a_usage_error(string date)
    {
        var (exit, _, error) = Run("evaluate", "--records", TestPaths.NewTempFolder(), "--indicators", "all", "--period-end", date);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("--period-end"));
    }

    [Test]
    public void Missing_records_path_is_a_usage_error()
    {
        var (exit, _, error) = Run("evaluate", "--records", "/no/such/folder", "--indicators", "all", "--period-end", "2025-03-31");
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("/no/such/folder"));
    }
}
