using QiSdk.Indicators;

namespace QiSdk.Hosting;

/// <summary>
/// When and what the hosted scheduled audit runs (<c>services.AddQiSdkScheduledAudit(...)</c>): every
/// <see cref="Interval"/>, aligned to <see cref="At"/> (UTC time of day) when set, one run at a time. A mutable class
/// because it is an <c>IOptions&lt;T&gt;</c> type (configured by delegates and configuration binding).
/// </summary>
public sealed class ScheduledAuditOptions
{
    /// <summary>Time between runs. Default one day; at least one minute.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// The UTC time of day runs are aligned to (e.g. 02:00 with a one-day interval: every night at two); null (the default)
    /// runs first one <see cref="Interval"/> after start-up.
    /// </summary>
    public TimeOnly? At { get; set; }

    /// <summary>Also run once as soon as the host has started. Default false.</summary>
    public bool RunOnStart { get; set; }

    /// <summary>Which indicators (ids); empty (the default) for the whole catalogue.</summary>
    public IList<string> IndicatorIds { get; } = [];

    /// <summary>Keep explanations, so the handler can build worklists (<see cref="AuditRun.Worklist"/>). Default true.</summary>
    public bool IncludeExplanations { get; set; } = true;

    /// <summary>
    /// The period a run evaluates, from the run's UTC date. Default: the period ending on the run's date (R = that day).
    /// </summary>
    public Func<DateOnly, MeasurementPeriod> PeriodFor { get; set; } = today => new MeasurementPeriod(today);
}
