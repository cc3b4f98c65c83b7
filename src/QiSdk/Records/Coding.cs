namespace QiSdk.Records;

/// <summary>One FHIR <c>Coding</c> as recorded: system, code and display text exactly as the record carried them.</summary>
/// <param name="System">The code system URI or name as written (aliases are resolved later, in <c>QiSdk.Codes</c>).</param>
/// <param name="Code">The code as written (not yet normalised).</param>
/// <param name="Display">The display text, if any.</param>
public readonly record struct Coding(string? System, string? Code, string? Display = null);
