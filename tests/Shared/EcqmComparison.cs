using System.Text;
using System.Text.Json;
using QiSdk.Codes;
using QiSdk.Indicators;
using QiSdk.Records;

namespace QiSdk.Tests.Indicators.Ecqm;

/// <summary>
/// The engine side of the eCQM comparison (each test patient of a fixture evaluated with one definition, next to the
/// expected MeasureReport's counts): shared, as a linked source file, by the engine comparison in QiSdk.Tests and by
/// <c>qi evaluate</c>'s measure-bundle tests in QiSdk.Cli.Tests.
/// </summary>
public sealed partial class EcqmComparisonTests
{
    private static readonly MeasurementPeriod Period = new(new DateOnly(2025, 12, 31), new DateOnly(2025, 1, 1));

    private static readonly string[] Populations = ["initial-population", "denominator", "denominator-exclusion", "numerator", "denominator-exception"];

    internal sealed record Comparison(string Patient, string Description, Dictionary<string, int> Expected, Dictionary<string, int> Actual);

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
}
