using System.CommandLine;
using System.Text.Json;
using QiSdk.Cli;

namespace QiSdk.Tests.Cli;

/// <summary><c>qi inspect</c> run in-process through the real command tree, with captured output.</summary>
public sealed class InspectCommandTests
{
    private static async Task<(int ExitCode, string Out, string Err)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await QiCommand.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }


    [Test]
    public async Task Json_output_has_patients_resources_and_problems()
    {
        string folder = TestPaths.NewTempFolder();
        File.WriteAllText(Path.Combine(folder, "export.ndjson"), """
            {"resourceType":"Patient","id":"p"}
            {"resourceType":"Observation","id":"o","subject":{"reference":"Patient/p"},"effectiveDateTime":"2024-13-01"}
            {"resourceType":"Observation","id":"x","subject":{"reference":"Patient/ghost"}}
            {"resourceType":"Claim","id":"c"}
            """);

        var (code, stdout, stderr) = await Run("inspect", "--records", folder, "--json");

        Assert.That(code, Is.EqualTo(0), stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("patients").GetInt32(), Is.EqualTo(1));
            var obs = root.GetProperty("resources").GetProperty("Observation");
            Assert.That(obs.GetProperty("read").GetInt32(), Is.EqualTo(2));
            Assert.That(obs.GetProperty("kept").GetInt32(), Is.EqualTo(1));
            Assert.That(obs.GetProperty("skipped").GetInt32(), Is.EqualTo(1));
            Assert.That(obs.GetProperty("skippedReasons").GetProperty("unknown-patient").GetInt32(), Is.EqualTo(1));
            Assert.That(root.GetProperty("resources").GetProperty("Claim").GetProperty("skippedReasons").GetProperty("unsupported-type").GetInt32(), Is.EqualTo(1));
            var problems = root.GetProperty("problems").EnumerateArray().ToList();
            Assert.That(problems.Select(p => p.GetProperty("code").GetString()), Is.EqualTo(new[] { "QI1007", "QI1010" }));
            Assert.That(problems[0].GetProperty("file").GetString(), Is.EqualTo(Path.Combine(folder, "export.ndjson")));
            Assert.That(problems[0].GetProperty("line").GetInt32(), Is.EqualTo(2));
            Assert.That(problems[0].GetProperty("path").GetString(), Is.EqualTo("Observation.effectiveDateTime"));
            Assert.That(problems[0].GetProperty("resourceId").GetString(), Is.EqualTo("o"));
            Assert.That(problems[1].GetProperty("line").GetInt32(), Is.EqualTo(3));
            Assert.That(problems[1].GetProperty("message").GetString(), Does.Contain("Patient/ghost"));
            Assert.That(root.GetProperty("unresolvedPatientReferences").GetInt32(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Inspect_reports_a_syntax_error_inside_a_resource_type_the_model_does_not_keep()
    {
        string folder = TestPaths.NewTempFolder();
        File.WriteAllText(Path.Combine(folder, "export.ndjson"), """
            {"resourceType":"Patient","id":"p"}
            {"resourceType":"Claim","id":"c","status":"active" "patient":{"reference":"Patient/p"}}
            """);

        var (code, stdout, stderr) = await Run("inspect", "--records", folder, "--json");

        Assert.That(code, Is.EqualTo(0), stderr);
        using var doc = JsonDocument.Parse(stdout);
        var problem = doc.RootElement.GetProperty("problems").EnumerateArray().Single();
        Assert.Multiple(() =>
        {
            Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo("QI1003"));
            Assert.That(problem.GetProperty("line").GetInt32(), Is.EqualTo(2));
            Assert.That(doc.RootElement.GetProperty("resources").GetProperty("Claim").GetProperty("skippedReasons").GetProperty("malformed-json").GetInt32(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Text_output_lists_types_patients_and_problems()
    {
        var (code, stdout, _) = await Run("inspect", "--records", TestPaths.Synthea);

        Assert.That(code, Is.EqualTo(0));
        Assert.That(stdout, Does.Contain("Observation").And.Contain("2748").And.Contain("unsupported-type 519"));
        Assert.That(stdout, Does.Contain("patients: 38"));
        Assert.That(stdout, Does.Contain("problems: 0"));
        Assert.That(stdout, Does.Contain("resources naming no patient in the input: 0"));
    }

    [Test]
    public async Task Several_paths_after_one_option_or_the_option_repeated_read_the_same()
    {
        string a = Path.Combine(TestPaths.Synthea, "Ned_Hintz_e4b9259d-0f54-48d1-a35d-b526729a4dfe.json");
        string b = Path.Combine(TestPaths.Synthea, "Wendy_Littel_e52450ac-3b5b-433c-9ece-2f6dbc61ef97.json");

        var together = await Run("inspect", "--records", a, b, "--json");
        var repeated = await Run("inspect", "--records", a, "--records", b, "--json");

        Assert.That(together.ExitCode, Is.EqualTo(0));
        Assert.That(JsonDocument.Parse(together.Out).RootElement.GetProperty("patients").GetInt32(), Is.EqualTo(2));
        Assert.That(repeated.Out, Is.EqualTo(together.Out));
    }

    [Test]
    public async Task Problems_in_lenient_mode_still_exit_0()
    {
        string file = Path.Combine(TestPaths.NewTempFolder(), "bad.ndjson");
        File.WriteAllText(file, "{\"resourceType\":\"Patient\",\"id\":\"p\"}\n{not json\n");

        var (code, stdout, _) = await Run("inspect", "--records", file);

        Assert.That(code, Is.EqualTo(0));
        Assert.That(stdout, Does.Contain("QI1003").And.Contain("line 2"));
    }

    [Test]
    public async Task Strict_failure_exits_2_with_the_located_problem_on_stderr()
    {
        string file = Path.Combine(TestPaths.NewTempFolder(), "bad.ndjson");
        File.WriteAllText(file, "{\"resourceType\":\"Patient\",\"id\":\"p\"}\n{not json\n");

        var (code, stdout, stderr) = await Run("inspect", "--records", file, "--strict", "--json");

        Assert.That(code, Is.EqualTo(2));
        Assert.That(stdout, Is.Empty);
        Assert.That(stderr.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(stderr, Does.Contain("QI1003").And.Contain(file).And.Contain("line 2"));
    }

    [Test]
    public async Task Missing_path_exits_2_and_says_which()
    {
        string missing = Path.Combine(TestPaths.NewTempFolder(), "absent");

        var (code, stdout, stderr) = await Run("inspect", "--records", TestPaths.Synthea, missing);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(stdout, Is.Empty);
        Assert.That(stderr, Does.Contain("QI1001").And.Contain(missing));
    }

    [Test]
    public async Task Missing_records_option_exits_2()
    {
        var (code, _, stderr) = await Run("inspect", "--json");

        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("--records"));
    }
}
