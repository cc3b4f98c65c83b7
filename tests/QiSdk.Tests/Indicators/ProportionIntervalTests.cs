using QiSdk.Indicators;

namespace QiSdk.Tests.Indicators;

public sealed class ProportionIntervalTests
{
    // Reference values computed independently (a separate Python evaluation of the Wilson formula); 0/10 -> 0.2775 is the textbook value.
    [TestCase(7, 280, 0.012162, 0.050695)]
    [TestCase(2, 4, 0.150039, 0.849961)]
    [TestCase(0, 10, 0.0, 0.277533)]
    [TestCase(10, 10, 0.722467, 1.0)]
    public void Wilson_interval_matches_reference_values(int successes, int trials, double lower, double upper)
    {
        var interval = ProportionInterval.Wilson(successes, trials);

        Assert.Multiple(() =>
        {
            Assert.That(interval.Lower, Is.EqualTo(lower).Within(1e-6));
            Assert.That(interval.Upper, Is.EqualTo(upper).Within(1e-6));
        });
    }

    [Test]
    public void Four_patients_give_a_wide_interval_that_says_the_rate_means_little()
    {
        var counts = new PopulationCounts(4, 4, 0, 0, 2);

        Assert.That(counts.ScoreInterval95!.Value.Upper - counts.ScoreInterval95.Value.Lower, Is.GreaterThan(0.6));
    }

    [Test]
    public void No_interval_without_an_effective_denominator()
    {
        Assert.That(new PopulationCounts(3, 3, 1, 2, 0).ScoreInterval95, Is.Null);
    }

    [TestCase(-1, 5)]
    [TestCase(6, 5)]
    [TestCase(1, 0)]
    public void Out_of_range_counts_are_rejected(int successes, int trials)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ProportionInterval.Wilson(successes, trials));
    }
}
