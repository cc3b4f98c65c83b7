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
    long PayloadBytes)
{
    /// <summary>The practice codes whose results this release is about (the reporters; for a cluster, its members).</summary>
    public ImmutableArray<string> Practices { get; init; } = [];

    /// <summary>The release ledger's head after this release was recorded (null when no release ledger is used).</summary>
    public LedgerHead? ReleaseLedger { get; init; }

    /// <summary>The privacy-budget ledger's head after this release (null when no budget ledger is used).</summary>
    public LedgerHead? BudgetLedger { get; init; }
}

/// <summary>An entry as stored: its position, the hash of the previous entry, and its own hash.</summary>
/// <param name="Sequence">1-based position in the log.</param>
/// <param name="PreviousHash">Hex SHA-256 of the previous entry (64 zeros for the first).</param>
/// <param name="Hash">Hex SHA-256 of this entry's body (which includes <paramref name="PreviousHash"/>).</param>
/// <param name="Event">The content.</param>
public sealed record AuditRecord(long Sequence, string PreviousHash, string Hash, AuditEvent Event);
