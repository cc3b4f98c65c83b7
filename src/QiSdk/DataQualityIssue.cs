namespace QiSdk;

/// <summary>
/// One data-quality problem, located as precisely as the input allows: file, NDJSON line or Bundle entry, resource type
/// and id, JSON path, and a stable code (see <c>docs/error-codes.md</c>).
/// </summary>
/// <param name="Code">Stable error code, e.g. <c>QI1001</c>; never reused for another meaning.</param>
/// <param name="Severity">How serious it is.</param>
/// <param name="Message">What was wrong and what was done about it, in plain words.</param>
public sealed record DataQualityIssue(string Code, DataQualitySeverity Severity, string Message)
{
    /// <summary>The file (or stream name) the problem was found in.</summary>
    public string? File { get; init; }

    /// <summary>1-based line (NDJSON, CSV).</summary>
    public int? Line { get; init; }

    /// <summary>0-based Bundle entry index.</summary>
    public int? Entry { get; init; }

    /// <summary>Resource type, when known.</summary>
    public string? ResourceType { get; init; }

    /// <summary>Resource id, when known.</summary>
    public string? ResourceId { get; init; }

    /// <summary>JSON path within the resource, e.g. <c>Observation.effectiveDateTime</c>.</summary>
    public string? JsonPath { get; init; }

    /// <summary>Byte offset within the line or file, when known.</summary>
    public long? BytePosition { get; init; }

    /// <inheritdoc />
    public override string ToString()
    {
        var where = new System.Text.StringBuilder();
        if (File is not null)
        {
            where.Append(File);
        }

        if (Line is { } line)
        {
            where.Append(where.Length > 0 ? ":" : string.Empty).Append("line ").Append(line);
        }

        if (Entry is { } entry)
        {
            where.Append(where.Length > 0 ? ":" : string.Empty).Append("entry ").Append(entry);
        }

        if (ResourceType is not null)
        {
            where.Append(where.Length > 0 ? " " : string.Empty).Append(ResourceType).Append('/').Append(ResourceId ?? "?");
        }

        if (JsonPath is not null)
        {
            where.Append(where.Length > 0 ? " at " : string.Empty).Append(JsonPath);
        }

        return $"{Code} {Severity.ToString().ToUpperInvariant()} {(where.Length > 0 ? where + ": " : string.Empty)}{Message}";
    }
}
