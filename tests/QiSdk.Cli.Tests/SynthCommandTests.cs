using QiSdk.Cli;

namespace QiSdk.Tests.Cli;

public sealed class SynthCommandTests
{
    private string _dir = string.Empty;

    [SetUp]
    public void CreateFolder() => _dir = TestPaths.NewTempFolder();

    [TearDown]
    public void DeleteFolder()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exit = await QiCommand.Create().Parse(args).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = stdout, Error = stderr });
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Test]
    public async Task Synth_writes_ndjson_and_the_code_map_and_says_what_it_wrote()
    {
        var (exit, output, error) = await Run("synth", "--patients", "50", "--seed", "3", "--out", _dir, "--errors", "2", "--reference-date", "2024-03-31");

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(0), error);
            Assert.That(error, Is.Empty);
            Assert.That(File.Exists(Path.Combine(_dir, "Patient.ndjson")), Is.True);
            Assert.That(File.Exists(_dir + "-code-map.csv"), Is.True, "the map sits beside the export, not in it");
            Assert.That(Directory.GetFiles(_dir, "*.csv"), Is.Empty);
            Assert.That(File.ReadLines(Path.Combine(_dir, "Patient.ndjson")).Count(), Is.EqualTo(50));
            Assert.That(output, Does.Contain("50 patients").And.Contain("reference date 2024-03-31").And.Contain("Patient.ndjson").And.Contain("code-map.csv"));
            Assert.That(output, Does.Contain("Injected 2 bad records").And.Contain("MalformedJson").And.Contain("MissingResourceType"));
        });
    }

    [Test]
    public async Task Synth_writes_gzip_and_bundles()
    {
        var gz = await Run("synth", "-n", "10", "--out", Path.Combine(_dir, "gz"), "--format", "ndjson-gz");
        var bundles = await Run("synth", "-n", "10", "--out", Path.Combine(_dir, "b"), "--format", "bundle", "--bundle-type", "transaction");

        Assert.Multiple(() =>
        {
            Assert.That(gz.Exit, Is.EqualTo(0), gz.Err);
            Assert.That(File.Exists(Path.Combine(_dir, "gz", "Observation.ndjson.gz")), Is.True);
            Assert.That(bundles.Exit, Is.EqualTo(0), bundles.Err);
            Assert.That(Directory.GetFiles(Path.Combine(_dir, "b"), "bundle-*.json"), Has.Length.EqualTo(10));
        });
    }

    [TestCase("--format", "xml", "--format 'xml'")]
    [TestCase("--reference-date", "31/03/2025", "--reference-date '31/03/2025'")]
    [TestCase("--bundle-type", "batch", "--bundle-type 'batch'")]
    [TestCase("--patients", "-5", "Patients must be between")]
    [TestCase("--practice-code", "A B", "PracticeCode")]
    public async Task Bad_arguments_exit_2_with_one_clear_line(string option, string value, string expected)
    {
        var (exit, _, error) = await Run("synth", "--out", _dir, option, value);

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(2));
            Assert.That(error, Does.StartWith("qi synth: ").And.Contain(expected));
            Assert.That(error.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        });
    }

    [Test]
    public async Task A_synth_export_read_back_reports_no_file_it_did_not_read()
    {
        var (exit, _, error) = await Run("synth", "-n", "20", "--out", _dir);
        Assert.That(exit, Is.EqualTo(0), error);

        var read = await new QiSdk.Records.FhirRecordReader().ReadAsync(_dir);

        Assert.That(read.Problems.Where(p => p.Code == "QI1015"), Is.Empty);
    }

    [Test]
    public void A_cancelled_synth_leaves_nothing_that_reads_as_an_export()
    {
        string target = Path.Combine(_dir, "export");
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        Assert.Catch<OperationCanceledException>(() => QiSdk.Synthetic.SyntheticPractice.Export(
            new QiSdk.Synthetic.SyntheticPracticeOptions { Patients = 1_000_000 },
            new QiSdk.Synthetic.SyntheticExportOptions { Directory = target },
            cts.Token));

        Assert.That(Directory.GetFileSystemEntries(_dir), Is.Empty, "no export folder, no partial folder, no code map");
    }

    [Test]
    public async Task Synth_replaces_an_earlier_export_whole_but_never_a_folder_with_other_files()
    {
        string target = Path.Combine(_dir, "export");
        Assert.That((await Run("synth", "-n", "30", "--out", target)).Exit, Is.EqualTo(0));
        Assert.That((await Run("synth", "-n", "10", "--out", target)).Exit, Is.EqualTo(0));
        Assert.That(File.ReadLines(Path.Combine(target, "Patient.ndjson")).Count(), Is.EqualTo(10));

        File.WriteAllText(Path.Combine(target, "notes.txt"), "mine");
        var refused = await Run("synth", "-n", "10", "--out", target);

        Assert.That(refused.Exit, Is.EqualTo(2));
        Assert.That(refused.Err, Does.Contain("notes.txt"));
        Assert.That(File.Exists(Path.Combine(target, "notes.txt")), Is.True);
        Assert.That(Directory.GetDirectories(_dir), Has.Length.EqualTo(1), "no partial folder left beside it");
    }
}
