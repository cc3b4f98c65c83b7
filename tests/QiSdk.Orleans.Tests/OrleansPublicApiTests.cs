using PublicApiGenerator;

namespace QiSdk.Orleans.Tests;

/// <summary>The public surface of QiSdk.Orleans is deliberate: it must match api/QiSdk.Orleans.txt (see QiSdk.Tests' PublicApiTests).</summary>
public sealed class OrleansPublicApiTests
{
    [Test]
    public void Public_api_matches_the_checked_in_listing()
    {
        var assembly = typeof(IPracticeHost).Assembly;
        string listing = Path.Combine(TestPaths.RepoRoot, "api", "QiSdk.Orleans.txt");
        // Orleans' code generator emits its serializers and invokers as public types in OrleansCodeGen.* (its type
        // manifest needs them); they are not QiSdk's API, so the listing leaves them out.
        var options = new ApiGeneratorOptions { IncludeAssemblyAttributes = false, DenyNamespacePrefixes = ["OrleansCodeGen"] };
        string actual = assembly.GeneratePublicApi(options).ReplaceLineEndings("\n") + "\n";
        string expected = File.Exists(listing) ? File.ReadAllText(listing).ReplaceLineEndings("\n") : string.Empty;
        if (actual != expected)
        {
            string actualPath = Path.Combine(TestPaths.RepoRoot, "api", "QiSdk.Orleans.actual.txt");
            File.WriteAllText(actualPath, actual);
            Assert.Fail($"The public API of QiSdk.Orleans changed. Review and copy {actualPath} over {listing}.");
        }
    }

    [Test]
    public void Every_public_class_is_sealed_or_static()
    {
        var open = typeof(IPracticeHost).Assembly.GetExportedTypes()
            .Where(t => t.Namespace?.StartsWith("OrleansCodeGen", StringComparison.Ordinal) != true)
            .Where(t => t.IsClass && !t.IsSealed && !t.IsAbstract)
            .Select(t => t.FullName);
        Assert.That(open, Is.Empty);
    }

    [Test]
    public void Core_package_does_not_reference_Orleans()
    {
        var references = typeof(QualityPipeline).Assembly.GetReferencedAssemblies().Select(a => a.Name);
        Assert.That(references, Has.None.StartsWith("Orleans"));
    }
}
