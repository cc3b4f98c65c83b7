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

    /// <summary>
    /// False (the default): an NDJSON line whose resource type the reader does not keep (Claim, ExplanationOfBenefit,
    /// Practitioner, ...) is counted as skipped as soon as its <c>resourceType</c> is read, provided the line ends in
    /// <c>}</c>; the rest of it is not parsed, so a syntax error inside such a resource is not reported (a line cut short
    /// still is, as QI1004). In a FHIR bulk export about half the bytes are such resources, and not parsing them is most
    /// of what lets the reader keep up with a bare JSON token scan. True: every line is parsed to its end and any syntax
    /// error in it is reported. <see cref="Strict"/> always parses every line.
    /// </summary>
    public bool ValidateSkippedResources { get; set; }

    /// <summary>Greatest JSON nesting depth accepted. Default 128.</summary>
    public int MaxDepth { get; set; } = 128;
}
