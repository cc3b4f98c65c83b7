using System.Reflection;
using System.Text.RegularExpressions;

namespace QiSdk.Tests.Embedding;

/// <summary>
/// The public error contract: every code a stage defines (its internal <c>*Errors</c> class) is a public constant of
/// <see cref="QiErrorCodes"/> and documented in docs/error-codes.md; no code means two things.
/// </summary>
public sealed partial class ErrorCodeContractTests
{
    private static Dictionary<string, string> Constants(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string) && ((string)f.GetRawConstantValue()!).StartsWith("QI", StringComparison.Ordinal))
            .ToDictionary(f => type.Name + "." + f.Name, f => (string)f.GetRawConstantValue()!);

    private static IEnumerable<Type> StageErrorClasses() =>
        typeof(QiErrorCodes).Assembly.GetTypes().Where(t => t.IsAbstract && t.IsSealed && t.Name.EndsWith("Errors", StringComparison.Ordinal) && !t.IsNested);

    [Test]
    public void Every_stage_code_is_a_public_constant_and_documented()
    {
        var stageCodes = StageErrorClasses().SelectMany(t => Constants(t)).ToList();
        var published = typeof(QiErrorCodes).GetNestedTypes().SelectMany(Constants).Select(p => p.Value).ToHashSet(StringComparer.Ordinal);
        string docs = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "error-codes.md"));
        var documented = CodePattern().Matches(docs).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

        Assume.That(stageCodes, Has.Count.GreaterThan(50));
        Assert.Multiple(() =>
        {
            Assert.That(stageCodes.Where(p => !published.Contains(p.Value)).Select(p => $"{p.Key} = {p.Value}"), Is.Empty, "add it to QiErrorCodes");
            Assert.That(stageCodes.Where(p => !documented.Contains(p.Value)).Select(p => $"{p.Key} = {p.Value}"), Is.Empty, "document it in docs/error-codes.md");
        });
    }

    [Test]
    public void No_code_has_two_names_in_the_public_catalogue()
    {
        var clashes = typeof(QiErrorCodes).GetNestedTypes().SelectMany(Constants)
            .GroupBy(p => p.Value, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(p => p.Key))}");

        Assert.That(clashes, Is.Empty);
    }

    [Test]
    public void Every_public_exception_of_the_core_derives_from_QiSdkException()
    {
        var exceptions = typeof(QiErrorCodes).Assembly.GetExportedTypes()
            .Where(t => typeof(Exception).IsAssignableFrom(t) && t != typeof(QiSdkException));

        Assert.That(exceptions.Where(t => !t.IsSubclassOf(typeof(QiSdkException))).Select(t => t.FullName), Is.Empty);
    }

    [GeneratedRegex(@"QI\d{4}")]
    private static partial Regex CodePattern();
}
