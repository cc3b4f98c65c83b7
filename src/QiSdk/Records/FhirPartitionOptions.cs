namespace QiSdk.Records;

/// <summary>
/// How <see cref="FhirRecordReader.CreatePartitionedSource"/> splits NDJSON inputs larger than memory: every line is
/// written to one of <see cref="Partitions"/> temporary files by a hash of its patient, and the partitions are read one
/// after another (a few at a time), so memory holds a few partitions' patients, never the whole input.
/// </summary>
public sealed record FhirPartitionOptions
{
    /// <summary>Bytes of NDJSON (uncompressed; gzip counted at 8 times its size) per partition when <see cref="Partitions"/> is 0.</summary>
    public const long AutomaticPartitionBytes = 128L << 20;

    /// <summary>
    /// The number of partitions: 1 reads the input in memory as <see cref="FhirRecordReader.CreateSource"/> does; 0 (the
    /// default) picks one partition per <see cref="AutomaticPartitionBytes"/> of input.
    /// </summary>
    public int Partitions { get; init; }

    /// <summary>Where the partition files go (a new folder inside it, deleted when the read ends); null for the system temp folder.</summary>
    public string? TemporaryDirectory { get; init; }

    /// <summary>How many inputs are split, and partitions read, at once; null for the number of processors.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>Splitting reads uncompressed NDJSON files in ranges of about this many bytes, several at once.</summary>
    internal long ChunkBytes { get; init; } = 64L << 20;
}
