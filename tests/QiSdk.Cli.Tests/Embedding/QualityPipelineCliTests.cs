using System.CommandLine;
using QiSdk.Cli;
using QiSdk.Codes;
using QiSdk.Feedback;
using QiSdk.Indicators;
using QiSdk.Privacy;
using QiSdk.Records;
using QiSdk.Synthetic;

namespace QiSdk.Tests.Embedding;

/// <summary>
/// The one composition root as the qi tool uses it: before it, <c>qi evaluate</c> wired the stages itself and disagreed
/// with the host; one test per former difference pins the pipeline's behaviour, which now holds everywhere.
/// </summary>
public sealed class QualityPipelineCliTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = TestPaths.NewTempFolder();

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static (int Exit, string Out, string Err) Qi(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = QiCommand.Create().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    private string Records(int patients = 60)
    {
        string dir = Path.Combine(_dir, "records");
        SyntheticPractice.Export(new SyntheticPracticeOptions { Patients = patients, Seed = 3 }, new SyntheticExportOptions { Directory = dir });
        return dir;
    }

    /// <summary>A code list whose one member is in a system nobody registered: building the terminology reports QI2011.</summary>
    private string UnregisteredSystemCodeSet()
    {
        string path = Path.Combine(_dir, "vendor-sets.json");
        File.WriteAllText(path, """
            {"format":"qisdk-codesets/1","codeSets":[{"name":"VENDOR_COD","codes":[{"system":"https://emr.example/codes","code":"X1"}]}]}
            """);
        return path;
    }

    [Test]
    public void Former_difference_1_qi_evaluate_counts_terminology_build_issues_as_the_host_did()
    {
        // Before: only the DI service forwarded Terminology.Issues to the run's log, so qi evaluate reported fewer problems.
        string setFile = UnregisteredSystemCodeSet();
        var pipeline = QualityPipeline.Create(new QualityPipelineOptions { CodeSetFiles = [setFile] });
        Assume.That(pipeline.Terminology.Issues.Select(i => i.Code), Does.Contain(QiErrorCodes.Codes.MemberUnknownSystem));

        var (exit, output, error) = Qi("evaluate", "--records", Records(), "--indicators", "qof-dm020-hba1c-58", "--period-end", "2025-03-31",
            "--value-set", setFile, "--out", Path.Combine(_dir, "out"));

        Assert.That(exit, Is.EqualTo(ExitCodes.Ok), error);
        Assert.That(output, Does.Contain(QiErrorCodes.Codes.MemberUnknownSystem + " x1"));
        Assert.That(pipeline.CreateRunLog().Snapshot(), Is.EqualTo(pipeline.SetupIssues), "every run starts with the set-up issues");
    }

    [Test]
    public void Former_difference_3_qi_evaluate_checks_a_definition_files_code_sets_when_it_reads_it()
    {
        // Before: only the DI service and CustomAudit passed the code-set check; qi evaluate read the file unchecked.
        string definition = Path.Combine(_dir, "custom.json");
        string json = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "examples", "CustomAudit", "diabetes-hba1c-recorded-12m.json"))
            .Replace("IFCCHBAM_COD", "NO_SUCH_COD", StringComparison.Ordinal);
        File.WriteAllText(definition, json);

        var (exit, _, error) = Qi("evaluate", "--records", Records(20), "--indicators", definition, "--period-end", "2025-03-31", "--out", Path.Combine(_dir, "out"));

        Assert.That(exit, Is.EqualTo(ExitCodes.UsageOrInputError));
        Assert.That(error, Does.Contain(QiErrorCodes.Indicators.UnknownCodeSet).And.Contain("NO_SUCH_COD").And.Contain("custom.json"));
    }

}
