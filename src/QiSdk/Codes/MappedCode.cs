using System.Collections.Immutable;

namespace QiSdk.Codes;

/// <summary>A code reached from a recorded coding through one or more maps.</summary>
/// <param name="System">Canonical system of the code reached.</param>
/// <param name="Code">Normalised code reached.</param>
/// <param name="Path">The maps applied, in order (at least one step).</param>
public sealed record MappedCode(string System, string Code, ImmutableArray<MapStep> Path);
