using QiSdk.Indicators;
using QiSdk.Records;

namespace QiSdk.Privacy.AttackTests.Attack;

/// <summary>Shared set-up of the attack tests: the indicators released, their published definitions, and one-call releases.</summary>
internal static class Scenario
{
    /// <summary>Catalogue indicators with a mix of shapes: IP = denominator, exclusions and exceptions, age limits.</summary>
    public static readonly string[] Indicators =
    [
        "dq-bp-recorded-45-5y", "qof-hyp008-bp-140-90", "qof-smok002-ltc-smoking-status-12m", "qof-dm020-hba1c-58",
        "dq-smoking-status-recorded",
    ];

    public static readonly DateOnly[] MonthEnds = [new(2025, 1, 31), new(2025, 2, 28), new(2025, 3, 31), new(2025, 4, 30)];

    public static (List<IndicatorDefinition> Definitions, Dictionary<string, PublishedDefinition> Published) Load(IEnumerable<string> ids, bool withAge46 = false)
    {
        var definitions = new List<IndicatorDefinition>();
        var published = new Dictionary<string, PublishedDefinition>();
        foreach (string id in ids)
        {
            var (d, p) = UserReleases.Catalogue(id);
            definitions.Add(d);
            published[id] = p;
        }

        if (withAge46)
        {
            var (d, p) = UserReleases.WithMinimumAge("dq-bp-recorded-45-5y", 46, "bp-recorded-46-5y");
            definitions.Add(d);
            published[d.Id] = p;
        }

        return (definitions, published);
    }

    /// <summary>Evaluates and releases one practice's indicators; returns the release (null when refused) with its truth.</summary>
    public static async Task<Release?> ReleaseAsync(string label, IEnumerable<PatientRecord> patients, IReadOnlyList<IndicatorDefinition> definitions,
        DateOnly periodEnd, string reporter, string profile, string stateDir, string checker = UserReleases.Core)
    {
        var summaries = UserReleases.Evaluate(patients, definitions, periodEnd, reporter);
        string? path = await UserReleases.ReleaseAsync(summaries, UserReleases.Policies(profile, stateDir), stateDir, checker);
        return path is null ? null : new Release(label, path, UserReleases.Rule(profile), summaries.ToDictionary(s => s.IndicatorId, Truth.Of));
    }
}
