namespace QiSdk.Codes.Units;

/// <summary>Stable codes and message texts for unit problems (QI31xx); documented in <c>docs/error-codes.md</c>.</summary>
internal static class UnitErrors
{
    /// <summary>A reading's unit is not one QiSdk knows.</summary>
    public const string UnknownUnit = "QI3101";

    /// <summary>A reading's unit is known but does not fit the measurement (e.g. <c>mmol/L</c> for HbA1c).</summary>
    public const string UnfitUnit = "QI3102";

    /// <summary>A candidate reading has no numeric value.</summary>
    public const string NoValue = "QI3103";

    /// <summary>A candidate reading's value is a bound (<c>&lt;</c>, <c>&gt;</c>), not a measurement.</summary>
    public const string ComparatorValue = "QI3104";

    public static string Message(UnitOutcome outcome, string? unitText, string target) => outcome switch
    {
        UnitOutcome.UnknownUnit => $"unit '{unitText ?? "(none)"}' is not a known unit; the value is not a reading and was not compared",
        UnitOutcome.UnfitUnit => $"unit '{unitText}' does not convert to {target} for this measurement; the value is not a reading and was not compared",
        UnitOutcome.NoValue => "the reading has no numeric value; it was not compared",
        UnitOutcome.Comparator => $"the value is a bound ('{unitText}'), not a measurement; it was not compared",
        _ => "ok",
    };

    public static string Code(UnitOutcome outcome) => outcome switch
    {
        UnitOutcome.UnknownUnit => UnknownUnit,
        UnitOutcome.UnfitUnit => UnfitUnit,
        UnitOutcome.NoValue => NoValue,
        UnitOutcome.Comparator => ComparatorValue,
        _ => string.Empty,
    };
}
