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
public sealed class FileReleaseLedger : ICompactableReleaseLedger
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ChainedJsonLinesFile _file;

    /// <summary>Creates the ledger (the file is created on the first release).</summary>
    /// <param name="path">The ledger file.</param>
    /// <param name="lockTimeout">How long to wait for another release (default 30 s).</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    public FileReleaseLedger(string path, TimeSpan? lockTimeout = null)
    {
        _file = new ChainedJsonLinesFile(path, "release ledger", null, lockTimeout);
    }

    /// <summary>The full path of the ledger.</summary>
    public string FullPath => _file.FullPath;

    /// <inheritdoc />
    public async Task<ReleaseHistory> ReadAsync(CancellationToken cancellationToken)
    {
        await using var held = await _file.LockAsync(cancellationToken).ConfigureAwait(false);
        return Parse(await _file.ReadAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async Task<LedgerHead> RecordAsync(ReleaseEntry release, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(release);
        await using var held = await _file.LockAsync(cancellationToken).ConfigureAwait(false);
        var head = await _file.LastHeadAsync(cancellationToken).ConfigureAwait(false);
        var lines = new List<string>(release.Cells.Length + 1);
        var written = Lines(release, head, lines);
        await _file.AppendAsync(lines).ConfigureAwait(false);
        return written;
    }

    /// <summary>Where a prepared compaction waits for its audit entry (<c>PATH.compacted</c>).</summary>
    private string PendingPath => _file.FullPath + ".compacted";

    /// <inheritdoc />
    public async Task<LedgerHead> PrepareCompactionAsync(LedgerHead expected, LedgerCompactionRecord compaction, IReadOnlyList<ReleaseEntry> releases, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(compaction);
        ArgumentNullException.ThrowIfNull(releases);
        await using var held = await _file.LockAsync(cancellationToken).ConfigureAwait(false);
        var current = await _file.LastHeadAsync(cancellationToken).ConfigureAwait(false);
        if (current != expected)
        {
            throw new PrivacyException(PrivacyErrors.DisclosureStale, $"{_file.FullPath}: the release ledger moved from {expected} to {current} while it was being compacted; nothing was replaced.");
        }

        var lines = new List<string>();
        var (first, hash) = ChainedJsonLines.Format(1, AuditLogFormat.Genesis, w =>
        {
            w.WriteString("kind", "compacted");
            w.WriteNumber("fromCount", compaction.From.Count);
            w.WriteString("fromHash", compaction.From.Hash);
            w.WriteNumber("cellsRemoved", compaction.CellsRemoved);
            w.WriteString("at", compaction.At);
        });
        lines.Add(first);
        var head = new LedgerHead(1, hash);
        foreach (var release in releases)
        {
            head = Lines(release, head, lines);
        }

        var text = new System.Text.StringBuilder();
        foreach (string line in lines)
        {
            text.Append(line).Append('\n');
        }

        try
        {
            QiSdk.IO.AtomicFile.Write(PendingPath, System.Text.Encoding.UTF8.GetBytes(text.ToString()));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PrivacyException(PrivacyErrors.LedgerWriteFailed, $"{PendingPath}: the compacted release ledger could not be written ({ex.Message}); the ledger is unchanged.", ex);
        }

        return head;
    }

    /// <inheritdoc />
    public async Task<bool> CommitCompactionAsync(LedgerHead head, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(head);
        await using var held = await _file.LockAsync(cancellationToken).ConfigureAwait(false);
        if (!File.Exists(PendingPath))
        {
            return false;
        }

        var pending = await ChainedJsonLines.LastHeadAsync(PendingPath, "compacted release ledger", cancellationToken).ConfigureAwait(false);
        try
        {
            if (pending != head)
            {
                File.Delete(PendingPath); // prepared, never audited: abandoned
                return false;
            }

            File.Move(PendingPath, _file.FullPath, overwrite: true);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PrivacyException(PrivacyErrors.LedgerWriteFailed, $"{PendingPath}: the compacted release ledger could not be moved into place ({ex.Message}).", ex);
        }
    }

    /// <summary>Formats one release (its record, then one record per cell) after <paramref name="head"/>; returns the new head.</summary>
    private static LedgerHead Lines(ReleaseEntry release, LedgerHead head, List<string> lines)
    {
        long seq = head.Count;
        string prev = head.Hash;
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

        return new LedgerHead(seq, prev);
    }

    private ReleaseHistory Parse(IReadOnlyList<ChainedJsonLines.Line> lines)
    {
        var releases = new List<ReleaseEntry>();
        LedgerCompactionRecord? compaction = null;
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
            LedgerLine? record;
            try
            {
                // One deserialisation per line (the chain was verified on the raw text).
                record = JsonSerializer.Deserialize<LedgerLine>(line.Text, Json);
            }
            catch (JsonException ex)
            {
                throw new PrivacyException(PrivacyErrors.LedgerCorrupt, $"{_file.FullPath}:line {line.Sequence}: not a release-ledger record ({ex.Message}).", ex);
            }

            if (record?.Kind == "compacted" && line.Sequence == 1 && record.FromHash is not null)
            {
                compaction = new LedgerCompactionRecord(new LedgerHead(record.FromCount, record.FromHash), record.CellsRemoved, record.At ?? string.Empty);
            }
            else if (record?.Kind == "release" && record.Release is not null && record.Practices is not null
                && record.Practices.All(p => p.Code is not null && p.Content is not null)
                && (record.Cluster is null || (record.Cluster.Id is not null && record.Cluster.Members is not null)))
            {
                Close();
                current = new ReleaseEntry(record.Release, record.AuditSeq, [], [.. record.Practices.Select(p => new PracticeContribution(p.Code!, p.Content!))],
                    record.Cluster is { } c ? new ClusterMembership(c.Id!, c.Version, [.. c.Members!]) : null);
            }
            else if (record?.Kind == "cell" && current is not null && record.Cell?.IndicatorId is not null && record.Cell.ReleaseId == current.ReleaseId)
            {
                cells.Add(record.Cell);
            }
            else
            {
                throw new PrivacyException(PrivacyErrors.LedgerCorrupt, $"{_file.FullPath}:line {line.Sequence}: not a release-ledger record (a release record, or a cell of the release before it; a compaction record only as line 1).");
            }
        }

        Close();
        return new ReleaseHistory(releases, lines.Select(l => l.Hash)) { Compaction = compaction };
    }

    /// <summary>One ledger line as stored (either kind).</summary>
    private sealed class LedgerLine
    {
        public string? Kind { get; set; }

        public string? Release { get; set; }

        public long AuditSeq { get; set; }

        public PracticeLine[]? Practices { get; set; }

        public ClusterLine? Cluster { get; set; }

        public ReleasedCell? Cell { get; set; }

        public long FromCount { get; set; }

        public string? FromHash { get; set; }

        public long CellsRemoved { get; set; }

        public string? At { get; set; }
    }

    private sealed class PracticeLine
    {
        public string? Code { get; set; }

        public string? Content { get; set; }
    }

    private sealed class ClusterLine
    {
        public string? Id { get; set; }

        public int Version { get; set; }

        public string[]? Members { get; set; }
    }
}
