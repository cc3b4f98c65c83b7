using System.CommandLine;
using System.IO.Compression;
using System.Text;
using QiSdk.Cli;
using QiSdk.Codes;
using QiSdk.Indicators;
using QiSdk.Reports;
using QiSdk.Synthetic;

namespace QiSdk.Firely.Tests.Conformance;

/// <summary>
/// Everything QiSdk writes as FHIR validates against the base R4 specification with Firely's validator with zero errors,
/// and QiSdk's own extensions resolve to the StructureDefinitions it ships: MeasureReports of all three types for every
/// catalogue indicator, disclosure Bundles, the catalogue's Measures, ValueSets and StructureDefinitions
/// (<c>qi indicators --fhir</c>), and synthetic practice records in every <c>qi synth</c> format.
/// </summary>
public sealed class WrittenFhirConformanceTests
{
    private static readonly DateOnly ReferenceDate = new(2025, 3, 31);

    private static readonly Lazy<IReadOnlyList<IndicatorResult>> Results = new(() =>
    {
        var options = new SyntheticPracticeOptions { Patients = 80, Seed = 11, CodingMix = CodingMix.SnomedOnly, ReferenceDate = ReferenceDate };
        var patients = SyntheticPractice.GenerateAll(options);
        var catalogue = IndicatorCatalogue.BuiltIn();
        var set = new IndicatorEngine(Terminology.Create(BuiltInCodeSets.Load())).Compile(catalogue.Definitions, new MeasurementPeriod(ReferenceDate));
        return [.. set.Evaluate(patients, new DataQualityLog()).Select(r => r with { Summary = r.Summary with { Reporter = "The Long Lane Surgery Partnership, Unit 4" } })];
    });

    [Test]
    public void Summary_measure_reports_of_every_catalogue_indicator_have_no_errors_and_resolve_their_extensions()
    {
        string json = Write(s => MeasureReportJson.WriteSummaryBundle(s, Results.Value.Select(r => r.Summary)));
        AssertConformant([("summary bundle", json)]);
    }

    [Test]
    public void Subject_list_measure_reports_have_no_errors()
    {
        string json = Write(s => MeasureReportJson.WriteSubjectListBundle(s, Results.Value));
        AssertConformant([("subject-list bundle", json)]);
    }

    [Test]
    public void Individual_measure_reports_have_no_errors()
    {
        string json = Write(s => MeasureReportJson.WriteIndividualBundle(s, Results.Value));
        Assert.That(json, Does.Contain("\"individual\""), "the practice has patients in some population");
        AssertConformant([("individual bundle", json)]);
    }

    [TestCase("subject-list")]
    [TestCase("individual")]
    public async Task Patient_level_reports_written_by_qi_evaluate_for_an_ecqm_measure_bundle_have_no_errors(string reportType)
    {
        // The real CMS165 test patients and measure bundle, evaluated by the tool with --report-type: what a user compares
        // with the expected MeasureReports. Ids must stay within 64 characters although patient ids are 36-character UUIDs.
        string cms165 = Path.Combine(TestPaths.Fixtures, "ecqm", "CMS165");
        string outDir = TestPaths.NewTempFolder();
        var (exit, _, stderr) = await Run(
            "evaluate", "--records", Path.Combine(cms165, "patients"), "--value-set", Path.Combine(cms165, "measure-bundle.json"),
            "--indicators", Path.Combine(TestPaths.RepoRoot, "tests", "QiSdk.Tests", "Indicators", "Ecqm", "cms165.json"),
            "--period-start", "2025-01-01", "--period-end", "2025-12-31", "--practice", "P12345", "--out", outDir, "--report-type", reportType);
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok), stderr);
        string json = File.ReadAllText(Path.Combine(outDir, $"measure-reports-{reportType}.json"));
        Assert.That(json, Does.Contain($"\"type\": \"{reportType}\""));
        AssertConformant([($"measure-reports-{reportType}.json", json)]);
    }

    [TestCase("small-number-suppression")]
    [TestCase("process-only", "small-number-suppression", "--suppression-profile", "cms")]
    [TestCase("differential-privacy", "--epsilon", "0.5")]
    public async Task Disclosure_bundle_written_by_qi_disclose_has_no_errors(params string[] policy)
    {
        string root = TestPaths.NewTempFolder();
        string results = Path.Combine(root, "eval");
        Directory.CreateDirectory(results);
        MeasureReportFiles.Write(results, Results.Value.Select(r => r.Summary));
        string outDir = Path.Combine(root, "out");
        string[] args = ["disclose", "--policy", .. policy, "--results", results, "--out", outDir, "--audit-log", Path.Combine(root, "audit.log")];
        var (exit, _, stderr) = await Run(args);
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok), stderr);
        AssertConformant([("disclosure.json", File.ReadAllText(Path.Combine(outDir, "disclosure.json")))]);
    }

    [Test]
    public void Cluster_aggregate_disclosure_has_no_errors()
    {
        string root = TestPaths.NewTempFolder();
        var dirs = new List<string>();
        string[] practices = ["A81001", "A81002", "A81003"];
        for (int i = 0; i < practices.Length; i++)
        {
            // Each practice releases a different set of indicators: identical content under two codes is refused as a duplicate.
            string dir = Path.Combine(root, practices[i]);
            Directory.CreateDirectory(dir);
            MeasureReportFiles.Write(dir, Results.Value.Skip(i).Select(r => r.Summary with { Reporter = practices[i] }));
            dirs.Add(dir);
        }

        const string ClusterId = "North Shore GP cluster with a long descriptive name";
        string auditLog = Path.Combine(root, "audit.log");
        var (registered, _, registerError) = Run(["cluster", "register", "--cluster-id", ClusterId, "--practices", string.Join(',', practices), "--audit-log", auditLog]).GetAwaiter().GetResult();
        Assert.That(registered, Is.EqualTo(ExitCodes.Ok), registerError);

        string outDir = Path.Combine(root, "out");
        var (exit, _, stderr) = Run(["disclose", "--policy", "cluster-aggregate", "--cluster-id", ClusterId, "--results", .. dirs, "--out", outDir, "--audit-log", auditLog]).GetAwaiter().GetResult();
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok), stderr);
        AssertConformant([("disclosure.json", File.ReadAllText(Path.Combine(outDir, "disclosure.json")))]);
    }

    [Test]
    public async Task Catalogue_published_by_qi_indicators_fhir_has_no_errors_and_its_extensions_resolve()
    {
        string dir = Path.Combine(TestPaths.NewTempFolder(), "fhir");
        var (exit, stdout, stderr) = await Run("indicators", "--fhir", "--out", dir);
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok), stderr);
        var files = Directory.GetFiles(dir, "*.json").Order(StringComparer.Ordinal).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(files.Count(f => Path.GetFileName(f).StartsWith("Measure-", StringComparison.Ordinal)), Is.EqualTo(IndicatorCatalogue.BuiltIn().Definitions.Length));
            Assert.That(files.Count(f => Path.GetFileName(f).StartsWith("StructureDefinition-", StringComparison.Ordinal)), Is.EqualTo(FhirTerms.Extensions.Length));
            Assert.That(files.Count(f => Path.GetFileName(f).StartsWith("ValueSet-", StringComparison.Ordinal)), Is.GreaterThan(10));
            Assert.That(stdout, Does.Contain("Measure"));
        });
        AssertConformant([.. files.Select(f => (Path.GetFileName(f), File.ReadAllText(f)))]);
    }

    [TestCase(SyntheticOutputFormat.Ndjson, SyntheticBundleType.Collection, false)]
    [TestCase(SyntheticOutputFormat.NdjsonGzip, SyntheticBundleType.Collection, false)]
    [TestCase(SyntheticOutputFormat.Bundle, SyntheticBundleType.Collection, false)]
    [TestCase(SyntheticOutputFormat.Bundle, SyntheticBundleType.Transaction, false)]
    [TestCase(SyntheticOutputFormat.Bundle, SyntheticBundleType.Transaction, true)]
    public void Synthetic_practice_records_have_no_errors(SyntheticOutputFormat format, SyntheticBundleType bundleType, bool single)
    {
        string dir = TestPaths.NewTempFolder();
        var options = new SyntheticPracticeOptions { Patients = 25, Seed = 3, ReferenceDate = ReferenceDate };
        SyntheticPractice.Export(options, new SyntheticExportOptions { Directory = dir, Format = format, BundleType = bundleType, SingleBundle = single, WriteCodeMap = false });
        var resources = new List<(string Where, string Json)>();
        foreach (string file in Directory.GetFiles(dir).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(file);
            if (name.EndsWith(".ndjson", StringComparison.Ordinal) || name.EndsWith(".ndjson.gz", StringComparison.Ordinal))
            {
                using Stream raw = File.OpenRead(file);
                using Stream stream = name.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(raw, CompressionMode.Decompress) : raw;
                using var reader = new StreamReader(stream, Encoding.UTF8);
                int line = 0;
                while (reader.ReadLine() is { } text)
                {
                    line++;
                    resources.Add(($"{name} line {line}", text));
                }
            }
            else
            {
                resources.Add((name, File.ReadAllText(file)));
            }
        }

        Assert.That(resources, Has.Count.GreaterThan(single ? 0 : 5));
        AssertConformant(resources);
    }

    internal static void AssertConformant(IReadOnlyList<(string Where, string Json)> resources)
    {
        var errors = new List<string>();
        var unresolved = new List<string>();
        foreach (var (where, json) in resources)
        {
            foreach (var issue in R4Validator.Issues(json, where))
            {
                if (issue.Severity is Hl7.Fhir.Model.OperationOutcome.IssueSeverity.Error or Hl7.Fhir.Model.OperationOutcome.IssueSeverity.Fatal)
                {
                    errors.Add(issue.Text);
                }
                else if (issue.Text.Contains("qisdk.org", StringComparison.Ordinal))
                {
                    unresolved.Add(issue.Text);
                }
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty, $"{errors.Count} errors; first: \n" + string.Join("\n", errors.Distinct().Take(25)));
            Assert.That(unresolved, Is.Empty, "issues about QiSdk's own extensions or URLs:\n" + string.Join("\n", unresolved.Distinct().Take(25)));
        });
    }

    private static string Write(Action<Stream> write)
    {
        using var stream = new MemoryStream();
        write(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await QiCommand.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }).ConfigureAwait(false);
        return (exit, output.ToString(), error.ToString());
    }
}
