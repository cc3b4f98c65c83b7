using QiSdk.Indicators;
using QiSdk.Records;

namespace QiSdk.Privacy.AttackTests.Attack;

/// <summary>A GP cluster: several practices, releases of combined counts over chosen memberships.</summary>
internal sealed class ClusterScenario
{
    private readonly Dictionary<string, IReadOnlyList<IndicatorSummary>> _summaries = [];

    public ClusterScenario(IReadOnlyList<IndicatorDefinition> definitions, IReadOnlyDictionary<string, PatientRecord[]> practices, DateOnly periodEnd)
    {
        Definitions = definitions;
        foreach (var (code, patients) in practices)
        {
            _summaries[code] = UserReleases.Evaluate(patients, definitions, periodEnd, code);
        }
    }

    public IReadOnlyList<IndicatorDefinition> Definitions { get; }

    public Truth TruthOf(string practice, string indicator) => Truth.Of(_summaries[practice].Single(s => s.IndicatorId == indicator));

    /// <summary>Releases the combined counts of <paramref name="members"/> under <paramref name="clusterId"/>.</summary>
    public async Task<Release?> ReleaseAsync(string label, IReadOnlyList<string> members, string clusterId, string profile, string stateDir, string checker = UserReleases.Core)
    {
        var summaries = members.SelectMany(m => _summaries[m]).ToList();
        string? path = await UserReleases.ReleaseAsync(summaries, UserReleases.Policies(profile, stateDir, clusterId), stateDir, checker);
        if (path is null)
        {
            return null;
        }

        var truth = Definitions.ToDictionary(d => d.Id, d => Truth.Sum(members.Select(m => TruthOf(m, d.Id))));
        return new Release(label, path, UserReleases.Rule(profile), truth);
    }

    /// <summary>
    /// The attacker is member <paramref name="attacker"/>: it knows its own counts. For every released cluster table
    /// it adds hidden per-practice tables (shared across releases) tied to the release by summation, and asks about
    /// every small cell of every other practice and of "everyone but me" in each release.
    /// </summary>
    public void AttackAsMember(Campaign campaign, string attacker, IReadOnlyList<(Release Release, IReadOnlyList<string> Members)> releases, ProfileRule rule)
    {
        var hidden = new Dictionary<(string Practice, string Indicator), Table>();
        foreach (var (release, members) in releases)
        {
            foreach (var (r, indicator, table, _) in campaign.Tables.Where(t => t.Release == release))
            {
                campaign.Definitions.TryGetValue(indicator, out var definition);
                var parts = new List<Table>();
                foreach (string m in members)
                {
                    if (!hidden.TryGetValue((m, indicator), out var part))
                    {
                        part = campaign.Attacker.AddTable($"{m}:{indicator}", definition);
                        hidden[(m, indicator)] = part;
                        if (m == attacker)
                        {
                            campaign.Attacker.Know(part, TruthOf(m, indicator).ByColumn);
                        }
                        else
                        {
                            campaign.AddQuantities(Quantities.OfColumns(part, TruthOf(m, indicator), rule.Small));
                        }
                    }

                    parts.Add(part);
                }

                campaign.Attacker.SumOf(table, parts);
                if (members.Count > 2)
                {
                    var others = members.Where(m => m != attacker).ToList();
                    var rest = campaign.Attacker.AddTable($"{r.Label}:{indicator} minus {attacker}", definition);
                    campaign.Attacker.SumOf(rest, [.. others.Select(m => hidden[(m, indicator)])]);
                    campaign.AddQuantities(Quantities.OfColumns(rest, Truth.Sum(others.Select(m => TruthOf(m, indicator))), rule.Small));
                }
            }
        }
    }
}
