namespace QiSdk.Records;

/// <summary>
/// Where a resource was read from, so problems and explanations can point back to it. A value type: the reader keeps one
/// per event, so a class would cost an object per event.
/// </summary>
/// <param name="File">File path as given to the reader (or a name the host chose for a stream); null for host-fed records.</param>
/// <param name="Line">1-based line for NDJSON; null otherwise.</param>
/// <param name="Entry">0-based <c>Bundle.entry</c> index; null otherwise.</param>
public readonly record struct SourceLocation(string? File, int? Line = null, int? Entry = null)
{
    /// <inheritdoc />
    public override string ToString() =>
        (File ?? "(input)") + (Line is { } l ? $":line {l}" : string.Empty) + (Entry is { } e ? $":entry {e}" : string.Empty);
}
