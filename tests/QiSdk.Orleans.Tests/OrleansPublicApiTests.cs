namespace QiSdk.Orleans.Tests;

/// <summary>The public surface of QiSdk.Orleans is deliberate: it must match api/QiSdk.Orleans.txt (the shared listing check).</summary>
public sealed class OrleansPublicApiTests
{
    // Orleans' code generator emits its serializers and invokers as public types in OrleansCodeGen.* (its type manifest
    // needs them); they are not QiSdk's API, so the listing and the sealed check leave them out.
    private static readonly string[] Generated = ["OrleansCodeGen"];

    [Test]
    public void Public_api_matches_the_checked_in_listing() =>
        PublicApiListing.AssertMatchesCheckedInListing(typeof(IPracticeHost).Assembly, Generated);

    [Test]
    public void Every_public_class_is_sealed_or_static() =>
        PublicApiListing.AssertPublicClassesAreSealed(typeof(IPracticeHost).Assembly, Generated);

    [Test]
    public void Core_package_does_not_reference_Orleans()
    {
        var references = typeof(QualityPipeline).Assembly.GetReferencedAssemblies().Select(a => a.Name);
        Assert.That(references, Has.None.StartsWith("Orleans"));
    }
}
