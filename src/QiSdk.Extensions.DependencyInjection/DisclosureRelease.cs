using QiSdk.Privacy;

namespace QiSdk.Hosting;

/// <summary>What happened when a disclosure was attempted: the policy outcome and, when released, its audit-log record.</summary>
/// <param name="Outcome">The policies' decision per cell and rate, or the refusal and why.</param>
/// <param name="AuditRecord">The audit-log entry for the release; null when the policies refused (nothing left).</param>
public sealed record DisclosureRelease(DisclosureOutcome Outcome, AuditRecord? AuditRecord)
{
    /// <summary>True when something left the practice.</summary>
    public bool Released => AuditRecord is not null;
}
