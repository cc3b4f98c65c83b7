namespace QiSdk.Privacy.AttackTests.Attack;

/// <summary>One release the attacker has: the bytes that left (disclosure.json) and the profile it was made under.</summary>
/// <param name="Label">The attacker's name for it (e.g. "2025-01").</param>
/// <param name="Path">disclosure.json.</param>
/// <param name="Rule">The profile's published rule.</param>
/// <param name="Truth">True counts per indicator id (judge only).</param>
internal sealed record Release(string Label, string Path, ProfileRule Rule, IReadOnlyDictionary<string, Truth> Truth);

/// <summary>The outcome of one attack: every leak (a small count the attacker pins down or narrows too far) and how much was tried.</summary>
internal sealed record AttackResult(IReadOnlyList<Finding> Leaks, IReadOnlyList<Finding> Unsound, int Quantities, int Solves, int Released, int Withheld, int Unproven = 0)
{
    public string Describe(int max = 12) =>
        $"{Leaks.Count} leak(s) among {Quantities} small quantities ({Solves} CP-SAT solves{(Unproven > 0 ? $", {Unproven} stopped at the time limit" : string.Empty)}; {Released} cells released, {Withheld} withheld)"
        + string.Concat(Leaks.Take(max).Select(l => "\n  LEAK " + l))
        + (Leaks.Count > max ? $"\n  ... {Leaks.Count - max} more" : string.Empty)
        + string.Concat(Unsound.Take(max).Select(l => "\n  UNSOUND (attacker assumption broken) " + l));
}

/// <summary>
/// Runs the attacker over a set of releases of one practice (or one cluster): each release's reports become tables,
/// overlapping indicators in one release are nested, and the attacker bounds every small quantity of every table, of
/// every pair of releases of the same indicator (differencing), and of every nested pair.
/// </summary>
internal sealed class Campaign(IReadOnlyDictionary<string, PublishedDefinition> definitions)
{
    private readonly Attacker _attacker = new();
    private readonly List<(Release Release, string Indicator, Table Table, Truth Truth)> _tables = [];
    private readonly List<Quantity> _extra = [];
    private int _released;
    private int _withheld;

    public Attacker Attacker => _attacker;

    public IReadOnlyDictionary<string, PublishedDefinition> Definitions => definitions;

    public IReadOnlyList<(Release Release, string Indicator, Table Table, Truth Truth)> Tables => _tables;

    public IReadOnlyList<Table> Add(Release release)
    {
        var added = new List<Table>();
        var inRelease = new List<(string Indicator, Table Table)>();
        foreach (var report in ReleasedBundle.Read(release.Path))
        {
            definitions.TryGetValue(report.IndicatorId, out var definition);
            var table = _attacker.AddTable($"{release.Label}:{report.IndicatorId}", definition);
            _attacker.Observe(table, report, release.Rule);
            foreach (var values in report.Columns.Values)
            {
                _released += values.Count(v => v is not null);
                _withheld += values.Count(v => v is null);
            }

            _tables.Add((release, report.IndicatorId, table, release.Truth[report.IndicatorId]));
            inRelease.Add((report.IndicatorId, table));
            added.Add(table);
        }

        foreach (var (wideId, wide) in inRelease)
        {
            foreach (var (narrowId, narrow) in inRelease)
            {
                if (definitions.TryGetValue(wideId, out var w) && definitions.TryGetValue(narrowId, out var n) && w.Contains(n))
                {
                    _attacker.Nest(wide, narrow, w.AgeAtLeast!.Value, n.AgeAtLeast!.Value);
                }
            }
        }

        return added;
    }

    /// <summary>Extra quantities (e.g. another practice's hidden cells in a cluster attack).</summary>
    public void AddQuantities(IEnumerable<Quantity> quantities) => _extra.AddRange(quantities);

    /// <param name="singles">Attack each released table on its own (leak 1).</param>
    /// <param name="differences">Attack differences between releases and between nested indicators (leak 3).</param>
    public AttackResult Run(bool singles = true, bool differences = true)
    {
        var quantities = new List<(Quantity Q, ProfileRule Rule)>();
        {
            for (int i = 0; i < _tables.Count; i++)
            {
                var (ri, idi, ti, truthI) = _tables[i];
                if (singles)
                {
                    quantities.AddRange(Quantities.Of(ti, truthI, ri.Rule.Small).Select(q => (q, ri.Rule)));
                }

                for (int j = 0; j < i; j++)
                {
                    var (rj, idj, tj, truthJ) = _tables[j];
                    bool sameIndicator = idi == idj && ri != rj;
                    bool nested = ri == rj && definitions.TryGetValue(idi, out var di) && definitions.TryGetValue(idj, out var dj) && (di.Contains(dj) || dj.Contains(di));
                    if (differences && (sameIndicator || nested))
                    {
                        quantities.AddRange(Quantities.Differences(ti, truthI, tj, truthJ, ri.Rule.Small).Select(q => (q, ri.Rule)));
                    }
                }
            }
        }

        var rule = _tables.Count > 0 ? _tables[^1].Release.Rule : null;
        quantities.AddRange(_extra.Select(q => (q, rule!)));

        var leaks = new List<Finding>();
        var unsound = new List<Finding>();
        foreach (var (q, r) in quantities)
        {
            if (_attacker.Judge(q, r) is { } finding)
            {
                (finding.True < finding.Min || finding.True > finding.Max ? unsound : leaks).Add(finding);
            }
        }

        return new AttackResult(leaks, unsound, quantities.Count, _attacker.Solves, _released, _withheld, _attacker.Unproven);
    }
}
