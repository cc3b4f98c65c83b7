using System.Text;
using System.Text.Json;
using QiSdk.Codes;
using QiSdk.Indicators;
using QiSdk.Records;

namespace QiSdk.Tests.Indicators.Ecqm;

/// <summary>
/// The eCQM test patients of ../shared/fixtures/ecqm (MADiE test cases with expected MeasureReports) evaluated by the
/// engine with test-only transcriptions of CMS165, CMS122 and CMS130 (cms165.json, cms122.json, cms130.json, cms347-group1..4.json next to this file) over their own
/// ValueSets (CMS347: one definition per group, compared with that group of the report). Every population of every patient must agree with the expected MeasureReport, except the ones named in
/// <see cref="KnownDisagreements"/>, each explained by a gap of docs/ecqm-gaps.md; those must still disagree, so the list
/// stays exact when the engine or the fixtures change.
/// </summary>
public sealed class EcqmComparisonTests
{
    private static readonly MeasurementPeriod Period = new(new DateOnly(2025, 12, 31), new DateOnly(2025, 1, 1));

    private static readonly string[] Populations = ["initial-population", "denominator", "denominator-exclusion", "numerator", "denominator-exception"];
    private static readonly string[] Exclusion = ["denominator-exclusion"];
    private static readonly string[] Numerator = ["numerator"];

    /// <summary>
    /// (measure label, patient id) -> the populations that disagree and the gap (docs/ecqm-gaps.md) that explains it. Populations
    /// not named here are asserted. Keep in step with the table in docs/ecqm-gaps.md.
    /// </summary>
    private static readonly Dictionary<(string Measure, string Patient), (string[] Populations, string Gap)> KnownDisagreements = new()
    {
        [("CMS165", "45e01fed-56bb-483d-a860-af3d566bda11")] = (Exclusion, "gap 15: the dementia MedicationRequest names its drug by medicationReference; the measure's retrieve ([MedicationRequest: medication in ...]) does not follow references (CQLIT-412), the reader does, so the engine finds advanced illness the measure does not (fqm-execution agrees with the expectation)"),
        [("CMS122", "6630d394-c81d-42f5-a218-40b73a2a4949")] = (Numerator, "bad expectation: SOURCES.md, value is a valueCodeableConcept, not a Quantity; the oracle and the engine both say numerator 0"),
        [("CMS122", "8956ebb5-d3c0-4112-a34a-200961713efd")] = (Numerator, "bad expectation: SOURCES.md, value is a valueCodeableConcept, not a Quantity; the oracle and the engine both say numerator 0"),
    };

    [TestCase("CMS165", "cms165.json", 1)]
    [TestCase("CMS122", "cms122.json", 1)]
    [TestCase("CMS130", "cms130.json", 1)]
    [TestCase("CMS347", "cms347-group1.json", 1)]
    [TestCase("CMS347", "cms347-group2.json", 2)]
    [TestCase("CMS347", "cms347-group3.json", 3)]
    [TestCase("CMS347", "cms347-group4.json", 4)]
    public async Task Engine_agrees_with_every_expected_measure_report_the_gaps_do_not_touch(string fixture, string definitionFile, int group)
    {
        string measure = Label(fixture, group);
        var comparisons = await Compare(fixture, definitionFile, group);
        Assert.That(comparisons, Has.Count.GreaterThan(40), "every test patient is compared");
        var unexpected = new StringBuilder();
        foreach (var c in comparisons)
        {
            KnownDisagreements.TryGetValue((measure, c.Patient), out var known);
            var disagreeing = Populations.Where(p => c.Expected[p] != c.Actual[p]).ToArray();
            var expectedToDisagree = known.Populations ?? [];
            if (!disagreeing.SequenceEqual(expectedToDisagree))
            {
                unexpected.AppendLine($"{measure} {c.Patient} \"{c.Description}\": disagreeing [{string.Join(", ", disagreeing)}], listed [{string.Join(", ", expectedToDisagree)}]; expected {Show(c.Expected)}, engine {Show(c.Actual)}");
            }
        }

        TestContext.Out.WriteLine($"{measure}: {comparisons.Count} patients, {comparisons.Count(c => KnownDisagreements.ContainsKey((measure, c.Patient)))} with known gap disagreements");
        Assert.That(unexpected.ToString(), Is.Empty);
    }

    [Test]
    public void Every_listed_disagreement_names_a_patient_that_exists_and_a_gap()
    {
        foreach (var ((measure, patient), (pops, gap)) in KnownDisagreements)
        {
            Assert.That(File.Exists(TestPaths.Fixture("ecqm", measure.Split(' ')[0], "patients", patient + ".json")), $"{measure} {patient}");
            Assert.That(pops, Is.Not.Empty.And.SubsetOf(Populations));
            Assert.That(gap, Does.Match(@"^(gap \d+|bad expectation): "));
        }
    }

    [Test]
    public async Task Test_case_bundles_are_needed_for_the_cases_built_by_copying()
    {
        // A CMS347 case whose ASCVD Condition, encounter, statin request and hospice Observation were copied from other
        // test cases and still name those cases' Patients.
        string file = TestPaths.Fixture("ecqm", "CMS347", "patients", "0f853b02-7949-4d97-ab69-1e48045afe95.json");
        var asExport = await new FhirRecordReader().ReadAsync(file);
        var asTestCase = await new FhirRecordReader(new FhirReaderOptions { TestCaseBundles = true }).ReadAsync(file);

        Assert.Multiple(() =>
        {
            Assert.That(asExport.Problems.Count(p => p.Code == QiErrorCodes.Records.UnknownPatient), Is.EqualTo(4));
            Assert.That(asTestCase.Problems.Count(p => p.Code == QiErrorCodes.Records.AttributedToBundlePatient), Is.EqualTo(4));
            Assert.That(asTestCase.Problems.Select(p => p.Code), Does.Not.Contain(QiErrorCodes.Records.UnknownPatient));
            Assert.That(asTestCase.Patients.Single().Events, Has.Length.EqualTo(asExport.Patients.Single().Events.Length + 4));
        });
    }

    internal sealed record Comparison(string Patient, string Description, Dictionary<string, int> Expected, Dictionary<string, int> Actual);

    /// <summary>The key of <see cref="KnownDisagreements"/>: the measure, and for a measure with several groups, the group.</summary>
    private static string Label(string fixture, int group) => fixture == "CMS347" ? $"{fixture} group {group}" : fixture;

    /// <summary>Evaluates every test patient of a fixture folder with one definition and reads the expected counts of
    /// <paramref name="group"/> (1-based, by position: the expected groups have no id).</summary>
    internal static async Task<List<Comparison>> Compare(string fixture, string definitionFile, int group)
    {
        string folder = TestPaths.Fixture("ecqm", fixture);
        // The measure bundle as it is: the definitions name its ValueSets by their computable name (an alias of the url).
        var terminology = Terminology.Create(ValueSetJson.Load(Path.Combine(folder, "measure-bundle.json")));
        string defPath = Path.Combine(TestPaths.RepoRoot, "tests", "QiSdk.Tests", "Indicators", "Ecqm", definitionFile);
        var definition = IndicatorDefinitionJson.Parse(File.ReadAllText(defPath), defPath, name => terminology.TryGetCodeSetIndex(name, out _));
        var set = new IndicatorEngine(terminology).Compile([definition], Period);
        // Test-case Bundles: every resource in a patient's Bundle is that patient's, as in MADiE and fqm-execution (some
        // CMS347 cases copy resources that still name another test case's Patient; FhirRecordReaderOrderAndContextTests
        // and Test_case_bundles_are_needed_for_the_cases_built_by_copying below show the option off).
        var reader = new FhirRecordReader(new FhirReaderOptions { TestCaseBundles = true });
        var result = new List<Comparison>();
        foreach (var file in Directory.GetFiles(Path.Combine(folder, "patients"), "*.json").Order(StringComparer.Ordinal))
        {
            var log = new DataQualityLog();
            var read = await reader.ReadAsync(file, log);
            var patient = read.Patients.Single();
            var membership = set.Evaluate([patient], log).Single().Patients.SingleOrDefault()?.Populations ?? PopulationMembership.None;
            var (description, expected) = ExpectedReport(file, group - 1);
            var actual = new Dictionary<string, int>
            {
                ["initial-population"] = membership.HasFlag(PopulationMembership.InitialPopulation) ? 1 : 0,
                ["denominator"] = membership.HasFlag(PopulationMembership.Denominator) ? 1 : 0,
                ["denominator-exclusion"] = membership.HasFlag(PopulationMembership.DenominatorExclusion) ? 1 : 0,
                ["numerator"] = membership.HasFlag(PopulationMembership.Numerator) ? 1 : 0,
                ["denominator-exception"] = membership.HasFlag(PopulationMembership.DenominatorException) ? 1 : 0,
            };
            result.Add(new Comparison(Path.GetFileNameWithoutExtension(file), description, expected, actual));
        }

        return result;
    }

    /// <summary>The test case description and group[<paramref name="groupIndex"/>] population counts of the bundle's
    /// MeasureReport (groups by position; a population the group does not list counts 0).</summary>
    private static (string Description, Dictionary<string, int> Counts) ExpectedReport(string file, int groupIndex)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
        var report = doc.RootElement.GetProperty("entry").EnumerateArray()
            .Select(e => e.GetProperty("resource"))
            .Single(r => r.GetProperty("resourceType").GetString() == "MeasureReport");
        string description = report.TryGetProperty("extension", out var ext)
            ? ext.EnumerateArray().Where(x => x.GetProperty("url").GetString()!.EndsWith("cqfm-testCaseDescription", StringComparison.Ordinal))
                .Select(x => x.GetProperty("valueMarkdown").GetString() ?? string.Empty).FirstOrDefault() ?? string.Empty
            : string.Empty;
        var counts = Populations.ToDictionary(p => p, _ => 0, StringComparer.Ordinal);
        foreach (var pop in report.GetProperty("group")[groupIndex].GetProperty("population").EnumerateArray())
        {
            string code = pop.GetProperty("code").GetProperty("coding")[0].GetProperty("code").GetString()!;
            if (counts.ContainsKey(code))
            {
                counts[code] = pop.TryGetProperty("count", out var n) ? n.GetInt32() : 0;
            }
        }

        return (description.ReplaceLineEndings(" "), counts);
    }

    private static string Show(Dictionary<string, int> counts) =>
        string.Join(" ", Populations.Select(p => $"{Abbrev(p)}={counts[p]}"));

    private static string Abbrev(string population) => population switch
    {
        "initial-population" => "IP",
        "denominator" => "DEN",
        "denominator-exclusion" => "DENEX",
        "denominator-exception" => "DENEXCEP",
        _ => "NUM",
    };
}
