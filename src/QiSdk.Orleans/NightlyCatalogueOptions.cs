using QiSdk.Indicators;

namespace QiSdk.Orleans;

/// <summary>What happens to nights whose run time passed while no silo was running the schedule (downtime).</summary>
public enum MissedNightPolicy
{
    /// <summary>Run only the latest night that is due (its period covers the most recent data); earlier missed nights are skipped and logged.</summary>
    RunLatest,

    /// <summary>Run every missed night, oldest first, each with its own period (at most <see cref="NightlyCatalogueOptions.MaxCatchUpNights"/>, the latest ones).</summary>
    RunEach,
}

/// <summary>
/// The built-in nightly catalogue (<c>siloBuilder.AddQiSdkNightlyCatalogue(options => ...)</c>): when it runs, in which
/// time zone, which period each night audits, and what happens after downtime. A mutable options class because
/// <c>Configure(o => ...)</c> needs setters.
/// </summary>
public sealed class NightlyCatalogueOptions
{
    /// <summary>The grain storage provider the schedule's state (last night run, last run's counts) is kept in: register one with this name (e.g. <c>AddMemoryGrainStorage("QiSdk")</c> for tests, a durable provider in production).</summary>
    public const string StorageName = "QiSdk";

    /// <summary>Local time of day the night's run starts, in <see cref="TimeZone"/>. Default 02:00.</summary>
    public TimeOnly TimeOfDay { get; set; } = new(2, 0);

    /// <summary>
    /// The time zone <see cref="TimeOfDay"/> is read in (default UTC; for England, <c>TimeZoneInfo.FindSystemTimeZoneById("Europe/London")</c>).
    /// On a daylight-saving change, a time that does not exist that night runs at the first minute that does, and a time
    /// that occurs twice runs at its first occurrence: exactly one run per local night.
    /// </summary>
    public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Utc;

    /// <summary>
    /// The period a night audits, from the night's local date. Default: the period ending the day before (R = yesterday,
    /// the last complete day), with the indicators' own look-back windows.
    /// </summary>
    public Func<DateOnly, MeasurementPeriod> Period { get; set; } = night => new MeasurementPeriod(night.AddDays(-1));

    /// <summary>What to do with nights missed during downtime. Default <see cref="MissedNightPolicy.RunLatest"/>.</summary>
    public MissedNightPolicy MissedNights { get; set; } = MissedNightPolicy.RunLatest;

    /// <summary>With <see cref="MissedNightPolicy.RunEach"/>, the most missed nights run (the latest ones). Default 7; at least 1.</summary>
    public int MaxCatchUpNights { get; set; } = 7;

    /// <summary>
    /// How often the schedule's reminder checks whether a night is due (also its delay after a silo failure). Default 5
    /// minutes; at least 1 minute (Orleans' minimum reminder period).
    /// </summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    /// <exception cref="ArgumentNullException">A value is null.</exception>
    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(TimeZone, nameof(TimeZone));
        ArgumentNullException.ThrowIfNull(Period, nameof(Period));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCatchUpNights, 1, nameof(MaxCatchUpNights));
        ArgumentOutOfRangeException.ThrowIfLessThan(CheckInterval, TimeSpan.FromMinutes(1), nameof(CheckInterval));
        if (!Enum.IsDefined(MissedNights))
        {
            throw new ArgumentOutOfRangeException(nameof(MissedNights), MissedNights, "not a MissedNightPolicy value.");
        }
    }
}

/// <summary>The schedule's arithmetic: when a local night runs, and which nights are due now. Pure, so tests drive it with any clock.</summary>
internal static class NightlySchedule
{
    /// <summary>The instant a night's run starts: <paramref name="time"/> on <paramref name="night"/> in <paramref name="zone"/>.</summary>
    public static DateTimeOffset RunAt(DateOnly night, TimeOnly time, TimeZoneInfo zone)
    {
        var local = night.ToDateTime(time, DateTimeKind.Unspecified);
        for (int i = 0; zone.IsInvalidTime(local) && i < 24 * 60; i++)
        {
            local = local.AddMinutes(1); // skipped by a clock change: the first minute that exists
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    /// <summary>The latest local night whose run time is at or before <paramref name="now"/>.</summary>
    public static DateOnly LatestDue(DateTimeOffset now, TimeOnly time, TimeZoneInfo zone)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        for (var night = today.AddDays(1); ; night = night.AddDays(-1))
        {
            if (RunAt(night, time, zone) <= now)
            {
                return night;
            }
        }
    }

    /// <summary>
    /// The nights to run now, oldest first: after <paramref name="lastRun"/> (never one already run), not scheduled
    /// before the schedule was set up (<paramref name="since"/>), up to the latest due, thinned by the missed-night policy.
    /// </summary>
    public static IReadOnlyList<DateOnly> Due(DateTimeOffset since, DateOnly? lastRun, DateTimeOffset now, NightlyCatalogueOptions options)
    {
        var latest = LatestDue(now, options.TimeOfDay, options.TimeZone);
        var due = new List<DateOnly>();
        for (var night = latest; (lastRun is null || night > lastRun.Value) && RunAt(night, options.TimeOfDay, options.TimeZone) >= since; night = night.AddDays(-1))
        {
            due.Add(night);
            if (options.MissedNights == MissedNightPolicy.RunLatest || due.Count == options.MaxCatchUpNights)
            {
                break;
            }
        }

        due.Reverse();
        return due;
    }

    /// <summary>The next night that will run after <paramref name="lastRun"/> at <paramref name="now"/>, and when.</summary>
    public static (DateOnly Night, DateTimeOffset At) Next(DateOnly? lastRun, DateTimeOffset now, NightlyCatalogueOptions options)
    {
        var night = LatestDue(now, options.TimeOfDay, options.TimeZone);
        if (lastRun is { } last && last >= night)
        {
            night = last;
        }

        night = night.AddDays(1);
        return (night, RunAt(night, options.TimeOfDay, options.TimeZone));
    }
}
