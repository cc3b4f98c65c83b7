using System.Globalization;

namespace QiSdk.Privacy;

/// <summary>
/// A small-number rule for one count: counts from 1 to <see cref="Threshold"/> are suppressed, other non-zero counts
/// are rounded to <see cref="RoundingBase"/>; zero is released as zero. Built-in profiles: <see cref="Nhs"/>,
/// <see cref="Cms"/>, <see cref="Midpoint6"/>; <see cref="Custom"/> for others.
/// </summary>
public sealed record SuppressionProfile
{
    private SuppressionProfile(string name, int threshold, int roundingBase, SuppressionRounding rounding)
    {
        Name = name;
        Threshold = threshold;
        RoundingBase = roundingBase;
        Rounding = rounding;
    }

    /// <summary>NHS / OpenSAFELY practice: 1-7 suppressed, others rounded to the nearest 5.</summary>
    public static SuppressionProfile Nhs { get; } = new("nhs", 7, 5, SuppressionRounding.NearestHalfUp);

    /// <summary>CMS cell-size policy: 1-10 suppressed, others released exactly.</summary>
    public static SuppressionProfile Cms { get; } = new("cms", 10, 1, SuppressionRounding.NearestHalfUp);

    /// <summary>OpenSAFELY midpoint6: <c>ceiling(x/6)*6 - 3</c> for x &gt; 0, zero stays zero; nothing suppressed.</summary>
    public static SuppressionProfile Midpoint6 { get; } = new("midpoint6", 0, 6, SuppressionRounding.BlockMidpoint);

    /// <summary>The profile's name (<c>nhs</c>, <c>cms</c>, <c>midpoint6</c>, or <c>custom-T-B</c>).</summary>
    public string Name { get; }

    /// <summary>Counts from 1 to this value are suppressed (0 = none).</summary>
    public int Threshold { get; }

    /// <summary>The rounding base (1 = no rounding).</summary>
    public int RoundingBase { get; }

    /// <summary>How counts are rounded.</summary>
    public SuppressionRounding Rounding { get; }

    /// <summary>The largest |released - true| over any released count.</summary>
    public int MaxError => RoundingBase == 1 ? 0 : Rounding == SuppressionRounding.NearestHalfUp ? RoundingBase / 2 : RoundingBase - 1 - ((RoundingBase - 1) / 2);

    /// <summary>
    /// A custom profile. Rejected (QI4012) when a count just above the threshold would round into the suppressed range
    /// or to zero (e.g. threshold 10 with base 5 rounds 11 to 10), because that would release a suppressed-range value.
    /// </summary>
    /// <param name="threshold">Suppress 1..threshold (0 to 1,000,000).</param>
    /// <param name="roundingBase">Round to multiples of this (1 to 1,000,000; 1 = none).</param>
    /// <param name="rounding">How to round (default nearest, ties up).</param>
    /// <exception cref="PrivacyException">QI4012: the combination is out of range or unsafe.</exception>
    public static SuppressionProfile Custom(int threshold, int roundingBase, SuppressionRounding rounding = SuppressionRounding.NearestHalfUp)
    {
        if (threshold is < 0 or > 1_000_000 || roundingBase is < 1 or > 1_000_000 || !Enum.IsDefined(rounding))
        {
            throw new PrivacyException(PrivacyErrors.InvalidSuppressionProfile, $"custom suppression profile: threshold must be 0..1000000 and rounding base 1..1000000 (got threshold {threshold}, base {roundingBase}).");
        }

        var profile = new SuppressionProfile(string.Create(CultureInfo.InvariantCulture, $"custom-{threshold}-{roundingBase}{(rounding == SuppressionRounding.BlockMidpoint ? "-midpoint" : string.Empty)}"), threshold, roundingBase, rounding);
        int smallest = profile.Protect(threshold + 1) ?? 0;
        if (smallest <= threshold)
        {
            throw new PrivacyException(PrivacyErrors.InvalidSuppressionProfile, $"custom suppression profile: threshold {threshold} with rounding base {roundingBase} would release the count {threshold + 1} as {smallest}, inside the suppressed range 0..{threshold}; use a smaller base or a threshold just below a multiple of it.");
        }

        return profile;
    }

    /// <summary>
    /// Parses a profile name: <c>nhs</c>, <c>cms</c>, <c>midpoint6</c>, or <c>custom:T</c> / <c>custom:T:B</c> /
    /// <c>custom:T:B:midpoint</c> (suppress 1..T, round to B).
    /// </summary>
    /// <param name="text">The name.</param>
    /// <exception cref="PrivacyException">QI4012: unknown name or invalid custom values.</exception>
    public static SuppressionProfile Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        switch (text.Trim().ToLowerInvariant())
        {
            case "nhs": return Nhs;
            case "cms": return Cms;
            case "midpoint6": return Midpoint6;
        }

        string[] parts = text.Trim().Split(':');
        if (parts.Length is >= 2 and <= 4 && parts[0].Equals("custom", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int t)
            && (parts.Length < 3 || int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            && (parts.Length < 4 || parts[3].Equals("midpoint", StringComparison.OrdinalIgnoreCase)))
        {
            int b = parts.Length >= 3 ? int.Parse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture) : 1;
            return Custom(t, b, parts.Length == 4 ? SuppressionRounding.BlockMidpoint : SuppressionRounding.NearestHalfUp);
        }

        throw new PrivacyException(PrivacyErrors.InvalidSuppressionProfile, $"unknown suppression profile '{text}': use nhs, cms, midpoint6, or custom:T[:B[:midpoint]].");
    }

    /// <summary>True when the count is suppressed (1..<see cref="Threshold"/>).</summary>
    /// <param name="count">A non-negative count.</param>
    public bool IsSuppressed(int count) => count >= 1 && count <= Threshold;

    /// <summary>The released value of one count, or null when suppressed. Suppress first, then round.</summary>
    /// <param name="count">A non-negative count.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public int? Protect(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
        {
            return 0;
        }

        if (count <= Threshold)
        {
            return null;
        }

        return Round(count);
    }

    /// <summary>Rounds a count (no suppression). Integer arithmetic, so no floating-point tie-break surprises.</summary>
    /// <param name="count">A non-negative count.</param>
    internal int Round(int count)
    {
        if (RoundingBase == 1 || count == 0)
        {
            return count;
        }

        long b = RoundingBase;
        long x = count;
        long r = Rounding == SuppressionRounding.NearestHalfUp
            ? (x + (b / 2)) / b * b
            : ((x + b - 1) / b * b) - (b / 2);
        return (int)r;
    }

    /// <summary>
    /// Every original count this profile could have released as <paramref name="released"/> (suppressed counts excluded),
    /// as the inclusive range [low, high]; low == high when the released value is exact. Written beside rounded cells so a
    /// reader can widen its intervals honestly (the range follows from the public profile; it reveals nothing more).
    /// </summary>
    /// <param name="released">A released (rounded) value.</param>
    internal (int Low, int High) Preimage(int released)
    {
        int low = int.MaxValue, high = int.MinValue;
        for (long x = Math.Max(0L, (long)released - RoundingBase); x <= (long)released + RoundingBase; x++)
        {
            if ((x == 0 || x > Threshold) && Round((int)x) == released)
            {
                low = Math.Min(low, (int)x);
                high = Math.Max(high, (int)x);
            }
        }

        return low <= high ? (low, high) : (released, released);
    }

    /// <summary>
    /// Counts 1..this value are protected against being worked out or narrowed (the threshold; for a profile without
    /// suppression but with rounding, such as <c>midpoint6</c>, one rounding block).
    /// </summary>
    internal int SensitiveMax => Threshold > 0 ? Threshold : RoundingBase > 1 ? RoundingBase : 0;

    /// <summary>
    /// The protection width W: the provable range of a sensitive count must be at least this wide (max - min). The
    /// threshold for suppressing profiles; one rounding block (base - 1) for <c>midpoint6</c>-style profiles.
    /// </summary>
    internal int ProtectionWidth => Threshold > 0 ? Threshold : RoundingBase > 1 ? RoundingBase - 1 : 0;

    /// <summary>
    /// The interval of true counts an attacker infers from the released value of <paramref name="count"/>: every y with
    /// the same released value, and (released, so not suppressed) y = 0 or y &gt; <see cref="Threshold"/>.
    /// </summary>
    /// <param name="count">A count that is released (not in 1..T).</param>
    internal (long Low, long High) ReleasedInterval(int count)
    {
        if (count == 0 || RoundingBase == 1)
        {
            return (count, count);
        }

        long b = RoundingBase;
        long v = Round(count);
        long low = Rounding == SuppressionRounding.NearestHalfUp ? v - (b / 2) : v + (b / 2) - b + 1;
        long high = low + b - 1;
        return (Math.Max(low, Threshold + 1L), high);
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
