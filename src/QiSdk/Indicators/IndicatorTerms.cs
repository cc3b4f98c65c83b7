namespace QiSdk.Indicators;

/// <summary>
/// The one place the measure vocabulary is written out: population codes (FHIR measure-population), indicator kinds and
/// improvement directions, as the definition JSON, the MeasureReports, the privacy stage and the tool all spell them.
/// Public so that hosts and the packages beside the core (the qi tool, Firely interop) print and parse the same codes.
/// </summary>
public static class IndicatorTerms
{
    /// <summary>Every population, in FHIR's order.</summary>
    internal static readonly MeasurePopulation[] Populations =
    [
        MeasurePopulation.InitialPopulation,
        MeasurePopulation.Denominator,
        MeasurePopulation.DenominatorExclusion,
        MeasurePopulation.DenominatorException,
        MeasurePopulation.Numerator,
    ];

    /// <summary>The FHIR <c>measure-population</c> code of a population (e.g. <c>denominator-exclusion</c>).</summary>
    /// <param name="population">The population.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="population"/> is not a defined value.</exception>
    public static string Code(MeasurePopulation population) => population switch
    {
        MeasurePopulation.InitialPopulation => "initial-population",
        MeasurePopulation.Denominator => "denominator",
        MeasurePopulation.DenominatorExclusion => "denominator-exclusion",
        MeasurePopulation.DenominatorException => "denominator-exception",
        MeasurePopulation.Numerator => "numerator",
        _ => throw new ArgumentOutOfRangeException(nameof(population), population, "Unknown measure population."),
    };

    /// <summary>The population whose FHIR <c>measure-population</c> code is <paramref name="code"/> (ordinal comparison).</summary>
    /// <param name="code">A code such as <c>numerator</c>; null is not one.</param>
    /// <param name="population">The population when the code is known.</param>
    /// <returns>Whether the code is a measure-population code.</returns>
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

    /// <summary>The FHIR <c>measure-improvement-notation</c> code of a direction: <c>increase</c> or <c>decrease</c>.</summary>
    /// <param name="direction">The direction.</param>
    public static string Code(ImprovementDirection direction) => direction == ImprovementDirection.Increase ? "increase" : "decrease";

    /// <summary>The definition format's code of a kind: <c>process</c> or <c>outcome</c>.</summary>
    /// <param name="kind">The kind.</param>
    public static string Code(IndicatorKind kind) => kind == IndicatorKind.Process ? "process" : "outcome";

    internal static PopulationMembership Flag(MeasurePopulation population) => population switch
    {
        MeasurePopulation.InitialPopulation => PopulationMembership.InitialPopulation,
        MeasurePopulation.Denominator => PopulationMembership.Denominator,
        MeasurePopulation.DenominatorExclusion => PopulationMembership.DenominatorExclusion,
        MeasurePopulation.DenominatorException => PopulationMembership.DenominatorException,
        MeasurePopulation.Numerator => PopulationMembership.Numerator,
        _ => PopulationMembership.None,
    };
}
