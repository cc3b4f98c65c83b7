namespace QiSdk.Synthetic;

/// <summary>Where and how <see cref="SyntheticPractice.Export"/> writes a synthetic practice.</summary>
public sealed record SyntheticExportOptions
{
    /// <summary>The output folder (created if missing). Files of the same names are overwritten.</summary>
    public required string Directory { get; init; }

    /// <summary>The file format. Default <see cref="SyntheticOutputFormat.Ndjson"/>.</summary>
    public SyntheticOutputFormat Format { get; init; } = SyntheticOutputFormat.Ndjson;

    /// <summary>For <see cref="SyntheticOutputFormat.Bundle"/>: the Bundle type. Default <see cref="SyntheticBundleType.Collection"/>.</summary>
    public SyntheticBundleType BundleType { get; init; } = SyntheticBundleType.Collection;

    /// <summary>For <see cref="SyntheticOutputFormat.Bundle"/>: one Bundle (<c>bundle.json</c>) for the whole practice instead of one per patient. Default false.</summary>
    public bool SingleBundle { get; init; }

    /// <summary>Also write the practice's code map (<c>code-map.csv</c>). Default true.</summary>
    public bool WriteCodeMap { get; init; } = true;
}
