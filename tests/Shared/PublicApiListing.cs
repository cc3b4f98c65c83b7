using System.Reflection;
using PublicApiGenerator;

namespace QiSdk.Tests;

/// <summary>
/// The public surface is deliberate: any change must update the checked-in listing in <c>api/</c> in the same commit.
/// To accept a change, copy the "actual" file the check writes next to the listing over the listing and review the diff.
/// The listing is PublicApiGenerator's (C# declarations with nullability, defaults and attributes as written). Shared by
/// the test project of each package, which checks its own assemblies.
/// </summary>
internal static class PublicApiListing
{
    /// <summary>Fails, writing <c>api/&lt;Assembly&gt;.actual.txt</c>, when the assembly's public API differs from <c>api/&lt;Assembly&gt;.txt</c>.</summary>
    /// <param name="assembly">The package's assembly.</param>
    /// <param name="denyNamespacePrefixes">Generated namespaces that are not the package's API (e.g. Orleans' serializers in
    /// <c>OrleansCodeGen</c>), left out of the listing and the sealed-class check.</param>
    public static void AssertMatchesCheckedInListing(Assembly assembly, params string[] denyNamespacePrefixes)
    {
        string name = assembly.GetName().Name!;
        string listing = Path.Combine(TestPaths.RepoRoot, "api", name + ".txt");
        string actual = assembly.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false, DenyNamespacePrefixes = denyNamespacePrefixes }).ReplaceLineEndings("\n") + "\n";
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

    /// <summary>Fails when a public class of the assembly is neither sealed nor static/abstract.</summary>
    public static void AssertPublicClassesAreSealed(Assembly assembly, params string[] denyNamespacePrefixes)
    {
        var open = assembly.GetExportedTypes()
            .Where(t => !denyNamespacePrefixes.Any(prefix => t.Namespace?.StartsWith(prefix, StringComparison.Ordinal) == true))
            .Where(t => t.IsClass && !t.IsSealed && !t.IsAbstract && !typeof(Delegate).IsAssignableFrom(t))
            .Select(t => t.FullName)
            .ToArray();

        Assert.That(open, Is.Empty, "public classes must be sealed (or static/abstract on purpose)");
    }
}
