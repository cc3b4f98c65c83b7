using System.Collections.Immutable;

namespace QiSdk.Codes;

/// <summary>
/// Everything QiSdk decided about one recorded coding: which system it resolved to, how its code was normalised, which maps
/// it went through, and which code sets it is in (or why it can be in none). Computed once per distinct raw (system, code)
/// and cached by the <see cref="Terminology"/>.
/// </summary>
public sealed record CodeMatch
{
    /// <summary>The system exactly as recorded.</summary>
    public string? RawSystem { get; init; }

    /// <summary>The code exactly as recorded.</summary>
    public string? RawCode { get; init; }

    /// <summary>The canonical system the recorded system resolved to; null when the system is missing or unknown.</summary>
    public CodeSystem? System { get; init; }

    /// <summary>The normalised code; null when <see cref="Problem"/> says the code cannot match.</summary>
    public string? NormalisedCode { get; init; }

    /// <summary>The normalisation rules that changed the code.</summary>
    public NormalisationRules Rules { get; init; }

    /// <summary>Why the code cannot match at all (e.g. an invalid SNOMED CT id), or <see cref="CodeProblem.None"/>.</summary>
    public CodeProblem Problem { get; init; }

    /// <summary>The problem in plain words, when there is one.</summary>
    public string? ProblemDetail { get; init; }

    /// <summary>Ascending, distinct indexes of every code set the coding is in.</summary>
    public ImmutableArray<int> CodeSetIndexes { get; init; } = [];

    /// <summary>One entry per code set the coding is in, with the member and the (shortest) map path that put it there.</summary>
    public ImmutableArray<CodeSetHit> Hits { get; init; } = [];

    /// <summary>Every code the maps led to (in breadth-first order, shortest path each), whether or not it is in a code set.</summary>
    public ImmutableArray<MappedCode> MappedCodes { get; init; } = [];

    /// <summary>True when a map chain was cut at <see cref="TerminologyOptions.MaxMapDepth"/> (more maps could have applied).</summary>
    public bool MapDepthLimitReached { get; init; }

    /// <summary>True when the recorded system was resolved to a registered code system.</summary>
    public bool IsSystemKnown => System is not null;

    /// <summary>True when the coding is in at least one code set.</summary>
    public bool IsMatched => !CodeSetIndexes.IsEmpty;

    /// <summary>True when the code is in no code set and no map applies to it (the coverage report's "unmapped" list).</summary>
    public bool IsUnmapped => CodeSetIndexes.IsEmpty && MappedCodes.IsEmpty;
}
