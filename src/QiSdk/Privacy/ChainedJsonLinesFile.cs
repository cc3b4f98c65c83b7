using System.Globalization;

namespace QiSdk.Privacy;

/// <summary>
/// One hash-chained JSON-lines file with its lock, clock and name: the setup every file ledger shares (the cluster
/// registry, the privacy-budget ledger and the release ledger). Every read-check-write holds <see cref="LockAsync"/>
/// across the read and the append.
/// </summary>
internal sealed class ChainedJsonLinesFile
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _lockTimeout;

    /// <summary>Creates the file's handle (the file itself is created on the first append).</summary>
    /// <param name="path">The file; made absolute.</param>
    /// <param name="what">What the file is, for messages (e.g. <c>release ledger</c>).</param>
    /// <param name="timeProvider">Clock for record times (default system).</param>
    /// <param name="lockTimeout">How long to wait for the lock (default 30 s).</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    public ChainedJsonLinesFile(string path, string what, TimeProvider? timeProvider, TimeSpan? lockTimeout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        FullPath = Path.GetFullPath(path);
        What = what;
        _time = timeProvider ?? TimeProvider.System;
        _lockTimeout = lockTimeout ?? TimeSpan.FromSeconds(30);
    }

    /// <summary>The full path.</summary>
    public string FullPath { get; }

    /// <summary>What the file is, for messages.</summary>
    public string What { get; }

    /// <summary>The current time as an invariant ISO 8601 round-trip string, for a record's <c>at</c>.</summary>
    public string Now => _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Takes the file's exclusive lock (QI4021 when it stays locked).</summary>
    public Task<FileLock> LockAsync(CancellationToken cancellationToken) => FileLock.AcquireAsync(FullPath, _lockTimeout, cancellationToken);

    /// <summary>Reads and verifies every line (hold the lock).</summary>
    public Task<IReadOnlyList<ChainedJsonLines.Line>> ReadAsync(CancellationToken cancellationToken) => ChainedJsonLines.ReadAsync(FullPath, What, cancellationToken);

    /// <summary>The head (count, last hash) without keeping the lines (hold the lock).</summary>
    public Task<LedgerHead> LastHeadAsync(CancellationToken cancellationToken) => ChainedJsonLines.LastHeadAsync(FullPath, What, cancellationToken);

    /// <summary>Appends formatted lines and flushes them to disk (hold the lock).</summary>
    public Task AppendAsync(IEnumerable<string> lines) => ChainedJsonLines.AppendAsync(FullPath, lines, What);
}
