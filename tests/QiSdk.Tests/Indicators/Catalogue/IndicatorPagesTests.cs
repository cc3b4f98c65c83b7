using QiSdk.Indicators;

namespace QiSdk.Tests.Indicators.Catalogue;

/// <summary>
/// The pages in <c>docs/indicators/</c> are generated from the definitions and must never go stale: each checked-in page
/// must equal what <see cref="IndicatorDocumentation"/> renders. Set <c>QISDK_UPDATE_DOCS=1</c> to rewrite them.
/// </summary>
public sealed class IndicatorPagesTests
{
    private static readonly bool Update = Environment.GetEnvironmentVariable("QISDK_UPDATE_DOCS") == "1";

    private static string Folder => Path.Combine(TestPaths.RepoRoot, "docs", "indicators");

    private static IEnumerable<TestCaseData> Definitions() =>
        IndicatorCatalogue.BuiltIn().Definitions.Select(d => new TestCaseData(d).SetArgDisplayNames(d.Id));

    [TestCaseSource(nameof(Definitions))]
    public void Checked_in_page_matches_the_generated_page(IndicatorDefinition definition) =>
        Compare(Path.Combine(Folder, definition.Id + ".md"), IndicatorDocumentation.Render(definition));

    [Test]
    public void Checked_in_index_matches_the_generated_index() =>
        Compare(Path.Combine(Folder, "README.md"), IndicatorDocumentation.RenderIndex(IndicatorCatalogue.BuiltIn().Definitions));

    [Test]
    public void No_page_is_left_for_an_indicator_that_no_longer_exists()
    {
        var ids = IndicatorCatalogue.BuiltIn().Definitions.Select(d => d.Id + ".md").Append("README.md").Append("REVIEW.md").ToHashSet(StringComparer.Ordinal);
        var orphans = Directory.GetFiles(Folder, "*.md").Select(Path.GetFileName).Where(f => !ids.Contains(f!)).ToList();
        Assert.That(orphans, Is.Empty, "pages without a definition");
    }

    [Test]
    public void Index_links_every_indicator_page()
    {
        var catalogue = IndicatorCatalogue.BuiltIn();
        string index = IndicatorDocumentation.RenderIndex(catalogue.Definitions);
        Assert.That(catalogue.Definitions.Where(d => !index.Contains("](" + d.Id + ".md)", StringComparison.Ordinal)).Select(d => d.Id), Is.Empty);
    }

    [Test]
    public void Page_shows_each_rule_in_order_with_its_populations_sources_and_notes()
    {
        var dm = IndicatorCatalogue.BuiltIn().Get("qof-dm020-hba1c-58");
        string page = IndicatorDocumentation.Render(dm);
        int last = -1;
        foreach (var rule in dm.Rules)
        {
            int at = page.IndexOf("`" + rule.Name + "` (**", StringComparison.Ordinal);
            Assert.That(at, Is.GreaterThan(last), $"rule {rule.Name} missing or out of order");
            last = at;
        }

        Assert.That(page, Does.Contain("| denominator-exception | `maximum-therapy-or-declined`, `invited-twice`, `newly-diagnosed` |"));
        Assert.That(page, Does.Contain("`aged-17-or-over` (**reject unless**)\n   - age at R >= 17"));
        Assert.That(page, Does.Contain("the number of distinct dates at least 7 days apart with an event in `DMINVITE_COD` within 12 months up to R is >= 2"));
        Assert.That(page, Does.Contain("- " + dm.References[0]));
        Assert.That(page, Does.Contain("- " + dm.Notes[0]));
        Assert.That(page, Does.Contain("| http://loinc.org | `4548-4` |"));
    }

    private static void Compare(string path, string expected)
    {
        if (Update)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, expected);
            return;
        }

        Assert.That(File.Exists(path), Is.True, $"{path} is missing; run the tests with QISDK_UPDATE_DOCS=1 to generate it");
        string actual = File.ReadAllText(path).ReplaceLineEndings("\n");
        Assert.That(actual, Is.EqualTo(expected), $"{path} is stale; run the tests with QISDK_UPDATE_DOCS=1 to regenerate it");
    }
}
