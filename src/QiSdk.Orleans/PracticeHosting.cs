using System.Collections.Immutable;
using QiSdk.Privacy;
using QiSdk.Records;

namespace QiSdk.Orleans;

/// <summary>
/// What the host (the EMR vendor's silo) provides per practice, keyed by practice code: which practices are registered
/// (and their clusters), and for one practice its records, its pipeline, its disclosure policies and its release state.
/// Called inside the practice's grain on whichever silo activates it, so the records are read where they are audited and
/// never cross silos. Register one implementation in the silo's services; it must be thread-safe.
/// </summary>
public interface IPracticeHost
{
    /// <summary>Every registered practice the nightly catalogue runs, with the cluster each belongs to.</summary>
    /// <param name="cancellationToken">Stops the look-up.</param>
    ValueTask<IReadOnlyList<PracticeRegistration>> GetPracticesAsync(CancellationToken cancellationToken);

    /// <summary>One practice's audit: records, pipeline, policies and release state.</summary>
    /// <param name="practiceCode">The practice code (e.g. an ODS code), as registered.</param>
    /// <param name="cancellationToken">Stops the look-up.</param>
    /// <exception cref="KeyNotFoundException">The practice is not known to the host.</exception>
    ValueTask<PracticeAuditSetup> GetSetupAsync(string practiceCode, CancellationToken cancellationToken);
}

/// <summary>A registered practice.</summary>
/// <param name="PracticeCode">The practice code (e.g. an ODS code): the grain key and the reporter of its results.</param>
/// <param name="ClusterId">The GP cluster it discusses results with, or null for none.</param>
public sealed record PracticeRegistration(string PracticeCode, string? ClusterId);

/// <summary>Everything one practice's audit needs; built by the host's <see cref="IPracticeHost"/>.</summary>
public sealed record PracticeAuditSetup
{
    /// <summary>The practice's records (the host's own source or a reader over its files).</summary>
    public required IPatientRecordSource Records { get; init; }

    /// <summary>The composed pipeline (code sets, the practice's code maps, catalogue); may be shared by practices with the same configuration.</summary>
    public required QualityPipeline Pipeline { get; init; }

    /// <summary>The practice's disclosure policies, in the order they apply (at least one; deny by default).</summary>
    public required ImmutableArray<IDisclosurePolicy> Policies { get; init; }

    /// <summary>The practice's audit log, release ledger and released-disclosure store (see <see cref="PracticeReleaseStores.InFolder"/>).</summary>
    public required PracticeReleaseStores Stores { get; init; }

    /// <summary>Which indicators (ids); empty (the default) for the whole catalogue.</summary>
    public ImmutableArray<string> IndicatorIds { get; init; } = [];

    /// <summary>Exact bound solver for secondary suppression (e.g. <c>OrToolsBoundSolver.Instance</c>); null for the core's conservative check.</summary>
    public IDisclosureBoundSolver? BoundSolver { get; init; }

    /// <summary>
    /// The host's own outbound channel, called after the disclosure is archived and audited; null for none. A retry of a
    /// release whose bytes were never marked sent (the silo died after the audit entry, or this sink failed) sends them
    /// again, so delivery is at least once: key on <see cref="AuditedDisclosure.ReleaseId"/> to drop a repeat.
    /// </summary>
    public IDisclosureSink? Outbound { get; init; }
}

/// <summary>
/// One practice's release state: the audit log, the release ledger (which makes releases exactly-once per practice,
/// period and content), and the archive of released bytes (by SHA-256), written before each release is recorded so a
/// retried or re-activated grain hands on, and resends when it was never sent, exactly the bytes recorded. All three must
/// be reachable from every silo (a shared volume or a database).
/// </summary>
/// <param name="AuditLog">The practice's audit log.</param>
/// <param name="ReleaseLedger">The practice's release ledger (an <see cref="ICompactableReleaseLedger"/> such as
/// <see cref="FileReleaseLedger"/> is compacted every <see cref="QiSdkOrleansOptions.CompactLedgerEveryReleases"/> releases).</param>
/// <param name="Archive">The practice's archive of released disclosures.</param>
public sealed record PracticeReleaseStores(IAuditLogStore AuditLog, IReleaseLedger ReleaseLedger, IDisclosureArchive Archive)
{
    /// <summary>
    /// File stores in one folder per practice: <c>qi-audit.log</c>, <c>qi-releases.jsonl</c> (the names the DI package
    /// uses) and <c>released/SHA256.json</c> (<see cref="FileDisclosureArchive"/>).
    /// </summary>
    /// <param name="folder">The practice's folder (created on the first release).</param>
    /// <exception cref="ArgumentException"><paramref name="folder"/> is empty.</exception>
    public static PracticeReleaseStores InFolder(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        return new PracticeReleaseStores(
            new FileAuditLogStore(Path.Combine(folder, "qi-audit.log")),
            new FileReleaseLedger(Path.Combine(folder, "qi-releases.jsonl")),
            new FileDisclosureArchive(Path.Combine(folder, "released")));
    }
}
