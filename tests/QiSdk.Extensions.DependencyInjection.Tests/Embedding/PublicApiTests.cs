namespace QiSdk.Tests.Embedding;

/// <summary>The DI package's public surface is deliberate (see <see cref="PublicApiListing"/>).</summary>
public sealed class PublicApiTests
{
    private static readonly System.Reflection.Assembly Package = typeof(Microsoft.Extensions.DependencyInjection.QiSdkServiceCollectionExtensions).Assembly;

    [Test]
    public void Public_api_matches_the_checked_in_listing() => PublicApiListing.AssertMatchesCheckedInListing(Package);

    [Test]
    public void Every_public_class_is_sealed_static_or_abstract_by_design() => PublicApiListing.AssertPublicClassesAreSealed(Package);
}
