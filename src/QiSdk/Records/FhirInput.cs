namespace QiSdk.Records;

/// <summary>
/// One named input for <see cref="FhirRecordReader"/>: a file, or a stream a host opens. The name is what problems and
/// <see cref="SourceLocation.File"/> point back to.
/// </summary>
public sealed class FhirInput
{
    private readonly Func<CancellationToken, ValueTask<Stream>> _open;

    private FhirInput(string name, FhirInputFormat format, Func<CancellationToken, ValueTask<Stream>> open)
    {
        Name = name;
        Format = format;
        _open = open;
    }

    /// <summary>The file path as given, or the name the host chose for a stream.</summary>
    public string Name { get; }

    /// <summary>How the content is laid out.</summary>
    public FhirInputFormat Format { get; }

    /// <summary>The file's path when the input is a file (partitioned reading splits files by byte ranges).</summary>
    internal string? FilePath { get; private init; }

    /// <summary>
    /// The file's size when the folder walk that found it already knew it (it stats every file it lists), so that planning
    /// a parallel read need not stat the file again; null when unknown. A hint for sizing chunks only: the read itself
    /// takes whatever the file holds when it is opened.
    /// </summary>
    internal long? KnownLength { get; private init; }

    /// <summary>A file found by a folder walk, whose size the walk read.</summary>
    internal static FhirInput FromFoundFile(string path, FhirInputFormat format, long length) =>
        new(path, format, _ => ValueTask.FromResult<Stream>(OpenSequential(path))) { FilePath = path, KnownLength = length };

    /// <summary>
    /// For a partition file (see <see cref="PartitionedFhirSource"/>): loads, per line of the file, the line number it had
    /// in the original input, so problems and <see cref="SourceLocation"/> point back to the input the user gave.
    /// </summary>
    internal Func<int[]>? LineMap { get; private init; }

    /// <summary>A partition file read as NDJSON under the original input's name, its lines numbered as in the original.</summary>
    internal static FhirInput FromPartitionFile(string name, string path, Func<int[]> lineMap) =>
        new(name, FhirInputFormat.Ndjson, _ => ValueTask.FromResult<Stream>(OpenSequential(path))) { LineMap = lineMap };

    /// <summary>
    /// Lines <paramref name="start"/> to <paramref name="end"/> (bytes; -1: to the end) of an NDJSON file, read under the
    /// file's name, its lines numbered after the <paramref name="linesBefore"/> lines before the range (parallel reading).
    /// </summary>
    internal static FhirInput FromFileRange(string name, string path, long start, long end, int linesBefore) =>
        new(name, FhirInputFormat.Ndjson, _ => ValueTask.FromResult(OpenRange(path, start, end)))
        {
            FilePath = path,
            LineMap = linesBefore > 0 ? () => [linesBefore + 1] : null,
        };

    /// <summary>Bytes <paramref name="start"/> to <paramref name="end"/> (-1: to the end) of a file.</summary>
    internal static Stream OpenRange(string path, long start, long end)
    {
        var file = OpenSequential(path);
        try
        {
            file.Position = start;
            return end < 0 ? file : new RangeStream(file, end - start);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static FileStream OpenSequential(string path) => new(path, new FileStreamOptions
    {
        Mode = FileMode.Open,
        Access = FileAccess.Read,
        Share = FileShare.Read,
        BufferSize = 0,
        Options = FileOptions.SequentialScan | FileOptions.Asynchronous,
    });

    /// <summary>
    /// A file; its format follows from its name: <c>*.ndjson</c>, <c>*.ndjson.gz</c>, <c>*.json.gz</c>, anything else JSON.
    /// </summary>
    /// <param name="path">The file path.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    public static FhirInput FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return FromFile(path, FormatFromName(path) ?? FhirInputFormat.Json);
    }

    /// <summary>A file read in the given format, whatever its name.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="format">How the file is laid out.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    public static FhirInput FromFile(string path, FhirInputFormat format)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new FhirInput(path, format, _ => ValueTask.FromResult<Stream>(OpenSequential(path))) { FilePath = path };
    }

    /// <summary>
    /// A stream the host already holds. The reader reads it once from its current position and does not dispose it.
    /// </summary>
    /// <param name="stream">A readable stream.</param>
    /// <param name="name">The name problems point back to (e.g. the export file name).</param>
    /// <param name="format">How the content is laid out (compressed formats are decompressed by the reader).</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty, or the stream is not readable.</exception>
    public static FhirInput FromStream(Stream stream, string name, FhirInputFormat format)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream is not readable.", nameof(stream));
        }

        return new FhirInput(name, format, _ => ValueTask.FromResult<Stream>(new NonDisposingStream(stream)));
    }

    /// <summary>A stream opened on demand (e.g. one entry of an archive, or a blob download) and disposed after reading.</summary>
    /// <param name="name">The name problems point back to.</param>
    /// <param name="format">How the content is laid out.</param>
    /// <param name="open">Opens the stream; called once, when the input is read.</param>
    /// <exception cref="ArgumentNullException"><paramref name="open"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    public static FhirInput FromStreamFactory(string name, FhirInputFormat format, Func<CancellationToken, ValueTask<Stream>> open)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(open);
        return new FhirInput(name, format, open);
    }

    /// <summary>The format a file name implies, or null when the name is not a FHIR JSON/NDJSON name.</summary>
    /// <param name="fileName">A file name or path.</param>
    public static FhirInputFormat? FormatFromName(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        if (fileName.EndsWith(".ndjson.gz", StringComparison.OrdinalIgnoreCase))
        {
            return FhirInputFormat.NdjsonGzip;
        }

        if (fileName.EndsWith(".json.gz", StringComparison.OrdinalIgnoreCase))
        {
            return FhirInputFormat.JsonGzip;
        }

        if (fileName.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase))
        {
            return FhirInputFormat.Ndjson;
        }

        return fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? FhirInputFormat.Json : null;
    }

    internal ValueTask<Stream> OpenAsync(CancellationToken cancellationToken) => _open(cancellationToken);

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Format})";

    /// <summary>The first <c>length</c> bytes from a file's position; disposes the file.</summary>
    private sealed class RangeStream(FileStream inner, long length) : ReadOnlyStream
    {
        private long _left = length;

        public override int Read(Span<byte> buffer)
        {
            int read = inner.Read(buffer[..(int)Math.Min(buffer.Length, _left)]);
            _left -= read;
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int read = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _left)], cancellationToken).ConfigureAwait(false);
            _left -= read;
            return read;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync().ConfigureAwait(false);
            await base.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Leaves the host's stream open when the reader is done with it.</summary>
    private sealed class NonDisposingStream(Stream inner) : ReadOnlyStream
    {
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => inner.Read(buffer);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

    }
}
