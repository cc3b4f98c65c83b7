namespace QiSdk.Firely.Tests;

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

    public static string RepoRoot => Root.Value;

    public static string Fixtures => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "fixtures"));

    public static string NewTempFolder()
    {
        string path = Path.Combine(Path.GetTempPath(), "qisdk-firely-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
