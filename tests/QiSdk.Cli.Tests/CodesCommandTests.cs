using System.CommandLine;
using System.Text.Json;
using QiSdk.Cli;
using QiSdk.Codes;
using QiSdk.Records;

namespace QiSdk.Tests.Cli;

public sealed class CodesCommandTests
{
    private static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await QiCommand.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }).ConfigureAwait(false);
        return (exit, output.ToString(), error.ToString());
    }

    private static string Patients(string measure) => TestPaths.Fixture("ecqm", measure, "patients");

    [Test]
    public async Task Json_report_lists_unmapped_codes_with_counts_that_agree_with_the_api()
    {
        var (exit, stdout, stderr) = await Run("codes", "--records", Patients("CMS122"), "--json");
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok), stderr);
        using var doc = JsonDocument.Parse(stdout);
        var unmapped = doc.RootElement.GetProperty("unmapped").EnumerateArray()
            .Select(u => (u.GetProperty("system").GetString(), u.GetProperty("code").GetString(), u.GetProperty("records").GetInt32(), u.GetProperty("patients").GetInt32()))
            .ToList();

        var read = await new FhirRecordReader().ReadAsync(Patients("CMS122"), new DataQualityLog());
        var expected = CoverageReport.Create(read.Patients, Terminology.Create(BuiltInCodeSets.Load())).Unmapped
            .Select(u => (u.System, u.Code, u.Records, u.Patients)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(unmapped, Is.EqualTo(expected));
            Assert.That(unmapped, Is.Not.Empty);
            Assert.That(unmapped.Select(u => u.Item4), Is.Ordered.Descending);
            Assert.That(doc.RootElement.GetProperty("patients").GetInt32(), Is.EqualTo(read.Patients.Length));
        });
    }

    [Test]
    public async Task Value_sets_given_on_the_command_line_feed_code_sets_and_shrink_the_unmapped_list()
    {
        string bundle = TestPaths.Fixture("ecqm", "CMS122", "measure-bundle.json");
        var (_, without, _) = await Run("codes", "--records", Patients("CMS122"), "--json");
        var (exit, with, stderr) = await Run("codes", "--records", Patients("CMS122"), "--value-set", bundle, "--json");
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok), stderr);
        using var a = JsonDocument.Parse(without);
        using var b = JsonDocument.Parse(with);
        var diabetes = b.RootElement.GetProperty("codeSets").EnumerateArray()
            .Single(s => s.GetProperty("name").GetString() == "http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.103.12.1001");
        Assert.Multiple(() =>
        {
            Assert.That(diabetes.GetProperty("patients").GetInt32(), Is.GreaterThan(0));
            Assert.That(b.RootElement.GetProperty("unmapped").GetArrayLength(), Is.LessThan(a.RootElement.GetProperty("unmapped").GetArrayLength()));
        });
    }

    [Test]
    public async Task Options_accept_several_values_per_token_and_repeated()
    {
        string bundle = TestPaths.Fixture("ecqm", "CMS122", "measure-bundle.json");
        var (exit1, out1, _) = await Run("codes", "--records", Patients("CMS122"), Patients("CMS165"), "--value-set", bundle, bundle.Replace("CMS122", "CMS165", StringComparison.Ordinal), "--json");
        var (exit2, out2, _) = await Run("codes", "--records", Patients("CMS122"), "--records", Patients("CMS165"), "--value-set", bundle, "--value-set", bundle.Replace("CMS122", "CMS165", StringComparison.Ordinal), "--json");
        Assert.That((exit1, exit2), Is.EqualTo((0, 0)));
        Assert.That(out2, Is.EqualTo(out1));
    }

    [Test]
    public async Task Table_output_names_the_sections()
    {
        var (exit, stdout, _) = await Run("codes", "--records", Patients("CMS165"));
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok));
        Assert.That(stdout, Does.Contain("Unmapped codes").And.Contain("patients").And.Contain("Code sets fed by the records"));
    }

    [Test]
    public async Task Missing_value_set_file_is_one_clear_line_on_stderr_and_exit_code_2()
    {
        var (exit, stdout, stderr) = await Run("codes", "--records", Patients("CMS165"), "--value-set", "/nonexistent/vs.json");
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(ExitCodes.UsageOrInputError));
            Assert.That(stderr.Trim().Split('\n'), Has.Length.EqualTo(1));
            Assert.That(stderr, Does.Contain("QI2007").And.Contain("/nonexistent/vs.json"));
            Assert.That(stdout, Is.Empty);
        });
    }

    [Test]
    public async Task Bad_code_map_row_is_reported_with_file_and_line_and_exit_code_2()
    {
        string folder = TestPaths.NewTempFolder();
        string map = Path.Combine(folder, "map.csv");
        await File.WriteAllTextAsync(map, "source_system,source_code,target_system,target_code\nL,A,SNOMED,73211009\nL,,SNOMED,73211009\n");
        var (exit, _, stderr) = await Run("codes", "--records", Patients("CMS165"), "--code-map", map);
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(ExitCodes.UsageOrInputError));
            Assert.That(stderr, Does.Contain("QI2051").And.Contain("map.csv:line 3"));
        });
    }

    [Test]
    public async Task Missing_records_option_is_a_usage_error()
    {
        var (exit, _, stderr) = await Run("codes", "--json");
        Assert.That(exit, Is.Not.EqualTo(ExitCodes.Ok));
        Assert.That(stderr, Does.Contain("--records"));
    }
}
