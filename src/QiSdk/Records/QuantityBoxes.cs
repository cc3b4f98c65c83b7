namespace QiSdk.Records;

/// <summary>
/// One box per distinct <see cref="Quantity"/> of a reader run, so events with the same value share it (see
/// <see cref="ClinicalEvent.Value"/>). Distinct means exactly as written: <c>1.0</c> and <c>1.00</c> are equal decimals
/// but keep their own boxes, so a shared value always prints as it was read. Per instance, never static.
/// </summary>
internal sealed class QuantityBoxes
{
    private readonly Dictionary<Quantity, object> _boxes = new(ExactComparer.Instance);

    public object? Box(Quantity? quantity)
    {
        if (quantity is not { } q)
        {
            return null;
        }

        if (!_boxes.TryGetValue(q, out object? box))
        {
            box = q;
            _boxes.Add(q, box);
        }

        return box;
    }

    private sealed class ExactComparer : IEqualityComparer<Quantity>
    {
        public static readonly ExactComparer Instance = new();

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
}
