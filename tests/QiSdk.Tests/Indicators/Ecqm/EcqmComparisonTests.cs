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
public sealed partial class EcqmComparisonTests
{
    private static readonly string[] Numerator = ["numerator"];

    /// <summary>
    /// (measure label, patient id) -> the populations that disagree and the gap (docs/ecqm-gaps.md) that explains it. Populations
    /// not named here are asserted. Keep in step with the table in docs/ecqm-gaps.md.
    /// </summary>
    private static readonly Dictionary<(string Measure, string Patient), (string[] Populations, string Gap)> KnownDisagreements = new()
    {
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

    /// <summary>The key of <see cref="KnownDisagreements"/>: the measure, and for a measure with several groups, the group.</summary>
    private static string Label(string fixture, int group) => fixture == "CMS347" ? $"{fixture} group {group}" : fixture;

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
