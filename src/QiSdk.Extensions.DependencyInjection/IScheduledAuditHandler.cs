namespace QiSdk.Hosting;

/// <summary>
/// What the host does with each scheduled audit (register one or more): fill its worklist, disclose to the cluster, alert.
/// Called in registration order after each successful run; an exception is logged and the schedule goes on.
/// </summary>
public interface IScheduledAuditHandler
{
    /// <summary>Handles one finished scheduled run.</summary>
    /// <param name="run">The run.</param>
    /// <param name="audit">The service, e.g. to disclose the run.</param>
    /// <param name="cancellationToken">Cancelled when the host stops.</param>
    Task HandleAsync(AuditRun run, QualityAuditService audit, CancellationToken cancellationToken);
}
