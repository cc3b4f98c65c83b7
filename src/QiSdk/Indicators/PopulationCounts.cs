namespace QiSdk.Indicators;

/// <summary>Patient counts per measure population for one indicator (or one stratum of it).</summary>
/// <param name="InitialPopulation">Patients in the initial population.</param>
/// <param name="Denominator">Patients in the denominator (before exclusions and exceptions are removed).</param>
/// <param name="DenominatorExclusion">Denominator patients excluded.</param>
/// <param name="DenominatorException">Denominator patients excepted (never numerator patients).</param>
/// <param name="Numerator">Numerator patients.</param>
public sealed record PopulationCounts(int InitialPopulation, int Denominator, int DenominatorExclusion, int DenominatorException, int Numerator)
{
    /// <summary>All zero.</summary>
    public static PopulationCounts Zero { get; } = new(0, 0, 0, 0, 0);

    /// <summary>The denominator the score is computed over: denominator - exclusions - exceptions.</summary>
    public int EffectiveDenominator => Denominator - DenominatorExclusion - DenominatorException;

    /// <summary>numerator / (denominator - exclusions - exceptions); null when that is zero.</summary>
    public double? Score => EffectiveDenominator > 0 ? (double)Numerator / EffectiveDenominator : null;

    /// <summary>The 95% Wilson interval of <see cref="Score"/>; null when there is no score.</summary>
    public ProportionInterval? ScoreInterval95 => EffectiveDenominator > 0 && Numerator <= EffectiveDenominator && Numerator >= 0
        ? ProportionInterval.Wilson(Numerator, EffectiveDenominator)
        : null;

    /// <summary>The count for one population.</summary>
    /// <param name="population">The population.</param>
    public int this[MeasurePopulation population] => population switch
    {
        MeasurePopulation.InitialPopulation => InitialPopulation,
        MeasurePopulation.Denominator => Denominator,
        MeasurePopulation.DenominatorExclusion => DenominatorExclusion,
        MeasurePopulation.DenominatorException => DenominatorException,
        MeasurePopulation.Numerator => Numerator,
        _ => throw new ArgumentOutOfRangeException(nameof(population), population, "Unknown measure population."),
    };
}
