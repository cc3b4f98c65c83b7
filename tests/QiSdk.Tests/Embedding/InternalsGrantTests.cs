using System.Reflection;
using System.Runtime.CompilerServices;

namespace QiSdk.Tests.Embedding;

/// <summary>
/// Issue 13: a shipped assembly shows its internals to test projects only. Packages built on the core (QiSdk.Firely, a
/// vendor's adapter) use its public API, e.g. <see cref="QiSdk.Records.FhirRecordBuilder"/>, never its internals.
/// </summary>
public sealed class InternalsGrantTests
{
    private static IEnumerable<TestCaseData> ShippedAssemblies()
    {
        yield return new TestCaseData(typeof(QiSdk.Records.FhirRecordReader).Assembly).SetArgDisplayNames("QiSdk");
        yield return new TestCaseData(typeof(QiSdk.Synthetic.SyntheticPractice).Assembly).SetArgDisplayNames("QiSdk.Synthetic");
        yield return new TestCaseData(typeof(QiSdk.Privacy.OrTools.OrToolsBoundSolver).Assembly).SetArgDisplayNames("QiSdk.Privacy.OrTools");
        yield return new TestCaseData(typeof(QiSdk.Reports.Html.HtmlReports).Assembly).SetArgDisplayNames("QiSdk.Reports.Html");
    }

    [TestCaseSource(nameof(ShippedAssemblies))]
    public void Shipped_assembly_grants_internals_only_to_test_projects(Assembly assembly)
    {
        var grants = assembly.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName).ToList();

        Assert.That(grants.Where(name => !name.EndsWith(".Tests", StringComparison.Ordinal)), Is.Empty,
            $"{assembly.GetName().Name} grants its internals to: {string.Join(", ", grants)}");
    }
}
