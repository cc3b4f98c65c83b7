using QiSdk.Codes;
using QiSdk.Synthetic;

namespace QiSdk.Tests.Synthetic;

/// <summary>
/// End to end with the real code normalisation: the built-in code sets plus the practice's own code map recognise every
/// coding the synthetic practice writes (SNOMED and its alias, dm+d, Read v2 in all three forms, CTV3 incl. truncated,
/// local codes incl. the two-step map) as a member of the code sets its concept claims; the unmapped local codes match nothing.
/// </summary>
public sealed class SyntheticTerminologyTests
{
    private const string Practice = "Y99001";

    private static readonly Lazy<Terminology> Terms = new(() =>
    {
        using var map = new StringWriter();
        SyntheticPractice.WriteCodeMap(Practice, map);
        var codeMap = CodeMapCsv.Read(new StringReader(map.ToString()), "synthetic code map", "code-map.csv");
        return Terminology.Create(BuiltInCodeSets.Load(), [codeMap]);
    });

    private static IEnumerable<TestCaseData> Codings() =>
        new PaletteLookup(Practice).All
            .OrderBy(x => x.Entry.Key, StringComparer.Ordinal).ThenBy(x => x.Coding.System, StringComparer.Ordinal).ThenBy(x => x.Coding.Code, StringComparer.Ordinal)
            .Select(x => new TestCaseData(x.Entry.Key, x.Coding.System, x.Coding.Code).SetArgDisplayNames(x.Entry.Key, x.Coding.System!, x.Coding.Code!));

    [TestCaseSource(nameof(Codings))]
    public void Written_coding_is_recognised_as_a_member_of_every_code_set_its_concept_claims(string key, string system, string code)
    {
        var entry = CodePalette.All.Single(e => e.Key == key);
        var terms = Terms.Value;
        var matched = terms.Match(system, code).ToArray().Select(i => terms.CodeSetNames[i]).ToHashSet();

        if (entry.Local is { Mapped: false } local && local.Code == code)
        {
            Assert.That(matched, Is.Empty, "a deliberately unmapped local code");
            return;
        }

        Assert.That(matched, Is.SupersetOf(entry.CodeSets), terms.Explain(system, code).ToString());
    }

    [Test]
    public void Terminology_loads_the_practice_code_map_without_problems()
    {
        Assert.That(Terms.Value.Issues, Is.Empty);
    }
}
