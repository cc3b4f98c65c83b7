namespace QiSdk.Indicators;

/// <summary>The FHIR measure populations (<c>http://terminology.hl7.org/CodeSystem/measure-population</c>).</summary>
public enum MeasurePopulation
{
    /// <summary><c>initial-population</c>.</summary>
    InitialPopulation,

    /// <summary><c>denominator</c>.</summary>
    Denominator,

    /// <summary><c>denominator-exclusion</c>.</summary>
    DenominatorExclusion,

    /// <summary><c>denominator-exception</c>.</summary>
    DenominatorException,

    /// <summary><c>numerator</c>.</summary>
    Numerator,
}
