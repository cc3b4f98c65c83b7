using System.Globalization;

namespace QiSdk.Privacy;

/// <summary>
/// Decides whether two released columns could be nested or overlapping groups of patients, so that the difference of
/// their counts might be the count of a real group. Related: two totals; a total and any stratum (all vs subgroup); the
/// same stratum; two strata of one stratifier whose values are numeric ranges that overlap (<c>40-64</c> and
/// <c>50-74</c>, <c>65+</c>, <c>&lt;18</c>). Unrelated: different stratifiers, and different non-range values of one
/// stratifier (e.g. <c>female</c> / <c>male</c>, disjoint by construction).
/// </summary>
internal static class StratumRelation
{
    public static bool Related(string? stratifierA, string? valueA, string? stratifierB, string? valueB)
    {
        if (stratifierA is null || stratifierB is null)
        {
            return true;
        }

        if (!string.Equals(stratifierA, stratifierB, StringComparison.Ordinal))
        {
            return false;
        }

        if (string.Equals(valueA, valueB, StringComparison.Ordinal))
        {
            return true;
        }

        return TryRange(valueA, out long a0, out long a1) && TryRange(valueB, out long b0, out long b1) && a0 <= b1 && b0 <= a1;
    }

    /// <summary>Parses <c>a-b</c>, <c>a+</c>, <c>&lt;a</c>, <c>&lt;=a</c>, <c>&gt;=a</c>, <c>&gt;a</c> or a single integer into an inclusive range.</summary>
    public static bool TryRange(string? text, out long low, out long high)
    {
        low = 0;
        high = long.MaxValue;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        string t = text.Trim();
        if (t.EndsWith('+'))
        {
            return Int(t[..^1], out low);
        }

        if (t.StartsWith("<=", StringComparison.Ordinal))
        {
            return Int(t[2..], out high);
        }

        if (t.StartsWith(">=", StringComparison.Ordinal))
        {
            return Int(t[2..], out low);
        }

        if (t.StartsWith('<'))
        {
            bool ok = Int(t[1..], out high);
            high--;
            return ok;
        }

        if (t.StartsWith('>'))
        {
            bool ok = Int(t[1..], out low);
            low++;
            return ok;
        }

        int dash = t.IndexOf('-', 1);
        if (dash > 0)
        {
            return Int(t[..dash], out low) && Int(t[(dash + 1)..], out high) && low <= high;
        }

        if (Int(t, out low))
        {
            high = low;
            return true;
        }

        return false;
    }

    private static bool Int(string s, out long value) =>
        long.TryParse(s.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
