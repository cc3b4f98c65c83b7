using System.Text;
using System.Text.Json;

namespace QiSdk.Privacy;

/// <summary>
/// The line format shared by the file ledgers: one JSON object per line, <c>{"seq":N,"prev":"H0",...,"hash":"H"}</c>,
/// hashed exactly like an audit-log entry (<see cref="AuditLogFormat"/>: H = SHA-256 of the line without its trailing
/// <c>hash</c> member, and <c>prev</c> = the previous line's H). Removing, editing, reordering or inserting a line breaks
/// the chain; the ledger's head (count, last hash) is what the audit log records.
/// </summary>
internal static class ChainedJsonLines
{
    /// <summary>One verified line: its sequence number, hash and text (callers parse the body they need, once).</summary>
    internal sealed record Line(long Sequence, string Hash, string Text)
    {
        /// <summary>The line parsed (for small files; the release ledger deserialises lines directly).</summary>
        public JsonElement Body
        {
            get
            {
                using var doc = JsonDocument.Parse(Text);
                return doc.RootElement.Clone();
            }
        }
    }

    public static (string Line, string Hash) Format(long sequence, string previous, Action<Utf8JsonWriter> members)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("seq", sequence);
            w.WriteString("prev", previous);
            members(w);
            w.WriteEndObject();
        }

        byte[] body = buffer.ToArray();
        string hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body));
        string text = Encoding.UTF8.GetString(body);
        return (string.Concat(text.AsSpan(0, text.Length - 1), ",\"hash\":\"", hash, "\"}"), hash);
    }

    /// <summary>Reads and verifies a whole ledger file (absent = empty). Throws QI4020 naming the file and line of the first bad record.</summary>
    public static async Task<IReadOnlyList<Line>> ReadAsync(string path, string what, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PrivacyException(PrivacyErrors.LedgerCorrupt, $"{path}: the {what} cannot be read ({ex.Message}).", ex);
        }

        if (text.Length == 0)
        {
            return [];
        }

        if (!text.EndsWith('\n'))
        {
            throw new PrivacyException(PrivacyErrors.LedgerCorrupt, $"{path}: the {what} is truncated (its last record has no final newline); refusing to guess what was released.");
        }

        string[] lines = text.Split('\n');
        var result = new List<Line>(lines.Length - 1);
        string previous = AuditLogFormat.Genesis;
        for (int i = 0; i < lines.Length - 1; i++)
        {
            var (sequence, prev, hash, code, problem) = AuditLogFormat.Check(lines[i]);
            string? bad = code is not null ? problem
                : sequence != i + 1 ? $"sequence number {sequence} where {i + 1} was expected (a record was removed, inserted or moved)"
                : !string.Equals(prev, previous, StringComparison.Ordinal) ? "it does not name the previous record's hash (a record before it was removed, changed or moved)"
                : null;
            if (bad is not null)
            {
                throw new PrivacyException(PrivacyErrors.LedgerCorrupt, $"{path}:line {i + 1}: the {what} has been altered: {bad}; refusing to guess what was released.");
            }

            result.Add(new Line(sequence, hash, lines[i]));
            previous = hash;
        }

        return result;
    }

    /// <summary>
    /// The head to chain a new record onto, checking only the last record's own hash (like the audit log's append): the
    /// whole chain is verified by every read, under the same lock, before a release is checked.
    /// </summary>
    public static async Task<LedgerHead> LastHeadAsync(string path, string what, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return LedgerHead.Empty;
        }

        string text = await File.ReadAllTextAsync(path, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
        if (text.Length == 0)
        {
            return LedgerHead.Empty;
        }

        if (!text.EndsWith('\n'))
        {
            throw new PrivacyException(PrivacyErrors.LedgerCorrupt, $"{path}: the {what} is truncated (its last record has no final newline); refusing to chain onto it.");
        }

        int start = text.LastIndexOf('\n', text.Length - 2) + 1;
        var (sequence, _, hash, code, problem) = AuditLogFormat.Check(text[start..^1]);
        if (code is not null)
        {
            throw new PrivacyException(PrivacyErrors.LedgerCorrupt, $"{path}: the {what}'s last record has been altered: {problem}; refusing to chain onto it.");
        }

        return new LedgerHead(sequence, hash);
    }

    public static LedgerHead HeadOf(IReadOnlyList<Line> lines) => lines.Count == 0 ? LedgerHead.Empty : new LedgerHead(lines[^1].Sequence, lines[^1].Hash);

    /// <summary>True when the ledger still holds <paramref name="head"/> (its record number Count has that hash).</summary>
    public static bool Contains(IReadOnlyList<Line> lines, LedgerHead head) =>
        head.Count == 0 || (head.Count <= lines.Count && string.Equals(lines[(int)head.Count - 1].Hash, head.Hash, StringComparison.Ordinal));

    /// <summary>Appends lines and flushes them to disk (the caller holds the ledger's lock).</summary>
    public static async Task AppendAsync(string path, IEnumerable<string> lines, string what)
    {
        var text = new StringBuilder();
        foreach (string line in lines)
        {
            text.Append(line).Append('\n');
        }

        try
        {
            string? dir = Path.GetDirectoryName(path);
            if (dir is not null)
            {
                Directory.CreateDirectory(dir);
            }

            await using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, useAsync: true);
            // Not cancellable once started: a half-written record would break the chain.
            await stream.WriteAsync(Encoding.UTF8.GetBytes(text.ToString())).ConfigureAwait(false);
            await stream.FlushAsync().ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PrivacyException(PrivacyErrors.LedgerWriteFailed, $"{path}: the {what} cannot be written ({ex.Message}); nothing was released.", ex);
        }
    }
}
