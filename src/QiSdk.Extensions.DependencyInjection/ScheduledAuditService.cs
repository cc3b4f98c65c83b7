using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace QiSdk.Hosting;

/// <summary>
/// Runs the audit on a schedule inside the host (see <see cref="ScheduledAuditOptions"/>), one run at a time: a run that
/// is still going when the next is due makes that one skipped (logged), never overlapped. Stops promptly on shutdown
/// (the running audit is cancelled). A failed run is logged and the schedule goes on.
/// </summary>
internal sealed partial class ScheduledAuditService(
    QualityAuditService audit,
    IEnumerable<IScheduledAuditHandler> handlers,
    IOptions<ScheduledAuditOptions> options,
    TimeProvider time,
    QiSdkLogging logging) : BackgroundService
{
    private readonly IScheduledAuditHandler[] _handlers = [.. handlers];
    private readonly ILogger _logger = logging.Hosting;
    private int _running;

    /// <summary>Runs completed (for tests and health reporting).</summary>
    public int Completed => Volatile.Read(ref _completed);

    private int _completed;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (o.RunOnStart)
        {
            await RunOnceAsync(o, stoppingToken).ConfigureAwait(false);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = NextDelay(o, time.GetUtcNow());
            try
            {
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await RunOnceAsync(o, stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>How long until the next run is due.</summary>
    internal static TimeSpan NextDelay(ScheduledAuditOptions o, DateTimeOffset now)
    {
        if (o.At is not { } at)
        {
            return o.Interval;
        }

        var anchor = new DateTimeOffset(DateOnly.FromDateTime(now.UtcDateTime).ToDateTime(at), TimeSpan.Zero);
        while (anchor <= now)
        {
            anchor += o.Interval;
        }

        return anchor - now;
    }

    /// <summary>Runs one audit unless one is running; returns whether it ran.</summary>
    internal async Task<bool> RunOnceAsync(ScheduledAuditOptions o, CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _running, 1, 0) != 0)
        {
            LogSkipped(_logger);
            return false;
        }

        try
        {
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            var run = await audit.RunAsync(new AuditRunOptions
            {
                Period = o.PeriodFor(today),
                IndicatorIds = o.IndicatorIds.Count == 0 ? null : [.. o.IndicatorIds],
                IncludeExplanations = o.IncludeExplanations,
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (var handler in _handlers)
            {
                await handler.HandleAsync(run, audit, cancellationToken).ConfigureAwait(false);
            }

            Interlocked.Increment(ref _completed);
            LogFinished(_logger, run.Period.End.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), run.Patients);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The host must not go down because one scheduled audit failed: log it and keep the schedule.
            LogFailed(_logger, ex);
            return false;
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    [LoggerMessage(EventId = QiSdkEventIds.ScheduledAuditFailed, EventName = nameof(QiSdkEventIds.ScheduledAuditFailed), Level = LogLevel.Error, Message = "QiSdk scheduled audit failed; the next one is still scheduled")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = QiSdkEventIds.ScheduledAuditSkipped, EventName = nameof(QiSdkEventIds.ScheduledAuditSkipped), Level = LogLevel.Warning, Message = "QiSdk scheduled audit skipped: the previous one is still running")]
    private static partial void LogSkipped(ILogger logger);

    [LoggerMessage(EventId = QiSdkEventIds.ScheduledAuditFinished, EventName = nameof(QiSdkEventIds.ScheduledAuditFinished), Level = LogLevel.Information, Message = "QiSdk scheduled audit finished: reference date {PeriodEnd}, {Patients} patients")]
    private static partial void LogFinished(ILogger logger, string periodEnd, int patients);
}
