using QiSdk.Feedback;

namespace QiSdk.Orleans;

/// <summary>How the Orleans-hosted audits run (<c>siloBuilder.AddQiSdkOrleans(options => ...)</c>).</summary>
public sealed class QiSdkOrleansOptions
{
    /// <summary>Practice audits running at once on one silo (the rest wait). Default: the silo's processor count; at least 1.</summary>
    public int MaxConcurrentAuditsPerSilo { get; set; } = Environment.ProcessorCount;

    /// <summary>Practice audits the catalogue scheduler has in flight across the cluster. Default 16; at least 1.</summary>
    public int MaxConcurrentDispatches { get; set; } = 16;

    /// <summary>Attempts per practice before the scheduler reports it failed (retries are safe: a release is exactly-once). Default 4.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Wait before the first retry; doubled for each further one. Default 1 second.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the scheduler waits for one attempt before retrying (the attempt may still finish). Default 5 minutes.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The clock the practice grains stamp releases and audit entries with (default <see cref="TimeProvider.System"/>).
    /// Orleans' own timers are unaffected.
    /// </summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>
    /// Compacts a practice's release ledger (<see cref="QiSdk.Privacy.DisclosureGate.CompactReleaseLedgerAsync"/>) after
    /// a new release whose audit entry number is a multiple of this: every release record is kept, repeated cells are
    /// left out, and every later decision stays the same. Default 30 (monthly for nightly releases); 0 never compacts.
    /// </summary>
    public int CompactLedgerEveryReleases { get; set; } = 30;

    /// <summary>How the cluster grains compare their practices (default <c>new()</c>).</summary>
    public ComparisonOptions Comparison { get; set; } = new();

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentAuditsPerSilo, 1, nameof(MaxConcurrentAuditsPerSilo));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentDispatches, 1, nameof(MaxConcurrentDispatches));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAttempts, 1, nameof(MaxAttempts));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryDelay, TimeSpan.Zero, nameof(RetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(AttemptTimeout, TimeSpan.Zero, nameof(AttemptTimeout));
        ArgumentOutOfRangeException.ThrowIfNegative(CompactLedgerEveryReleases, nameof(CompactLedgerEveryReleases));
        ArgumentNullException.ThrowIfNull(Comparison, nameof(Comparison));
        ArgumentNullException.ThrowIfNull(Clock, nameof(Clock));
    }
}
