using QiSdk.Feedback;
using QiSdk.Privacy;

namespace QiSdk.Hosting;

/// <summary>What happened when a disclosure was attempted: the policy outcome and, when released, its audit-log record.</summary>
/// <param name="Outcome">The policies' decision per cell and rate, or the refusal and why.</param>
/// <param name="AuditRecord">The audit-log entry for the release; null when the policies refused (nothing left).</param>
public sealed record DisclosureRelease(DisclosureOutcome Outcome, AuditRecord? AuditRecord)
{
    /// <summary>True when something left the practice.</summary>
    public bool Released => AuditRecord is not null;

    /// <summary>
    /// What left, read back as C# objects from the exact bytes sent: per indicator the released counts (null when
    /// withheld, with the range of true counts when rounded) and whether its rate can be computed. Null when nothing left.
    /// </summary>
    /// <returns>The typed view of the disclosure, or null when the policies refused.</returns>
    public ReleasedDisclosure? ReadReleased() => Released && Outcome.Disclosure is { } disclosure ? ReleasedResults.Read(disclosure) : null;
}
