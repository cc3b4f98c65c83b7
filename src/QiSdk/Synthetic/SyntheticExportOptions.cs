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

    /// <summary>Also write the practice's code map. Default true.</summary>
    public bool WriteCodeMap { get; init; } = true;

    /// <summary>
    /// Where to write the code map. Default null: <c>code-map.csv</c> in <see cref="Directory"/> (a FHIR reader given the
    /// whole folder then reports it as a file it did not read; put it elsewhere to keep the records folder FHIR-only).
    /// </summary>
    public string? CodeMapPath { get; init; }
}
