using QiSdk.Indicators;
using QiSdk.Privacy.AttackTests.Attack;
using QiSdk.Records;

namespace QiSdk.Privacy.AttackTests.DifferentialPrivacy;

/// <summary>
/// Issue 11, leak 5, and the empirical epsilon-DP check: two neighbouring practices (one has one more patient, of sex
/// "other", in the indicator's population), many differential-privacy releases of each, and every observable event the
/// attacker can read from disclosure.json: which strata are listed, the exact set of listed strata, and thresholds on
/// released counts. epsilon-DP requires P[E | one] &lt;= e^epsilon P[E | other] for every event E, both ways.
/// </summary>
/// <remarks>
/// Statistics: each probability is estimated from n independent releases; the test fails only when the exact
/// Clopper-Pearson lower bound of one side exceeds e^epsilon times the upper bound of the other, each bound at level
/// delta = 1e-6 / (2 x number of events) (Bonferroni). If the mechanism really is epsilon-DP, a failure needs one of the
/// bounds to be wrong, which happens with probability at most 1e-6 per test run: the test does not flake. The library
/// draws noise from the OS CSPRNG (a seeded source is internal, not available to an outside attacker), so the releases
/// differ between runs; the practices themselves are fixed by their seeds. Power: an event seen in all n releases of one
/// practice and in none of the other (a data-dependent stratum) fails once n >= 33 at epsilon = 1 (then
/// 1 - delta^(1/n) < e^-epsilon); the 20 releases would not be conclusive at this confidence, so 60 are used.
/// </remarks>
[TestFixture]
[Category("Attack")]
public sealed class NeighbouringReleaseTests
{
    private const double Epsilon = 1.0;
    private const string Indicator = "dq-bp-recorded-45-5y";

    private static int Releases(int @default) =>
        int.TryParse(Environment.GetEnvironmentVariable("QISDK_ATTACK_DP_RELEASES"), out int n) && n > 0 ? n : @default;

    /// <summary>Two practices that differ by exactly one patient of sex "other" in the population; nobody else is "other".</summary>
    private static (PatientRecord[] Without, PatientRecord[] With) Neighbouring(int patients, long seed, IndicatorDefinition definition)
    {
        var practice = UserReleases.Practice(patients + 1, seed)
            .Select(p => p.Gender == AdministrativeGender.Other ? p with { Gender = AdministrativeGender.Female } : p).ToArray();
        int who = Neighbours.InPopulation(practice, definition, Scenario.MonthEnds[^1], start: patients / 2);
        practice[who] = practice[who] with { Gender = AdministrativeGender.Other };
        return (Neighbours.Without(practice, who), practice);
    }

    private static async Task<List<ReleasedReport>> ReleaseManyAsync(PatientRecord[] patients, IndicatorDefinition definition, int n)
    {
        var summaries = UserReleases.Evaluate(patients, [definition], Scenario.MonthEnds[^1], "A81001");
        string state = UserReleases.NewFolder();
        var reports = new List<ReleasedReport>();
        for (int i = 0; i < n; i++)
        {
            string? path = await UserReleases.ReleaseAsync(summaries, UserReleases.Policies("dp", state, epsilon: Epsilon), state);
            Assert.That(path, Is.Not.Null, "a differential-privacy release was refused");
            reports.Add(ReleasedBundle.Read(path!).Single());
        }

        return reports;
    }

    [Test]
    public async Task A_sex_other_stratum_appears_no_more_often_than_epsilon_allows_when_one_such_patient_exists()
    {
        var definition = UserReleases.Catalogue(Indicator).Definition;
        var (without, with) = Neighbouring(150, 11, definition);
        int n = Math.Max(60, Releases(60));
        var a = await ReleaseManyAsync(without, definition, n);
        var b = await ReleaseManyAsync(with, definition, n);
        var other = new Column(Layout.Sex, "other");
        int ka = a.Count(r => r.Columns.ContainsKey(other));
        int kb = b.Count(r => r.Columns.ContainsKey(other));
        TestContext.Out.WriteLine($"sex=other listed in {ka} of {n} releases without the patient, {kb} of {n} with");

        Assert.That(Violations([("sex=other listed", ka, kb)], n), Is.Empty);
    }

    [Test]
    public async Task Every_observable_event_of_neighbouring_practices_is_within_e_to_the_epsilon()
    {
        var definition = UserReleases.Catalogue(Indicator).Definition;
        var (without, with) = Neighbouring(200, 8, definition);
        int n = Releases(120);
        var a = await ReleaseManyAsync(without, definition, n);
        var b = await ReleaseManyAsync(with, definition, n);

        var events = new List<(string Name, Func<ReleasedReport, bool> Holds)>();
        foreach (var column in Layout.AllColumns().Where(c => !c.IsTotal))
        {
            events.Add(($"{column} listed", r => r.Columns.ContainsKey(column)));
        }

        foreach (string set in a.Concat(b).Select(ListedSet).Distinct())
        {
            events.Add(($"listed strata exactly {{{set}}}", r => ListedSet(r) == set));
        }

        foreach (var column in new[] { Column.Total, new Column(Layout.Sex, "other"), new Column(Layout.Sex, "female") })
        {
            foreach (int p in new[] { Pop.Ip, Pop.Num })
            {
                var values = a.Concat(b).Select(r => Value(r, column, p)).Where(v => v is not null).Select(v => v!.Value).Order().ToList();
                foreach (double q in new[] { 0.1, 0.25, 0.5, 0.75, 0.9 })
                {
                    if (values.Count == 0) { break; }
                    long t = values[(int)(q * (values.Count - 1))];
                    events.Add(($"{column} {Pop.Codes[p]} released and <= {t}", r => Value(r, column, p) is long v && v <= t));
                }
            }
        }

        var counts = events.DistinctBy(e => e.Name).Select(e => (e.Name, a.Count(e.Holds), b.Count(e.Holds))).ToList();
        foreach (var (name, ka, kb) in counts.Where(c => c.Item2 != c.Item3))
        {
            TestContext.Out.WriteLine($"{name}: {ka}/{n} vs {kb}/{n}");
        }

        Assert.That(Violations(counts, n), Is.Empty);
    }

    private static string ListedSet(ReleasedReport r) => string.Join(",", r.Columns.Keys.Where(c => !c.IsTotal).Select(c => c.ToString()).Order(StringComparer.Ordinal));

    private static long? Value(ReleasedReport r, Column c, int p) => r.Columns.TryGetValue(c, out var v) ? v[p] : null;

    /// <summary>Events whose frequencies prove (at the stated confidence) a likelihood ratio above e^epsilon.</summary>
    private static List<string> Violations(List<(string Name, int A, int B)> events, int n)
    {
        double delta = 1e-6 / (2.0 * events.Count);
        double bound = Math.Exp(Epsilon);
        var violations = new List<string>();
        foreach (var (name, ka, kb) in events)
        {
            foreach (var (k1, k2, dir) in new[] { (ka, kb, "without/with"), (kb, ka, "with/without") })
            {
                double low = Binomial.Lower(k1, n, delta);
                double high = Binomial.Upper(k2, n, delta);
                if (low > bound * high)
                {
                    violations.Add($"{name}: {k1}/{n} vs {k2}/{n} ({dir}); ratio at least {low / Math.Max(high, 1e-300):G3} > e^{Epsilon} = {bound:G3}");
                }
            }
        }

        return violations;
    }
}
