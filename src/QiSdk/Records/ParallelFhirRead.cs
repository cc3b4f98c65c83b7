namespace QiSdk.Records;

/// <summary>
/// Reads the inputs of one run on several threads (<see cref="FhirReaderOptions.MaxDegreeOfParallelism"/>) with the result
/// one thread gives, byte for byte. The inputs are cut into chunks: runs of consecutive whole files (Bundle folders, small
/// NDJSON files, gzip, host streams) and byte ranges of large uncompressed NDJSON files (each range owns the lines that
/// start in it). Each chunk is read by its own session, a few chunks ahead at once, and the chunk sessions are merged
/// into the run's session strictly in input order (<see cref="FhirReadSession.Merge"/>), which then resolves what waits
/// for the whole input (<see cref="FhirReadSession.Finish"/>) as it always did.
/// </summary>
/// <remarks>
/// Line numbers: a range's lines follow the lines of the ranges before it, which each range counts (a vectorised scan
/// for newlines, much cheaper than parsing) before it parses. A range whose input stopped in an earlier range (a line
/// too long that is not JSON, a read failure) is dropped, as one thread would not have read it.
/// </remarks>
internal static class ParallelFhirRead
{
    /// <summary>Reads every input into <paramref name="session"/> (the run's session), in parallel when the options allow.</summary>
    public static async Task ReadAsync(FhirReadSession session, IReadOnlyList<FhirInput> inputs, FhirReaderOptions options, CancellationToken cancellationToken)
    {
        int parallelism = options.MaxDegreeOfParallelism ?? Environment.ProcessorCount;
        var chunks = parallelism > 1 && inputs.Count > 0 ? Plan(inputs, options.ParallelRangeBytes, parallelism) : null;
        if (chunks is null || chunks.Count < 2)
        {
            foreach (var input in inputs)
            {
                await session.ReadInputAsync(input, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reads = new Task<(FhirReadSession Session, FhirReadException? Failure)>?[chunks.Count];
        int next = 0;
        void Start()
        {
            var chunk = chunks[next];
            reads[next++] = Task.Run(() => chunk.ReadAsync(options, stop.Token), stop.Token);
        }

        try
        {
            // A few chunks ahead of the merge: enough to keep every thread busy, few enough to bound what waits to be merged.
            while (next < Math.Min(parallelism * 2, chunks.Count))
            {
                Start();
            }

            bool inputStopped = false;
            for (int k = 0; k < chunks.Count; k++)
            {
                var (chunkSession, failure) = await reads[k]!.ConfigureAwait(false);
                reads[k] = null;
                if (next < chunks.Count)
                {
                    Start();
                }

                var chunk = chunks[k];
                if (chunk.ContinuesInput && inputStopped)
                {
                    continue;
                }

                session.Merge(chunkSession, chunk.ContinuesInput, failure);
                if (failure is not null)
                {
                    // Merge rethrows the chunk's problem in strict mode; never go on past it.
                    throw failure;
                }

                inputStopped = chunk.IsRange && chunkSession.InputStopped;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            foreach (var read in reads)
            {
                if (read is not null)
                {
                    // Abandoned (an earlier chunk failed, or the caller stopped): its outcome no longer matters.
                    await ((Task)read).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }
        }
    }

    /// <summary>Whole inputs grouped to about a share of the input each; uncompressed NDJSON files larger than a range split into ranges.</summary>
    private static List<Chunk> Plan(IReadOnlyList<FhirInput> inputs, long rangeBytes, int parallelism)
    {
        var sizes = new long[inputs.Count];
        long total = 0;
        for (int i = 0; i < inputs.Count; i++)
        {
            sizes[i] = SizeOf(inputs[i]);
            total += Math.Max(0, sizes[i]);
        }

        // Several chunks per thread so that uneven files still keep every thread busy; never below 256 KB (a session per
        // chunk has a fixed cost) nor above a range.
        long groupBytes = Math.Clamp(total / (parallelism * 8L), Math.Min(256L << 10, rangeBytes), rangeBytes);
        var chunks = new List<Chunk>();
        Chunk? group = null;
        long grouped = 0;
        for (int i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            if (input.Format == FhirInputFormat.Ndjson && input.FilePath is { } path && sizes[i] > rangeBytes
                && Boundaries(path, sizes[i], rangeBytes) is { Count: > 2 } bounds)
            {
                group = null;
                Chunk? previous = null;
                for (int r = 0; r + 1 < bounds.Count; r++)
                {
                    bool last = r + 2 == bounds.Count;
                    previous = new Chunk(input, path, bounds[r], last ? -1 : bounds[r + 1], previous);
                    chunks.Add(previous);
                }

                continue;
            }

            if (sizes[i] < 0)
            {
                // A stream or a file whose size cannot be known: a chunk of its own.
                group = null;
                chunks.Add(new Chunk([input]));
                continue;
            }

            if (group is null || grouped + sizes[i] > groupBytes)
            {
                group = new Chunk([]);
                grouped = 0;
                chunks.Add(group);
            }

            group.Inputs.Add(input);
            grouped += sizes[i];
        }

        return chunks;
    }

    /// <summary>The input's size in bytes (gzip counted as it will be decompressed, roughly); -1 when unknown.</summary>
    private static long SizeOf(FhirInput input)
    {
        if (input.FilePath is not { } path)
        {
            return -1;
        }

        if (input.KnownLength is { } known)
        {
            // Found by a folder walk, which stat'ed it already: one stat per file less (3,000 small Bundles: ~9 ms CPU).
            return input.Format is FhirInputFormat.NdjsonGzip or FhirInputFormat.JsonGzip ? known * 8 : known;
        }

        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || (info.Attributes & FileAttributes.Directory) != 0)
            {
                return -1;
            }

            return input.Format is FhirInputFormat.NdjsonGzip or FhirInputFormat.JsonGzip ? info.Length * 8 : info.Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return -1;
        }
    }

    /// <summary>
    /// Byte offsets where ranges start (each the start of a line: just after a newline at or after every
    /// <paramref name="rangeBytes"/>), beginning with 0 and ending with the file's size; null when the file cannot be read
    /// (it is then read whole, and the reader reports why).
    /// </summary>
    private static List<long>? Boundaries(string path, long size, long rangeBytes)
    {
        var bounds = new List<long> { 0 };
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            byte[] buffer = new byte[64 * 1024];
            long nominal = rangeBytes;
            while (nominal < size)
            {
                // Scanning resumes where the last boundary was found, so a file without newlines is scanned once in all.
                long from = Math.Max(nominal - 1, bounds[^1]);
                stream.Position = from;
                long found = -1;
                while (found < 0)
                {
                    int read = stream.Read(buffer);
                    if (read == 0)
                    {
                        break;
                    }

                    int newline = buffer.AsSpan(0, read).IndexOf((byte)'\n');
                    if (newline >= 0)
                    {
                        found = from + newline + 1;
                    }

                    from += read;
                }

                if (found < 0 || found >= size)
                {
                    break;
                }

                bounds.Add(found);
                nominal = Math.Max(nominal + rangeBytes, found + 1);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        bounds.Add(size);
        return bounds;
    }

    /// <summary>Whole inputs read one after another, or one byte range of an NDJSON file.</summary>
    private sealed class Chunk
    {
        private readonly FhirInput? _rangeOf;
        private readonly string? _path;
        private readonly long _start;
        private readonly long _end;
        private readonly Chunk? _previousRange;
        private readonly TaskCompletionSource<int>? _lastLine;

        public Chunk(List<FhirInput> inputs) => Inputs = inputs;

        public Chunk(FhirInput input, string path, long start, long end, Chunk? previousRange)
        {
            Inputs = [];
            _rangeOf = input;
            _path = path;
            _start = start;
            _end = end;
            _previousRange = previousRange;
            _lastLine = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public List<FhirInput> Inputs { get; }

        public bool IsRange => _rangeOf is not null;

        /// <summary>A later range of the input the chunk before it read.</summary>
        public bool ContinuesInput => _previousRange is not null;

        public async Task<(FhirReadSession Session, FhirReadException? Failure)> ReadAsync(FhirReaderOptions options, CancellationToken cancellationToken)
        {
            var session = FhirReadSession.ForChunk(options);
            try
            {
                if (_rangeOf is { } input)
                {
                    int offset = await LineOffsetAsync(cancellationToken).ConfigureAwait(false);
                    await session.ReadInputAsync(FhirInput.FromFileRange(input.Name, _path!, _start, _end, offset), cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    foreach (var whole in Inputs)
                    {
                        await session.ReadInputAsync(whole, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch (FhirReadException ex)
            {
                // Strict mode: the chunk stops at its first problem; the merge decides whether an earlier one comes first.
                return (session, ex);
            }

            return (session, null);
        }

        /// <summary>The number of lines before this range (counting this range's own lines for the ranges after it).</summary>
        private async Task<int> LineOffsetAsync(CancellationToken cancellationToken)
        {
            try
            {
                int own = _end < 0 ? 0 : await CountLinesAsync(cancellationToken).ConfigureAwait(false);
                int before = _previousRange is null ? 0 : await _previousRange._lastLine!.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
                _lastLine!.TrySetResult(before + own);
                return before;
            }
            catch (OperationCanceledException)
            {
                _lastLine!.TrySetCanceled(cancellationToken);
                throw;
            }
            catch (Exception ex)
            {
                _lastLine!.TrySetException(ex);
                throw;
            }
        }

        /// <summary>Newlines in the range: the reader's line count for a range that ends just after one.</summary>
        private async Task<int> CountLinesAsync(CancellationToken cancellationToken)
        {
            try
            {
                await using var stream = FhirInput.OpenRange(_path!, _start, _end);
                byte[] buffer = new byte[256 * 1024];
                int lines = 0;
                int read;
                while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    lines += buffer.AsSpan(0, read).Count((byte)'\n');
                }

                return lines;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The range's own read reports the file (and stops the input, dropping the ranges after it).
                return 0;
            }
        }
    }
}
