using System.Text.Json;

namespace QiSdk.Tests.Cli;

/// <summary><c>qi evaluate --test-case-bundles</c>: a test-case Bundle whose resources name another Patient.</summary>
public sealed partial class EvaluateCommandTests
{
    private const string CopiedCaseBundle = """
        {"resourceType": "Bundle", "type": "collection", "entry": [
          {"resource": {"resourceType": "Patient", "id": "case-1", "birthDate": "1960-01-01"}},
          {"resource": {"resourceType": "Condition", "id": "copied", "subject": {"reference": "Patient/case-0"},
                        "code": {"coding": [{"system": "http://snomed.info/sct", "code": "73211009"}]}, "onsetDateTime": "2020-01-01"}}
        ]}
        """;

    private const string DiabetesDefinition = """
        {"url": "https://example.org/Measure/t-dm", "id": "t-dm", "version": "1", "title": "Diabetes", "kind": "process", "improvement": "increase",
         "codeSets": [{"name": "DM", "codes": [{"system": "http://snomed.info/sct", "code": "73211009"}]}],
         "rules": [{"name": "dm", "when": {"exists": {"codeSets": ["DM"]}}, "select": ["initial-population", "denominator"]}]}
        """;

    private static int Denominator(string outDir)
    {
        using var bundle = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "measure-reports.json")));
        return bundle.RootElement.GetProperty("entry")[0].GetProperty("resource").GetProperty("group")[0].GetProperty("population").EnumerateArray()
            .Single(p => p.GetProperty("code").GetProperty("coding")[0].GetProperty("code").GetString() == "denominator").GetProperty("count").GetInt32();
    }

    [Test]
    public void Test_case_bundles_give_a_copied_resource_to_the_bundles_patient_only_when_asked()
    {
        string dir = TestPaths.NewTempFolder();
        string records = Path.Combine(dir, "case-1.json");
        string definition = Path.Combine(dir, "t-dm.json");
        File.WriteAllText(records, CopiedCaseBundle);
        File.WriteAllText(definition, DiabetesDefinition);

        var (plainExit, _, plainError) = Run("evaluate", "--records", records, "--indicators", definition, "--period-end", "2025-12-31", "--out", Path.Combine(dir, "plain"));
        var (exit, _, error) = Run("evaluate", "--records", records, "--indicators", definition, "--period-end", "2025-12-31", "--out", Path.Combine(dir, "cases"), "--test-case-bundles");

        Assert.Multiple(() =>
        {
            Assert.That(plainExit, Is.EqualTo(0), plainError);
            Assert.That(exit, Is.EqualTo(0), error);
            Assert.That(Denominator(Path.Combine(dir, "plain")), Is.EqualTo(0), "by reference the Condition is someone else's (QI1010)");
            Assert.That(Denominator(Path.Combine(dir, "cases")), Is.EqualTo(1));
            Assert.That(File.Exists(Path.Combine(dir, "cases", "measure-reports.csv")), Is.True);
        });
    }
}
