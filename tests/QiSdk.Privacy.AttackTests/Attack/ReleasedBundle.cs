using System.Text.Json;

namespace QiSdk.Privacy.AttackTests.Attack;

/// <summary>The five FHIR measure populations, in the attacker's own terms (codes from the FHIR measure-population system).</summary>
internal static class Pop
{
    public const int Ip = 0, Den = 1, Excl = 2, Exc = 3, Num = 4, Count = 5;

    public static readonly string[] Codes = ["initial-population", "denominator", "denominator-exclusion", "denominator-exception", "numerator"];

    public static int Parse(string code) => Array.IndexOf(Codes, code) is var i and >= 0 ? i : throw new FormatException($"unknown population code '{code}'");
}

/// <summary>A column of a released report: the total (stratifier and value empty) or one stratum.</summary>
internal readonly record struct Column(string Stratifier, string Value)
{
    public static readonly Column Total = new(string.Empty, string.Empty);

    public bool IsTotal => Stratifier.Length == 0;

    public override string ToString() => IsTotal ? "total" : $"{Stratifier}={Value}";
}

/// <summary>One released MeasureReport as an outsider sees it: every count, or null where the cell was withheld.</summary>
internal sealed record ReleasedReport(string IndicatorId, string Reporter, string PeriodEnd, IReadOnlyDictionary<Column, long?[]> Columns)
{
    public IEnumerable<Column> ListedStrata(string stratifier) => Columns.Keys.Where(c => c.Stratifier == stratifier);
}

/// <summary>
/// Reads a released disclosure.json with System.Text.Json only (never QiSdk's reader): the attacker's view of the
/// bytes that left the practice.
/// </summary>
internal static class ReleasedBundle
{
    private const string IndicatorIdExtension = "https://qisdk.org/fhir/StructureDefinition/indicator-id";

    public static IReadOnlyList<ReleasedReport> Read(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var reports = new List<ReleasedReport>();
        if (!doc.RootElement.TryGetProperty("entry", out var entries))
        {
            return reports;
        }

        foreach (var entry in entries.EnumerateArray())
        {
            var r = entry.GetProperty("resource");
            if (r.GetProperty("resourceType").GetString() != "MeasureReport" || r.GetProperty("type").GetString() != "summary")
            {
                continue;
            }

            string id = r.GetProperty("measure").GetString()!.Split('/')[^1];
            if (r.TryGetProperty("extension", out var exts))
            {
                foreach (var e in exts.EnumerateArray())
                {
                    if (e.GetProperty("url").GetString() == IndicatorIdExtension)
                    {
                        id = e.GetProperty("valueString").GetString()!;
                    }
                }
            }

            string reporter = r.TryGetProperty("reporter", out var rep)
                ? rep.TryGetProperty("identifier", out var ident) && ident.TryGetProperty("value", out var v) ? v.GetString()!
                : rep.TryGetProperty("display", out var disp) ? disp.GetString()! : rep.GetRawText()
                : string.Empty;
            string periodEnd = r.GetProperty("period").GetProperty("end").GetString()!;
            var columns = new Dictionary<Column, long?[]>();
            foreach (var group in r.GetProperty("group").EnumerateArray())
            {
                columns[Column.Total] = Populations(group);
                if (!group.TryGetProperty("stratifier", out var stratifiers))
                {
                    continue;
                }

                foreach (var s in stratifiers.EnumerateArray())
                {
                    string name = s.GetProperty("code")[0].GetProperty("text").GetString()!;
                    if (!s.TryGetProperty("stratum", out var strata))
                    {
                        continue;
                    }

                    foreach (var stratum in strata.EnumerateArray())
                    {
                        columns[new Column(name, stratum.GetProperty("value").GetProperty("text").GetString()!)] = Populations(stratum);
                    }
                }
            }

            reports.Add(new ReleasedReport(id, reporter, periodEnd, columns));
        }

        return reports;
    }

    private static long?[] Populations(JsonElement holder)
    {
        var values = new long?[Pop.Count];
        if (!holder.TryGetProperty("population", out var pops))
        {
            return values;
        }

        foreach (var p in pops.EnumerateArray())
        {
            int i = Pop.Parse(p.GetProperty("code").GetProperty("coding")[0].GetProperty("code").GetString()!);
            values[i] = p.TryGetProperty("count", out var c) ? c.GetInt64() : null;
        }

        return values;
    }
}
