using System.Collections.Immutable;
using QiSdk.Codes.Units;

namespace QiSdk.Indicators;

/// <summary>
/// A measurement whose readings are compared: the code sets that identify a reading (as the Observation code or as a
/// component code), the canonical UCUM unit values are compared in, and the analyte (which decides conversions).
/// </summary>
/// <param name="Name">Name rules refer to (e.g. <c>hba1c</c>).</param>
/// <param name="CodeSets">Code sets whose members identify a reading.</param>
/// <param name="Unit">Canonical UCUM unit of comparison (e.g. <c>mmol/mol</c>, <c>mm[Hg]</c>, <c>mmol/L</c>).</param>
/// <param name="Analyte">Analyte conversions allowed; <see cref="Analyte.General"/> by default.</param>
public sealed record MeasurementDefinition(string Name, ImmutableArray<string> CodeSets, string Unit, Analyte Analyte = Analyte.General)
{
    /// <summary>
    /// When true, a value written with a comparator (<c>&lt;30</c>, <c>&gt;90</c>) is a reading: its bound is compared as
    /// the value and its comparator is kept for <see cref="ReadingCriterion.ExcludeComparators"/> (JSON
    /// <c>"keepComparators": true</c>). When false (the default) such values are not readings and are logged (QI3104).
    /// </summary>
    public bool KeepComparators { get; init; }
}
