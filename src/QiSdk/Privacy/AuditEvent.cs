using System.Collections.Immutable;

namespace QiSdk.Privacy;

/// <summary>What one audit-log entry says about a release.</summary>
/// <param name="At">When (UTC, from the gate's clock).</param>
/// <param name="ReleaseId">The release id.</param>
/// <param name="Destination">Where it went (e.g. <c>file:/path/disclosure.json</c>).</param>
/// <param name="Policies">The policies applied and their parameters.</param>
/// <param name="Indicators">The indicators with released values.</param>
/// <param name="Strata">The strata with released values.</param>
/// <param name="PseudonymisedRows">Patient-level rows released.</param>
/// <param name="PayloadSha256">Lower-case hex SHA-256 of exactly the bytes that left.</param>
/// <param name="PayloadBytes">How many bytes left.</param>
public sealed record AuditEvent(
    DateTimeOffset At,
    string ReleaseId,
    string Destination,
    ImmutableArray<PolicyRecord> Policies,
    ImmutableArray<string> Indicators,
    ImmutableArray<string> Strata,
    int PseudonymisedRows,
    string PayloadSha256,
    long PayloadBytes);

/// <summary>An entry as stored: its position, the hash of the previous entry, and its own hash.</summary>
/// <param name="Sequence">1-based position in the log.</param>
/// <param name="PreviousHash">Hex SHA-256 of the previous entry (64 zeros for the first).</param>
/// <param name="Hash">Hex SHA-256 of this entry's body (which includes <paramref name="PreviousHash"/>).</param>
/// <param name="Event">The content.</param>
public sealed record AuditRecord(long Sequence, string PreviousHash, string Hash, AuditEvent Event);
