namespace QiSdk.Privacy;

/// <summary>
/// The practice's own copy of every disclosure the gate releases, kept by content (the SHA-256 of the bytes, as in the
/// audit entry) so that a retried release can hand on exactly the bytes recorded the first time. Used by
/// <see cref="DisclosureGate.ReleaseOnceAsync(DisclosurePipeline, DisclosureRequest, IDisclosureSink, IDisclosureArchive, CancellationToken)"/>,
/// which stores the bytes BEFORE it records the release (so a recorded release always has its bytes) and marks them
/// sent after the sink accepted them (so a retry after a failure in between sends them again). Built in:
/// <see cref="FileDisclosureArchive"/>. Local only, like the release ledger. Implementations must be safe for concurrent
/// use by several processes; every write must be atomic and durable before it returns.
/// </summary>
public interface IDisclosureArchive
{
    /// <summary>Stores the disclosure's bytes under <see cref="Disclosure.Sha256"/> (storing the same bytes again is a no-op).</summary>
    /// <param name="disclosure">The disclosure about to be recorded.</param>
    /// <param name="cancellationToken">Stops the write before it starts.</param>
    Task StoreAsync(Disclosure disclosure, CancellationToken cancellationToken);

    /// <summary>The bytes stored under a SHA-256, or null when none are.</summary>
    /// <param name="sha256">Lower-case hex SHA-256 (as in the audit entry).</param>
    /// <param name="cancellationToken">Stops the read.</param>
    Task<byte[]?> ReadAsync(string sha256, CancellationToken cancellationToken);

    /// <summary>Records that the sink accepted the bytes of this release.</summary>
    /// <param name="sha256">The bytes' SHA-256.</param>
    /// <param name="releaseId">The release they were sent as.</param>
    /// <param name="cancellationToken">Stops the write before it starts.</param>
    Task MarkSentAsync(string sha256, string releaseId, CancellationToken cancellationToken);

    /// <summary>True when <see cref="MarkSentAsync"/> was recorded for these bytes.</summary>
    /// <param name="sha256">The bytes' SHA-256.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    Task<bool> WasSentAsync(string sha256, CancellationToken cancellationToken);
}
