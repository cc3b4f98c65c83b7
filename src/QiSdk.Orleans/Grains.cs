using System.Collections.Immutable;
using System.Globalization;

namespace QiSdk.Orleans;

/// <summary>
/// One practice's audit, keyed by practice code. Reads the practice's records through the host's
/// <see cref="IPracticeHost"/>, evaluates them and applies the practice's disclosure policies through the
/// <c>DisclosureGate</c> inside the grain: what the grain returns or sends on is only the audited disclosure (gate output).
/// A release is exactly-once per practice, period and content: calling again (a retry, a re-activation on another silo)
/// returns the release already recorded.
/// </summary>
public interface IPracticeAuditGrain : IGrainWithStringKey
{
    /// <summary>Audits the practice for a period and releases what its policies approve (at most once per content).</summary>
    /// <param name="request">The period and the practice's cluster.</param>
    /// <param name="cancellationToken">Stops the audit before anything is recorded.</param>
    /// <returns>What happened; <see cref="PracticeRelease.Content"/> holds the audited disclosure bytes.</returns>
    Task<PracticeRelease> AuditAndReleaseAsync(PracticeAuditRequest request, CancellationToken cancellationToken = default);

    /// <summary>The latest audited release of the practice for the period ending <paramref name="periodEnd"/>, read from its release stores; null when none.</summary>
    /// <param name="periodEnd">The period's end.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    Task<PracticeRelease?> GetReleaseAsync(DateOnly periodEnd, CancellationToken cancellationToken = default);
}

/// <summary>
/// A GP cluster's peer comparison for one period, keyed by <see cref="QiSdkGrains.ClusterKey"/>. Receives only audited
/// disclosures from its practices' grains and compares them with <c>ClusterComparer</c>; a member whose disclosure did not
/// arrive (say its silo failed) is asked for it again from its release stores.
/// </summary>
public interface IClusterComparisonGrain : IGrainWithStringKey
{
    /// <summary>Receives a practice's audited disclosure (the latest per practice counts).</summary>
    /// <param name="release">A released <see cref="PracticeRelease"/> with its content.</param>
    Task SubmitAsync(PracticeRelease release);

    /// <summary>Builds the comparison from every member's disclosure for the period.</summary>
    /// <param name="cancellationToken">Stops the comparison.</param>
    Task<ClusterComparisonSnapshot> CompareAsync(CancellationToken cancellationToken = default);
}

/// <summary>What one practice audit covers.</summary>
[GenerateSerializer, Immutable]
public sealed record PracticeAuditRequest
{
    /// <summary>The period's end (reference date R, inclusive).</summary>
    [Id(0)] public required DateOnly PeriodEnd { get; init; }

    /// <summary>The period's start, or null for the indicators' own look-back windows.</summary>
    [Id(1)] public DateOnly? PeriodStart { get; init; }

    /// <summary>The practice's cluster, whose grain receives the disclosure; null for none.</summary>
    [Id(2)] public string? ClusterId { get; init; }
}

/// <summary>How a practice audit ended.</summary>
public enum PracticeReleaseStatus
{
    /// <summary>Released now: recorded in the release ledger and audit log, archived, sent on.</summary>
    Released,

    /// <summary>The same practice, period and content had been released before; nothing was recorded again.</summary>
    AlreadyReleased,

    /// <summary>The policies released nothing (the refusal code says why); nothing left the practice.</summary>
    Refused,
}

/// <summary>The result of one practice audit: only gate output and counts, never records or patient-level results.</summary>
[GenerateSerializer, Immutable]
public sealed record PracticeRelease
{
    /// <summary>The practice code.</summary>
    [Id(0)] public required string PracticeCode { get; init; }

    /// <summary>The period's end.</summary>
    [Id(1)] public required DateOnly PeriodEnd { get; init; }

    /// <summary>What happened.</summary>
    [Id(2)] public required PracticeReleaseStatus Status { get; init; }

    /// <summary>The release id (as in the audit log); null when refused.</summary>
    [Id(3)] public string? ReleaseId { get; init; }

    /// <summary>The audit-log entry's sequence number; 0 when refused.</summary>
    [Id(4)] public long AuditSequence { get; init; }

    /// <summary>Lower-case hex SHA-256 of the disclosed bytes (as in the audit entry); null when refused.</summary>
    [Id(5)] public string? PayloadSha256 { get; init; }

    /// <summary>The audited disclosure (UTF-8 FHIR JSON); null when refused or left out (<see cref="WithoutContent"/>).</summary>
    [Id(6)] public byte[]? Content { get; init; }

    /// <summary>The refusal code (QI4xxx) when refused.</summary>
    [Id(7)] public string? RefusalCode { get; init; }

    /// <summary>The refusal reason when refused.</summary>
    [Id(8)] public string? RefusalReason { get; init; }

    /// <summary>Patients evaluated by this audit (0 when the result was read back from the release stores).</summary>
    [Id(9)] public int Patients { get; init; }

    /// <summary>Data-quality problems recorded by this audit's run (set-up and reading).</summary>
    [Id(10)] public int Problems { get; init; }

    /// <summary>
    /// True for <see cref="PracticeReleaseStatus.AlreadyReleased"/> when the recorded release's bytes had never been sent
    /// (the attempt that recorded it stopped before its outbound sink accepted them), so this attempt sent them.
    /// </summary>
    [Id(11)] public bool Resent { get; init; }

    /// <summary>The same result without its bytes (for reports over many practices).</summary>
    public PracticeRelease WithoutContent() => this with { Content = null };
}

/// <summary>A cluster's comparison for one period, as built by its <see cref="IClusterComparisonGrain"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record ClusterComparisonSnapshot
{
    /// <summary>The cluster id.</summary>
    [Id(0)] public required string ClusterId { get; init; }

    /// <summary>The period's end.</summary>
    [Id(1)] public required DateOnly PeriodEnd { get; init; }

    /// <summary>The members whose disclosures were compared, sorted.</summary>
    [Id(2)] public ImmutableArray<string> Compared { get; init; } = [];

    /// <summary>Registered members with no audited disclosure for the period, sorted.</summary>
    [Id(3)] public ImmutableArray<string> Missing { get; init; } = [];

    /// <summary>The comparison as QiSdk feedback JSON (<c>FeedbackJson.WriteComparison</c>); null when it could not be built.</summary>
    [Id(4)] public byte[]? ComparisonJson { get; init; }

    /// <summary>Why no comparison was built (the feedback error code and message), or null.</summary>
    [Id(5)] public string? Problem { get; init; }
}

/// <summary>Grain look-ups by practice code and by cluster and period.</summary>
public static class QiSdkGrains
{
    /// <summary>The key of a cluster's comparison grain for a period: <c>CLUSTER/yyyy-MM-dd</c>.</summary>
    /// <param name="clusterId">The cluster id.</param>
    /// <param name="periodEnd">The period's end.</param>
    public static string ClusterKey(string clusterId, DateOnly periodEnd)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        return string.Create(CultureInfo.InvariantCulture, $"{clusterId}/{periodEnd:yyyy-MM-dd}");
    }

    /// <summary>The audit grain of one practice.</summary>
    /// <param name="grains">The grain factory (a silo's or a client's).</param>
    /// <param name="practiceCode">The practice code.</param>
    public static IPracticeAuditGrain GetPracticeAudit(this IGrainFactory grains, string practiceCode)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentException.ThrowIfNullOrWhiteSpace(practiceCode);
        return grains.GetGrain<IPracticeAuditGrain>(practiceCode);
    }

    /// <summary>The comparison grain of one cluster and period.</summary>
    /// <param name="grains">The grain factory.</param>
    /// <param name="clusterId">The cluster id.</param>
    /// <param name="periodEnd">The period's end.</param>
    public static IClusterComparisonGrain GetClusterComparison(this IGrainFactory grains, string clusterId, DateOnly periodEnd)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<IClusterComparisonGrain>(ClusterKey(clusterId, periodEnd));
    }
}
