using PublicApiGenerator;

namespace QiSdk.Firely.Tests.Embedding;

/// <summary>The public surface of QiSdk.Firely is deliberate: it must match api/QiSdk.Firely.txt (see QiSdk.Tests' PublicApiTests).</summary>
public sealed class FirelyPublicApiTests
{
    [Test]
    public void Public_api_matches_the_checked_in_listing()
    {
        var assembly = typeof(FirelyPatientRecordSource).Assembly;
        string listing = Path.Combine(TestPaths.RepoRoot, "api", "QiSdk.Firely.txt");
        string actual = assembly.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false }).ReplaceLineEndings("\n") + "\n";
        string expected = File.Exists(listing) ? File.ReadAllText(listing).ReplaceLineEndings("\n") : string.Empty;
        if (actual != expected)
        {
            string actualPath = Path.Combine(TestPaths.RepoRoot, "api", "QiSdk.Firely.actual.txt");
            File.WriteAllText(actualPath, actual);
            Assert.Fail($"The public API of QiSdk.Firely changed. Review and copy {actualPath} over {listing}.");
        }
    }

    [Test]
    public void Every_public_class_is_sealed_or_static()
    {
        var open = typeof(FirelyPatientRecordSource).Assembly.GetExportedTypes()
            .Where(t => t.IsClass && !t.IsSealed && !t.IsAbstract)
            .Select(t => t.FullName);
        Assert.That(open, Is.Empty);
    }
}
