using System.Text;

namespace QiSdk.Privacy;

/// <summary>
/// The audit log as a file of JSON lines (see <c>docs/privacy.md</c>), appended under an exclusive lock on
/// <c>PATH.lock</c> and flushed to disk before the disclosure is written. Before appending, the last entry's own hash is
/// checked so a new entry is never chained onto a damaged one.
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
    public AuditRecord Append(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        using var held = FileLock.Acquire(_path, _lockTimeout, cancellationToken);
        long sequence = 1;
        string previous = AuditLogFormat.Genesis;
        if (File.Exists(_path) && new FileInfo(_path).Length > 0)
        {
            string text = File.ReadAllText(_path, Encoding.UTF8);
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
        using (var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read))
        {
            stream.Write(Encoding.UTF8.GetBytes(line + "\n"));
            stream.Flush(flushToDisk: true);
        }

        return new AuditRecord(sequence, previous, hash, auditEvent);
    }
}
