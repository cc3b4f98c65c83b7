namespace QiSdk.Indicators;

/// <summary>One problem with an indicator definition: which indicator, where (file, JSON path, line), what is wrong.</summary>
/// <param name="Code">Stable error code (QI30xx), see <c>docs/error-codes.md</c>.</param>
/// <param name="IndicatorId">The indicator id, when known.</param>
/// <param name="JsonPath">Where in the definition, e.g. <c>$.rules[3].when.reading.measurement</c>.</param>
/// <param name="Message">What is wrong.</param>
public sealed record DefinitionError(string Code, string? IndicatorId, string JsonPath, string Message)
{
    /// <summary>The file (or stream name) the definition was read from, when read from one.</summary>
    public string? File { get; init; }

    /// <summary>1-based line in the file, when known.</summary>
    public long? Line { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Code} {File ?? "(definition)"}{(Line is { } l ? $":line {l}" : string.Empty)} [{IndicatorId ?? "?"}] at {JsonPath}: {Message}";
}
