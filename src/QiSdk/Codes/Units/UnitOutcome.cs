namespace QiSdk.Codes.Units;

/// <summary>The result of normalising one quantity to a measurement's unit.</summary>
public enum UnitOutcome : byte
{
    /// <summary>The value was converted (or already was) in the measurement's unit.</summary>
    Ok = 0,

    /// <summary>The quantity had no numeric value.</summary>
    NoValue,

    /// <summary>The quantity carried a comparator (<c>&lt;</c>, <c>&lt;=</c>, <c>&gt;=</c>, <c>&gt;</c>): a bound, not a measurement.</summary>
    Comparator,

    /// <summary>Neither the unit code nor the unit text is a unit QiSdk knows.</summary>
    UnknownUnit,

    /// <summary>The unit is known but does not convert to the measurement's unit for this analyte.</summary>
    UnfitUnit,
}
