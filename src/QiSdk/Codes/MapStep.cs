namespace QiSdk.Codes;

/// <summary>One step of a map path: which map turned which code into which.</summary>
/// <param name="Map">The map's <see cref="CodeMap.Name"/>.</param>
/// <param name="FromSystem">Canonical system of the code mapped from.</param>
/// <param name="FromCode">Normalised code mapped from.</param>
/// <param name="ToSystem">Canonical system of the code mapped to.</param>
/// <param name="ToCode">Normalised code mapped to.</param>
/// <param name="Equivalence">The equivalence or status the map declared, when it declared one.</param>
public sealed record MapStep(string Map, string FromSystem, string FromCode, string ToSystem, string ToCode, string? Equivalence);
