namespace QiSdk.Records;

/// <summary>
/// One box per distinct value of a reader run, kept in the run's <see cref="EventStore"/> table, so events with the same
/// value share it (an event row holds the table index; most events have no quantity, period or abatement date). Per
/// instance, never static.
/// </summary>
/// <typeparam name="T">The value type boxed.</typeparam>
internal sealed class ValueBoxes<T>(IEqualityComparer<T> comparer)
    where T : struct
{
    private readonly Dictionary<T, int> _indexes = new(comparer);

    /// <summary>The index in <paramref name="store"/> of the one box of <paramref name="value"/> (0 for null).</summary>
    public int Index(T? value, EventStore store)
    {
        if (value is not { } v)
        {
            return 0;
        }

        ref int index = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_indexes, v, out bool exists);
        if (!exists)
        {
            index = store.Unique(v);
        }

        return index;
    }
}

/// <summary>
/// Quantities are the same only exactly as written: <c>1.0</c> and <c>1.00</c> are equal decimals but keep their own
/// boxes, so a shared value always prints as it was read.
/// </summary>
internal sealed class ExactQuantityComparer : IEqualityComparer<Quantity>
{
    public static readonly ExactQuantityComparer Instance = new();

    public bool Equals(Quantity x, Quantity y) =>
        SameDecimal(x.Value, y.Value)
        && string.Equals(x.Unit, y.Unit, StringComparison.Ordinal)
        && string.Equals(x.System, y.System, StringComparison.Ordinal)
        && string.Equals(x.Code, y.Code, StringComparison.Ordinal)
        && string.Equals(x.Comparator, y.Comparator, StringComparison.Ordinal);

    public int GetHashCode(Quantity q) => HashCode.Combine(q.Value, q.Unit, q.Code);

    // Same value, scale and sign (decimal equality ignores trailing zeros and the sign of zero; the text written back does not).
    private static bool SameDecimal(decimal? x, decimal? y) =>
        x is { } a ? y is { } b && a == b && a.Scale == b.Scale && decimal.IsNegative(a) == decimal.IsNegative(b) : y is null;
}
