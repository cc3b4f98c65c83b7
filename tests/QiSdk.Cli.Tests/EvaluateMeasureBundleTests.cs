using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using QiSdk.Cli;
using QiSdk.Indicators;
using QiSdk.Tests.Indicators.Ecqm;

namespace QiSdk.Tests.Cli;

/// <summary>
/// <c>qi evaluate</c> run on a real eCQM measure bundle (../shared/fixtures/ecqm) as it is: <c>--value-set
/// measure-bundle.json</c> with a definition naming the ValueSets by their computable <c>name</c> (or url), and the
/// patient-level report types. The independent figures are fqm-execution's (the fixture's <c>oracle-results.json</c>)
/// and the expected MeasureReports in the test-case Bundles.
/// </summary>
public sealed class EvaluateMeasureBundleTests
{
    private static string Cms165 => TestPaths.Fixture("ecqm", "CMS165");

    private static string Cms165Definition => Path.Combine(TestPaths.RepoRoot, "tests", "QiSdk.Tests", "Indicators", "Ecqm", "cms165.json");

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = QiCommand.Create().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    private static (int Exit, string Out, string Err) Evaluate(string definition, string outDir, params string[] extra) =>
        Run(["evaluate", "--records", Path.Combine(Cms165, "patients"), "--indicators", definition, "--value-set", Path.Combine(Cms165, "measure-bundle.json"),
            "--period-start", "2025-01-01", "--period-end", "2025-12-31", "--out", outDir, .. extra]);

    private static Dictionary<string, int> SummaryCounts(string outDir)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "measure-reports.json")));
        return Populations(doc.RootElement.GetProperty("entry")[0].GetProperty("resource"));
    }

    private static Dictionary<string, int> Populations(JsonElement report) =>
        report.GetProperty("group")[0].GetProperty("population").EnumerateArray()
            .ToDictionary(p => p.GetProperty("code").GetProperty("coding")[0].GetProperty("code").GetString()!, p => p.GetProperty("count").GetInt32(), StringComparer.Ordinal);

    [Test]
    public void Measure_bundle_is_used_as_it_is_and_definitions_name_its_value_sets_by_name()
    {
        string outDir = TestPaths.NewTempFolder();
        var (exit, output, error) = Evaluate(Cms165Definition, outDir);
        Assert.That(exit, Is.EqualTo(0), error + output);
        Assert.That(error, Does.Not.Contain("QI3010"));

        // fqm-execution's totals over the same test patients: the initial population and denominator agree (docs/ecqm-gaps.md:
        // every CMS165 disagreement is an exclusion or the numerator).
        using var oracle = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Cms165, "oracle-results.json")));
        var expected = oracle.RootElement.GetProperty("groupTotals")[0].GetProperty("populations");
        var counts = SummaryCounts(outDir);
        Assert.That(counts["initial-population"], Is.EqualTo(expected.GetProperty("initial-population").GetInt32()));
        Assert.That(counts["denominator"], Is.EqualTo(expected.GetProperty("denominator").GetInt32()));
    }

    [Test]
    public void A_value_set_named_by_url_or_by_name_gives_the_same_counts()
    {
        // Every code set the definition takes from the bundle, renamed to its canonical url.
        var urls = ValueSetUrlsByName();
        var definition = JsonNode.Parse(File.ReadAllText(Cms165Definition))!;
        int renamed = RenameCodeSetReferences(definition, name => urls.TryGetValue(name, out var url) ? url : name);
        Assert.That(renamed, Is.GreaterThan(10), "the definition names the bundle's ValueSets");
        string byUrl = Path.Combine(TestPaths.NewTempFolder(), "cms165-by-url.json");
        File.WriteAllText(byUrl, definition.ToJsonString());

        string nameOut = TestPaths.NewTempFolder();
        string urlOut = TestPaths.NewTempFolder();
        Assert.That(Evaluate(Cms165Definition, nameOut).Exit, Is.EqualTo(0));
        var (exit, _, error) = Evaluate(byUrl, urlOut);
        Assert.That(exit, Is.EqualTo(0), error);
        Assert.That(SummaryCounts(urlOut), Is.EqualTo(SummaryCounts(nameOut)));
    }

    [Test]
    public void A_name_two_loaded_value_sets_share_is_refused_with_both_urls_and_the_definition_path()
    {
        // A second ValueSet with the computable name OfficeVisit but another url: which one the definition means is unknowable.
        string dir = TestPaths.NewTempFolder();
        string other = Path.Combine(dir, "other-office-visit.json");
        File.WriteAllText(other, """
            {"resourceType": "ValueSet", "id": "local-office-visit", "url": "https://example.org/fhir/ValueSet/office-visit", "name": "OfficeVisit",
             "status": "active", "compose": {"include": [{"system": "http://snomed.info/sct", "concept": [{"code": "185463005"}]}]}}
            """);
        var (exit, _, error) = Evaluate(Cms165Definition, Path.Combine(dir, "out"), "--value-set", other);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("QI3020").And.Contain("'OfficeVisit'")
            .And.Contain("http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1001")
            .And.Contain("https://example.org/fhir/ValueSet/office-visit")
            .And.Contain("cms165.json").And.Contain("$.rules["));
        Assert.That(error, Does.Not.Contain("QI3010"));
    }

    [Test]
    public void Individual_reports_give_each_patient_the_populations_the_engine_gives_them()
    {
        string outDir = TestPaths.NewTempFolder();
        var (exit, output, error) = Evaluate(Cms165Definition, outDir, "--report-type", "individual");
        Assert.That(exit, Is.EqualTo(0), error);
        Assert.That(output, Does.Contain("measure-reports-individual.json"));

        var engine = EcqmComparisonTests.Compare("CMS165", "cms165.json", 1).GetAwaiter().GetResult()
            .Where(c => c.Actual.Values.Any(v => v > 0))
            .ToDictionary(c => c.Patient, c => c.Actual, StringComparer.Ordinal);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "measure-reports-individual.json")));
        var reports = doc.RootElement.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource")).ToList();
        Assert.That(reports.Select(r => r.GetProperty("type").GetString()).Distinct(), Is.EqualTo(new[] { "individual" }));
        var bySubject = reports.ToDictionary(r => r.GetProperty("subject").GetProperty("reference").GetString()!, Populations, StringComparer.Ordinal);
        Assert.That(bySubject.Keys, Is.EquivalentTo(engine.Keys.Select(p => "Patient/" + p)), "one report per patient in any population");
        foreach (var (patient, expected) in engine)
        {
            var written = bySubject["Patient/" + patient];
            foreach (var (population, count) in expected)
            {
                Assert.That(written.GetValueOrDefault(population), Is.EqualTo(count), $"{patient} {population}");
            }
        }

        Assert.That(reports.Select(r => r.GetProperty("id").GetString()!.Length), Has.All.LessThanOrEqualTo(64));
        Assert.That(reports.Select(r => r.GetProperty("id").GetString()).Distinct().Count(), Is.EqualTo(reports.Count));

        // The summary files are written exactly as without --report-type.
        string plain = TestPaths.NewTempFolder();
        Assert.That(Evaluate(Cms165Definition, plain).Exit, Is.EqualTo(0));
        foreach (string file in new[] { "measure-reports.json", "measure-reports.csv", "measure-reports.manifest.json" })
        {
            Assert.That(File.ReadAllBytes(Path.Combine(outDir, file)), Is.EqualTo(File.ReadAllBytes(Path.Combine(plain, file))), file);
        }

        Assert.That(Directory.GetFiles(plain).Select(Path.GetFileName), Is.EquivalentTo(new[] { "measure-reports.json", "measure-reports.csv", "measure-reports.manifest.json" }));
    }

    [Test]
    public void Subject_list_report_lists_as_many_patients_per_population_as_it_counts()
    {
        string outDir = TestPaths.NewTempFolder();
        var (exit, _, error) = Evaluate(Cms165Definition, outDir, "--report-type", "subject-list");
        Assert.That(exit, Is.EqualTo(0), error);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "measure-reports-subject-list.json")));
        var report = doc.RootElement.GetProperty("entry")[0].GetProperty("resource");
        Assert.That(report.GetProperty("type").GetString(), Is.EqualTo("subject-list"));
        var lists = report.GetProperty("contained").EnumerateArray().Where(c => c.GetProperty("resourceType").GetString() == "List")
            .ToDictionary(c => "#" + c.GetProperty("id").GetString(), c => c.TryGetProperty("entry", out var e) ? e.GetArrayLength() : 0, StringComparer.Ordinal);
        var summary = SummaryCounts(outDir);
        foreach (var population in report.GetProperty("group")[0].GetProperty("population").EnumerateArray())
        {
            string code = population.GetProperty("code").GetProperty("coding")[0].GetProperty("code").GetString()!;
            int count = population.GetProperty("count").GetInt32();
            Assert.That(count, Is.EqualTo(summary[code]), code);
            if (count > 0)
            {
                Assert.That(lists[population.GetProperty("subjectResults").GetProperty("reference").GetString()!], Is.EqualTo(count), code);
            }
        }
    }

    [Test]
    public void Unknown_report_type_is_a_usage_error_naming_the_choices()
    {
        var (exit, _, error) = Evaluate(Cms165Definition, TestPaths.NewTempFolder(), "--report-type", "patient");
        Assert.That(exit, Is.Not.EqualTo(0));
        Assert.That(error, Does.Contain("patient").And.Contain("subject-list").And.Contain("individual"));
    }

    private static Dictionary<string, string> ValueSetUrlsByName()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Cms165, "measure-bundle.json")));
        return doc.RootElement.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource"))
            .Where(r => r.GetProperty("resourceType").GetString() == "ValueSet")
            .ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("url").GetString()!, StringComparer.Ordinal);
    }

    /// <summary>Rewrites every string inside a <c>codeSets</c> array of the definition (not the inline code-set objects).</summary>
    private static int RenameCodeSetReferences(JsonNode node, Func<string, string> rename)
    {
        int count = 0;
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (key == "codeSets" && value is JsonArray array && array.All(v => v is JsonValue))
                    {
                        for (int i = 0; i < array.Count; i++)
                        {
                            string name = array[i]!.GetValue<string>();
                            string renamed = rename(name);
                            if (renamed != name)
                            {
                                array[i] = renamed;
                                count++;
                            }
                        }
                    }
                    else if (value is not null)
                    {
                        count += RenameCodeSetReferences(value, rename);
                    }
                }

                break;
            case JsonArray arr:
                foreach (var item in arr.Where(i => i is not null))
                {
                    count += RenameCodeSetReferences(item!, rename);
                }

                break;
        }

        return count;
    }
}
