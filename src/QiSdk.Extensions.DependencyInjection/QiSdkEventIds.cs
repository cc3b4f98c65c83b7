namespace QiSdk.Hosting;

/// <summary>
/// The event ids QiSdk logs run events under (category <c>QiSdk.Hosting</c>); each is logged with its name as the event
/// name. Data-quality issues are logged under their stage's category with the number of their code as id (QI2016 -> 2016).
/// </summary>
public static class QiSdkEventIds
{
    /// <summary>An audit started (indicators, reference date as <c>yyyy-MM-dd</c>).</summary>
    public const int AuditStarting = 1;

    /// <summary>An audit finished (indicators, patients, problems, elapsed milliseconds).</summary>
    public const int AuditFinished = 2;

    /// <summary>The policies refused a disclosure (code, reason).</summary>
    public const int DisclosureRefused = 3;

    /// <summary>A disclosure was released and recorded in the audit log.</summary>
    public const int DisclosureReleased = 4;

    /// <summary>The pipeline (code sets, maps, indicators) was built.</summary>
    public const int SetupFinished = 5;

    /// <summary>A run's data-quality problems, counted per code.</summary>
    public const int DataQualitySummary = 6;

    /// <summary>A scheduled audit could not run or failed; the next one is still scheduled.</summary>
    public const int ScheduledAuditFailed = 7;

    /// <summary>A scheduled audit was skipped because the previous one was still running.</summary>
    public const int ScheduledAuditSkipped = 8;

    /// <summary>A scheduled audit finished.</summary>
    public const int ScheduledAuditFinished = 9;
}
