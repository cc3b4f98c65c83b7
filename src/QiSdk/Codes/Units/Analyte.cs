namespace QiSdk.Codes.Units;

/// <summary>
/// What a measurement measures, when that changes which unit conversions are allowed. Most measurements need none
/// (<see cref="General"/>: only the same unit, written any known way, is accepted).
/// </summary>
public enum Analyte : byte
{
    /// <summary>No analyte-specific conversion: the reading's unit must be the measurement's unit.</summary>
    General = 0,

    /// <summary>HbA1c: IFCC <c>mmol/mol</c>; DCCT <c>%</c> converts as <c>(% - 2.15) x 10.929</c> (unrounded).</summary>
    Hba1c,

    /// <summary>Cholesterol (total, HDL, LDL, non-HDL): <c>mmol/L</c>; <c>mg/dL</c> converts as <c>/ 38.67</c>.</summary>
    Cholesterol,
}
