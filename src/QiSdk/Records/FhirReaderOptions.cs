namespace QiSdk.Records;

/// <summary>Options for <see cref="FhirRecordReader"/>.</summary>
public sealed record FhirReaderOptions
{
    /// <summary>
    /// False (the default): every problem is recorded (in <see cref="FhirReadResult.Problems"/> and any
    /// <see cref="DataQualityLog"/> given) and reading goes on with the rest. True: the first problem of severity
    /// <see cref="DataQualitySeverity.Warning"/> or worse stops the read with a <see cref="FhirReadException"/> carrying it.
    /// </summary>
    public bool Strict { get; init; }

    /// <summary>
    /// Largest single JSON document (a Bundle file, or one NDJSON line) accepted, in bytes; larger ones are reported as
    /// unreadable. Default 1 GiB. A Bundle file is held in memory while it is read; NDJSON is read line by line.
    /// </summary>
    public int MaxDocumentBytes { get; init; } = 1 << 30;

    /// <summary>
    /// False (the default): an NDJSON line whose resource type the reader does not keep (Claim, ExplanationOfBenefit,
    /// Practitioner, ...) is counted as skipped as soon as its <c>resourceType</c> is read, provided the line ends in
    /// <c>}</c>; the rest of it is not parsed, so a syntax error inside such a resource is not reported (a line cut short
    /// still is, as QI1004). In a FHIR bulk export about half the bytes are such resources, and not parsing them is most
    /// of what lets the reader keep up with a bare JSON token scan. True: every line is parsed to its end and any syntax
    /// error in it is reported. <see cref="Strict"/> always parses every line.
    /// </summary>
    public bool ValidateSkippedResources { get; init; }

    /// <summary>
    /// Longest NDJSON line accepted, in bytes; default 16 MiB (<see cref="DefaultMaxLineBytes"/>). A longer line is skipped
    /// with a located problem (QI1018) and reading goes on at the next line, so memory stays bounded whatever the input:
    /// a line is the unit the reader holds in memory. One FHIR resource per line is far smaller in practice (a Synthea
    /// Patient with its whole history as one Bundle is a few MB; the largest single resource in the fixtures is under
    /// 1 MB), while 16 MiB keeps the reader's peak memory on a decompression bomb or <c>/dev/zero</c> under 200 MB.
    /// Raise it for exports holding large inline attachments (e.g. DocumentReference with base64 content).
    /// </summary>
    public int MaxLineBytes { get; init; } = DefaultMaxLineBytes;

    /// <summary>
    /// Greatest ratio of decompressed to compressed size accepted in gzip input before the read of that input stops
    /// (QI1002), checked once more than 16 MiB has been decompressed. Default 200: gzip-compressed FHIR shrinks about 5-16 times
    /// (measured in benchmarks/README.md: Synthea bundles 16x, the synthetic practice's NDJSON 5-15x); a gzip of zeros
    /// expands about 1,000 times.
    /// </summary>
    public double MaxDecompressionRatio { get; init; } = 200;

    /// <summary>The default <see cref="MaxLineBytes"/>: 16 MiB.</summary>
    public const int DefaultMaxLineBytes = 16 << 20;

    /// <summary>
    /// False (the default): every clinical resource is attributed to the Patient its <c>subject</c>/<c>patient</c>
    /// reference names, and one naming a Patient that is not in the input is skipped and reported (QI1010): right for
    /// exports holding many patients. True: a Bundle holding exactly one Patient is read as a test case, the way measure
    /// authoring tools (MADiE) and fqm-execution evaluate it: every clinical resource in it belongs to that Patient,
    /// whatever its reference says (test cases are often built by copying resources from other test cases, which keep
    /// the original Patient's id). Each resource so re-attributed is reported as information (QI1030). Bundles with no
    /// Patient or several, NDJSON and single resources are read as usual.
    /// </summary>
    public bool TestCaseBundles { get; init; }

    /// <summary>
    /// How many threads read at once: null (the default) for <see cref="Environment.ProcessorCount"/>, 1 to read on the
    /// calling thread one input after another. Files (Bundle folders, NDJSON per type, gzip) are read on several threads,
    /// and a large uncompressed NDJSON file in byte ranges of its lines; the pieces are merged in input order, so the
    /// result is the same whatever the value: the same patients in the same order, the same events, counts and problems
    /// in the same order, and in <see cref="Strict"/> mode the same first problem (docs/reading-fhir.md, "Reading on
    /// several cores"). Memory limits (<see cref="MaxLineBytes"/>, <see cref="MaxDocumentBytes"/>,
    /// <see cref="MaxDecompressionRatio"/>) apply to each thread's input, so the reader's working buffers grow with the
    /// number of threads. Host streams (<see cref="FhirInput.FromStream"/>) may be read at the same time as each other:
    /// each input needs its own stream.
    /// </summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>Parallel reading splits uncompressed NDJSON files larger than this into byte ranges of about this size (tests make it small).</summary>
    internal long ParallelRangeBytes { get; init; } = 32L << 20;

    /// <summary>Greatest JSON nesting depth accepted. Default 128.</summary>
    public int MaxDepth { get; init; } = 128;
}
