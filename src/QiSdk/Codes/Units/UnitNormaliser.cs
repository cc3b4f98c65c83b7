using System.Collections.Frozen;
using QiSdk.Records;

namespace QiSdk.Codes.Units;

/// <summary>
/// Normalises the quantities indicators compare: resolves UCUM codes and common unit text (<c>mmHg</c>, <c>mmol/l</c>,
/// <c>mg/dl</c>) to one canonical UCUM code, and converts between units only where the analyte allows it
/// (HbA1c DCCT <c>%</c> to IFCC <c>mmol/mol</c>; cholesterol <c>mg/dL</c> to <c>mmol/L</c>). Stateless and thread-safe.
/// </summary>
/// <remarks>
/// A hand-written alias table, not a UCUM parser: no UCUM library is available to the core package, and indicators
/// compare a handful of units. Unknown units are reported, never guessed.
/// </remarks>
public static class UnitNormaliser
{
    /// <summary>The UCUM system URI.</summary>
    public const string UcumSystem = "http://unitsofmeasure.org";

    private const decimal DcctOffset = 2.15m;
    private const decimal DcctFactor = 10.929m;
    private const decimal CholesterolMgPerDlPerMmolPerL = 38.67m;

    // Canonical UCUM code -> every spelling seen in the wild. Matching of the spellings ignores case and spaces, except
    // for the canonical codes themselves, which are exact UCUM (case-sensitive) and always accepted.
    private static readonly (string Canonical, string[] Aliases)[] Table =
    [
        ("mmol/mol", ["mmol/mol", "mmol/mol hb", "mmol/mol(hb)", "mmol/molhb"]),
        ("%", ["%", "percent", "pct", "%hb", "% hb", "%{hba1c}", "%{hb}"]),
        ("mm[Hg]", ["mm[hg]", "mmhg", "mm hg", "mm of hg", "millimeter of mercury", "millimetre of mercury"]),
        ("mmol/L", ["mmol/l", "mmol per l", "mmol/litre", "mmol/liter", "millimol/l"]),
        ("mg/dL", ["mg/dl", "mg per dl"]),
        ("umol/L", ["umol/l", "µmol/l", "μmol/l", "micromol/l"]),
        ("mL/min/{1.73_m2}", ["ml/min/{1.73_m2}", "ml/min/1.73m2", "ml/min/1.73 m2", "ml/min/1.73m^2", "ml/min/1.73sqm", "ml/min/(1.73_m2)"]),
        ("mL/min", ["ml/min"]),
        ("kg/m2", ["kg/m2", "kg/m^2", "kg/(m2)"]),
        ("kg", ["kg", "kilogram", "kilograms"]),
        ("g", ["g", "gram", "grams"]),
        ("cm", ["cm", "centimetre", "centimeter"]),
        ("m", ["m", "metre", "meter"]),
        ("/min", ["/min", "beats/min", "bpm", "{beats}/min", "per minute"]),
        ("g/L", ["g/l"]),
        ("mg/mmol", ["mg/mmol"]),
        ("mU/L", ["mu/l", "miu/l", "m[iu]/l"]),
        ("pmol/L", ["pmol/l"]),
        ("U/L", ["u/l", "iu/l", "[iu]/l"]),
        ("10*9/L", ["10*9/l", "x10^9/l", "10^9/l", "x10*9/l"]),
        ("ng/mL", ["ng/ml", "ug/l", "µg/l"]),
        ("1", ["1", "{ratio}", "{score}", "ratio", "score"]),
    ];

    private static readonly FrozenDictionary<string, string> ExactCodes =
        Table.ToFrozenDictionary(t => t.Canonical, t => t.Canonical, StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> Aliases = Table
        .SelectMany(t => t.Aliases.Select(a => (Alias: Squash(a), t.Canonical)))
        .DistinctBy(p => p.Alias, StringComparer.Ordinal)
        .ToFrozenDictionary(p => p.Alias, p => p.Canonical, StringComparer.Ordinal);

    /// <summary>Every canonical UCUM code the normaliser knows.</summary>
    public static IReadOnlyCollection<string> KnownUnits => ExactCodes.Keys;

    /// <summary>Resolves a unit code or text to its canonical UCUM code.</summary>
    /// <param name="unit">A UCUM code or unit text as recorded (e.g. <c>mmHg</c>, <c>mmol/l</c>).</param>
    /// <param name="canonical">The canonical UCUM code (e.g. <c>mm[Hg]</c>), or null.</param>
    /// <returns>True when the unit is known.</returns>
    public static bool TryCanonicalise(string? unit, out string canonical)
    {
        canonical = string.Empty;
        if (string.IsNullOrWhiteSpace(unit))
        {
            return false;
        }

        if (ExactCodes.TryGetValue(unit, out var exact))
        {
            canonical = exact;
            return true;
        }

        // Lower-case and drop spaces into a stack buffer, then look up without allocating.
        Span<char> buffer = stackalloc char[64];
        var trimmed = unit.AsSpan().Trim();
        if (trimmed.Length > buffer.Length)
        {
            return false;
        }

        int n = 0;
        foreach (char c in trimmed)
        {
            if (c != ' ')
            {
                buffer[n++] = char.ToLowerInvariant(c);
            }
        }

        if (Aliases.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(buffer[..n], out exact))
        {
            canonical = exact;
            return true;
        }

        return false;
    }

    /// <summary>True when <paramref name="unit"/> (canonical) is acceptable for a measurement in <paramref name="target"/> of <paramref name="analyte"/>.</summary>
    /// <param name="unit">A canonical UCUM code.</param>
    /// <param name="target">The measurement's canonical UCUM code.</param>
    /// <param name="analyte">The analyte.</param>
    public static bool Converts(string unit, string target, Analyte analyte) =>
        string.Equals(unit, target, StringComparison.Ordinal)
        || (analyte == Analyte.Hba1c && target == "mmol/mol" && unit == "%")
        || (analyte == Analyte.Cholesterol && target == "mmol/L" && unit == "mg/dL");

    /// <summary>
    /// Normalises a recorded quantity to the measurement's unit. The unit code is used when it is known (any system
    /// or UCUM); otherwise the unit text.
    /// </summary>
    /// <param name="quantity">The recorded quantity.</param>
    /// <param name="target">The measurement's canonical UCUM unit (e.g. <c>mmol/mol</c>).</param>
    /// <param name="analyte">The analyte, which decides the conversions allowed.</param>
    /// <param name="value">The value in <paramref name="target"/> units, unrounded.</param>
    /// <returns><see cref="UnitOutcome.Ok"/>, or why the quantity is not a usable reading.</returns>
    public static UnitOutcome Normalise(in Quantity quantity, string target, Analyte analyte, out decimal value)
    {
        value = 0;
        if (quantity.Value is not { } raw)
        {
            return UnitOutcome.NoValue;
        }

        if (!string.IsNullOrEmpty(quantity.Comparator))
        {
            return UnitOutcome.Comparator;
        }

        string unit = string.Empty;
        bool known = (quantity.System is null || quantity.System == UcumSystem) && TryCanonicalise(quantity.Code, out unit);
        if (!known && !TryCanonicalise(quantity.Unit, out unit) && !TryCanonicalise(quantity.Code, out unit))
        {
            return UnitOutcome.UnknownUnit;
        }

        if (string.Equals(unit, target, StringComparison.Ordinal))
        {
            value = raw;
            return UnitOutcome.Ok;
        }

        if (analyte == Analyte.Hba1c && target == "mmol/mol" && unit == "%")
        {
            value = (raw - DcctOffset) * DcctFactor;
            return UnitOutcome.Ok;
        }

        if (analyte == Analyte.Cholesterol && target == "mmol/L" && unit == "mg/dL")
        {
            value = raw / CholesterolMgPerDlPerMmolPerL;
            return UnitOutcome.Ok;
        }

        return UnitOutcome.UnfitUnit;
    }

    /// <summary>The unit as written, for messages.</summary>
    /// <param name="quantity">The quantity.</param>
    internal static string? Describe(in Quantity quantity) =>
        !string.IsNullOrEmpty(quantity.Comparator) ? quantity.Comparator + quantity.Value
        : quantity.Code ?? quantity.Unit;

    private static string Squash(string text)
    {
        Span<char> buffer = text.Length <= 64 ? stackalloc char[text.Length] : new char[text.Length];
        int n = 0;
        foreach (char c in text.AsSpan().Trim())
        {
            if (c != ' ')
            {
                buffer[n++] = char.ToLowerInvariant(c);
            }
        }

        return new string(buffer[..n]);
    }
}
