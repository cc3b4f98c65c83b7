using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace QiSdk.Records;

/// <summary>
/// Interns the strings of one reader run (systems, codes, displays, statuses, units, references) so each distinct value
/// is allocated once. Unescaped JSON strings are looked up by their UTF-8 bytes (no transcoding, no allocation on a hit);
/// escaped or long ones go through a char-keyed set. Per instance, never static: a host may run several reads at once.
/// </summary>
internal sealed class StringInterner
{
    private const int ByteKeyLimit = 256;
    private readonly HashSet<string> _set = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly char[] _chars = new char[ByteKeyLimit];
    private Entry[] _entries = new Entry[1024];
    private int _count;

    public StringInterner()
    {
        _lookup = _set.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string Intern(ReadOnlySpan<char> chars)
    {
        if (_lookup.TryGetValue(chars, out string? existing))
        {
            return existing;
        }

        string created = chars.ToString();
        _set.Add(created);
        return created;
    }

    /// <summary>The current string token of <paramref name="reader"/>, unescaped and interned.</summary>
    public string Intern(ref Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> raw = reader.ValueSpan;
        if (!reader.ValueIsEscaped && raw.Length <= ByteKeyLimit)
        {
            return InternUtf8(raw);
        }

        if (raw.Length <= ByteKeyLimit)
        {
            int written = reader.CopyString(_chars);
            return Intern(_chars.AsSpan(0, written));
        }

        string text = reader.GetString()!;
        if (_lookup.TryGetValue(text.AsSpan(), out string? found))
        {
            return found;
        }

        _set.Add(text);
        return text;
    }

    private string InternUtf8(ReadOnlySpan<byte> utf8)
    {
        int hash = Hash(utf8);
        int mask = _entries.Length - 1;
        int i = hash & mask;
        while (true)
        {
            ref Entry entry = ref _entries[i];
            if (entry.Value is null)
            {
                break;
            }

            if (entry.Hash == hash && utf8.SequenceEqual(entry.Utf8))
            {
                return entry.Value;
            }

            i = (i + 1) & mask;
        }

        // Miss: decode once, share the instance with the char-keyed set, remember the bytes.
        int length = Encoding.UTF8.GetChars(utf8, _chars);
        string value = Intern(_chars.AsSpan(0, length));
        _entries[i] = new Entry(hash, utf8.ToArray(), value);
        if (++_count * 2 > _entries.Length)
        {
            Grow();
        }

        return value;
    }

    private void Grow()
    {
        var old = _entries;
        _entries = new Entry[old.Length * 2];
        int mask = _entries.Length - 1;
        foreach (var entry in old)
        {
            if (entry.Value is null)
            {
                continue;
            }

            int i = entry.Hash & mask;
            while (_entries[i].Value is not null)
            {
                i = (i + 1) & mask;
            }

            _entries[i] = entry;
        }
    }

    /// <summary>Length and the first and last 8 bytes, mixed: cheap, and collisions are settled by comparing the bytes.</summary>
    private static int Hash(ReadOnlySpan<byte> s)
    {
        unchecked
        {
            ulong h = (ulong)s.Length * 0x9E3779B97F4A7C15UL;
            if (s.Length >= 8)
            {
                h ^= BinaryPrimitives.ReadUInt64LittleEndian(s);
                h *= 0xBF58476D1CE4E5B9UL;
                h ^= BinaryPrimitives.ReadUInt64LittleEndian(s[^8..]);
                if (s.Length > 16)
                {
                    h *= 0x94D049BB133111EBUL;
                    h ^= BinaryPrimitives.ReadUInt64LittleEndian(s.Slice((s.Length / 2) - 4, 8));
                }
            }
            else
            {
                foreach (byte b in s)
                {
                    h = (h ^ b) * 0x100000001B3UL;
                }
            }

            h ^= h >> 31;
            h *= 0xD6E8FEB86659FD93UL;
            h ^= h >> 32;
            return (int)(h & 0x7FFFFFFF);
        }
    }

    private readonly record struct Entry(int Hash, byte[] Utf8, string Value);
}
