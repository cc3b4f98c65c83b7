using System.Text.Json.Nodes;

namespace QiSdk.Privacy.AttackTests.Attack;

/// <summary>
/// What an attacker learns from a published indicator definition (the JSON in src/QiSdk/Resources/Indicators or a
/// custom definition file), read with System.Text.Json: whether one rule selects both the initial population and the
/// denominator (then they are equal), the minimum age, and a skeleton for spotting definitions that differ only in
/// their age limit (then one is nested in the other).
/// </summary>
internal sealed record PublishedDefinition(string Id, bool InitialPopulationIsDenominator, int? AgeAtLeast, string Skeleton)
{
    public static PublishedDefinition Parse(string json)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        string id = (string)root["id"]!;
        var rules = root["rules"]!.AsArray();
        int? ageAtLeast = null;
        var selectingIp = new List<int>();
        var selectingDen = new List<int>();
        for (int i = 0; i < rules.Count; i++)
        {
            var rule = rules[i]!.AsObject();
            if (rule["reject"] is JsonValue reject && (bool)reject && rule["when"]?["not"]?["age"]?["atLeast"] is JsonValue atLeast
                && rule["when"]!["not"]!["age"]!.AsObject().Count == 1)
            {
                ageAtLeast = (int)atLeast;
                rule["when"]!["not"]!["age"]!["atLeast"] = 0;
            }

            if (rule["select"] is JsonArray select)
            {
                var codes = select.Select(s => (string)s!).ToList();
                if (codes.Contains("initial-population")) { selectingIp.Add(i); }
                if (codes.Contains("denominator")) { selectingDen.Add(i); }
            }

            rule.Remove("name");
            rule.Remove("description");
        }

        // FHIR: denominator implies initial population. If the only rule that selects either selects both, every
        // patient is in both or neither.
        bool equal = selectingIp.Count == 1 && selectingDen.Count == 1 && selectingIp[0] == selectingDen[0];
        foreach (string key in new[] { "$schema", "id", "url", "title", "description", "references", "notes", "version" })
        {
            root.Remove(key);
        }

        return new PublishedDefinition(id, equal, ageAtLeast, root.ToJsonString());
    }

    /// <summary>
    /// True when <paramref name="narrow"/> selects exactly the patients of this definition who are also at least its
    /// (higher) age limit: same rules, only the minimum age differs.
    /// </summary>
    public bool Contains(PublishedDefinition narrow) =>
        Skeleton == narrow.Skeleton && AgeAtLeast is int a && narrow.AgeAtLeast is int b && a < b;
}
