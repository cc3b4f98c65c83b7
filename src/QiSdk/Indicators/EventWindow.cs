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
    public override string ToString() => Unit switch
    {
        WindowUnit.Ever => "on or before R",
        WindowUnit.Period => "within the period",
        _ => $"within {Amount} {Unit.ToString().ToLowerInvariant()} up to R",
    };
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
