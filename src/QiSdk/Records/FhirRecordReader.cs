using System.Runtime.CompilerServices;

namespace QiSdk.Records;

/// <summary>
/// Reads FHIR R4 JSON into patient records: Bundles of any type, single resources, NDJSON (FHIR Bulk Data export),
/// gzip-compressed NDJSON or JSON, folders holding any mix of these (read recursively in ordinal path order), and
/// streams a host names. Only what indicators need is materialised (see <see cref="ClinicalEvent"/> and
/// <see cref="PatientRecord"/>); everything else is skipped and counted. Safe to use for several reads at once: each read
/// has its own state.
/// </summary>
/// <example>
/// <code>
/// var reader = new FhirRecordReader();
/// FhirReadResult result = await reader.ReadAsync(["export/"], cancellationToken: ct);
/// foreach (var patient in result.Patients) { ... }
/// </code>
/// </example>
public sealed class FhirRecordReader
{
    private readonly FhirReaderOptions _options;

    /// <summary>Creates a reader.</summary>
    /// <param name="options">Options; null for the defaults (lenient). The values are copied: later changes have no effect.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size, depth or parallelism option is not positive.</exception>
    public FhirRecordReader(FhirReaderOptions? options = null)
    {
        options ??= new FhirReaderOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxDocumentBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxDepth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxLineBytes);
        if (options.MaxDegreeOfParallelism is { } degree)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(degree, nameof(options));
        }

        if (!(options.MaxDecompressionRatio >= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxDecompressionRatio, "MaxDecompressionRatio must be at least 1.");
        }

        _options = new FhirReaderOptions
        {
            Strict = options.Strict,
            MaxDocumentBytes = options.MaxDocumentBytes,
            MaxDepth = options.MaxDepth,
            ValidateSkippedResources = options.ValidateSkippedResources,
            TestCaseBundles = options.TestCaseBundles,
            MaxLineBytes = options.MaxLineBytes,
            MaxDecompressionRatio = options.MaxDecompressionRatio,
            MaxDegreeOfParallelism = options.MaxDegreeOfParallelism,
            ParallelRangeBytes = options.ParallelRangeBytes,
        };
    }

    /// <summary>True when the reader stops at the first problem (see <see cref="FhirReaderOptions.Strict"/>).</summary>
    public bool Strict => _options.Strict;

    /// <summary>Reads one file or folder.</summary>
    /// <param name="path">A <c>.json</c>, <c>.json.gz</c>, <c>.ndjson</c> or <c>.ndjson.gz</c> file, or a folder of them.</param>
    /// <param name="log">Also receives every problem, if given (e.g. the log of a whole audit run).</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>Patients, per-type counts and problems.</returns>
    /// <exception cref="FhirReadException">The path does not exist (code QI1001, in either mode), or strict mode met a problem.</exception>
    /// <exception cref="OperationCanceledException">The read was cancelled.</exception>
    public Task<FhirReadResult> ReadAsync(string path, DataQualityLog? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return ReadAsync([path], log, cancellationToken);
    }

    /// <summary>Reads files and folders as one input: references may cross files (e.g. NDJSON written one file per type).</summary>
    /// <param name="paths">Files and folders; a folder is read recursively, its files in ordinal order of their relative paths.</param>
    /// <param name="log">Also receives every problem, if given.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>Patients, per-type counts and problems.</returns>
    /// <exception cref="ArgumentException">No paths were given.</exception>
    /// <exception cref="FhirReadException">A path does not exist (code QI1001, checked before anything is read), or strict mode met a problem.</exception>
    /// <exception cref="OperationCanceledException">The read was cancelled.</exception>
    public async Task<FhirReadResult> ReadAsync(IEnumerable<string> paths, DataQualityLog? log = null, CancellationToken cancellationToken = default)
    {
        var session = new FhirReadSession(_options, log);
        await ParallelFhirRead.ReadAsync(session, FhirInputDiscovery.Expand(paths, session), _options, cancellationToken).ConfigureAwait(false);
        return session.Finish();
    }

    /// <summary>Reads named inputs (files or host streams) as one input.</summary>
    /// <param name="inputs">The inputs, read in the order given.</param>
    /// <param name="log">Also receives every problem, if given.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>Patients, per-type counts and problems.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="inputs"/> is null.</exception>
    /// <exception cref="FhirReadException">Strict mode met a problem.</exception>
    /// <exception cref="OperationCanceledException">The read was cancelled.</exception>
    public async Task<FhirReadResult> ReadAsync(IEnumerable<FhirInput> inputs, DataQualityLog? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        List<FhirInput> all = [.. inputs];
        foreach (var input in all)
        {
            ArgumentNullException.ThrowIfNull(input, nameof(inputs));
        }

        var session = new FhirReadSession(_options, log);
        await ParallelFhirRead.ReadAsync(session, all, _options, cancellationToken).ConfigureAwait(false);
        return session.Finish();
    }

    /// <summary>Reads one stream the host holds (read from its current position; not disposed).</summary>
    /// <param name="stream">The content.</param>
    /// <param name="name">The name problems point back to.</param>
    /// <param name="format">How the content is laid out.</param>
    /// <param name="log">Also receives every problem, if given.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>Patients, per-type counts and problems.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or the stream is not readable.</exception>
    /// <exception cref="FhirReadException">Strict mode met a problem.</exception>
    /// <exception cref="OperationCanceledException">The read was cancelled.</exception>
    public Task<FhirReadResult> ReadAsync(Stream stream, string name, FhirInputFormat format, DataQualityLog? log = null, CancellationToken cancellationToken = default) =>
        ReadAsync([FhirInput.FromStream(stream, name, format)], log, cancellationToken);

    /// <summary>
    /// A builder for one read of resources the host has already parsed into its own objects (Firely SDK POCOs, or a
    /// vendor's own object model): an adapter hands over each resource's elements, and the builder resolves references,
    /// counts and reports exactly as this reader does for the same resources as JSON (see <see cref="FhirRecordBuilder"/>).
    /// </summary>
    /// <param name="log">Also receives every problem, if given.</param>
    /// <returns>A new builder with this reader's options (e.g. <see cref="Strict"/>).</returns>
    public FhirRecordBuilder CreateRecordBuilder(DataQualityLog? log = null) => new(_options, log);

    /// <summary>
    /// An <see cref="IPatientRecordSource"/> over files and folders. Each enumeration reads the input afresh; patients are
    /// yielded once the whole input is read, because references can cross files (bulk NDJSON is written per type).
    /// </summary>
    /// <param name="paths">Files and folders.</param>
    /// <returns>The source.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="paths"/> is null.</exception>
    public IPatientRecordSource CreateSource(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return new FileSource(this, [.. paths]);
    }

    /// <summary>
    /// An <see cref="IPatientRecordSource"/> over NDJSON files and folders larger than memory: each line is first copied
    /// to one of several temporary partition files by a hash of its patient, then the partitions are read one after
    /// another (a few at once, on several cores) and their patients yielded, so memory holds a few partitions, never the
    /// whole input. Every patient, event, count and problem is the same as <see cref="CreateSource"/> gives (problems
    /// name the original files and lines); patients come in partition order rather than file order. When any input is a
    /// JSON document (a Bundle or a single resource) the whole input is read in memory instead.
    /// </summary>
    /// <param name="paths">Files and folders.</param>
    /// <param name="partitioning">How many partitions, where the temporary files go, how many threads.</param>
    /// <returns>The source.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A partition count or degree of parallelism is negative.</exception>
    public IPatientRecordSource CreatePartitionedSource(IEnumerable<string> paths, FhirPartitionOptions partitioning)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(partitioning);
        ArgumentOutOfRangeException.ThrowIfNegative(partitioning.Partitions);
        if (partitioning.MaxDegreeOfParallelism is { } degree)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(degree, nameof(partitioning));
        }

        return new PartitionedFhirSource(_options, [.. paths], partitioning);
    }

    private sealed class FileSource(FhirRecordReader reader, string[] paths) : IPatientRecordSource
    {
        public async IAsyncEnumerable<PatientRecord> ReadPatientsAsync(DataQualityLog log, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(log);
            var result = await reader.ReadAsync(paths, log, cancellationToken).ConfigureAwait(false);
            foreach (var patient in result.Patients)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return patient;
            }
        }
    }
}
