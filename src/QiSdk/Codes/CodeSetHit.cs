using System.Collections.Immutable;

namespace QiSdk.Codes;

/// <summary>Why a coding is in one code set: the code (after normalisation and maps) that is a member, and the map path taken.</summary>
/// <param name="CodeSetIndex">The code set's index in <see cref="Terminology.CodeSetNames"/>.</param>
/// <param name="CodeSet">The code set's name.</param>
/// <param name="System">Canonical system of the member that matched.</param>
/// <param name="Code">Normalised code of the member that matched (for an ICD-10 descendant match, the member's prefix).</param>
/// <param name="ViaDescendants">True when an ICD-10 member that includes its descendants matched a longer code.</param>
/// <param name="Path">The maps applied, in order; empty when the recorded code itself is a member. The shortest path is reported.</param>
public sealed record CodeSetHit(int CodeSetIndex, string CodeSet, string System, string Code, bool ViaDescendants, ImmutableArray<MapStep> Path);
