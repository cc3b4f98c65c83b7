using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace QiSdk.Privacy;

/// <summary>
/// The audit-log line format: one JSON object per line, <c>{BODY,"hash":"H"}</c> where BODY is the compact JSON of
/// the entry (fixed property order, <c>seq</c> and <c>prev</c> first) and H = hex SHA-256 of the UTF-8 bytes of
/// <c>{BODY}</c>. The hash is always the last 75 characters of the line, so a verifier recomputes it from exactly the
/// bytes written, without re-serialising.
/// </summary>
internal static class AuditLogFormat
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";
    private const string HashPrefix = ",\"hash\":\"";
    private const int HashSuffixLength = 9 + 64 + 2;

    public static (string Line, string Hash) Format(long sequence, string previousHash, AuditEvent e)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("seq", sequence);
            w.WriteString("prev", previousHash);
            w.WriteString("at", e.At.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
            w.WriteString("release", e.ReleaseId);
            w.WriteString("destination", e.Destination);
            w.WriteStartArray("policies");
            foreach (var p in e.Policies)
            {
                w.WriteStartObject();
                w.WriteString("name", p.Name);
                w.WriteStartObject("parameters");
                foreach (var kv in p.Parameters.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    w.WriteString(kv.Key, kv.Value);
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("indicators");
            foreach (string i in e.Indicators)
            {
                w.WriteStringValue(i);
            }

            w.WriteEndArray();
            w.WriteStartArray("strata");
            foreach (string s in e.Strata)
            {
                w.WriteStringValue(s);
            }

            w.WriteEndArray();
            w.WriteNumber("rows", e.PseudonymisedRows);
            w.WriteString("payloadSha256", e.PayloadSha256);
            w.WriteNumber("payloadBytes", e.PayloadBytes);
            if (!e.Practices.IsDefaultOrEmpty)
            {
                w.WriteStartArray("practices");
                foreach (string practice in e.Practices)
                {
                    w.WriteStringValue(practice);
                }

                w.WriteEndArray();
            }

            WriteHead(w, "releaseLedger", e.ReleaseLedger);
            WriteHead(w, "budgetLedger", e.BudgetLedger);
            w.WriteEndObject();
        }

        byte[] body = buffer.ToArray();
        string hash = Convert.ToHexStringLower(SHA256.HashData(body));
        string text = Encoding.UTF8.GetString(body);
        return (string.Concat(text.AsSpan(0, text.Length - 1), HashPrefix, hash, "\"}"), hash);
    }

    private static void WriteHead(Utf8JsonWriter w, string name, LedgerHead? head)
    {
        if (head is null)
        {
            return;
        }

        w.WriteStartObject(name);
        w.WriteNumber("count", head.Count);
        w.WriteString("head", head.Hash);
        w.WriteEndObject();
    }

    /// <summary>Reads the event back from a verified line (unknown members are ignored; old entries lack the ledger heads).</summary>
    public static AuditRecord Parse(string line, long sequence, string previous, string hash)
    {
        using var doc = JsonDocument.Parse(line);
        var r = doc.RootElement;
        string Str(string name) => r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : string.Empty;
        System.Collections.Immutable.ImmutableArray<string> Strings(string name) => r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? [.. v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!)]
            : [];
        LedgerHead? Head(string name) => r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object
            && v.TryGetProperty("count", out var c) && c.TryGetInt64(out long count) && v.TryGetProperty("head", out var h) && h.ValueKind == JsonValueKind.String
            ? new LedgerHead(count, h.GetString()!)
            : null;
        var policies = r.TryGetProperty("policies", out var p) && p.ValueKind == JsonValueKind.Array
            ? [.. p.EnumerateArray().Select(x => new PolicyRecord(
                x.TryGetProperty("name", out var n) ? n.GetString() ?? string.Empty : string.Empty,
                x.TryGetProperty("parameters", out var ps) && ps.ValueKind == JsonValueKind.Object
                    ? ps.EnumerateObject().ToDictionary(kv => kv.Name, kv => kv.Value.GetString() ?? string.Empty, StringComparer.Ordinal)
                    : new Dictionary<string, string>(StringComparer.Ordinal)))]
            : System.Collections.Immutable.ImmutableArray<PolicyRecord>.Empty;
        var at = DateTimeOffset.TryParse(Str("at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when) ? when : DateTimeOffset.MinValue;
        var e = new AuditEvent(at, Str("release"), Str("destination"), policies, Strings("indicators"), Strings("strata"),
            r.TryGetProperty("rows", out var rows) && rows.TryGetInt32(out int n2) ? n2 : 0, Str("payloadSha256"),
            r.TryGetProperty("payloadBytes", out var b) && b.TryGetInt64(out long bytes) ? bytes : 0)
        {
            Practices = Strings("practices"),
            ReleaseLedger = Head("releaseLedger"),
            BudgetLedger = Head("budgetLedger"),
        };
        return new AuditRecord(sequence, previous, hash, e);
    }

    /// <summary>Splits a line into body bytes and stated hash, recomputes, and reads seq/prev. Null problem = fine.</summary>
    public static (long Sequence, string Previous, string Hash, string? Code, string? Problem) Check(string line)
    {
        if (line.Length <= HashSuffixLength + 2 || !line.EndsWith("\"}", StringComparison.Ordinal)
            || string.CompareOrdinal(line, line.Length - HashSuffixLength, HashPrefix, 0, HashPrefix.Length) != 0)
        {
            return (0, string.Empty, string.Empty, PrivacyErrors.AuditEntryMalformed, "not an audit entry (no trailing hash field; truncated or edited)");
        }

        string stated = line.Substring(line.Length - 66, 64);
        byte[] body = Encoding.UTF8.GetBytes(string.Concat(line.AsSpan(0, line.Length - HashSuffixLength), "}"));
        string actual = Convert.ToHexStringLower(SHA256.HashData(body));
        if (!string.Equals(stated, actual, StringComparison.Ordinal))
        {
            return (0, string.Empty, stated, PrivacyErrors.AuditEntryHashMismatch, "the entry's content does not match its hash (edited)");
        }

        // seq and prev are always the first two members (Format writes them first): read just those.
        try
        {
            var reader = new Utf8JsonReader(body);
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject
                && reader.Read() && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("seq"u8)
                && reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long sequence)
                && reader.Read() && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("prev"u8)
                && reader.Read() && reader.TokenType == JsonTokenType.String)
            {
                return (sequence, reader.GetString()!, actual, null, null);
            }
        }
        catch (JsonException)
        {
        }

        return (0, string.Empty, actual, PrivacyErrors.AuditEntryMalformed, "the entry is not a JSON object with seq and prev");
    }
}
