namespace QiSdk.Records;

/// <summary>Options for <see cref="FhirRecordReader"/>.</summary>
public sealed class FhirReaderOptions
{
    /// <summary>
    /// False (the default): every problem is recorded (in <see cref="FhirReadResult.Problems"/> and any
    /// <see cref="DataQualityLog"/> given) and reading goes on with the rest. True: the first problem of severity
    /// <see cref="DataQualitySeverity.Warning"/> or worse stops the read with a <see cref="FhirReadException"/> carrying it.
    /// </summary>
    public bool Strict { get; set; }

    /// <summary>
    /// Largest single JSON document (a Bundle file, or one NDJSON line) accepted, in bytes; larger ones are reported as
    /// unreadable. Default 1 GiB. A Bundle file is held in memory while it is read; NDJSON is read line by line.
    /// </summary>
    public int MaxDocumentBytes { get; set; } = 1 << 30;

    /// <summary>Greatest JSON nesting depth accepted. Default 128.</summary>
    public int MaxDepth { get; set; } = 128;
}
