namespace QiSdk.Codes;

/// <summary>Options for building a <see cref="Terminology"/>.</summary>
public sealed record TerminologyOptions
{
    /// <summary>The default <see cref="MaxMapDepth"/>: 4, enough for local code -> Read v2 -> CTV3 -> SNOMED CT with one step to spare.</summary>
    public const int DefaultMaxMapDepth = 4;

    /// <summary>How many maps may be chained from one recorded code (1 to 16; default <see cref="DefaultMaxMapDepth"/>).</summary>
    public int MaxMapDepth { get; init; } = DefaultMaxMapDepth;
}
