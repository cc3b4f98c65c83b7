using System.Reflection;

namespace QiSdk.Tests.Embedding;

/// <summary>
/// The public surface of the core and of the packages tested here is deliberate (see <see cref="PublicApiListing"/>);
/// QiSdk.Extensions.DependencyInjection.Tests checks the DI package's listing the same way.
/// </summary>
public sealed class PublicApiTests
{
    private static IEnumerable<TestCaseData> Assemblies()
    {
        yield return new TestCaseData(typeof(QiSdk.Records.PatientRecord).Assembly).SetArgDisplayNames("QiSdk");
        yield return new TestCaseData(typeof(QiSdk.Synthetic.SyntheticPractice).Assembly).SetArgDisplayNames("QiSdk.Synthetic");
        yield return new TestCaseData(typeof(QiSdk.Privacy.OrTools.OrToolsBoundSolver).Assembly).SetArgDisplayNames("QiSdk.Privacy.OrTools");
        yield return new TestCaseData(typeof(QiSdk.Reports.Html.HtmlReports).Assembly).SetArgDisplayNames("QiSdk.Reports.Html");
    }

    [TestCaseSource(nameof(Assemblies))]
    public void Public_api_matches_the_checked_in_listing(Assembly assembly) => PublicApiListing.AssertMatchesCheckedInListing(assembly);

    [TestCaseSource(nameof(Assemblies))]
    public void Every_public_class_is_sealed_static_or_abstract_by_design(Assembly assembly) => PublicApiListing.AssertPublicClassesAreSealed(assembly);
}
