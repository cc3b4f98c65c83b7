using System.CommandLine;
using QiSdk.Cli;

namespace QiSdk.Tests.Cli;

public sealed class IndicatorsCommandTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = QiCommand.Create().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Test]
    public void Lists_the_reference_indicators()
    {
        var (exit, output, _) = Run("indicators");
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(output, Does.Contain("qof-dm020-hba1c-58").And.Contain("qof-hyp008-bp-140-90").And.Contain("pincer-a-nsaid-65-no-gastroprotection"));
    }

    [Test]
    public void Json_listing_has_canonical_urls_ending_in_the_id()
    {
        var (exit, output, _) = Run("indicators", "--json");
        Assert.That(exit, Is.EqualTo(0));
        using var doc = System.Text.Json.JsonDocument.Parse(output);
        foreach (var item in doc.RootElement.EnumerateArray())
        {
            Assert.That(item.GetProperty("url").GetString(), Does.EndWith("/" + item.GetProperty("id").GetString()));
        }

        Assert.That(doc.RootElement.GetArrayLength(), Is.GreaterThanOrEqualTo(3));
    }
}
