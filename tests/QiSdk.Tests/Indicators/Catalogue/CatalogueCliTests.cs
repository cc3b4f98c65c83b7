using System.CommandLine;
using QiSdk.Cli;
using QiSdk.Indicators;

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
}
