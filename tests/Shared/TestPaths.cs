namespace QiSdk.Tests;

/// <summary>Locates the repository root and the read-only <c>../shared</c> folder beside it.</summary>
internal static class TestPaths
{
    private static readonly Lazy<string> Root = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "QiSdk.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException($"QiSdk.sln not found above {AppContext.BaseDirectory}.");
    });

    /// <summary>The repository root (the folder holding QiSdk.sln).</summary>
    public static string RepoRoot => Root.Value;

    /// <summary><c>../shared</c> beside the repository (fixtures and reference codelists, read-only).</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    /// <summary>A path under <c>../shared/fixtures</c>.</summary>
    public static string Fixture(params string[] parts) => Path.Combine([Shared, "fixtures", .. parts]);

    /// <summary>The Synthea sample patients (one transaction Bundle per patient) under <c>../shared/fixtures</c>.</summary>
    public static string Synthea => Fixture("synthea", "smart-on-fhir-generated-sample-data-R4");

    /// <summary>The Synthea patient Bundle files, in ordinal order.</summary>
    public static string[] SyntheaBundles => [.. Directory.GetFiles(Synthea, "*.json").Order(StringComparer.Ordinal)];

    /// <summary>A path under <c>../shared/reference</c>.</summary>
    public static string Reference(params string[] parts) => Path.Combine([Shared, "reference", .. parts]);

    /// <summary>A fresh empty temporary folder for one test.</summary>
    public static string NewTempFolder()
    {
        string path = Path.Combine(Path.GetTempPath(), "qisdk-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
