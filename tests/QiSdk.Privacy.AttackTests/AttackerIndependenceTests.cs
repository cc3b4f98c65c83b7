using System.Text.RegularExpressions;
using QiSdk.Privacy.AttackTests.Attack;

namespace QiSdk.Privacy.AttackTests;

/// <summary>
/// The attacker is an independent oracle only while it shares nothing with the checker. This project cannot see
/// QiSdk's internals (no InternalsVisibleTo); these tests also keep it off the checker's public surface: no drafts,
/// no cell decisions or previews (they would hand the attacker the checker's own view), no suppression-profile
/// arithmetic (the rounding rules are re-implemented from docs/privacy.md).
/// </summary>
[TestFixture]
public sealed partial class AttackerIndependenceTests
{
    [Test]
    public void Attack_code_uses_no_checker_internals_decisions_or_rounding()
    {
        string root = Path.Combine(UserReleases.RepoRoot, "tests", "QiSdk.Privacy.AttackTests");
        var offences = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.EndsWith(nameof(AttackerIndependenceTests) + ".cs", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetFileName(f), Line: i + 1, Text: line)))
            .Where(l => Forbidden().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.That(offences, Is.Empty);
    }

    [Test]
    public void Rounding_inverse_follows_the_documented_rules()
    {
        // nhs: nearest 5, 1-7 suppressed (8 -> 10, 12 -> 10, 13 -> 15).
        Assert.That(ProfileRule.Parse("nhs").Inverse(10), Is.EqualTo((8L, 12L)));
        Assert.That(ProfileRule.Parse("nhs").Inverse(15), Is.EqualTo((13L, 17L)));
        // custom:4:10 ties up: 15 -> 20, 25 -> 30, so 20 comes from 15..24.
        Assert.That(ProfileRule.Parse("custom:4:10").Inverse(20), Is.EqualTo((15L, 24L)));
        // midpoint6: ceiling(x/6)*6 - 3 (1-6 -> 3, 7-12 -> 9).
        Assert.That(ProfileRule.Parse("midpoint6").Inverse(3), Is.EqualTo((1L, 6L)));
        Assert.That(ProfileRule.Parse("midpoint6").Inverse(9), Is.EqualTo((7L, 12L)));
        Assert.That(ProfileRule.Parse("cms").Inverse(11), Is.EqualTo((11L, 11L)));
        Assert.That(ProfileRule.Parse("cms").Inverse(0), Is.EqualTo((0L, 0L)));
    }

    [GeneratedRegex(@"\b(ProtectionTable|DisclosureDraft|DraftCell|DraftColumn|DraftIndicator|CellDecision|RateDecision|\.Preview\(|\.Cells\b|LocalDetail|IsSuppressed|Protect\(|MaxError|RoundingBase|IRandomSource|IDisclosurePolicy\s*\{)")]
    private static partial Regex Forbidden();
}
