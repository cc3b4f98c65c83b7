namespace QiSdk.Privacy.AttackTests.Attack;

/// <summary>
/// The documented stratum layout (docs/semantics.md, "Strata"): each stratifier is exhaustive (every patient of a
/// population is in exactly one of its strata, unknown/other included) and a stratum is listed exactly when it has a
/// patient in the initial population or denominator.
/// </summary>
internal static class Layout
{
    public const string AgeBand = "age-band";
    public const string Sex = "sex";

    /// <summary>Age bands with their inclusive age limits (unknown: no age; excluded by any age rule).</summary>
    public static readonly (string Label, int Low, int High)[] AgeBands =
    [
        ("0-15", 0, 15), ("16-24", 16, 24), ("25-34", 25, 34), ("35-44", 35, 44), ("45-54", 45, 54),
        ("55-64", 55, 64), ("65-74", 65, 74), ("75-84", 75, 84), ("85+", 85, 200), ("unknown", -1, -1),
    ];

    public static readonly string[] Sexes = ["female", "male", "other", "unknown"];

    public static readonly (string Stratifier, string[] Values)[] Stratifiers =
        [(AgeBand, [.. AgeBands.Select(b => b.Label)]), (Sex, Sexes)];

    public static IEnumerable<Column> AllColumns() =>
        Stratifiers.SelectMany(s => s.Values.Select(v => new Column(s.Stratifier, v))).Prepend(Column.Total);
}

/// <summary>
/// A profile's documented rounding rule (docs/privacy.md, "small-number-suppression"), re-implemented here as the
/// inverse an attacker applies: which true counts could have produced a released value. Also the leak rule for the
/// profile: which true values are "small" and what the attacker must not be able to prove about them.
/// </summary>
internal sealed record ProfileRule(string Name, int Threshold, int Base, bool Midpoint, bool HasHardValues = true)
{
    /// <summary>The small range: counts 1..Small must not be worked out.</summary>
    public int Small => Midpoint && Threshold == 0 ? Base : Threshold;

    /// <summary>
    /// The protection width W documented per profile in docs/privacy.md ("What is protected"): T for suppression
    /// profiles (nhs 7, cms 10, custom:T, cluster-aggregate T), one rounding block less one for midpoint6 (5).
    /// </summary>
    public int Width => Threshold == 0 ? Base - 1 : Threshold;

    /// <summary>
    /// A leak: a true count (or difference) in the small range whose provable range is narrower than
    /// <see cref="Width"/> (max - min &lt; W), which includes pinning it exactly. Before the checker documented W, the
    /// rule here was "the range must reach outside 1..T"; the documented rule is at least as strict for every range
    /// that starts at 1 or more.
    /// </summary>
    public bool IsLeak(long trueValue, long min, long max) => trueValue >= 1 && trueValue <= Small && max - min < Width;

    public static ProfileRule Parse(string profile)
    {
        switch (profile)
        {
            case "nhs": return new("nhs", 7, 5, false);
            case "cms": return new("cms", 10, 1, false);
            case "midpoint6": return new("midpoint6", 0, 6, true);
            case "dp": return new("dp", 7, 1, false, HasHardValues: false);
        }

        var parts = profile.Split(':');
        if (parts[0] == "cluster" && parts.Length == 2)
        {
            // cluster-aggregate alone: combined counts released exactly, threshold from ClusterAggregateOptions (7).
            return new(profile, int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), 1, false);
        }

        if (parts[0] != "custom" || parts.Length < 2)
        {
            throw new ArgumentException($"unknown profile '{profile}'");
        }

        int t = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        int b = parts.Length > 2 ? int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture) : 1;
        return new(profile, t, b, parts.Length > 3 && parts[3] == "midpoint");
    }

    /// <summary>The true counts that could have been released as <paramref name="released"/>.</summary>
    public (long Low, long High) Inverse(long released)
    {
        if (released == 0)
        {
            return (0, 0); // zero is released as zero in every profile, and nothing else rounds to zero
        }

        long low, high;
        if (Midpoint)
        {
            // Blocks ((k-1)B, kB] published as a value inside the block.
            long k = (released + Base - 1) / Base;
            (low, high) = (((k - 1) * Base) + 1, k * Base);
        }
        else
        {
            // Nearest multiple of B, ties up: x in [v - floor(B/2), v + ceil(B/2) - 1].
            (low, high) = (released - (Base / 2), released + ((Base + 1) / 2) - 1);
        }

        return (Math.Max(low, Threshold + 1), high); // 1..T would have been suppressed
    }
}
