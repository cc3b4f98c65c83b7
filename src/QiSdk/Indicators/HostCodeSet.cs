namespace QiSdk.Indicators;

/// <summary>
/// A code set a definition uses but QiSdk does not ship (no list exists under a licence QiSdk may ship, and QiSdk never
/// invents codes): the host supplies it under <see cref="Name"/> with its other code sets (<c>QualityPipelineOptions.CodeSets</c>
/// or <c>CodeSetFiles</c>, <c>QiSdkOptions</c>, <c>qi evaluate --value-set FILE</c>). Until it is supplied, criteria naming it
/// match nothing, the indicator still evaluates, and every run reports <c>QI3203</c> saying which route is inactive.
/// </summary>
/// <param name="Name">The code set name the rules use (case-sensitive, like every code set name).</param>
/// <param name="Description">What the set must hold, what it serves in the rule, and why it is not shipped; quoted in the run's <c>QI3203</c> issue and on the indicator's page.</param>
public sealed record HostCodeSet(string Name, string Description);
