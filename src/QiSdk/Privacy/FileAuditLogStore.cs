using System.Text;

namespace QiSdk.Privacy;

/// <summary>
/// The audit log as a file of JSON lines (see <c>docs/privacy.md</c>), appended under an exclusive lock on
/// <c>PATH.lock</c> and flushed to disk before the disclosure is written. Before appending, the last entry's own hash is
/// checked so a new entry is never chained onto a damaged one. Releases are serialised by a second lock,
/// <c>PATH.release.lock</c> (<see cref="LockReleasesAsync"/>).
/// </summary>
public sealed class FileAuditLogStore : IAuditLogStore
{
    private readonly string _path;
    private readonly TimeSpan _lockTimeout;

    /// <summary>Creates the store (the file is created on the first append).</summary>
    /// <param name="path">The log file, e.g. <c>qi-audit.log</c>.</param>
    /// <param name="lockTimeout">How long to wait for another release (default 30 s).</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    public FileAuditLogStore(string path, TimeSpan? lockTimeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = System.IO.Path.GetFullPath(path);
        _lockTimeout = lockTimeout ?? TimeSpan.FromSeconds(30);
    }

    /// <summary>The full path of the log.</summary>
    public string Path => _path;

    /// <inheritdoc />
    public async Task<IAsyncDisposable> LockReleasesAsync(CancellationToken cancellationToken) =>
        await FileLock.AcquireAsync(_path, _lockTimeout, cancellationToken, ".release.lock").ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditRecord>> ReadAsync(CancellationToken cancellationToken)
    {
        await using var held = await FileLock.AcquireAsync(_path, _lockTimeout, cancellationToken).ConfigureAwait(false);
        string? text = await ReadTextAsync(cancellationToken).ConfigureAwait(false);
        if (text is null)
        {
            return [];
        }

        var verification = AuditLogVerifier.VerifyText(text, null);
        if (!verification.IsIntact)
        {
            throw new PrivacyException(verification.Code!, $"{_path}{(verification.FirstBadEntry is { } n ? ":line " + n : string.Empty)}: {verification.Problem}; run 'qi audit-log verify' and repair before releasing again.");
        }

        var records = new List<AuditRecord>(verification.EntryCount);
        string previous = AuditLogFormat.Genesis;
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var (sequence, _, hash, _, _) = AuditLogFormat.Check(line);
            records.Add(AuditLogFormat.Parse(line, sequence, previous, hash));
            previous = hash;
        }

        return records;
    }

    /// <inheritdoc />
    public async Task<AuditRecord> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        await using var held = await FileLock.AcquireAsync(_path, _lockTimeout, cancellationToken).ConfigureAwait(false);
        long sequence = 1;
        string previous = AuditLogFormat.Genesis;
        string? text = await ReadTextAsync(cancellationToken).ConfigureAwait(false);
        if (text is not null)
        {
            if (text.Length == 0)
            {
                throw new PrivacyException(PrivacyErrors.AuditLogEmpty, $"{_path}: {AuditLogVerifier.EmptyProblem}; refusing to start a new chain over it.");
            }

            if (!text.EndsWith('\n'))
            {
                throw new PrivacyException(PrivacyErrors.AuditEntryMalformed, $"{_path}: the last entry is truncated (no final newline); run 'qi audit-log verify' and repair before releasing again.");
            }

            string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var last = AuditLogFormat.Check(lines[^1]);
            if (last.Code is not null)
            {
                throw new PrivacyException(last.Code, $"{_path}:line {lines.Length}: {last.Problem}; run 'qi audit-log verify' and repair before releasing again.");
            }

            sequence = last.Sequence + 1;
            previous = last.Hash;
        }

        var (line, hash) = AuditLogFormat.Format(sequence, previous, auditEvent);
        try
        {
            // Not cancellable once started: half an entry would damage the chain.
            await using var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, useAsync: true);
            await stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), CancellationToken.None).ConfigureAwait(false);
            await stream.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PrivacyException(PrivacyErrors.AuditLogWriteFailed, $"{_path}: the audit log cannot be written ({ex.Message}); nothing was sent.", ex);
        }

        return new AuditRecord(sequence, previous, hash, auditEvent);
    }

    /// <summary>The log's text, or null when there is no log yet.</summary>
    private async Task<string?> ReadTextAsync(CancellationToken cancellationToken)
    {
        if (Directory.Exists(_path))
        {
            throw new PrivacyException(PrivacyErrors.AuditLogWriteFailed, $"{_path}: the audit log path is a folder, not a file; nothing was sent.");
        }

        if (!File.Exists(_path))
        {
            return null;
        }

        try
        {
            return await File.ReadAllTextAsync(_path, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PrivacyException(PrivacyErrors.AuditLogWriteFailed, $"{_path}: the audit log cannot be read ({ex.Message}); nothing was sent.", ex);
        }
    }
}
