namespace QiSdk.Indicators;

/// <summary>Population counts for one stratum (e.g. stratifier <c>age-band</c>, value <c>65-74</c>).</summary>
/// <param name="Stratifier">The stratifier's id, e.g. <c>age-band</c> or <c>sex</c>.</param>
/// <param name="Value">The stratum's value, e.g. <c>65-74</c> or <c>female</c>.</param>
/// <param name="Counts">The counts within the stratum.</param>
public sealed record StratumCounts(string Stratifier, string Value, PopulationCounts Counts);
