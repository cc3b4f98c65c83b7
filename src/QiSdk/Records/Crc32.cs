using System.Buffers.Binary;

namespace QiSdk.Records;

/// <summary>
/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) as gzip's trailer uses it (RFC 1952), computed slicing-by-8.
/// Hand-written rather than System.IO.Hashing so the core package keeps no package references at all (a host's
/// dependency audit sees only QiSdk); the gzip tests check it against known trailers of real files.
/// </summary>
internal sealed class Crc32
{
    private static readonly uint[] Table = BuildTable();
    private uint _state = 0xFFFFFFFFu;

    /// <summary>Adds <paramref name="data"/> to the running checksum.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        uint crc = _state;
        var t = Table;
        while (data.Length >= 8)
        {
            uint one = crc ^ BinaryPrimitives.ReadUInt32LittleEndian(data);
            uint two = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            crc = t[(7 * 256) + (one & 0xFF)] ^ t[(6 * 256) + ((one >> 8) & 0xFF)] ^ t[(5 * 256) + ((one >> 16) & 0xFF)] ^ t[(4 * 256) + (one >> 24)]
                ^ t[(3 * 256) + (two & 0xFF)] ^ t[(2 * 256) + ((two >> 8) & 0xFF)] ^ t[256 + ((two >> 16) & 0xFF)] ^ t[two >> 24];
            data = data[8..];
        }

        foreach (byte b in data)
        {
            crc = t[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        _state = crc;
    }

    /// <summary>The checksum of everything appended since creation or the last <see cref="Reset"/>.</summary>
    public uint GetCurrentHashAsUInt32() => ~_state;

    /// <summary>Starts again from an empty input.</summary>
    public void Reset() => _state = 0xFFFFFFFFu;

    private static uint[] BuildTable()
    {
        var table = new uint[8 * 256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        for (int slice = 1; slice < 8; slice++)
        {
            for (int i = 0; i < 256; i++)
            {
                uint previous = table[((slice - 1) * 256) + i];
                table[(slice * 256) + i] = (previous >> 8) ^ table[previous & 0xFF];
            }
        }

        return table;
    }
}
