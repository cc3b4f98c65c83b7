namespace QiSdk.Records;

/// <summary>A FHIR <c>Quantity</c>: value with the unit text, unit system and unit code as recorded.</summary>
/// <param name="Value">The numeric value, or null when the quantity carried none.</param>
/// <param name="Unit">Human-readable unit text (<c>unit</c>).</param>
/// <param name="System">Unit system (usually <c>http://unitsofmeasure.org</c>).</param>
/// <param name="Code">Coded unit (a UCUM code such as <c>mmol/mol</c> or <c>mm[Hg]</c>).</param>
/// <param name="Comparator">Comparator (<c>&lt;</c>, <c>&lt;=</c>, <c>&gt;=</c>, <c>&gt;</c>) when the value is a bound, not a measurement.</param>
public readonly record struct Quantity(decimal? Value, string? Unit, string? System = null, string? Code = null, string? Comparator = null);
