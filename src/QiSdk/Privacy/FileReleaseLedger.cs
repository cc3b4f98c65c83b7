using System.Collections.Immutable;
using System.Text.Json;

namespace QiSdk.Privacy;

/// <summary>
/// A release ledger in one JSON-lines file: per release, one <c>release</c> record (practices and content hashes,
/// cluster membership, audit sequence) followed by one <c>cell</c> record per released cell. Every line is hash-chained
/// (<c>seq</c>, <c>prev</c>, <c>hash</c>, as in the audit log), so a removed, edited or reordered line is detected, and
/// the audit log records the ledger's head, so a deleted, emptied, truncated or rolled-back ledger is detected too.
/// Read and appended under an exclusive lock on <c>PATH.lock</c>. Local only: it holds original aggregate counts.
/// </summary>
public sealed class FileReleaseLedger : IReleaseLedger
{
    private const string What = "release ledger";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _path;
    private readonly TimeSpan _lockTimeout;

    /// <summary>Creates the ledger (the file is created on the first release).</summary>
    /// <param name="path">The ledger file.</param>
    /// <param name="lockTimeout">How long to wait for another release (default 30 s).</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    public FileReleaseLedger(string path, TimeSpan? lockTimeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = Path.GetFullPath(path);
        _lockTimeout = lockTimeout ?? TimeSpan.FromSeconds(30);
    }

    /// <summary>The full path of the ledger.</summary>
    public string FullPath => _path;

    /// <inheritdoc />
    public async Task<ReleaseHistory> ReadAsync(CancellationToken cancellationToken)
    {
        await using var held = await FileLock.AcquireAsync(_path, _lockTimeout, cancellationToken).ConfigureAwait(false);
        return Parse(await ChainedJsonLines.ReadAsync(_path, What, cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async Task<LedgerHead> RecordAsync(ReleaseEntry release, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(release);
        await using var held = await FileLock.AcquireAsync(_path, _lockTimeout, cancellationToken).ConfigureAwait(false);
        var existing = await ChainedJsonLines.ReadAsync(_path, What, cancellationToken).ConfigureAwait(false);
        var head = ChainedJsonLines.HeadOf(existing);
        long seq = head.Count;
        string prev = head.Hash;
        var lines = new List<string>(release.Cells.Length + 1);
        void Add(Action<Utf8JsonWriter> members)
        {
            var (line, hash) = ChainedJsonLines.Format(++seq, prev, members);
            lines.Add(line);
            prev = hash;
        }

        Add(w =>
        {
            w.WriteString("kind", "release");
            w.WriteString("release", release.ReleaseId);
            w.WriteNumber("auditSeq", release.AuditSequence);
            w.WriteStartArray("practices");
            foreach (var p in release.Practices)
            {
                w.WriteStartObject();
                w.WriteString("code", p.PracticeCode);
                w.WriteString("content", p.ContentSha256);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (release.Cluster is { } c)
            {
                w.WriteStartObject("cluster");
                w.WriteString("id", c.ClusterId);
                w.WriteNumber("version", c.Version);
                w.WriteStartArray("members");
                foreach (string m in c.Practices)
                {
                    w.WriteStringValue(m);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }
        });
        foreach (var cell in release.Cells)
        {
            Add(w =>
            {
                w.WriteString("kind", "cell");
                w.WritePropertyName("cell");
                JsonSerializer.Serialize(w, cell, Json);
            });
        }

        await ChainedJsonLines.AppendAsync(_path, lines, What).ConfigureAwait(false);
        return new LedgerHead(seq, prev);
    }

    private ReleaseHistory Parse(IReadOnlyList<ChainedJsonLines.Line> lines)
    {
        var releases = new List<ReleaseEntry>();
        ReleaseEntry? current = null;
        var cells = ImmutableArray.CreateBuilder<ReleasedCell>();
        void Close()
        {
            if (current is not null)
            {
                releases.Add(current with { Cells = cells.ToImmutable() });
                cells.Clear();
            }
        }

        foreach (var line in lines)
        {
            var body = line.Body;
            try
            {
                string? kind = body.TryGetProperty("kind", out var k) ? k.GetString() : null;
                if (kind == "release")
                {
                    Close();
                    var practices = body.GetProperty("practices").EnumerateArray()
                        .Select(p => new PracticeContribution(p.GetProperty("code").GetString()!, p.GetProperty("content").GetString()!)).ToImmutableArray();
                    ClusterMembership? cluster = body.TryGetProperty("cluster", out var c) && c.ValueKind == JsonValueKind.Object
                        ? new ClusterMembership(c.GetProperty("id").GetString()!, c.GetProperty("version").GetInt32(), [.. c.GetProperty("members").EnumerateArray().Select(m => m.GetString()!)])
                        : null;
                    current = new ReleaseEntry(body.GetProperty("release").GetString()!, body.GetProperty("auditSeq").GetInt64(), [], practices, cluster);
                }
                else if (kind == "cell" && current is not null)
                {
                    var cell = body.GetProperty("cell").Deserialize<ReleasedCell>(Json);
                    if (cell?.IndicatorId is null || cell.ReleaseId != current.ReleaseId)
                    {
                        throw new PrivacyException(PrivacyErrors.LedgerCorrupt, $"{_path}:line {line.Sequence}: not a released-cell record of release {current.ReleaseId}.");
                    }

                    cells.Add(cell);
                }
                else
                {
                    throw new PrivacyException(PrivacyErrors.LedgerCorrupt, $"{_path}:line {line.Sequence}: unknown record kind '{kind}' (expected a release record before its cells).");
                }
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new PrivacyException(PrivacyErrors.LedgerCorrupt, $"{_path}:line {line.Sequence}: not a release-ledger record ({ex.Message}).", ex);
            }
        }

        Close();
        return new ReleaseHistory(releases, lines.Select(l => l.Hash));
    }
}
