namespace QiSdk.Synthetic;

/// <summary>One file written by <see cref="SyntheticPractice.Export"/>.</summary>
/// <param name="Path">Full path of the file.</param>
/// <param name="ResourceType">The resource type of an NDJSON file; null for Bundles and the code map.</param>
/// <param name="Resources">Resources (NDJSON lines or Bundle entries) in the file, injected bad records included; code map rows for the code map.</param>
/// <param name="Bytes">Size of the file in bytes.</param>
public sealed record SyntheticFile(string Path, string? ResourceType, int Resources, long Bytes);
