using QiSdk.Privacy;

namespace QiSdk.Tests.Privacy;

public sealed class SuppressionProfileTests
{
    private static IEnumerable<TestCaseData> Profiles()
    {
        yield return new TestCaseData(SuppressionProfile.Nhs).SetArgDisplayNames("nhs");
        yield return new TestCaseData(SuppressionProfile.Cms).SetArgDisplayNames("cms");
        yield return new TestCaseData(SuppressionProfile.Midpoint6).SetArgDisplayNames("midpoint6");
        yield return new TestCaseData(SuppressionProfile.Custom(4, 10)).SetArgDisplayNames("custom-4-10");
        yield return new TestCaseData(SuppressionProfile.Custom(4, 10, SuppressionRounding.BlockMidpoint)).SetArgDisplayNames("custom-4-10-midpoint");
    }

    [TestCaseSource(nameof(Profiles))]
    public void Every_count_from_0_to_10000_is_released_safely(SuppressionProfile profile)
    {
        int t = profile.Threshold;
        int b = profile.RoundingBase;
        var preimages = new Dictionary<int, List<int>>();
        for (int count = 0; count <= 10_000; count++)
        {
            int? released = profile.Protect(count);
            if (count >= 1 && count <= t)
            {
                Assert.That(released, Is.Null, $"{profile}: {count} is in 1..{t} and must be suppressed");
                continue;
            }

            Assert.That(released, Is.Not.Null, $"{profile}: {count} is above the threshold and must be released");
            int r = released!.Value;
            Assert.That(r is 0 || r > t, Is.True, $"{profile}: {count} released as {r}, inside the suppressed range 1..{t}");
            Assert.That(Math.Abs(r - count), Is.LessThanOrEqualTo(profile.MaxError), $"{profile}: |{r} - {count}| exceeds {profile.MaxError}");
            Assert.That(count == 0 ? r == 0 : r > 0, Is.True, $"{profile}: zero must stay zero and only zero may become zero ({count} -> {r})");
            if (r != 0)
            {
                int expectedResidue = profile.Rounding == SuppressionRounding.NearestHalfUp ? 0 : (b - (b / 2)) % b;
                Assert.That(r % b, Is.EqualTo(expectedResidue), $"{profile}: {r} is not on the rounding grid of {b}");
            }

            (preimages.TryGetValue(r, out var list) ? list : preimages[r] = []).Add(count);
        }

        foreach (var (released, counts) in preimages.Where(kv => kv.Key != 0))
        {
            Assert.That(counts.Min(), Is.GreaterThan(t), $"{profile}: released {released} can come from {counts.Min()}, not above the threshold {t}");
            // The lowest released value's block is cut short by suppression; every other block hides a whole base of counts.
            if (released != preimages.Keys.Where(k => k != 0).Min() && released + profile.MaxError < 10_000)
            {
                Assert.That(counts, Has.Count.GreaterThanOrEqualTo(b), $"{profile}: released {released} should hide at least {b} true counts");
            }
        }
    }

    [Test]
    public void Nhs_profile_suppresses_1_to_7_and_rounds_the_rest_to_the_nearest_5()
    {
        Assert.That(Enumerable.Range(0, 14).Select(SuppressionProfile.Nhs.Protect), Is.EqualTo(new int?[] { 0, null, null, null, null, null, null, null, 10, 10, 10, 10, 10, 15 }));
    }

    [Test]
    public void Midpoint6_maps_1_to_6_to_3_and_7_to_12_to_9_and_keeps_zero()
    {
        Assert.That(Enumerable.Range(0, 14).Select(SuppressionProfile.Midpoint6.Protect), Is.EqualTo(new int?[] { 0, 3, 3, 3, 3, 3, 3, 9, 9, 9, 9, 9, 9, 15 }));
    }

    [Test]
    public void Ties_round_up_not_to_even_as_Math_Round_would_by_default()
    {
        var tens = SuppressionProfile.Custom(4, 10);
        Assert.Multiple(() =>
        {
            Assert.That(tens.Protect(15), Is.EqualTo(20));
            Assert.That(tens.Protect(25), Is.EqualTo(30), "banker's rounding would give 20");
            Assert.That((int)Math.Round(25 / 10.0) * 10, Is.EqualTo(20), "the trap this avoids");
        });
    }

    [TestCase("custom:10:5")]
    [TestCase("custom:3:10")]
    [TestCase("custom:9:10:midpoint")]
    [TestCase("custom:0:10")]
    [TestCase("custom:x")]
    [TestCase("gdpr")]
    public void Unsafe_or_unknown_profiles_are_rejected_with_QI4012(string text)
    {
        var ex = Assert.Throws<PrivacyException>(() => SuppressionProfile.Parse(text));
        Assert.That(ex!.Code, Is.EqualTo("QI4012"));
    }

    [Test]
    public void Custom_profiles_parse_from_text()
    {
        var p = SuppressionProfile.Parse("custom:4:10:midpoint");
        Assert.That((p.Threshold, p.RoundingBase, p.Rounding), Is.EqualTo((4, 10, SuppressionRounding.BlockMidpoint)));
    }
}
