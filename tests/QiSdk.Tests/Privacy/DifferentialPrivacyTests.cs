using QiSdk.Reports;
using System.Numerics;
using QiSdk.Indicators;
using QiSdk.Privacy;
using static QiSdk.Tests.Privacy.PrivacyTestData;

namespace QiSdk.Tests.Privacy;

public sealed class DifferentialPrivacyTests
{
    [TestCase(1, 2)]
    [TestCase(3, 10)]
    public void Discrete_laplace_samples_match_the_distribution_by_chi_square(int s, int t)
    {
        // P(x) = (1 - p) / (1 + p) * p^|x| with p = exp(-s/t). Fixed seed: tests only.
        const int n = 20_000;
        var sampler = new DiscreteLaplace(new SeededRandomSource(12345), s, t);
        var counts = new Dictionary<BigInteger, int>();
        for (int i = 0; i < n; i++)
        {
            var x = sampler.Sample();
            counts[x] = counts.GetValueOrDefault(x) + 1;
        }

        double p = Math.Exp(-(double)s / t);
        double Pmf(int x) => (1 - p) / (1 + p) * Math.Pow(p, Math.Abs(x));

        // Bins -K..K with expected >= 5 each, plus the two tails pooled.
        int k = 0;
        while (n * Pmf(k + 1) >= 5)
        {
            k++;
        }

        double chi = 0;
        int bins = 0;
        for (int x = -k; x <= k; x++)
        {
            double expected = n * Pmf(x);
            int observed = counts.GetValueOrDefault(x);
            chi += (observed - expected) * (observed - expected) / expected;
            bins++;
        }

        double tailExpected = n * (1 - Enumerable.Range(-k, (2 * k) + 1).Sum(Pmf));
        int tailObserved = counts.Where(kv => BigInteger.Abs(kv.Key) > k).Sum(kv => kv.Value);
        chi += (tailObserved - tailExpected) * (tailObserved - tailExpected) / tailExpected;
        bins++;

        // Critical value at alpha = 0.001 for (bins - 1) degrees of freedom, Wilson-Hilferty approximation.
        int df = bins - 1;
        double z = 3.090;
        double critical = df * Math.Pow(1 - (2.0 / (9 * df)) + (z * Math.Sqrt(2.0 / (9 * df))), 3);
        Assert.That(chi, Is.LessThan(critical), $"chi-square {chi:0.0} on {df} df");
        Assert.That(counts.Keys.Min() < 0 && counts.Keys.Max() > 0, Is.True, "noise is two-sided");
    }

    [Test]
    public void Released_values_are_non_negative_integers_and_differ_from_the_truth_somewhere()
    {
        string folder = TestPaths.NewTempFolder();
        var ledger = new FilePrivacyBudgetLedger(Path.Combine(folder, "budget.json"));
        var policy = new DifferentialPrivacyPolicy(new DifferentialPrivacyOptions { Epsilon = 1, BudgetLedger = ledger, TotalBudget = 5 }, new SeededRandomSource(1));
        var summaries = Enumerable.Range(0, 20).Select(i => Summary("i" + i, Counts(100, 80, 40))).ToArray();
        var outcome = MeasureReportDisclosure.CreatePipeline([policy]).Prepare(DisclosureRequest.FromSummaries(summaries));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Cells.All(c => c.ReleasedValue is >= 0), Is.True);
            Assert.That(outcome.Cells.Count(c => c.ReleasedValue != c.OriginalValue), Is.GreaterThan(10));
            Assert.That(outcome.Cells.All(c => c.State == CellState.Altered), Is.True);
            Assert.That(ledger.SpentOf("A81001"), Is.EqualTo(1m));
        });
    }

    [Test]
    public void A_release_over_budget_is_refused_and_spends_nothing()
    {
        string folder = TestPaths.NewTempFolder();
        string path = Path.Combine(folder, "budget.json");
        var ledger = new FilePrivacyBudgetLedger(path);
        var options = new DifferentialPrivacyOptions { Epsilon = 0.6, BudgetLedger = ledger, TotalBudget = 1.0m };
        var pipeline = MeasureReportDisclosure.CreatePipeline([DisclosurePolicies.DifferentialPrivacy(options)]);
        var request = DisclosureRequest.FromSummaries([Summary("i", Counts(100, 80, 40))]);

        var first = pipeline.Prepare(request);
        byte[] before = File.ReadAllBytes(path);
        var second = pipeline.Prepare(request);
        Assert.Multiple(() =>
        {
            Assert.That(first.Disclosure, Is.Not.Null);
            Assert.That(second.IsRefused, Is.True);
            Assert.That(second.RefusalCode, Is.EqualTo("QI4003"));
            Assert.That(second.Disclosure, Is.Null);
            Assert.That(ledger.SpentOf("A81001"), Is.EqualTo(0.6m));
            Assert.That(File.ReadAllBytes(path), Is.EqualTo(before), "the ledger file is untouched by a refused release");
        });
    }

    [Test]
    public void Preview_spends_no_budget()
    {
        string folder = TestPaths.NewTempFolder();
        var ledger = new FilePrivacyBudgetLedger(Path.Combine(folder, "budget.json"));
        var pipeline = MeasureReportDisclosure.CreatePipeline([DisclosurePolicies.DifferentialPrivacy(new DifferentialPrivacyOptions { Epsilon = 0.5, BudgetLedger = ledger })]);
        var outcome = pipeline.Preview(DisclosureRequest.FromSummaries([Summary("i", Counts(100, 80, 40))]));
        Assert.Multiple(() =>
        {
            Assert.That(ledger.SpentOf("A81001"), Is.Zero);
            Assert.That(outcome.Content, Is.Null, "noise is drawn only at release, so the preview cannot show the exact bytes");
            Assert.That(outcome.Cells.All(c => c.ReasonCode == "QI4056"), Is.True);
        });
    }

    [Test]
    public async Task Concurrent_releases_cannot_overspend()
    {
        string path = Path.Combine(TestPaths.NewTempFolder(), "budget.json");
        var tasks = Enumerable.Range(0, 12).Select(i => Task.Run(() =>
            new FilePrivacyBudgetLedger(path).ChargeAsync("P1", 0.3m, 1.0m, "r" + i, default))).ToArray();
        var charges = await Task.WhenAll(tasks);
        Assert.Multiple(() =>
        {
            Assert.That(charges.Count(c => c.Accepted), Is.EqualTo(3));
            Assert.That(new FilePrivacyBudgetLedger(path).SpentOf("P1"), Is.EqualTo(0.9m));
        });
    }

    [TestCase(0.0)]
    [TestCase(-1.0)]
    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    [TestCase(double.NegativeInfinity)]
    [TestCase(1000.0)]
    public void Invalid_epsilon_is_rejected_with_QI4010(double epsilon)
    {
        var ledger = new FilePrivacyBudgetLedger(Path.Combine(TestPaths.NewTempFolder(), "b.json"));
        var ex = Assert.Throws<PrivacyException>(() => DisclosurePolicies.DifferentialPrivacy(new DifferentialPrivacyOptions { Epsilon = epsilon, BudgetLedger = ledger }));
        Assert.That(ex!.Code, Is.EqualTo("QI4010"));
    }

    [Test]
    public void A_corrupt_budget_ledger_is_an_error_not_a_fresh_budget()
    {
        string path = Path.Combine(TestPaths.NewTempFolder(), "budget.json");
        File.WriteAllText(path, "{ not json");
        var ex = Assert.ThrowsAsync<PrivacyException>(() => new FilePrivacyBudgetLedger(path).ChargeAsync("P1", 0.1m, 1m, "r", default));
        Assert.That(ex!.Code, Is.EqualTo("QI4020"));
    }

    [Test]
    public void Epsilon_is_converted_to_an_exact_fraction()
    {
        Assert.That(DifferentialPrivacyPolicy.Rational(0.25m), Is.EqualTo((new BigInteger(1), new BigInteger(4))));
        Assert.That(DifferentialPrivacyPolicy.Rational(DifferentialPrivacyPolicy.ValidateEpsilon(0.1)), Is.EqualTo((new BigInteger(1), new BigInteger(10))));
    }
}
