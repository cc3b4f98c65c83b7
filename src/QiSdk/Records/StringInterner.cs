using System.Text.Json;

namespace QiSdk.Records;

/// <summary>
/// Interns the strings of one reader run (systems, codes, displays, statuses, units, references) so each distinct value
/// is allocated once. Per instance, never static: a host may run several reads at once.
/// </summary>
internal sealed class StringInterner
{
    private const int StackLimit = 256;
    private readonly HashSet<string> _set = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public StringInterner()
    {
        _lookup = _set.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _set.Count;

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
        // UTF-8 never needs more chars than bytes, so the span length bounds the decoded length.
        if (reader.ValueSpan.Length <= StackLimit)
        {
            Span<char> buffer = stackalloc char[StackLimit];
            int written = reader.CopyString(buffer);
            return Intern(buffer[..written]);
        }

        string text = reader.GetString()!;
        if (_lookup.TryGetValue(text.AsSpan(), out string? found))
        {
            return found;
        }

        _set.Add(text);
        return text;
    }
}
