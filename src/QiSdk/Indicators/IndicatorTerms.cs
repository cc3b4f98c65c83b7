namespace QiSdk.Indicators;

/// <summary>
/// The one place the measure vocabulary is written out: population codes (FHIR measure-population), indicator kinds and
/// improvement directions, as the definition JSON, the MeasureReports, the privacy stage and the tool all spell them.
/// </summary>
internal static class IndicatorTerms
{
    /// <summary>Every population, in FHIR's order.</summary>
    public static readonly MeasurePopulation[] Populations =
    [
        MeasurePopulation.InitialPopulation,
        MeasurePopulation.Denominator,
        MeasurePopulation.DenominatorExclusion,
        MeasurePopulation.DenominatorException,
        MeasurePopulation.Numerator,
    ];

    public static string Code(MeasurePopulation population) => population switch
    {
        MeasurePopulation.InitialPopulation => "initial-population",
        MeasurePopulation.Denominator => "denominator",
        MeasurePopulation.DenominatorExclusion => "denominator-exclusion",
        MeasurePopulation.DenominatorException => "denominator-exception",
        MeasurePopulation.Numerator => "numerator",
        _ => throw new ArgumentOutOfRangeException(nameof(population), population, "Unknown measure population."),
    };

    public static bool TryParsePopulation(string? code, out MeasurePopulation population)
    {
        foreach (var p in Populations)
        {
            if (string.Equals(Code(p), code, StringComparison.Ordinal))
            {
                population = p;
                return true;
            }
        }

        population = default;
        return false;
    }

    public static string Code(ImprovementDirection direction) => direction == ImprovementDirection.Increase ? "increase" : "decrease";

    public static string Code(IndicatorKind kind) => kind == IndicatorKind.Process ? "process" : "outcome";

    public static PopulationMembership Flag(MeasurePopulation population) => population switch
    {
        MeasurePopulation.InitialPopulation => PopulationMembership.InitialPopulation,
        MeasurePopulation.Denominator => PopulationMembership.Denominator,
        MeasurePopulation.DenominatorExclusion => PopulationMembership.DenominatorExclusion,
        MeasurePopulation.DenominatorException => PopulationMembership.DenominatorException,
        MeasurePopulation.Numerator => PopulationMembership.Numerator,
        _ => PopulationMembership.None,
    };
}
