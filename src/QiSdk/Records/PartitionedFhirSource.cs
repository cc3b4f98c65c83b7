using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace QiSdk.Records;

/// <summary>
/// Reads NDJSON inputs larger than memory (<see cref="FhirRecordReader.CreatePartitionedSource"/>). First every line is
/// copied, unparsed, to one of N partition files by a hash of the patient it belongs to (a Patient's <c>id</c>, an event's
/// <c>subject</c>/<c>patient</c> reference), with the line number it had, so problems still name the user's file and
/// line; Medication lines (referenced from any patient) go to a shared file every partition reads. Inputs are split in
/// parallel (uncompressed files by byte ranges). Then each partition is read by the ordinary reader, a few at once, and
/// its patients are yielded in partition order, with its problems, so the output does not depend on the thread count.
/// A patient and everything that refers to it land in one partition, so each partition resolves exactly what the whole
/// read would; what cannot be routed (no patient reference, a line that is not JSON) goes to partition 0, where the
/// reader reports it as it would have.
/// </summary>
/// <remarks>
/// JSON documents (Bundles, single resources) are not split: when any input is one, the whole input is read in memory.
/// </remarks>
internal sealed class PartitionedFhirSource(FhirReaderOptions options, string[] paths, FhirPartitionOptions partitioning) : IPatientRecordSource
{
    public async IAsyncEnumerable<PatientRecord> ReadPatientsAsync(DataQualityLog log, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        var discovery = new FhirReadSession(options, log);
        var inputs = FhirInputDiscovery.Expand(paths, discovery);
        int parallelism = Math.Max(1, partitioning.MaxDegreeOfParallelism ?? Environment.ProcessorCount);
        int partitions = partitioning.Partitions > 0 ? partitioning.Partitions : AutomaticPartitions(inputs);
        if (partitions == 1 || inputs.Exists(i => i.Format is not (FhirInputFormat.Ndjson or FhirInputFormat.NdjsonGzip)))
        {
            var session = new FhirReadSession(options, log);
            await ParallelFhirRead.ReadAsync(session, inputs, options, cancellationToken).ConfigureAwait(false);
            foreach (var patient in session.Finish().Patients)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return patient;
            }

            yield break;
        }

        string folder = Path.Combine(partitioning.TemporaryDirectory ?? Path.GetTempPath(), "qisdk-partitions-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reads = new Task<FhirReadResult>?[partitions];
        try
        {
            var chunks = Plan(inputs, folder);
            await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
                (chunk, ct) => chunk.SplitAsync(partitions, options.MaxLineBytes, options.MaxDecompressionRatio, ct)).ConfigureAwait(false);

            // Line numbers: a range's lines follow those of the ranges before it in the same input.
            foreach (var group in chunks.GroupBy(c => c.InputIndex))
            {
                int offset = 0;
                bool stopped = false;
                foreach (var chunk in group)
                {
                    chunk.LineOffset = offset;
                    chunk.Skipped = stopped;
                    offset += chunk.Lines;
                    stopped |= chunk.StoppedInput;
                }
            }

            // Inputs that failed part-way (unreadable, corrupt gzip): reported once, as the reader would.
            foreach (var chunk in chunks.Where(c => !c.Skipped && c.Failure is not null))
            {
                var (code, message) = FhirReadSession.FileProblem(chunk.Failure!, chunk.Input.Format == FhirInputFormat.NdjsonGzip);
                var issue = new DataQualityIssue(code, DataQualitySeverity.Error, message)
                {
                    File = chunk.Input.Name,
                    Line = chunk.FailureLine is { } l ? chunk.LineOffset + l : null,
                };
                log.Add(issue);
                if (options.Strict)
                {
                    throw new FhirReadException(issue, chunk.Failure);
                }
            }

            int next = 0;
            void Start()
            {
                int k = next++;
                reads[k] = Task.Run(() => ReadPartitionAsync(k, chunks, stop.Token), stop.Token);
            }

            while (next < Math.Min(parallelism, partitions))
            {
                Start();
            }

            int patients = 0;
            int resourcesRead = 0;
            for (int k = 0; k < partitions; k++)
            {
                var result = await reads[k]!.ConfigureAwait(false);
                reads[k] = null;
                if (next < partitions)
                {
                    Start();
                }

                foreach (var issue in result.Problems)
                {
                    log.Add(issue);
                }

                patients += result.Patients.Length;
                resourcesRead += result.Resources.Where(r => k == 0 || r.ResourceType != "Medication").Sum(r => r.Read);
                foreach (var patient in result.Patients)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return patient;
                }
            }

            if (patients == 0)
            {
                var issue = new DataQualityIssue(ReaderErrors.EmptyInput, DataQualitySeverity.Warning, ReaderErrors.EmptyInputMessage(resourcesRead))
                {
                    File = inputs.Count == 1 ? inputs[0].Name : null,
                };
                log.Add(issue);
                if (options.Strict)
                {
                    throw new FhirReadException(issue);
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            foreach (var read in reads)
            {
                if (read is not null)
                {
                    try
                    {
                        await read.ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is OperationCanceledException or FhirReadException or IOException)
                    {
                        // The read is being abandoned (an earlier partition failed, or the caller stopped): nothing to report.
                    }
                }
            }

            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A temp folder that cannot be removed (e.g. a file still open by a scanner) is left to the system's cleanup.
            }
        }
    }

    /// <summary>One partition: its lines of every input in input order, then the shared Medication lines.</summary>
    private async Task<FhirReadResult> ReadPartitionAsync(int k, List<Chunk> chunks, CancellationToken cancellationToken)
    {
        var session = new FhirReadSession(options, log: null) { ReportEmptyInput = false };
        foreach (var chunk in chunks.Where(c => !c.Skipped && c.HasPartition(k)))
        {
            await session.ReadInputAsync(FhirInput.FromPartitionFile(chunk.Input.Name, chunk.DataPath(k), () => chunk.LoadLineMap(k)), cancellationToken).ConfigureAwait(false);
        }

        int before = session.Problems.Count;
        foreach (var chunk in chunks.Where(c => !c.Skipped && c.HasPartition(Chunk.Shared)))
        {
            await session.ReadInputAsync(FhirInput.FromPartitionFile(chunk.Input.Name, chunk.DataPath(Chunk.Shared), () => chunk.LoadLineMap(Chunk.Shared)), cancellationToken).ConfigureAwait(false);
        }

        if (k > 0)
        {
            // Partition 0 reports the shared lines' problems; the others read them only to resolve medicationReference.
            session.ForgetProblemsAfter(before);
        }

        return session.Finish();
    }

    private static int AutomaticPartitions(List<FhirInput> inputs)
    {
        long bytes = 0;
        foreach (var input in inputs)
        {
            if (input.FilePath is { } path)
            {
                try
                {
                    long size = new FileInfo(path).Length;
                    bytes += input.Format == FhirInputFormat.NdjsonGzip ? size * 8 : size;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Reported when the file is read.
                }
            }
        }

        return (int)Math.Clamp((bytes + FhirPartitionOptions.AutomaticPartitionBytes - 1) / FhirPartitionOptions.AutomaticPartitionBytes, 1, 4096);
    }

    private List<Chunk> Plan(List<FhirInput> inputs, string folder)
    {
        var chunks = new List<Chunk>();
        for (int i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            long size = -1;
            if (input.Format == FhirInputFormat.Ndjson && input.FilePath is { } path)
            {
                try
                {
                    size = new FileInfo(path).Length;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    size = -1;
                }
            }

            if (size <= partitioning.ChunkBytes)
            {
                chunks.Add(new Chunk(input, i, chunks.Count, folder, 0, -1));
                continue;
            }

            for (long start = 0; start < size; start += partitioning.ChunkBytes)
            {
                chunks.Add(new Chunk(input, i, chunks.Count, folder, start, Math.Min(size, start + partitioning.ChunkBytes)));
            }
        }

        return chunks;
    }

    /// <summary>
    /// One range of one input (the whole input when it is compressed, a stream, or small): the lines that start in it are
    /// split into partition files, each with the local line numbers of its lines.
    /// </summary>
    private sealed class Chunk(FhirInput input, int inputIndex, int index, string folder, long start, long end)
    {
        public const int Shared = -1;

        private readonly HashSet<int> _written = [];

        public FhirInput Input { get; } = input;

        public int InputIndex { get; } = inputIndex;

        /// <summary>Lines that start in this range (the reader's numbering: a last line without a newline counts).</summary>
        public int Lines { get; private set; }

        /// <summary>A line that is too long and not JSON ends the read of its input, as it does in the reader.</summary>
        public bool StoppedInput { get; private set; }

        public Exception? Failure { get; private set; }

        public int? FailureLine { get; private set; }

        public int LineOffset { get; set; }

        public bool Skipped { get; set; }

        public bool HasPartition(int k) => _written.Contains(k);

        public string DataPath(int k) => Path.Combine(folder, $"c{index}-{(k == Shared ? "m" : "p" + k.ToString(System.Globalization.CultureInfo.InvariantCulture))}.ndjson");

        private string MapPath(int k) => Path.ChangeExtension(DataPath(k), ".lines");

        public int[] LoadLineMap(int k)
        {
            byte[] bytes = File.ReadAllBytes(MapPath(k));
            int[] map = new int[bytes.Length / 4];
            for (int i = 0; i < map.Length; i++)
            {
                map[i] = LineOffset + BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(i * 4));
            }

            return map;
        }

        public async ValueTask SplitAsync(int partitions, int maxLineBytes, double maxRatio, CancellationToken cancellationToken)
        {
            var writers = new Dictionary<int, Writer>();
            try
            {
                Stream stream;
                try
                {
                    stream = await Input.OpenAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    Failure = ex;
                    return;
                }

                await using (stream.ConfigureAwait(false))
                {
                    bool gzip = Input.Format == FhirInputFormat.NdjsonGzip;
                    Stream source = gzip ? new GzipMemberReader(stream, maxRatio) : stream;
                    try
                    {
                        await SplitLinesAsync(source, partitions, maxLineBytes, writers, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
                    {
                        Failure = ex;
                        FailureLine = Lines + 1;
                    }
                    finally
                    {
                        if (gzip)
                        {
                            await source.DisposeAsync().ConfigureAwait(false);
                        }
                    }
                }
            }
            finally
            {
                foreach (var (k, writer) in writers)
                {
                    await writer.CloseAsync(MapPath(k)).ConfigureAwait(false);
                    _written.Add(k);
                }
            }
        }

        private async Task SplitLinesAsync(Stream stream, int partitions, int maxLineBytes, Dictionary<int, Writer> writers, CancellationToken cancellationToken)
        {
            // Position at the first line that starts at or after 'start' (the previous range reads the line it is in).
            long position = 0;
            if (start > 0)
            {
                stream.Position = start - 1;
                position = start - 1;
                if (!await SkipPastNewlineAsync(stream, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }

                position = stream.Position;
            }

            int limit = maxLineBytes + 1;
            byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Min(1 << 20, limit));
            int from = 0;
            int to = 0;
            bool eof = false;
            Writer? copying = null; // an over-long JSON line copied through as it arrives
            try
            {
                while (true)
                {
                    var pending = buffer.AsSpan(from, to - from);
                    int newline = pending.IndexOf((byte)'\n');
                    if (copying is not null)
                    {
                        int take = newline >= 0 ? newline + 1 : pending.Length;
                        copying.Data.Write(pending[..take]);
                        from += take;
                        position += take;
                        if (newline >= 0)
                        {
                            copying = null;
                            continue;
                        }

                        if (eof)
                        {
                            break;
                        }
                    }
                    else if (newline >= 0 || (eof && to > from))
                    {
                        long lineStart = position;
                        if (end >= 0 && lineStart >= end)
                        {
                            break;
                        }

                        int length = newline >= 0 ? newline + 1 : pending.Length;
                        Lines++;
                        if ((newline >= 0 ? newline : length) > maxLineBytes)
                        {
                            // Too long, whole in the buffer: to partition 0 as the reader would see it, where it is reported.
                            var whole = WriterFor(0, writers);
                            whole.AddLine(Lines);
                            whole.Data.Write(pending[..length]);
                            if (FhirReadSession.WithoutBom(pending).TrimStart(" \t\r"u8) is not [(byte)'{', ..])
                            {
                                StoppedInput = true;
                                return;
                            }

                            if (newline < 0)
                            {
                                whole.Data.WriteByte((byte)'\n');
                            }

                            from += length;
                            position += length;
                            continue;
                        }

                        Route(pending[..length], partitions, writers);
                        from += length;
                        position += length;
                        continue;
                    }
                    else if (to - from > maxLineBytes)
                    {
                        if (end >= 0 && position >= end)
                        {
                            break;
                        }

                        Lines++;
                        var head = pending[..limit];
                        var writer = WriterFor(0, writers);
                        writer.AddLine(Lines);
                        if (FhirReadSession.WithoutBom(head).TrimStart(" \t\r"u8) is not [(byte)'{', ..])
                        {
                            // The reader reports the line and stops reading the input: so does the split.
                            writer.Data.Write(head);
                            StoppedInput = true;
                            return;
                        }

                        copying = writer;
                        continue;
                    }
                    else if (eof)
                    {
                        break;
                    }

                    if (from > 0)
                    {
                        buffer.AsSpan(from, to - from).CopyTo(buffer);
                        to -= from;
                        from = 0;
                    }

                    if (to == buffer.Length)
                    {
                        byte[] bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limit + 1));
                        buffer.AsSpan(0, to).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }

                    int want = buffer.Length - to;
                    int read = await stream.ReadAsync(buffer.AsMemory(to, want), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        eof = true;
                    }

                    to += read;
                    if ((Lines & 4095) == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private static async Task<bool> SkipPastNewlineAsync(Stream stream, CancellationToken cancellationToken)
        {
            byte[] one = ArrayPool<byte>.Shared.Rent(64 * 1024);
            try
            {
                while (true)
                {
                    long at = stream.Position;
                    int read = await stream.ReadAsync(one.AsMemory(0, 64 * 1024), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return false;
                    }

                    int newline = one.AsSpan(0, read).IndexOf((byte)'\n');
                    if (newline >= 0)
                    {
                        stream.Position = at + newline + 1;
                        return true;
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(one);
            }
        }

        /// <summary>Copies one line (with its newline, if any) to the partition its patient hashes to.</summary>
        private void Route(ReadOnlySpan<byte> line, int partitions, Dictionary<int, Writer> writers)
        {
            var content = line;
            if (LineOffsetIsStart && Lines == 1)
            {
                content = FhirReadSession.WithoutBom(content);
            }

            var trimmed = content.TrimEnd("\r\n\t "u8);
            if (trimmed.TrimStart("\t "u8).IsEmpty)
            {
                return; // the reader skips blank lines; they keep their number by the map of the lines after them
            }

            int k = PartitionKey.Of(trimmed, partitions);
            var writer = WriterFor(k, writers);
            writer.AddLine(Lines);
            writer.Data.Write(content);
            if (content[^1] != (byte)'\n')
            {
                writer.Data.WriteByte((byte)'\n');
            }
        }

        /// <summary>True for the range that holds the input's first line (where a byte-order mark may be).</summary>
        private bool LineOffsetIsStart => start == 0;

        private Writer WriterFor(int k, Dictionary<int, Writer> writers)
        {
            if (!writers.TryGetValue(k, out var writer))
            {
                writer = new Writer(new FileStream(DataPath(k), FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024));
                writers.Add(k, writer);
            }

            return writer;
        }
    }

    /// <summary>A partition file being written and the original line numbers of its lines.</summary>
    private sealed class Writer(FileStream data)
    {
        private readonly List<int> _lines = [];

        public FileStream Data { get; } = data;

        public void AddLine(int line) => _lines.Add(line);

        public async Task CloseAsync(string mapPath)
        {
            await Data.DisposeAsync().ConfigureAwait(false);
            byte[] bytes = new byte[_lines.Count * 4];
            for (int i = 0; i < _lines.Count; i++)
            {
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * 4), _lines[i]);
            }

            await File.WriteAllBytesAsync(mapPath, bytes).ConfigureAwait(false);
        }
    }
}

/// <summary>
/// Which partition an NDJSON line belongs to: a hash of its patient's id, found the way the reader finds it (a Patient's
/// <c>id</c>; the first <c>subject</c> or <c>patient</c> reference of <c>Patient/id</c> form, absolute or versioned).
/// <see cref="Shared"/> for a Medication; 0 for what names no patient.
/// </summary>
internal static class PartitionKey
{
    public const int Shared = -1;

    public static int Of(ReadOnlySpan<byte> line, int partitions)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return 0;
            }

            int type = 0; // 1 Patient, 2 Medication, 3 anything else
            uint? id = null;
            uint? subject = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("resourceType"u8))
                {
                    reader.Read();
                    type = reader.TokenType != JsonTokenType.String ? 3
                        : reader.ValueTextEquals("Patient"u8) ? 1
                        : reader.ValueTextEquals("Medication"u8) ? 2
                        : 3;
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        id = Hash(Unescaped(ref reader));
                    }
                }
                else if (subject is null && (reader.ValueTextEquals("subject"u8) || reader.ValueTextEquals("patient"u8)))
                {
                    reader.Read();
                    subject = ReferencedPatient(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }

                switch (type)
                {
                    case 1 when id is { } patient:
                        return (int)(patient % (uint)partitions);
                    case 2:
                        return Shared;
                    case 3 when subject is { } referenced:
                        return (int)(referenced % (uint)partitions);
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: partition 0, where the reader reports it.
        }
        catch (InvalidOperationException)
        {
            // Invalid UTF-8 in a value: partition 0 as well.
        }

        return 0;
    }

    private static uint? ReferencedPatient(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        uint? found = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isReference = reader.ValueTextEquals("reference"u8);
            reader.Read();
            if (isReference && reader.TokenType == JsonTokenType.String && found is null)
            {
                found = PatientIdHash(Unescaped(ref reader));
            }
            else
            {
                reader.Skip();
            }
        }

        return found;
    }

    private static ReadOnlySpan<byte> Unescaped(ref Utf8JsonReader reader) =>
        reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;

    /// <summary>The byte form of <see cref="FhirReadSession.IdAfter"/> with "Patient/": ASCII never occurs inside a UTF-8 sequence.</summary>
    private static uint? PatientIdHash(ReadOnlySpan<byte> reference)
    {
        int history = reference.IndexOf("/_history/"u8);
        if (history >= 0)
        {
            reference = reference[..history];
        }

        int at = reference.LastIndexOf("Patient/"u8);
        if (at < 0 || (at > 0 && reference[at - 1] != (byte)'/'))
        {
            return null;
        }

        var id = reference[(at + 8)..];
        return id.IsEmpty || id.Contains((byte)'/') ? null : Hash(id);
    }

    /// <summary>FNV-1a: stable across runs and machines (string.GetHashCode is randomised per process).</summary>
    private static uint Hash(ReadOnlySpan<byte> bytes)
    {
        uint h = 2166136261;
        foreach (byte b in bytes)
        {
            h = unchecked((h ^ b) * 16777619);
        }

        return h;
    }

    /// <summary>Used by tests: the partition of a patient id.</summary>
    public static int OfPatientId(string id, int partitions) => (int)(Hash(Encoding.UTF8.GetBytes(id)) % (uint)partitions);
}
