using System.CommandLine;
using System.Text.Json;
using QiSdk.Cli;
using QiSdk.Indicators;
using QiSdk.Synthetic;

namespace QiSdk.Tests.Indicators.Catalogue;

/// <summary>Every built-in indicator is visible through the <c>qi</c> tool.</summary>
public sealed class CatalogueCliTests
{
    [Test]
    public void Qi_indicators_json_lists_every_built_in_indicator_with_its_kind_and_direction()
    {
        var output = new StringWriter();
        int exit = QiCommand.Create().Parse(["indicators", "--json"]).Invoke(new InvocationConfiguration { Output = output, Error = new StringWriter() });
        Assert.That(exit, Is.EqualTo(0));
        using var doc = System.Text.Json.JsonDocument.Parse(output.ToString());
        var listed = doc.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!, e => (Kind: e.GetProperty("kind").GetString(), Improvement: e.GetProperty("improvement").GetString()));
        foreach (var d in IndicatorCatalogue.BuiltIn().Definitions)
        {
            Assert.That(listed.ContainsKey(d.Id), Is.True, d.Id);
            Assert.That(listed[d.Id], Is.EqualTo((IndicatorDefinitionJson.KindCode(d.Kind), IndicatorDefinitionJson.DirectionCode(d.Direction))), d.Id);
        }

        Assert.That(listed, Has.Count.EqualTo(IndicatorCatalogue.BuiltIn().Definitions.Length));
    }

    [Test]
    public void Qi_evaluate_all_writes_one_summary_report_per_built_in_indicator()
    {
        string dir = TestPaths.NewTempFolder();
        string records = Path.Combine(dir, "records");
        SyntheticPractice.Export(new SyntheticPracticeOptions { Patients = 400, Seed = 5 }, new SyntheticExportOptions { Directory = records });
        var args = new List<string> { "evaluate", "--records", records, "--indicators", "all", "--period-end", "2025-03-31", "--out", Path.Combine(dir, "out") };
        foreach (var map in Directory.GetFiles(records, "*.csv"))
        {
            args.AddRange(["--code-map", map]);
        }

        var error = new StringWriter();
        int exit = QiCommand.Create().Parse([.. args]).Invoke(new InvocationConfiguration { Output = new StringWriter(), Error = error });
        Assert.That(exit, Is.EqualTo(0), error.ToString());

        using var bundle = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "out", "measure-reports.json")));
        var measures = bundle.RootElement.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource").GetProperty("measure").GetString()).ToList();
        Assert.That(measures, Is.EquivalentTo(IndicatorCatalogue.BuiltIn().Definitions.Select(d => d.Url)));
    }
}
