using System.Collections.Immutable;

namespace QiSdk.Codes;

/// <summary>One distinct recorded coding (system and code exactly as recorded) and how often it was seen.</summary>
/// <param name="System">The system as recorded (null when the coding had none).</param>
/// <param name="Code">The code as recorded.</param>
/// <param name="Display">The first display text seen with it, if any.</param>
/// <param name="CanonicalSystem">The canonical system it resolved to; null when missing or unknown.</param>
/// <param name="NormalisedCode">The normalised code; null when it cannot match.</param>
/// <param name="Problem">Why it cannot match at all, or <see cref="CodeProblem.None"/>.</param>
/// <param name="Records">How many clinical events carried it.</param>
/// <param name="Patients">How many distinct patients had it.</param>
public sealed record CodeCoverageEntry(string? System, string? Code, string? Display, string? CanonicalSystem, string? NormalisedCode, CodeProblem Problem, int Records, int Patients);

/// <summary>A recorded system QiSdk does not know.</summary>
/// <param name="System">The system as recorded (empty when the codings had no system).</param>
/// <param name="DistinctCodes">How many distinct codes were recorded under it.</param>
/// <param name="Records">How many clinical events carried a coding with it.</param>
/// <param name="Patients">How many distinct patients had such a coding.</param>
public sealed record UnknownSystemEntry(string System, int DistinctCodes, int Records, int Patients);

/// <summary>A coding whose code was changed in a notable way on its way to the matched form.</summary>
/// <param name="Coding">The coding and its counts.</param>
/// <param name="Rules">The rules that fired.</param>
public sealed record NormalisationEntry(CodeCoverageEntry Coding, NormalisationRules Rules);

/// <summary>One raw coding that fed a code set, and the map path it took (empty for a direct member).</summary>
/// <param name="Coding">The coding and its counts (records and patients where it was recorded).</param>
/// <param name="Path">The maps applied (shortest path), empty when the normalised code itself is a member.</param>
public sealed record CodeSetSource(CodeCoverageEntry Coding, ImmutableArray<MapStep> Path);

/// <summary>How one code set was fed by the records.</summary>
/// <param name="Name">The code set's name.</param>
/// <param name="Records">Clinical events with at least one coding in the set.</param>
/// <param name="Patients">Distinct patients with such an event.</param>
/// <param name="Sources">Every raw coding that fed it, most patients first.</param>
public sealed record CodeSetCoverage(string Name, int Records, int Patients, ImmutableArray<CodeSetSource> Sources)
{
    /// <summary>The distinct maps that fed the set (by name), in order of first use.</summary>
    public ImmutableArray<string> Maps => [.. Sources.SelectMany(s => s.Path).Select(p => p.Map).Distinct(StringComparer.Ordinal)];
}
