namespace QiSdk.Reports;

/// <summary>How MeasureReport JSON is written.</summary>
public sealed record MeasureReportWriteOptions
{
    /// <summary>Written as <c>MeasureReport.date</c> and <c>Bundle.timestamp</c>; omitted when null (the default), which keeps output byte-identical across runs.</summary>
    public DateTimeOffset? GeneratedAt { get; init; }

    /// <summary>Indent the JSON for people (default true).</summary>
    public bool Indented { get; init; } = true;
}
