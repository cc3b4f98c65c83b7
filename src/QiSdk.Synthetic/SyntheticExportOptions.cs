namespace QiSdk.Synthetic;

/// <summary>Where and how <see cref="SyntheticPractice.Export"/> writes a synthetic practice.</summary>
public sealed record SyntheticExportOptions
{
    /// <summary>
    /// The output folder. The export is written into a hidden folder beside it and renamed into place in one step when
    /// complete, so a cancelled or failed export leaves nothing that reads as a valid one. An existing folder is replaced
    /// only when it is empty or holds nothing but an earlier export's files (FHIR files, <c>code-map.csv</c>); otherwise
    /// the export is refused (<see cref="IOException"/>).
    /// </summary>
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
    /// Where to write the code map. Default null: beside the folder, named after it (<c>DIR-code-map.csv</c>), so the
    /// records folder holds FHIR only and a reader given it reports nothing it did not read.
    /// </summary>
    public string? CodeMapPath { get; init; }
}
