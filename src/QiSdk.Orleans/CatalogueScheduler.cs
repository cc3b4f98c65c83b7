using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using QiSdk.Indicators;

namespace QiSdk.Orleans;

/// <summary>
/// Runs the catalogue for a period over every practice the host registered: each practice's grain audits and releases,
/// at most <see cref="QiSdkOrleansOptions.MaxConcurrentDispatches"/> in flight (each silo also runs at most
/// <see cref="QiSdkOrleansOptions.MaxConcurrentAuditsPerSilo"/> at once); a failed attempt (a silo lost, a timeout) is
/// retried with back-off. Because the gate releases exactly once per practice, period and content, a retry or a whole
/// re-run never records a second release: practices already done come back as <see cref="PracticeReleaseStatus.AlreadyReleased"/>.
/// Then every cluster's comparison is built. Call it from the host's nightly trigger (a timer, a reminder or cron).
/// </summary>
public sealed partial class CatalogueScheduler
{
    private readonly IGrainFactory _grains;
    private readonly IPracticeHost _host;
    private readonly QiSdkOrleansOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates a scheduler (registered by <c>AddQiSdkOrleans</c>; may also be created on a client).</summary>
    /// <param name="grains">A silo's or client's grain factory.</param>
    /// <param name="host">The host's practices.</param>
    /// <param name="options">Concurrency and retries.</param>
    /// <param name="timeProvider">Clock for back-off and timeouts (default system).</param>
    /// <param name="logger">Where attempts and failures are logged; optional.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public CatalogueScheduler(IGrainFactory grains, IPracticeHost host, IOptions<QiSdkOrleansOptions> options, TimeProvider? timeProvider = null, ILogger<CatalogueScheduler>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _options.Validate();
        _grains = grains;
        _host = host;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Audits and releases every registered practice for the period, then builds every cluster's comparison.</summary>
    /// <param name="period">The period; R = its end, inclusive.</param>
    /// <param name="cancellationToken">Stops dispatching and waiting (attempts already running finish on their silos).</param>
    /// <returns>Per practice: how it ended and after how many attempts; per cluster: compared and missing members.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="period"/> is null.</exception>
    public async Task<CatalogueRunReport> RunAsync(MeasurementPeriod period, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(period);
        long started = Stopwatch.GetTimestamp();
        var practices = await _host.GetPracticesAsync(cancellationToken).ConfigureAwait(false);
        var duplicate = practices.GroupBy(p => p.PracticeCode, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"practice '{duplicate.Key}' is registered {duplicate.Count()} times; each practice has one registration (and one cluster).");
        }

        var outcomes = new PracticeRunOutcome[practices.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, practices.Count), new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentDispatches, CancellationToken = cancellationToken },
            async (i, ct) => outcomes[i] = await RunPracticeAsync(practices[i], period, ct).ConfigureAwait(false)).ConfigureAwait(false);

        var clusters = ImmutableArray.CreateBuilder<ClusterComparisonSnapshot>();
        foreach (string clusterId in practices.Select(p => p.ClusterId).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            clusters.Add((await CompareAsync(clusterId, period.End, cancellationToken).ConfigureAwait(false)) with { ComparisonJson = null });
        }

        return new CatalogueRunReport(period, [.. outcomes], clusters.ToImmutable(), Stopwatch.GetElapsedTime(started));
    }

    private async Task<PracticeRunOutcome> RunPracticeAsync(PracticeRegistration practice, MeasurementPeriod period, CancellationToken cancellationToken)
    {
        var request = new PracticeAuditRequest { PeriodEnd = period.End, PeriodStart = period.Start, ClusterId = practice.ClusterId };
        var delay = _options.RetryDelay;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                var release = await _grains.GetPracticeAudit(practice.PracticeCode).AuditAndReleaseAsync(request, cancellationToken)
                    .WaitAsync(_options.AttemptTimeout, _time, cancellationToken).ConfigureAwait(false);
                return new PracticeRunOutcome(practice.PracticeCode, practice.ClusterId, attempt, release.WithoutContent(), null);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                if (attempt >= _options.MaxAttempts)
                {
                    LogGaveUp(_logger, practice.PracticeCode, attempt, ex);
                    return new PracticeRunOutcome(practice.PracticeCode, practice.ClusterId, attempt, null, $"{ex.GetType().Name}: {ex.Message}");
                }

                LogRetrying(_logger, practice.PracticeCode, attempt, delay.TotalMilliseconds, ex.Message);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                delay *= 2;
            }
        }
    }

    private async Task<ClusterComparisonSnapshot> CompareAsync(string clusterId, DateOnly periodEnd, CancellationToken cancellationToken)
    {
        var delay = _options.RetryDelay;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await _grains.GetClusterComparison(clusterId, periodEnd).CompareAsync(cancellationToken)
                    .WaitAsync(_options.AttemptTimeout, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                if (attempt >= _options.MaxAttempts)
                {
                    LogGaveUp(_logger, clusterId, attempt, ex);
                    return new ClusterComparisonSnapshot { ClusterId = clusterId, PeriodEnd = periodEnd, Problem = $"{ex.GetType().Name}: {ex.Message}" };
                }

                LogRetrying(_logger, clusterId, attempt, delay.TotalMilliseconds, ex.Message);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                delay *= 2;
            }
        }
    }

    [LoggerMessage(EventId = 9111, Level = LogLevel.Warning, Message = "QiSdk catalogue: {Target} attempt {Attempt} failed ({Problem}); retrying in {DelayMs} ms")]
    private static partial void LogRetrying(ILogger logger, string target, int attempt, double delayMs, string problem);

    [LoggerMessage(EventId = 9112, Level = LogLevel.Error, Message = "QiSdk catalogue: {Target} failed after {Attempts} attempts")]
    private static partial void LogGaveUp(ILogger logger, string target, int attempts, Exception exception);
}

/// <summary>How one practice ended in a catalogue run.</summary>
/// <param name="PracticeCode">The practice.</param>
/// <param name="ClusterId">Its cluster, or null.</param>
/// <param name="Attempts">Attempts made (1 when the first succeeded).</param>
/// <param name="Release">The result without its bytes (they are in the practice's store); null when every attempt failed.</param>
/// <param name="Error">The last attempt's error when every attempt failed; otherwise null.</param>
public sealed record PracticeRunOutcome(string PracticeCode, string? ClusterId, int Attempts, PracticeRelease? Release, string? Error)
{
    /// <summary>True when every attempt failed.</summary>
    public bool Failed => Release is null;
}

/// <summary>What a catalogue run did.</summary>
/// <param name="Period">The period.</param>
/// <param name="Practices">One outcome per registered practice, in registration order.</param>
/// <param name="Clusters">One comparison per cluster (without its JSON: ask the cluster grain), sorted by id.</param>
/// <param name="Elapsed">Wall time of the run.</param>
public sealed record CatalogueRunReport(MeasurementPeriod Period, ImmutableArray<PracticeRunOutcome> Practices, ImmutableArray<ClusterComparisonSnapshot> Clusters, TimeSpan Elapsed)
{
    /// <summary>Practices released in this run.</summary>
    public int Released => Practices.Count(p => p.Release?.Status == PracticeReleaseStatus.Released);

    /// <summary>Practices whose identical release was already recorded.</summary>
    public int AlreadyReleased => Practices.Count(p => p.Release?.Status == PracticeReleaseStatus.AlreadyReleased);

    /// <summary>Practices whose policies released nothing.</summary>
    public int Refused => Practices.Count(p => p.Release?.Status == PracticeReleaseStatus.Refused);

    /// <summary>Practices where every attempt failed.</summary>
    public int Failed => Practices.Count(p => p.Failed);

    /// <summary>Attempts beyond the first, over all practices.</summary>
    public int Retries => Practices.Sum(p => p.Attempts - 1);
}
