namespace QiSdk.Indicators;

/// <summary>
/// Which event dates a query looks at, relative to the reference date R (period end, inclusive). Events after R are
/// never counted. <c>Months(12)</c> means <c>R - 12 calendar months &lt; date &lt;= R</c>, the month subtraction clamping to
/// the end of the month (R = 2024-02-29 gives 2023-02-28).
/// </summary>
/// <param name="Unit">Ever, days, months, years or the measurement period.</param>
/// <param name="Amount">How many days, months or years (positive); 0 for <see cref="WindowUnit.Ever"/> and <see cref="WindowUnit.Period"/>.</param>
public sealed record EventWindow(WindowUnit Unit, int Amount)
{
    /// <summary>
    /// Months before R at which the window ends (0, the default: it ends at R). With <c>n</c> &gt; 0 the upper bound is
    /// <c>date &lt;= R - n calendar months</c> (clamped to month end) while the lower bound stays relative to R: <c>Ever</c>
    /// ending 3 months before is <c>date &lt;= R - 3 months</c>; <c>Months(6)</c> ending 3 months before is
    /// <c>R - 6 months &lt; date &lt;= R - 3 months</c>. JSON: <c>{"ever": true, "endMonthsBefore": 3}</c>.
    /// </summary>
    public int EndMonthsBefore { get; init; }

    /// <summary>
    /// How an event with a period is tested against the window (JSON <c>"relation": "overlaps"</c>), with the CQL meaning
    /// of the same words: <see cref="WindowRelation.Starts"/> (the default, the event's date as in docs/semantics.md),
    /// <see cref="WindowRelation.Ends"/>, <see cref="WindowRelation.Overlaps"/> or <see cref="WindowRelation.During"/>. An
    /// event with a single date is a one-day period. With <c>ends</c> the event is also dated by its end when the latest or
    /// earliest is chosen (an HbA1c whose effectivePeriod ends on 1 January is a reading of 1 January).
    /// </summary>
    public WindowRelation Relation { get; init; }

    /// <summary>This window, testing events by <paramref name="relation"/>.</summary>
    /// <param name="relation">How an event's period is tested.</param>
    /// <returns>The window.</returns>
    public EventWindow Testing(WindowRelation relation) => this with { Relation = relation };

    /// <summary>This window, ending <paramref name="n"/> calendar months before R instead of at R.</summary>
    /// <param name="n">Months, zero or positive.</param>
    /// <returns>The shifted window.</returns>
    public EventWindow EndingMonthsBefore(int n) => this with { EndMonthsBefore = n };

    /// <summary>Any date on or before R.</summary>
    public static EventWindow Ever { get; } = new(WindowUnit.Ever, 0);

    /// <summary>From the period start (inclusive) to R; needs a period start at evaluation.</summary>
    public static EventWindow Period { get; } = new(WindowUnit.Period, 0);

    /// <summary><c>R - n days &lt; date &lt;= R</c>.</summary>
    /// <param name="n">Days, positive.</param>
    public static EventWindow Days(int n) => new(WindowUnit.Days, n);

    /// <summary><c>R - n calendar months &lt; date &lt;= R</c> (clamped to month end).</summary>
    /// <param name="n">Months, positive.</param>
    public static EventWindow Months(int n) => new(WindowUnit.Months, n);

    /// <summary><c>R - n years &lt; date &lt;= R</c> (29 February clamps to 28 February).</summary>
    /// <param name="n">Years, positive.</param>
    public static EventWindow Years(int n) => new(WindowUnit.Years, n);

    /// <inheritdoc />
    public override string ToString()
    {
        string text = UnitText();
        return Relation switch
        {
            WindowRelation.Ends => "ending " + text,
            WindowRelation.Overlaps => "overlapping " + text.Replace("within ", string.Empty, StringComparison.Ordinal),
            WindowRelation.During => "wholly " + text,
            _ => text,
        };
    }

    private string UnitText()
    {
        string end = EndMonthsBefore > 0 ? $"R - {EndMonthsBefore} months" : "R";
        return Unit switch
        {
            WindowUnit.Ever => "on or before " + end,
            WindowUnit.Period => EndMonthsBefore > 0 ? "from the period start to " + end : "within the period",
            _ => EndMonthsBefore > 0
                ? $"after R - {Amount} {Unit.ToString().ToLowerInvariant()} and on or before {end}"
                : $"within {Amount} {Unit.ToString().ToLowerInvariant()} up to R",
        };
    }
}

/// <summary>How an event's period is tested against an <see cref="EventWindow"/> (the CQL interval operators).</summary>
public enum WindowRelation
{
    /// <summary>The event's date (its start; for a Condition or Observation without one, its recorded date) is in the window.</summary>
    Starts,

    /// <summary>The event's end is in the window (a single-date event ends on its date; no end, or an unknown end: false).</summary>
    Ends,

    /// <summary>
    /// The event's period and the window share a day. No end: ongoing. A Condition's period is its prevalence: onset to
    /// abatement; without an abatement it is ongoing when clinicalStatus is active, recurrence or relapse, and otherwise ends
    /// at an unknown time, and then (as in CQL, where the comparison with an unknown end is null) it overlaps no window.
    /// </summary>
    Overlaps,

    /// <summary>The event's whole period is in the window (a known end, on or before the window's end, and a start in it).</summary>
    During,
}

/// <summary>The unit of an <see cref="EventWindow"/>.</summary>
public enum WindowUnit
{
    /// <summary>Any date on or before R.</summary>
    Ever,

    /// <summary>Days.</summary>
    Days,

    /// <summary>Calendar months.</summary>
    Months,

    /// <summary>Calendar years.</summary>
    Years,

    /// <summary>Period start to R.</summary>
    Period,
}
