namespace QiSdk.Privacy;

/// <summary>
/// Where a hash-chained ledger (release ledger, budget ledger) stands: how many records it holds and the hash of the
/// last one. Every audit-log entry records the heads of the ledgers it was checked against, so a ledger that is later
/// missing, truncated, rolled back or edited no longer contains that head and the next release is refused.
/// </summary>
/// <param name="Count">Records in the ledger (0 for an empty or absent ledger).</param>
/// <param name="Hash">Lower-case hex SHA-256 of the last record (64 zeros when empty).</param>
public sealed record LedgerHead(long Count, string Hash)
{
    /// <summary>The head of an empty ledger.</summary>
    public static LedgerHead Empty { get; } = new(0, AuditLogFormat.Genesis);

    /// <inheritdoc />
    public override string ToString() => $"{Count} record(s), head {Hash}";
}
