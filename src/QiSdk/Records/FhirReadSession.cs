using System.Buffers;
using System.Collections.Immutable;
using System.Text.Json;

namespace QiSdk.Records;

/// <summary>
/// The state of one read: interned strings, patients being assembled, references waiting to be resolved, counts and
/// problems. One instance per run; not thread-safe (a run reads its inputs one after another).
/// </summary>
internal sealed partial class FhirReadSession
{
    private static readonly string[] KindNames = Enum.GetNames<ResourceKind>();

    private readonly bool _strict;
    private readonly bool _validateSkipped;
    private readonly bool _testCaseBundles;
    private readonly int _maxDocumentBytes;
    private readonly int _maxLineBytes;
    private readonly double _maxRatio;
    private readonly JsonReaderOptions _jsonOptions;
    private readonly DataQualityLog? _log;
    private readonly List<DataQualityIssue> _problems = [];
    private readonly List<DataQualityIssue> _resourceIssues = [];
    private readonly List<string> _inputs = [];
    private readonly StringInterner _strings = new();
    private readonly CodingArrayInterner _codings = new();
    private readonly EventStore _store = new();
    private readonly ValueBoxes<Quantity> _quantities = new(ExactQuantityComparer.Instance);
    private readonly ValueBoxes<Period> _periods = new(EqualityComparer<Period>.Default);
    private readonly ValueBoxes<FhirDate> _dates = new(EqualityComparer<FhirDate>.Default);
    private readonly Dictionary<DetailsKey, int> _details = [];
    private readonly Dictionary<string, TypeCounter> _counters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PatientSlot> _slots = new(StringComparer.Ordinal);
    private readonly List<PatientSlot> _slotOrder = [];
    private readonly List<PatientSlot> _patientOrder = [];
    private readonly Dictionary<string, string?> _patientIdByReference = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ImmutableArray<Coding>> _medications = new(StringComparer.Ordinal);
    private readonly List<PendingMedication> _pendingMedications = [];
    private readonly ResourceScratch _r = new();

    // Bundle scope: fullUrl-named resources and the references waiting for them until the Bundle ends.
    private readonly Dictionary<string, string> _bundlePatients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ImmutableArray<Coding>> _bundleMedications = new(StringComparer.Ordinal);
    private readonly List<PendingEvent> _bundlePendingEvents = [];
    private readonly List<PendingMedication> _bundlePendingMedications = [];
    private readonly List<PendingEvent> _bundleTestCaseEvents = [];
    private readonly List<(string Id, string? FullUrl)> _bundlePatientIds = [];
    private bool _inBundle;

    // Where the reader is.
    private string _file = string.Empty;
    private int? _line;
    private int? _entry;
    private string? _currentType;
    private string? _nestName;
    private int _nestIndex;

    // Partition files: original line number of each line of the input being read (null: lines are the input's own).
    private int[]? _lineMap;

    // UTF-8: set per document when its bytes are not all valid, so each string read is then checked on its own.
    private bool _checkUtf8;
    private int _utf8Reports;

    public FhirReadSession(FhirReaderOptions options, DataQualityLog? log)
    {
        _strict = options.Strict;
        _validateSkipped = options.Strict || options.ValidateSkippedResources;
        _testCaseBundles = options.TestCaseBundles;
        _maxDocumentBytes = options.MaxDocumentBytes;
        _maxLineBytes = options.MaxLineBytes;
        _maxRatio = options.MaxDecompressionRatio;
        _jsonOptions = new JsonReaderOptions { MaxDepth = options.MaxDepth, CommentHandling = JsonCommentHandling.Disallow };
        _log = log;
    }

    public IReadOnlyList<DataQualityIssue> Problems => _problems;

    /// <summary>
    /// False for one partition of a partitioned read: an empty partition is not an empty input (the partitioned source
    /// reports QI1022 once, for the whole input).
    /// </summary>
    public bool ReportEmptyInput { get; init; } = true;

    /// <summary>Forgets the problems from <paramref name="count"/> on (a partition re-reading the shared Medication lines reports nothing twice).</summary>
    public void ForgetProblemsAfter(int count) => _problems.RemoveRange(count, _problems.Count - count);

    /// <summary>Reads one input to its end (problems with it are reported; only strict mode and cancellation throw).</summary>
    public async Task ReadInputAsync(FhirInput input, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        InputStopped = false;
        _file = input.Name;
        _line = null;
        _entry = null;
        _inputs.Add(input.Name);
        _lineMap = input.LineMap?.Invoke();
        Stream stream;
        try
        {
            stream = await input.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            InputStopped = true;
            ReportFileProblem(ReaderErrors.Unreadable, ReaderErrors.UnreadableMessage(ex.Message), ex);
            return;
        }

        await using (stream.ConfigureAwait(false))
        {
            bool gzip = input.Format is FhirInputFormat.NdjsonGzip or FhirInputFormat.JsonGzip;
            // Not GZipStream: it cannot tell a file cut short from a complete one, nor report a CRC mismatch as such.
            Stream source = gzip ? new GzipMemberReader(stream, _maxRatio) : stream;
            try
            {
                if (input.Format is FhirInputFormat.Ndjson or FhirInputFormat.NdjsonGzip)
                {
                    await ReadNdjsonAsync(source, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await ReadJsonDocumentAsync(source, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                InputStopped = true;
                var (code, message) = FileProblem(ex, gzip);
                ReportFileProblem(code, message, ex);
            }
            finally
            {
                if (gzip)
                {
                    await source.DisposeAsync().ConfigureAwait(false);
                }
            }
        }

        _line = null;
        _entry = null;
        _lineMap = null;
    }

    /// <summary>Reports an input-level problem found before reading (e.g. a file in a folder that is not FHIR).</summary>
    public void ReportInputProblem(string code, DataQualitySeverity severity, string file, string message) =>
        Report(new DataQualityIssue(code, severity, message) { File = file });

    /// <summary>Resolves what waits for the end of the input and builds the result.</summary>
    public FhirReadResult Finish()
    {
        _file = string.Empty;
        _line = null;
        _entry = null;

        // Events whose patient never appeared.
        foreach (var slot in _slotOrder)
        {
            if (slot.Patient is not null)
            {
                continue;
            }

            for (int h = slot.Head; h >= 0; h = _store.Row(h).Next)
            {
                var kind = _store.Row(h).Kind;
                Skip(KindNames[(int)kind], ReaderErrors.Reasons.UnknownPatient);
                Report(Located(h, ReaderErrors.UnknownPatient, DataQualitySeverity.Error,
                    ReaderErrors.UnknownPatientMessage(slot.Reference), SubjectElement(kind) + ".reference"));
            }
        }

        // medicationReference to Medication/id anywhere in the input.
        foreach (var pending in _pendingMedications)
        {
            if (pending.Slot.Patient is null)
            {
                continue;
            }

            string? id = IdAfter(pending.Reference, "Medication/");
            if (id is not null && _medications.TryGetValue(id, out var codes))
            {
                _store.Row(pending.Row).Codes = _store.Shared(codes);
            }
            else
            {
                ReportUnresolvedMedication(pending.Row, pending.Reference);
            }
        }

        var patients = ImmutableArray.CreateBuilder<PatientRecord>(_patientOrder.Count);
        int[] keptByKind = new int[KindNames.Length];
        int[] latestByKind = new int[KindNames.Length];
        foreach (var slot in _patientOrder)
        {
            int[] rows = slot.Count == 0 ? [] : new int[slot.Count];
            int n = 0;
            for (int h = slot.Head; h >= 0; h = _store.Row(h).Next)
            {
                rows[n++] = h;
                ref readonly var row = ref _store.Row(h);
                int kind = (int)row.Kind;
                keptByKind[kind]++;
                if (EventDay(row) is int day)
                {
                    // Day numbers start at 0 (0001-01-01), so 0 doubles as "none yet"; that one day is not a real event date.
                    latestByKind[kind] = Math.Max(latestByKind[kind], day);
                }
            }

            // The record was built by this session and is not handed out yet: attach the events instead of copying it.
            slot.Patient!.AttachEvents(_store, rows);
            patients.Add(slot.Patient);
        }

        for (int kind = 0; kind < keptByKind.Length; kind++)
        {
            if (keptByKind[kind] > 0)
            {
                Counter(KindNames[kind]).Kept += keptByKind[kind];
            }
        }

        if (_patientOrder.Count == 0 && ReportEmptyInput)
        {
            // Zero-byte files, garbage, or only resources that are not patients: all-zero reports must not look like a result.
            Report(new DataQualityIssue(ReaderErrors.EmptyInput, DataQualitySeverity.Warning, ReaderErrors.EmptyInputMessage(_counters.Values.Sum(c => c.Read)))
            {
                File = _inputs.Count == 1 ? _inputs[0] : null,
            });
        }

        // A sorted array of names, not LINQ's OrderBy over the dictionary's pairs: that is generic code over a value type,
        // compiled at run time in a ReadyToRun host, once per read (eCQM speed, third pass).
        string[] typeNames = [.. _counters.Keys];
        Array.Sort(typeNames, StringComparer.Ordinal);
        var resources = ImmutableArray.CreateBuilder<ResourceTypeSummary>(typeNames.Length);
        foreach (string typeName in typeNames)
        {
            var counter = _counters[typeName];
            resources.Add(new ResourceTypeSummary(typeName, counter.Read, counter.Kept, SortedReasons(counter.Skipped))
            {
                // KindOf, not Enum.TryParse: a resourceType of "12" must not name a kind by its number.
                LatestEventDate = KindOf(typeName) is { } kind && latestByKind[(int)kind] > 0 ? DateOnly.FromDayNumber(latestByKind[(int)kind]) : null,
            });
        }

        return new FhirReadResult
        {
            Patients = patients.MoveToImmutable(),
            Resources = resources.MoveToImmutable(),
            Problems = [.. _problems],
            Inputs = [.. _inputs],
        };
    }

    /// <summary>
    /// The skip reasons in ordinal order. Added one by one to a builder: ToImmutableSortedDictionary would first copy them
    /// into a SortedDictionary, whose generic code over an int value is compiled at run time in a ReadyToRun host.
    /// </summary>
    private static ImmutableSortedDictionary<string, int> SortedReasons(Dictionary<string, int> reasons)
    {
        var sorted = ImmutableSortedDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        foreach (var (reason, count) in reasons)
        {
            sorted.Add(reason, count);
        }

        return sorted.ToImmutable();
    }

    private async Task ReadJsonDocumentAsync(Stream stream, CancellationToken cancellationToken)
    {
        int initial = 64 * 1024;
        bool smallLocalFile = false;
        if (stream.CanSeek)
        {
            long remaining = stream.Length - stream.Position;
            if (remaining > _maxDocumentBytes)
            {
                ReportFileProblem(ReaderErrors.Unreadable, ReaderErrors.UnreadableMessage($"the file is {remaining} bytes, more than the {_maxDocumentBytes}-byte limit (FhirReaderOptions.MaxDocumentBytes); use NDJSON for large exports"), null);
                return;
            }

            initial = (int)Math.Max(remaining + 1, 16);

            // A small local file (a test-case or patient Bundle) is read with plain blocking reads: on Linux an asynchronous
            // file read is a blocking read queued to the thread pool anyway, and over thousands of small Bundles those
            // hand-offs cost more than the reads (measured: benchmarks/README.md, eCQM speed).
            smallLocalFile = stream is FileStream && remaining <= SmallFileBytes;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(initial);
        int length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length >= _maxDocumentBytes)
                    {
                        ReportFileProblem(ReaderErrors.Unreadable, ReaderErrors.UnreadableMessage($"the document is larger than the {_maxDocumentBytes}-byte limit (FhirReaderOptions.MaxDocumentBytes)"), null);
                        return;
                    }

                    buffer = Grow(buffer, length, _maxDocumentBytes);
                }

                int read = smallLocalFile
                    ? stream.Read(buffer.AsSpan(length))
                    : await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (!FirstByteMayStartObject(buffer.AsSpan(0, length)))
                {
                    // Not a JSON object (binary data, /dev/zero, a text file): say so from what was read, without
                    // buffering the rest up to MaxDocumentBytes.
                    break;
                }
            }

            ReadDocument(WithoutBom(buffer.AsSpan(0, length)), ndjsonLine: false, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    /// <summary>Files up to this size are read with blocking reads (see <see cref="ReadJsonDocumentAsync"/>).</summary>
    private const long SmallFileBytes = 4 * 1024 * 1024;

    /// <summary>The code and message for an input that failed part-way (shared with the partitioned source's splitter).</summary>
    internal static (string Code, string Message) FileProblem(Exception ex, bool gzip) => ex switch
    {
        GzipDataException { Truncated: true } => (ReaderErrors.TruncatedJson, ReaderErrors.UnreadableMessage(ex.Message)),
        GzipDataException => (ReaderErrors.Unreadable, ReaderErrors.UnreadableMessage(ex.Message)),
        InvalidDataException when gzip => (ReaderErrors.Unreadable, ReaderErrors.UnreadableMessage("the gzip data is corrupt (" + ex.Message + ")")),
        _ => (ReaderErrors.Unreadable, ReaderErrors.UnreadableMessage(ex.Message)),
    };

    /// <summary>The line number problems name: the original input's for a partition file.</summary>
    private int OriginalLine(int line)
    {
        if (_lineMap is not { Length: > 0 } map)
        {
            return line;
        }

        return line <= map.Length ? map[line - 1] : map[^1] + (line - map.Length);
    }

    /// <summary>False when the first byte (after a BOM and white space) cannot begin a JSON object.</summary>
    private static bool FirstByteMayStartObject(ReadOnlySpan<byte> data)
    {
        data = WithoutBom(data).TrimStart(" \t\r\n"u8);
        return data.IsEmpty || data[0] == (byte)'{';
    }

    /// <summary>
    /// Reads NDJSON line by line from one pooled buffer that grows to at most <see cref="FhirReaderOptions.MaxLineBytes"/>
    /// + 1 bytes: memory is bounded by the longest line accepted, never by the input. A longer line is reported (QI1018)
    /// and skipped to its newline; one that does not even start like JSON ends the read of that input.
    /// </summary>
    private async Task ReadNdjsonAsync(Stream stream, CancellationToken cancellationToken)
    {
        int limit = _maxLineBytes + 1;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Min(256 * 1024, limit));
        int start = 0;
        int end = 0;
        int line = 0;
        bool eof = false;
        bool discarding = false;
        try
        {
            while (true)
            {
                int newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    line++;
                    if (discarding)
                    {
                        discarding = false;
                    }
                    else if (newline > _maxLineBytes)
                    {
                        // Too long, though the whole line fits the buffer: the limit must not depend on where the buffer's
                        // reads happen to fall (parallel reading starts ranges at other places than one thread does).
                        if (!ReportLineTooLong(buffer.AsSpan(start, newline), line))
                        {
                            return;
                        }
                    }
                    else
                    {
                        ReadLine(buffer.AsSpan(start, newline), line, cancellationToken);
                    }

                    start += newline + 1;
                    continue;
                }

                if (discarding)
                {
                    // The rest of an over-long line: dropped as it arrives.
                    buffer.AsSpan(start, end - start).Clear();
                    start = 0;
                    end = 0;
                }
                else if (end - start > _maxLineBytes)
                {
                    if (!ReportLineTooLong(buffer.AsSpan(start, end - start), line + 1))
                    {
                        return;
                    }

                    discarding = true;
                    continue;
                }

                if (eof)
                {
                    if (end > start && !discarding)
                    {
                        line++;
                        ReadLine(buffer.AsSpan(start, end - start), line, cancellationToken);
                    }

                    break;
                }

                if (start > 0)
                {
                    buffer.AsSpan(start, end - start).CopyTo(buffer);
                    buffer.AsSpan(end - start, start).Clear();
                    end -= start;
                    start = 0;
                }

                if (end == buffer.Length)
                {
                    buffer = Grow(buffer, end, limit);
                }

                int read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    eof = true;
                }
                else
                {
                    end += read;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            // Lines completed before the failure were kept; say where reading stopped.
            _line = OriginalLine(line + 1);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    /// <summary>
    /// Reports a line longer than <see cref="FhirReaderOptions.MaxLineBytes"/> (QI1018) from its first bytes; false when
    /// they do not even start like JSON, which ends the read of the input (<see cref="InputStopped"/>).
    /// </summary>
    private bool ReportLineTooLong(ReadOnlySpan<byte> head, int lineNumber)
    {
        _line = OriginalLine(lineNumber);
        _entry = null;
        bool json = WithoutBom(head).TrimStart(" \t\r"u8) is [(byte)'{', ..];
        CountUnknown(ReaderErrors.Reasons.LineTooLong);
        Report(Here(ReaderErrors.LineTooLong, DataQualitySeverity.Error, ReaderErrors.LineTooLongMessage(_line.Value, _maxLineBytes, json), null));
        InputStopped = !json;
        return json;
    }

    private void ReadLine(ReadOnlySpan<byte> line, int lineNumber, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (OriginalLine(lineNumber) == 1)
        {
            line = WithoutBom(line);
        }

        line = line.TrimEnd("\r\t "u8);
        if (line.TrimStart("\t "u8).IsEmpty)
        {
            return;
        }

        _line = OriginalLine(lineNumber);
        _entry = null;
        ReadDocument(line, ndjsonLine: true, cancellationToken);
    }

    internal static ReadOnlySpan<byte> WithoutBom(ReadOnlySpan<byte> data) =>
        data.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? data[3..] : data;

    private static byte[] Grow(byte[] buffer, int used, int limit)
    {
        int size = (int)Math.Min((long)buffer.Length * 2, limit);
        byte[] bigger = ArrayPool<byte>.Shared.Rent(Math.Max(size, buffer.Length + 1));
        buffer.AsSpan(0, used).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        return bigger;
    }

    private sealed class TypeCounter
    {
        public int Read;
        public int Kept;
        public readonly Dictionary<string, int> Skipped = new(StringComparer.Ordinal);
    }

    private sealed class PatientSlot(string id)
    {
        public string Id { get; } = id;

        public string Reference => "Patient/" + Id;

        public PatientRecord? Patient { get; set; }

        // The slot's events: a list linked through EventRow.Next in the session's store (no per-patient list object).
        public int Head { get; set; } = -1;

        public int Tail { get; set; } = -1;

        public int Count { get; set; }
    }

    private readonly record struct PendingEvent(int Row, string Urn, string? MedicationReference);

    private readonly record struct PendingMedication(PatientSlot Slot, int Row, string Reference);
}
