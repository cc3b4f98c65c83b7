using System.CommandLine;
using System.Text;
using System.Text.Json;
using QiSdk.Cli;

namespace QiSdk.Tests.Cli;

/// <summary>Issue 12, items 1, 4-8 as a user meets them: through the real `qi` entry point (exit codes, messages, files).</summary>
public sealed class CliReliabilityTests
{
    private static async Task<(int Exit, string Out, string Err)> Qi(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = await QiCli.RunAsync(QiCommand.Create(), args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private static string Write(string folder, string name, byte[] bytes)
    {
        string path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static readonly byte[] BadUtf8Line = [.. "{\"resourceType\":\"Patient\",\"id\":\"p"u8, 0xE9, .. "1\"}\n"u8];

    private static byte[] Practice(string extra = "") => Encoding.UTF8.GetBytes(
        """
        {"resourceType":"Patient","id":"p1","gender":"female","birthDate":"1950-01-01"}
        {"resourceType":"Observation","id":"o1","status":"final","subject":{"reference":"Patient/p1"},"code":{"coding":[{"system":"http://snomed.info/sct","code":"999791000000106"}]},"effectiveDateTime":"2025-01-10","valueQuantity":{"value":48,"unit":"mmol/mol"}}

        """ + extra);

    [TestCase("inspect")]
    [TestCase("codes")]
    public async Task The_issue_example_of_one_invalid_byte_is_a_located_problem_not_a_crash(string command)
    {
        string dir = TestPaths.NewTempFolder();
        string file = Write(dir, "u.ndjson", [.. Practice(), .. BadUtf8Line]);

        var (exit, output, error) = await Qi(command, "--records", file, "--json");

        Assert.That(exit, Is.EqualTo(0), error);
        using var doc = JsonDocument.Parse(output);
        if (command == "inspect")
        {
            var problem = doc.RootElement.GetProperty("problems").EnumerateArray().First(p => p.GetProperty("code").GetString() == "QI1016");
            Assert.That(problem.GetProperty("line").GetInt32(), Is.EqualTo(3));
            Assert.That(problem.GetProperty("path").GetString(), Is.EqualTo("Patient.id"));
        }
        else
        {
            Assert.That(doc.RootElement.GetProperty("readerProblems").GetInt32(), Is.GreaterThan(0));
        }
    }

    [Test]
    public async Task Evaluate_goes_on_past_an_invalid_byte_and_strict_stops_with_exit_2()
    {
        string dir = TestPaths.NewTempFolder();
        string file = Write(dir, "u.ndjson", [.. Practice(), .. BadUtf8Line]);

        var lenient = await Qi("evaluate", "--records", file, "--indicators", "qof-dm020-hba1c-58", "--period-end", "2025-03-31", "--out", Path.Combine(dir, "out"));
        var strict = await Qi("evaluate", "--records", file, "--indicators", "qof-dm020-hba1c-58", "--period-end", "2025-03-31", "--out", Path.Combine(dir, "out2"), "--strict");

        Assert.That(lenient.Exit, Is.EqualTo(0), lenient.Err);
        Assert.That(lenient.Out, Does.Contain("QI1016"));
        Assert.That(strict.Exit, Is.EqualTo(2));
        Assert.That(strict.Err, Does.Contain("QI1016").And.Contain("line 3"));
    }

    [TestCase("0001-01-01")]
    [TestCase("0003-06-30")]
    [TestCase("0005-01-01")]
    public async Task A_period_end_in_the_first_years_of_the_calendar_is_no_crash(string date)
    {
        string dir = TestPaths.NewTempFolder();
        string file = Write(dir, "p.ndjson", Practice());

        var evaluate = await Qi("evaluate", "--records", file, "--indicators", "all", "--period-end", date, "--out", Path.Combine(dir, "out"));
        var demo = await Qi("demo", "--patients", "5", "--period-end", date);

        Assert.That(evaluate.Exit, Is.EqualTo(0), evaluate.Err);
        Assert.That(demo.Exit, Is.EqualTo(2));
        Assert.That(demo.Err, Does.Contain("1950-01-01"));
    }

    [Test]
    public async Task An_option_of_the_wrong_type_gets_a_readable_message()
    {
        var (exit, _, error) = await Qi("disclose", "--results", ".", "--policy", "differential-privacy", "--epsilon", "abc");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("'abc'").And.Contain("--epsilon").And.Contain("a number"));
        Assert.That(error, Does.Not.Contain("System."));
    }

    [TestCase("System.Nullable`1[System.Double]", "a number (e.g. 1.5)")]
    [TestCase("System.Int32", "a whole number")]
    [TestCase("System.Nullable`1[System.Int64]", "a whole number")]
    public void Parse_errors_name_types_in_words(string type, string words)
    {
        string message = QiCli.Readable($"Cannot parse argument 'x' for option '--n' as expected type '{type}'.");

        Assert.That(message, Is.EqualTo($"Cannot parse argument 'x' for option '--n': expected {words}."));
    }

    [Test]
    public async Task An_unexpected_exception_exits_70_with_one_line_and_a_file_holding_the_details()
    {
        var root = new RootCommand();
        var boom = new Command("boom");
        boom.SetAction((Func<ParseResult, int>)(_ => throw new InvalidOperationException("a bug\nsecond line")));
        root.Subcommands.Add(boom);
        string crashes = TestPaths.NewTempFolder();
        using var output = new StringWriter();
        using var error = new StringWriter();

        int exit = await QiCli.RunAsync(root, ["boom"], output, error, crashes);

        string log = Directory.GetFiles(crashes).Single();
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(70));
            Assert.That(error.ToString().TrimEnd().Split('\n'), Has.Length.EqualTo(1));
            Assert.That(error.ToString(), Does.Contain("internal error").And.Contain("InvalidOperationException: a bug").And.Contain(log));
            Assert.That(File.ReadAllText(log), Does.Contain("second line").And.Contain("at "));
        });
    }

    [Test]
    public async Task A_malformed_code_map_csv_is_a_located_error_with_exit_2()
    {
        string dir = TestPaths.NewTempFolder();
        string file = Write(dir, "p.ndjson", Practice());
        string map = Write(dir, "map.csv", "from,to\nabc,def\n"u8.ToArray());

        var (exit, _, error) = await Qi("evaluate", "--records", file, "--indicators", "qof-dm020-hba1c-58", "--period-end", "2025-03-31", "--code-map", map, "--out", Path.Combine(dir, "out"));

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("QI2050").And.Contain("map.csv").And.Contain("line 1"));
        Assert.That(Directory.Exists(Path.Combine(dir, "out")), Is.False, "nothing written");
    }

    [Test]
    public async Task A_concept_map_whose_group_is_not_an_array_is_reported()
    {
        string dir = TestPaths.NewTempFolder();
        string map = Write(dir, "cm.json", """{"resourceType":"ConceptMap","id":"x","url":"https://example.org/cm","group":"x"}"""u8.ToArray());
        var log = new DataQualityLog();

        QiSdk.Codes.CodeFiles.LoadCodeMap(map, log);

        var issue = log.Snapshot().Single();
        Assert.That(issue.Code, Is.EqualTo("QI2046"));
        Assert.That(issue.JsonPath, Is.EqualTo("ConceptMap.group"));
        var (exit, _, error) = await Qi("evaluate", "--records", Write(dir, "p.ndjson", Practice()), "--indicators", "qof-dm020-hba1c-58", "--period-end", "2025-03-31", "--code-map", map, "--out", Path.Combine(dir, "out"));
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("QI2046"));
    }

    [Test]
    public async Task Terminal_control_characters_from_records_are_printed_escaped()
    {
        string dir = TestPaths.NewTempFolder();
        string evil = """{"resourceType":"Observation","id":"o\u001b]0;owned\u0007","subject":{"reference":"Patient/p1"},"code":{"coding":[{"system":"http://x","code":"c\u001b[31m","display":"bell\u0007"}]},"effectiveDateTime":"bad\u001b[2J"}""";
        string file = Write(dir, "e.ndjson", Practice(evil + "\n"));

        var inspect = await Qi("inspect", "--records", file);
        var codes = await Qi("codes", "--records", file);

        foreach (var text in new[] { inspect.Out, codes.Out })
        {
            Assert.That(text, Does.Not.Contain("\u001b").And.Not.Contain("\u0007"));
        }

        Assert.That(inspect.Out, Does.Contain("\\e[2J"));
        Assert.That(codes.Out, Does.Contain("c\\e[31m"));
    }

    [Test]
    public async Task Inspect_json_survives_a_200_MB_string()
    {
        string dir = TestPaths.NewTempFolder();
        string path = Path.Combine(dir, "big.json");
        using (var f = File.Create(path))
        {
            f.Write("""{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","id":"p1"}},{"resource":{"resourceType":"Observation","id":"o","subject":{"reference":"Patient/p1"},"effectiveDateTime":" """u8.TrimEnd((byte)' '));
            byte[] chunk = new byte[1 << 20];
            Array.Fill(chunk, (byte)'9');
            for (int i = 0; i < 200; i++)
            {
                f.Write(chunk);
            }

            f.Write("\"}}]}"u8);
        }

        var (exit, output, error) = await Qi("inspect", "--records", path, "--json");

        Assert.That(exit, Is.EqualTo(0), error);
        using var doc = JsonDocument.Parse(output);
        Assert.That(doc.RootElement.GetProperty("problems")[0].GetProperty("code").GetString(), Is.EqualTo("QI1007"));
        Assert.That(output.Length, Is.LessThan(10_000));
    }

    [Test]
    public async Task Max_line_bytes_is_a_flag_of_every_reading_command()
    {
        string dir = TestPaths.NewTempFolder();
        string file = Write(dir, "p.ndjson", Practice());

        var inspect = await Qi("inspect", "--records", file, "--json", "--max-line-bytes", "1024");
        var tooSmall = await Qi("inspect", "--records", file, "--max-line-bytes", "10");
        var evaluate = await Qi("evaluate", "--records", file, "--indicators", "qof-dm020-hba1c-58", "--period-end", "2025-03-31", "--max-line-bytes", "2048", "--out", Path.Combine(dir, "o"));
        var codes = await Qi("codes", "--records", file, "--max-line-bytes", "2048");

        Assert.That(inspect.Exit, Is.EqualTo(0), inspect.Err);
        Assert.That(tooSmall.Exit, Is.EqualTo(2));
        Assert.That(evaluate.Exit, Is.EqualTo(0), evaluate.Err);
        Assert.That(codes.Exit, Is.EqualTo(0), codes.Err);
        Assert.That((await Qi("demo", "--help")).Out, Does.Contain("--max-line-bytes"));
    }

    [Test]
    public async Task Empty_input_warns_and_strict_evaluation_refuses_it()
    {
        string dir = TestPaths.NewTempFolder();
        string file = Write(dir, "empty.ndjson", []);

        var lenient = await Qi("evaluate", "--records", file, "--indicators", "qof-dm020-hba1c-58", "--period-end", "2025-03-31", "--out", Path.Combine(dir, "o"));
        var strict = await Qi("evaluate", "--records", file, "--indicators", "qof-dm020-hba1c-58", "--period-end", "2025-03-31", "--out", Path.Combine(dir, "o2"), "--strict");

        Assert.That(lenient.Exit, Is.EqualTo(0));
        Assert.That(lenient.Out + lenient.Err, Does.Contain("QI1022"));
        Assert.That(strict.Exit, Is.EqualTo(2));
        Assert.That(strict.Err, Does.Contain("QI1022"));
    }

    [Test]
    public async Task Stale_data_is_a_warning_naming_the_latest_date_and_the_gap()
    {
        string dir = TestPaths.NewTempFolder();
        string file = Write(dir, "p.ndjson", Practice());

        var (exit, output, error) = await Qi("evaluate", "--records", file, "--indicators", "qof-dm020-hba1c-58", "--period-end", "2026-03-31", "--out", Path.Combine(dir, "o"));
        var fresh = await Qi("evaluate", "--records", file, "--indicators", "qof-dm020-hba1c-58", "--period-end", "2025-03-31", "--out", Path.Combine(dir, "o2"));

        Assert.That(exit, Is.EqualTo(0), error);
        Assert.That(output + error, Does.Contain("QI3202").And.Contain("2025-01-10").And.Contain("445 days"));
        Assert.That(fresh.Out + fresh.Err, Does.Not.Contain("QI3202"));
    }

    [Test]
    public async Task Disclose_refuses_results_whose_files_are_not_one_set()
    {
        string dir = TestPaths.NewTempFolder();
        string out1 = Path.Combine(dir, "out");
        string file = Write(dir, "p.ndjson", Practice());
        Assert.That((await Qi("evaluate", "--records", file, "--indicators", "qof-dm020-hba1c-58", "--period-end", "2025-03-31", "--out", out1)).Exit, Is.EqualTo(0));
        File.AppendAllText(Path.Combine(out1, "measure-reports.csv"), "half,written\n");

        var (exit, _, error) = await Qi("disclose", "--results", out1, "--policy", "small-number-suppression", "--preview");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("measure-reports.csv").And.Contain("not one complete set"));
    }
}
