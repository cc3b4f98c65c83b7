using System.Reflection;
using PublicApiGenerator;

namespace QiSdk.Tests.Embedding;

/// <summary>
/// The public surface is deliberate: any change must update the checked-in listing in <c>api/</c> in the same commit.
/// To accept a change, copy the "actual" file this test writes next to the listing over the listing and review the diff.
/// The listing is PublicApiGenerator's (C# declarations with nullability, defaults and attributes as written).
/// </summary>
public sealed class PublicApiTests
{
    private static IEnumerable<TestCaseData> Assemblies()
    {
        yield return new TestCaseData(typeof(QiSdk.Records.PatientRecord).Assembly).SetArgDisplayNames("QiSdk");
        yield return new TestCaseData(typeof(Microsoft.Extensions.DependencyInjection.QiSdkServiceCollectionExtensions).Assembly).SetArgDisplayNames("QiSdk.Extensions.DependencyInjection");
        yield return new TestCaseData(typeof(QiSdk.Privacy.OrTools.OrToolsBoundSolver).Assembly).SetArgDisplayNames("QiSdk.Privacy.OrTools");
        yield return new TestCaseData(typeof(QiSdk.Reports.Html.HtmlReports).Assembly).SetArgDisplayNames("QiSdk.Reports.Html");
    }

    [TestCaseSource(nameof(Assemblies))]
    public void Public_api_matches_the_checked_in_listing(Assembly assembly)
    {
        string name = assembly.GetName().Name!;
        string listing = Path.Combine(TestPaths.RepoRoot, "api", name + ".txt");
        string actual = assembly.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false }).ReplaceLineEndings("\n") + "\n";
        string expected = File.Exists(listing) ? File.ReadAllText(listing).ReplaceLineEndings("\n") : string.Empty;

        if (actual != expected)
        {
            string actualPath = Path.Combine(TestPaths.RepoRoot, "api", name + ".actual.txt");
            Directory.CreateDirectory(Path.GetDirectoryName(actualPath)!);
            File.WriteAllText(actualPath, actual);
            var expectedLines = expected.Split('\n').ToHashSet(StringComparer.Ordinal);
            var actualLines = actual.Split('\n').ToHashSet(StringComparer.Ordinal);
            string added = string.Join("\n", actualLines.Except(expectedLines).Take(20).Select(l => "+ " + l));
            string removed = string.Join("\n", expectedLines.Except(actualLines).Take(20).Select(l => "- " + l));
            Assert.Fail($"The public API of {name} changed. Review and copy {actualPath} over {listing}.\n{added}\n{removed}");
        }
    }

    [TestCaseSource(nameof(Assemblies))]
    public void Every_public_class_is_sealed_static_or_abstract_by_design(Assembly assembly)
    {
        var open = assembly.GetExportedTypes()
            .Where(t => t.IsClass && !t.IsSealed && !t.IsAbstract && !typeof(Delegate).IsAssignableFrom(t))
            .Select(t => t.FullName)
            .ToArray();

        Assert.That(open, Is.Empty, "public classes must be sealed (or static/abstract on purpose)");
    }
}
