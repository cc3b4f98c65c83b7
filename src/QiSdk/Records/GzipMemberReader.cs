// CA2012: the synchronous Read overloads call the shared async core with async: false, so the ValueTask has always
// completed synchronously when GetResult() is called (the pattern the BCL streams use for one code path).
#pragma warning disable CA2012
using System.Buffers.Binary;
using System.IO.Compression;

namespace QiSdk.Records;

/// <summary>
/// Decompresses gzip (RFC 1952) and checks what .NET's <see cref="GZipStream"/> does not report: every member's header
/// is parsed here (FEXTRA, FNAME, FCOMMENT, FHCRC), its body inflated by <see cref="DeflateStream"/>, and its 8-byte
/// trailer (CRC-32 and length mod 2^32) compared with the data actually produced. Data cut short (before the end of the
/// deflate stream, at a flush point, or inside the trailer) is a <see cref="GzipDataException"/> with
/// <see cref="GzipDataException.Truncated"/> set; a wrong CRC or length, a bad header, or bytes after the last member
/// that are not another member are corrupt. Several members (concatenated gzip files) are read one after another.
/// Also guards against decompression bombs: output more than <c>maxRatio</c> times the compressed input (once past a
/// floor) stops the read.
/// </summary>
/// <remarks>
/// <see cref="DeflateStream"/> reads ahead of the end of the deflate data and (in .NET 10) does not give the surplus
/// back, so the trailer is found in what it was last handed: the compressed bytes it took in its last read, plus up to
/// 8 more. The trailer is the first 8 bytes there that equal the CRC-32 and length computed over the output; a false
/// match needs 64 bits to agree by chance.
/// </remarks>
internal sealed class GzipMemberReader : ReadOnlyStream
{
    /// <summary>Output below this is never called a bomb, whatever its ratio (a tiny file of one repeated line).</summary>
    internal const long RatioFloorBytes = 16L << 20;

    private const int InputSize = 64 * 1024;
    private const byte FlagHeaderCrc = 2, FlagExtra = 4, FlagName = 8, FlagComment = 16;

    private readonly Stream _base;
    private readonly double _maxRatio;
    private readonly Crc32 _crc = new();
    private readonly Feed _feed;
    private byte[] _in = new byte[InputSize];
    private int _inPos;
    private int _inLen;
    private bool _baseEof;
    private long _compressed;
    private long _output;
    private long _memberLength;
    private int _member;
    private DeflateStream? _deflate;
    private bool _finished;

    // What DeflateStream was handed last (the deflate data ends inside it), and whether it asked past the end of the input.
    private int _lastStart;
    private int _lastLength;
    private bool _deflateSawEof;

    public GzipMemberReader(Stream compressed, double maxRatio)
    {
        _base = compressed;
        _maxRatio = maxRatio;
        _feed = new Feed(this);
    }

    /// <summary>Compressed bytes taken from the underlying stream so far.</summary>
    public long CompressedBytes => _compressed;

    /// <summary>Decompressed bytes produced so far.</summary>
    public long DecompressedBytes => _output;

    public override int Read(Span<byte> buffer)
    {
        byte[] temp = System.Buffers.ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            int n = ReadCoreAsync(temp.AsMemory(0, buffer.Length), async: false, CancellationToken.None).GetAwaiter().GetResult();
            temp.AsSpan(0, n).CopyTo(buffer);
            return n;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(temp);
        }
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ReadCoreAsync(buffer, async: true, cancellationToken);

    private async ValueTask<int> ReadCoreAsync(Memory<byte> buffer, bool async, CancellationToken cancellationToken)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (!_finished)
        {
            if (_deflate is null)
            {
                if (!await StartMemberAsync(async, cancellationToken).ConfigureAwait(false))
                {
                    _finished = true;
                    break;
                }
            }

            int n = async
                ? await _deflate!.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)
                : _deflate!.Read(buffer.Span);
            if (n > 0)
            {
                var produced = buffer.Span[..n];
                _crc.Append(produced);
                _memberLength += n;
                _output += n;
                if (_output > RatioFloorBytes && _output > _maxRatio * Math.Max(1, _compressed))
                {
                    throw new GzipDataException(
                        $"the gzip data expands to more than {_maxRatio:0.#} times its compressed size ({_output:N0} bytes from {_compressed:N0}), far beyond any FHIR export: a decompression bomb or not an export (FhirReaderOptions.MaxDecompressionRatio); the rest was not read",
                        truncated: false);
                }

                return n;
            }

            await EndMemberAsync(async, cancellationToken).ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>Parses a member header. False at a clean end of input (after at least one member).</summary>
    private async ValueTask<bool> StartMemberAsync(bool async, CancellationToken ct)
    {
        if (!await EnsureAsync(1, async, ct).ConfigureAwait(false))
        {
            if (_member == 0)
            {
                throw new GzipDataException("the file is empty: no gzip header", truncated: true);
            }

            return false;
        }

        var headerCrc = new Crc32();
        bool whole = await EnsureAsync(10, async, ct).ConfigureAwait(false);
        int available = _inLen - _inPos;
        if (_in[_inPos] != 0x1F || (available > 1 && _in[_inPos + 1] != 0x8B))
        {
            throw new GzipDataException(_member == 0
                ? "not gzip data (the file does not start with the gzip signature 1F 8B)"
                : $"{available:N0}+ bytes after gzip member {_member} are not another gzip member (trailing garbage)", truncated: false);
        }

        if (!whole)
        {
            throw Cut("in the gzip header");
        }

        if (_in[_inPos + 2] != 8)
        {
            throw new GzipDataException($"gzip member {_member + 1} uses compression method {_in[_inPos + 2]}; only 8 (deflate) exists", truncated: false);
        }

        byte flags = _in[_inPos + 3];
        if ((flags & 0xE0) != 0)
        {
            throw new GzipDataException($"gzip member {_member + 1} sets reserved header flags (0x{flags:X2}): corrupt header", truncated: false);
        }

        headerCrc.Append(_in.AsSpan(_inPos, 10));
        _inPos += 10;
        if ((flags & FlagExtra) != 0)
        {
            if (!await EnsureAsync(2, async, ct).ConfigureAwait(false))
            {
                throw Cut("in the gzip header (FEXTRA)");
            }

            int xlen = BinaryPrimitives.ReadUInt16LittleEndian(_in.AsSpan(_inPos));
            headerCrc.Append(_in.AsSpan(_inPos, 2));
            _inPos += 2;
            await SkipHeaderBytesAsync(xlen, headerCrc, async, ct).ConfigureAwait(false);
        }

        if ((flags & FlagName) != 0)
        {
            await SkipZeroTerminatedAsync(headerCrc, "FNAME", async, ct).ConfigureAwait(false);
        }

        if ((flags & FlagComment) != 0)
        {
            await SkipZeroTerminatedAsync(headerCrc, "FCOMMENT", async, ct).ConfigureAwait(false);
        }

        if ((flags & FlagHeaderCrc) != 0)
        {
            if (!await EnsureAsync(2, async, ct).ConfigureAwait(false))
            {
                throw Cut("in the gzip header (FHCRC)");
            }

            ushort expected = BinaryPrimitives.ReadUInt16LittleEndian(_in.AsSpan(_inPos));
            if (unchecked((ushort)headerCrc.GetCurrentHashAsUInt32()) != expected)
            {
                throw new GzipDataException($"gzip member {_member + 1}: the header CRC does not match the header: corrupt", truncated: false);
            }

            _inPos += 2;
        }

        _member++;
        _crc.Reset();
        _memberLength = 0;
        _deflateSawEof = false;
        _lastLength = 0;
        _lastStart = _inPos;
        _deflate = new DeflateStream(_feed, CompressionMode.Decompress, leaveOpen: true);
        return true;
    }

    /// <summary>The deflate data of the current member ended: find and check its trailer.</summary>
    private async ValueTask EndMemberAsync(bool async, CancellationToken ct)
    {
        if (_deflate is { } d)
        {
            await d.DisposeAsync().ConfigureAwait(false);
            _deflate = null;
        }

        if (_deflateSawEof)
        {
            throw Cut($"in the compressed data of gzip member {_member} (after {_memberLength:N0} bytes of output)");
        }

        // The deflate data ended somewhere in [_lastStart, _lastStart + _lastLength]; the trailer follows it. Keep that
        // region at the front of the buffer and have at least 8 bytes after its end.
        int keep = _inLen - _lastStart;
        if (_lastStart > 0)
        {
            Buffer.BlockCopy(_in, _lastStart, _in, 0, keep);
            _inLen = keep;
            _lastStart = 0;
        }

        _inPos = 0;
        await EnsureAsync(_lastLength + 8, async, ct).ConfigureAwait(false);
        uint crc = _crc.GetCurrentHashAsUInt32();
        uint size = unchecked((uint)_memberLength);
        Span<byte> trailer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, crc);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], size);
        var region = _in.AsSpan(0, _inLen);
        for (int p = 0; p <= _lastLength && p + 8 <= region.Length; p++)
        {
            if (region.Slice(p, 8).SequenceEqual(trailer))
            {
                _inPos = p + 8;
                return;
            }
        }

        // No exact match: say which half differs, or that the trailer is cut off.
        for (int p = 0; p <= _lastLength && p + 8 <= region.Length; p++)
        {
            uint recordedCrc = BinaryPrimitives.ReadUInt32LittleEndian(region[p..]);
            uint recordedSize = BinaryPrimitives.ReadUInt32LittleEndian(region[(p + 4)..]);
            if (recordedSize == size)
            {
                throw new GzipDataException($"gzip member {_member}: CRC-32 mismatch (the trailer says {recordedCrc:X8}, the data gives {crc:X8}): the data is corrupt", truncated: false);
            }

            if (recordedCrc == crc)
            {
                throw new GzipDataException($"gzip member {_member}: the trailer does not match the data (length {recordedSize} recorded, {size} produced): the data is corrupt", truncated: false);
            }
        }

        if (_baseEof)
        {
            // Nothing after the deflate data matches: the trailer (or its start) is missing; the file was cut short.
            throw Cut($"at the end of gzip member {_member}: its 8-byte CRC-32/length trailer is missing or incomplete");
        }

        throw new GzipDataException($"gzip member {_member}: no CRC-32/length trailer matching the data follows it (CRC-32 {crc:X8}, length {size}): the data is corrupt", truncated: false);
    }

    private static GzipDataException Cut(string where) =>
        new($"the gzip data ends too soon {where}: the file was cut short (truncated)", truncated: true);

    private async ValueTask SkipHeaderBytesAsync(int count, Crc32 headerCrc, bool async, CancellationToken ct)
    {
        while (count > 0)
        {
            if (!await EnsureAsync(1, async, ct).ConfigureAwait(false))
            {
                throw Cut("in the gzip header (FEXTRA)");
            }

            int n = Math.Min(count, _inLen - _inPos);
            headerCrc.Append(_in.AsSpan(_inPos, n));
            _inPos += n;
            count -= n;
        }
    }

    private async ValueTask SkipZeroTerminatedAsync(Crc32 headerCrc, string field, bool async, CancellationToken ct)
    {
        while (true)
        {
            if (!await EnsureAsync(1, async, ct).ConfigureAwait(false))
            {
                throw Cut($"in the gzip header ({field})");
            }

            int zero = _in.AsSpan(_inPos, _inLen - _inPos).IndexOf((byte)0);
            int n = zero < 0 ? _inLen - _inPos : zero + 1;
            headerCrc.Append(_in.AsSpan(_inPos, n));
            _inPos += n;
            if (zero >= 0)
            {
                return;
            }
        }
    }

    /// <summary>Makes at least <paramref name="count"/> unread bytes available from <c>_inPos</c>; false at the end of input.</summary>
    private async ValueTask<bool> EnsureAsync(int count, bool async, CancellationToken ct)
    {
        if (_inLen - _inPos >= count)
        {
            return true;
        }

        if (_inPos > 0 && _deflate is null)
        {
            Buffer.BlockCopy(_in, _inPos, _in, 0, _inLen - _inPos);
            _inLen -= _inPos;
            _lastStart = Math.Max(0, _lastStart - _inPos);
            _inPos = 0;
        }

        if (_in.Length - _inPos < count)
        {
            Array.Resize(ref _in, Math.Max(_in.Length * 2, _inPos + count));
        }

        while (_inLen - _inPos < count && !_baseEof)
        {
            int n = async
                ? await _base.ReadAsync(_in.AsMemory(_inLen), ct).ConfigureAwait(false)
                : _base.Read(_in.AsSpan(_inLen));
            if (n == 0)
            {
                _baseEof = true;
            }

            _inLen += n;
            _compressed += n;
        }

        return _inLen - _inPos >= count;
    }

    /// <summary>Hands DeflateStream the buffered input, remembering the last piece handed over.</summary>
    private async ValueTask<int> FeedAsync(Memory<byte> destination, bool async, CancellationToken ct)
    {
        if (_inPos == _inLen)
        {
            _inPos = 0;
            _inLen = 0;
            if (!await EnsureAsync(1, async, ct).ConfigureAwait(false))
            {
                _deflateSawEof = true;
                return 0;
            }
        }

        int n = Math.Min(destination.Length, _inLen - _inPos);
        _in.AsSpan(_inPos, n).CopyTo(destination.Span);
        _lastStart = _inPos;
        _lastLength = n;
        _inPos += n;
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _deflate?.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_deflate is { } d)
        {
            await d.DisposeAsync().ConfigureAwait(false);
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The stream DeflateStream reads its compressed input from.</summary>
    private sealed class Feed(GzipMemberReader owner) : ReadOnlyStream
    {
        public override int Read(byte[] buffer, int offset, int count) =>
            owner.FeedAsync(buffer.AsMemory(offset, count), async: false, CancellationToken.None).GetAwaiter().GetResult();

        public override int Read(Span<byte> buffer)
        {
            byte[] temp = new byte[buffer.Length];
            int n = owner.FeedAsync(temp, async: false, CancellationToken.None).GetAwaiter().GetResult();
            temp.AsSpan(0, n).CopyTo(buffer);
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            owner.FeedAsync(buffer, async: true, cancellationToken);
    }
}

/// <summary>gzip data the reader cannot accept: cut short (<see cref="Truncated"/>), or corrupt.</summary>
internal sealed class GzipDataException(string message, bool truncated) : IOException(message)
{
    /// <summary>True when the data ends too soon (QI1004); false when it is corrupt or refused (QI1002).</summary>
    public bool Truncated { get; } = truncated;
}
