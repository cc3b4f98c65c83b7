namespace QiSdk.Records;

/// <summary>How a file or stream given to <see cref="FhirRecordReader"/> is laid out.</summary>
public enum FhirInputFormat : byte
{
    /// <summary>One JSON document: a Bundle of any type, or a single resource.</summary>
    Json = 0,

    /// <summary>Newline-delimited JSON as written by FHIR Bulk Data export: one resource per line.</summary>
    Ndjson = 1,

    /// <summary>Gzip-compressed NDJSON (<c>.ndjson.gz</c>).</summary>
    NdjsonGzip = 2,

    /// <summary>Gzip-compressed JSON (<c>.json.gz</c>).</summary>
    JsonGzip = 3,
}
