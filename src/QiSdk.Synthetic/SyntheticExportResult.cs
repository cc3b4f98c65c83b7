using System.Collections.Immutable;

namespace QiSdk.Synthetic;

/// <summary>What <see cref="SyntheticPractice.Export"/> wrote.</summary>
public sealed record SyntheticExportResult
{
    /// <summary>The output folder (full path).</summary>
    public required string Directory { get; init; }

    /// <summary>The format written.</summary>
    public required SyntheticOutputFormat Format { get; init; }

    /// <summary>Patients written.</summary>
    public required int Patients { get; init; }

    /// <summary>Every file written, in writing order (resource files, then the code map).</summary>
    public required ImmutableArray<SyntheticFile> Files { get; init; }

    /// <summary>Good resources written per resource type (injected bad records not included).</summary>
    public required ImmutableSortedDictionary<string, int> ResourceCounts { get; init; }

    /// <summary>The deliberately bad records, with their locations.</summary>
    public required ImmutableArray<InjectedError> InjectedErrors { get; init; }

    /// <summary>Full path of the code map (beside the export folder unless placed elsewhere), or null when not written.</summary>
    public string? CodeMapPath { get; init; }
}
