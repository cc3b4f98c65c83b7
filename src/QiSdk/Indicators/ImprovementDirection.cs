namespace QiSdk.Indicators;

/// <summary>Which way a better score goes.</summary>
public enum ImprovementDirection
{
    /// <summary>Higher is better (e.g. proportion at target).</summary>
    Increase,

    /// <summary>Lower is better (e.g. proportion with a hazardous prescription).</summary>
    Decrease,
}
