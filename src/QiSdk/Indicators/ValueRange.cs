namespace QiSdk.Indicators;

/// <summary>A comparison against bounds; every bound given must hold. At least one bound is required.</summary>
/// <param name="AtLeast">Value &gt;= this.</param>
/// <param name="AtMost">Value &lt;= this.</param>
/// <param name="Above">Value &gt; this.</param>
/// <param name="Below">Value &lt; this.</param>
public sealed record ValueRange(decimal? AtLeast = null, decimal? AtMost = null, decimal? Above = null, decimal? Below = null)
{
    /// <summary>True when <paramref name="value"/> satisfies every bound.</summary>
    /// <param name="value">The value compared.</param>
    public bool Contains(decimal value) =>
        (AtLeast is not { } a || value >= a) && (AtMost is not { } m || value <= m)
        && (Above is not { } b || value > b) && (Below is not { } c || value < c);

    /// <summary>True when no bound is set.</summary>
    public bool IsEmpty => AtLeast is null && AtMost is null && Above is null && Below is null;

    /// <inheritdoc />
    public override string ToString()
    {
        var parts = new List<string>(4);
        if (AtLeast is { } a) { parts.Add($">= {a}"); }
        if (Above is { } b) { parts.Add($"> {b}"); }
        if (AtMost is { } m) { parts.Add($"<= {m}"); }
        if (Below is { } c) { parts.Add($"< {c}"); }
        return string.Join(" and ", parts);
    }
}
