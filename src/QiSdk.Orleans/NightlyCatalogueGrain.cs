using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace QiSdk.Orleans;

/// <summary>
/// The built-in nightly schedule, one per cluster (key <see cref="Key"/>): a durable Orleans reminder wakes it every
/// <see cref="NightlyCatalogueOptions.CheckInterval"/> on whichever silo holds it; when a night is due (by
/// <see cref="QiSdkOrleansOptions.Clock"/>, in <see cref="NightlyCatalogueOptions.TimeZone"/>) it runs
/// <see cref="CatalogueScheduler.RunAsync"/> for that night's period, one run at a time, and records the night as run in
/// grain storage (<see cref="NightlyCatalogueOptions.StorageName"/>). Registered by <c>AddQiSdkNightlyCatalogue</c>, which
/// schedules it when a silo starts.
/// </summary>
public interface INightlyCatalogueGrain : IGrainWithStringKey
{
    /// <summary>The grain's key: one schedule per cluster.</summary>
    const string Key = "qisdk-nightly-catalogue";

    /// <summary>Registers the reminder (idempotent) and notes when the schedule began (nights before it are never due); then checks.</summary>
    Task<NightlyCatalogueStatus> EnsureScheduledAsync();

    /// <summary>Starts the due night(s) when none is running (what the reminder calls); returns at once.</summary>
    Task<NightlyCatalogueStatus> CheckAsync();

    /// <summary>Where the schedule stands.</summary>
    Task<NightlyCatalogueStatus> GetStatusAsync();
}

/// <summary>Where the nightly schedule stands.</summary>
[GenerateSerializer, Immutable]
public sealed record NightlyCatalogueStatus
{
    /// <summary>When the schedule was first set up (nights scheduled before this are never run); null before.</summary>
    [Id(0)] public DateTimeOffset? Since { get; init; }

    /// <summary>The latest local night whose run finished.</summary>
    [Id(1)] public DateOnly? LastNight { get; init; }

    /// <summary>The night running now, or null.</summary>
    [Id(2)] public DateOnly? Running { get; init; }

    /// <summary>The next night that will run after the last one, and when.</summary>
    [Id(3)] public DateOnly NextNight { get; init; }

    /// <summary>When <see cref="NextNight"/> runs.</summary>
    [Id(4)] public DateTimeOffset NextRunAt { get; init; }

    /// <summary>Every night run so far by this schedule's state (the latest last), at most the 31 latest.</summary>
    [Id(5)] public ImmutableArray<NightlyRunSummary> Runs { get; init; } = [];

    /// <summary>Nights skipped by <see cref="MissedNightPolicy.RunLatest"/> (or beyond the catch-up limit) after downtime.</summary>
    [Id(6)] public long NightsSkipped { get; init; }

    /// <summary>The last run's error when it stopped before finishing (it is run again at the next check), or null.</summary>
    [Id(7)] public string? LastError { get; init; }
}

/// <summary>One night's catalogue run.</summary>
[GenerateSerializer, Immutable]
public sealed record NightlyRunSummary
{
    /// <summary>The local night.</summary>
    [Id(0)] public required DateOnly Night { get; init; }

    /// <summary>The period's end it audited.</summary>
    [Id(1)] public required DateOnly PeriodEnd { get; init; }

    /// <summary>Practices released.</summary>
    [Id(2)] public int Released { get; init; }

    /// <summary>Practices already released with the same content.</summary>
    [Id(3)] public int AlreadyReleased { get; init; }

    /// <summary>Practices whose policies released nothing.</summary>
    [Id(4)] public int Refused { get; init; }

    /// <summary>Practices where every attempt failed (they are audited again the next night).</summary>
    [Id(5)] public int Failed { get; init; }

    /// <summary>Attempts beyond the first.</summary>
    [Id(6)] public int Retries { get; init; }

    /// <summary>When the run finished (the schedule's clock).</summary>
    [Id(7)] public DateTimeOffset FinishedAt { get; init; }

    /// <summary>Wall time of the run.</summary>
    [Id(8)] public TimeSpan Elapsed { get; init; }
}

/// <summary>The schedule's durable state.</summary>
[GenerateSerializer]
internal sealed class NightlyCatalogueState
{
    [Id(0)] public DateTimeOffset? Since { get; set; }

    [Id(1)] public DateOnly? LastNight { get; set; }

    [Id(2)] public List<NightlyRunSummary> Runs { get; set; } = [];

    [Id(3)] public long NightsSkipped { get; set; }
}

internal sealed partial class NightlyCatalogueGrain(
    [PersistentState("nightly-catalogue", NightlyCatalogueOptions.StorageName)] IPersistentState<NightlyCatalogueState> state,
    CatalogueScheduler scheduler,
    IOptions<NightlyCatalogueOptions> nightly,
    IOptions<QiSdkOrleansOptions> options,
    ILogger<NightlyCatalogueGrain> logger) : Grain, INightlyCatalogueGrain, IRemindable, IDisposable
{
    private const string ReminderName = "qisdk-nightly-check";
    private const int RunsKept = 31;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _run;
    private DateOnly? _running;
    private string? _lastError;

    private TimeProvider Clock => options.Value.Clock;

    public async Task<NightlyCatalogueStatus> EnsureScheduledAsync()
    {
        var interval = nightly.Value.CheckInterval;
        await this.RegisterOrUpdateReminder(ReminderName, interval, interval).ConfigureAwait(true);

        if (state.State.Since is null)
        {
            state.State.Since = Clock.GetUtcNow();
            await state.WriteStateAsync().ConfigureAwait(true);
        }

        return await CheckAsync().ConfigureAwait(true);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => CheckAsync();

    public async Task<NightlyCatalogueStatus> CheckAsync()
    {
        if (_run is { IsCompleted: false } || state.State.Since is not { } since)
        {
            return Status();
        }

        var o = nightly.Value;
        var now = Clock.GetUtcNow();
        var due = NightlySchedule.Due(since, state.State.LastNight, now, o);
        if (due.Count == 0)
        {
            return Status();
        }

        long skipped = Skipped(state.State.LastNight, since, due[0], o);
        if (skipped > 0)
        {
            state.State.NightsSkipped += skipped;
            LogSkipped(logger, skipped, due[0]);
            await state.WriteStateAsync().ConfigureAwait(true);
        }

        // In the background (on this grain's scheduler), so the reminder, status calls and deactivation are not held up.
        _run = RunAsync(due, _stopping.Token);
        return Status();
    }

    public Task<NightlyCatalogueStatus> GetStatusAsync() => Task.FromResult(Status());

    public void Dispose() => _stopping.Dispose();

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Silo shutting down (or the grain moving): stop dispatching; the night stays un-run and runs at the next check.
        await _stopping.CancelAsync().ConfigureAwait(true);
        if (_run is { } run)
        {
            try
            {
                await run.WaitAsync(cancellationToken).ConfigureAwait(true);
            }
            catch (OperationCanceledException)
            {
                // the deactivation's own time ran out; the run's attempts finish or are retried
            }
        }

        await base.OnDeactivateAsync(reason, cancellationToken).ConfigureAwait(true);
    }

    private async Task RunAsync(IReadOnlyList<DateOnly> nights, CancellationToken cancellationToken)
    {
        foreach (var night in nights)
        {
            _running = night;
            try
            {
                var period = nightly.Value.Period(night);
                LogStarting(logger, night, period.End);
                var report = await scheduler.RunAsync(period, cancellationToken).ConfigureAwait(true);
                state.State.LastNight = night;
                state.State.Runs.Add(new NightlyRunSummary
                {
                    Night = night,
                    PeriodEnd = period.End,
                    Released = report.Released,
                    AlreadyReleased = report.AlreadyReleased,
                    Refused = report.Refused,
                    Failed = report.Failed,
                    Retries = report.Retries,
                    FinishedAt = Clock.GetUtcNow(),
                    Elapsed = report.Elapsed,
                });
                if (state.State.Runs.Count > RunsKept)
                {
                    state.State.Runs.RemoveRange(0, state.State.Runs.Count - RunsKept);
                }

                _lastError = null;
                await state.WriteStateAsync(CancellationToken.None).ConfigureAwait(true);
                LogFinished(logger, night, report.Released, report.AlreadyReleased, report.Refused, report.Failed);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                LogStopped(logger, night);
                return;
            }
#pragma warning disable CA1031 // A failed night (the host's practice list, the storage) is logged and run again at the next check.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _lastError = $"{night:yyyy-MM-dd}: {ex.GetType().Name}: {ex.Message}";
                LogFailed(logger, night, ex);
                return;
            }
            finally
            {
                _running = null;
            }
        }
    }

    /// <summary>Nights that were due but will not run: between the last run (or the set-up) and the first night run now.</summary>
    private static long Skipped(DateOnly? lastNight, DateTimeOffset since, DateOnly first, NightlyCatalogueOptions o)
    {
        long count = 0;
        for (var night = first.AddDays(-1); (lastNight is null || night > lastNight.Value) && NightlySchedule.RunAt(night, o.TimeOfDay, o.TimeZone) >= since; night = night.AddDays(-1))
        {
            count++;
        }

        return count;
    }

    private NightlyCatalogueStatus Status()
    {
        var (next, at) = NightlySchedule.Next(state.State.LastNight, Clock.GetUtcNow(), nightly.Value);
        return new NightlyCatalogueStatus
        {
            Since = state.State.Since,
            LastNight = state.State.LastNight,
            Running = _running,
            NextNight = next,
            NextRunAt = at,
            Runs = [.. state.State.Runs],
            NightsSkipped = state.State.NightsSkipped,
            LastError = _lastError,
        };
    }

    [LoggerMessage(EventId = 9121, Level = LogLevel.Information, Message = "QiSdk nightly catalogue: night {Night} starting (period ending {PeriodEnd})")]
    private static partial void LogStarting(ILogger logger, DateOnly night, DateOnly periodEnd);

    [LoggerMessage(EventId = 9122, Level = LogLevel.Information, Message = "QiSdk nightly catalogue: night {Night} finished: {Released} released, {AlreadyReleased} already released, {Refused} refused, {Failed} failed")]
    private static partial void LogFinished(ILogger logger, DateOnly night, int released, int alreadyReleased, int refused, int failed);

    [LoggerMessage(EventId = 9123, Level = LogLevel.Warning, Message = "QiSdk nightly catalogue: night {Night} stopped (shutting down); it runs again at the next check")]
    private static partial void LogStopped(ILogger logger, DateOnly night);

    [LoggerMessage(EventId = 9124, Level = LogLevel.Error, Message = "QiSdk nightly catalogue: night {Night} failed; it runs again at the next check")]
    private static partial void LogFailed(ILogger logger, DateOnly night, Exception exception);

    [LoggerMessage(EventId = 9125, Level = LogLevel.Warning, Message = "QiSdk nightly catalogue: {Skipped} missed night(s) before {First} are skipped (MissedNights policy)")]
    private static partial void LogSkipped(ILogger logger, long skipped, DateOnly first);
}

/// <summary>Schedules the nightly catalogue grain when the silo becomes active (every silo asks; the grain is one per cluster).</summary>
internal sealed class NightlyCatalogueStartup(IGrainFactory grains) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe<NightlyCatalogueStartup>(ServiceLifecycleStage.Active, ct => grains.GetGrain<INightlyCatalogueGrain>(INightlyCatalogueGrain.Key).EnsureScheduledAsync().WaitAsync(ct));
}
