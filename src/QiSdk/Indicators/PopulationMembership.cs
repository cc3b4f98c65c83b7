namespace QiSdk.Indicators;

/// <summary>Which measure populations one patient reached for one indicator (several at once).</summary>
[Flags]
public enum PopulationMembership : byte
{
    /// <summary>In no population.</summary>
    None = 0,

    /// <summary><c>initial-population</c>.</summary>
    InitialPopulation = 1,

    /// <summary><c>denominator</c>.</summary>
    Denominator = 2,

    /// <summary><c>denominator-exclusion</c>.</summary>
    DenominatorExclusion = 4,

    /// <summary><c>denominator-exception</c>.</summary>
    DenominatorException = 8,

    /// <summary><c>numerator</c>.</summary>
    Numerator = 16,
}
