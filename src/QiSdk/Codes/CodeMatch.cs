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

    /// <summary>
    /// One readable line, e.g. <c>http://read.info/readv2|C10F. -&gt; SNOMED CT 44054006 (via 1 map): in DM_COD</c>, or why
    /// it matches nothing (<c>... : unknown system</c>, <c>... : InvalidCheckDigit (detail)</c>).
    /// </summary>
    public override string ToString()
    {
        var sb = new System.Text.StringBuilder();
        sb.Append(RawSystem ?? "(no system)").Append('|').Append(RawCode ?? "(no code)");
        if (System is { } system)
        {
            sb.Append(" -> ").Append(system.Name);
            if (NormalisedCode is { } normalised && !string.Equals(normalised, RawCode, StringComparison.Ordinal))
            {
                sb.Append(' ').Append(normalised);
            }
        }

        if (!MappedCodes.IsDefaultOrEmpty)
        {
            sb.Append(" (maps to ").Append(string.Join(", ", MappedCodes.Select(m => m.System + "|" + m.Code))).Append(')');
        }

        sb.Append(": ");
        if (Problem != CodeProblem.None)
        {
            sb.Append(Problem).Append(ProblemDetail is null ? string.Empty : " (" + ProblemDetail + ")");
        }
        else if (!Hits.IsDefaultOrEmpty)
        {
            sb.Append("in ").Append(string.Join(", ", Hits.Select(h => h.CodeSet).Distinct(StringComparer.Ordinal)));
        }
        else
        {
            sb.Append(System is null ? "unknown system, in no code set" : "in no code set");
        }

        if (MapDepthLimitReached)
        {
            sb.Append(" (map depth limit reached)");
        }

        return sb.ToString();
    }
}
