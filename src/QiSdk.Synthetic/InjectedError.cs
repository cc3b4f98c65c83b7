namespace QiSdk.Synthetic;

/// <summary>One deliberately bad record written by <see cref="SyntheticPractice.Export"/>, located as a reader should report it.</summary>
/// <param name="Kind">What is wrong with it.</param>
/// <param name="File">Full path of the file it is in.</param>
/// <param name="Line">1-based NDJSON line; null for Bundles.</param>
/// <param name="Entry">0-based Bundle entry index; null for NDJSON and for a malformed Bundle file.</param>
/// <param name="ResourceId">The bad resource's id (<c>&lt;patient id&gt;-bad&lt;n&gt;</c>), where it has one.</param>
/// <param name="Description">What a reader should say about it.</param>
public sealed record InjectedError(InjectedErrorKind Kind, string File, int? Line, int? Entry, string? ResourceId, string Description);
