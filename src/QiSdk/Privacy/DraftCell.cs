using QiSdk.Indicators;

namespace QiSdk.Privacy;

/// <summary>
/// One count in a disclosure being prepared: its original value (local only), its current value after the policies
/// so far, its state, and why. Policies change it through <see cref="Release"/>, <see cref="Alter"/> and
/// <see cref="Withhold"/>; a withheld cell stays withheld.
/// </summary>
public sealed class DraftCell
{
    internal DraftCell(DraftColumn column, MeasurePopulation population, int originalValue)
    {
        Column = column;
        Population = population;
        OriginalValue = originalValue;
        Value = originalValue;
    }

    /// <summary>The column (total or stratum) the cell belongs to.</summary>
    public DraftColumn Column { get; }

    /// <summary>The measure population counted.</summary>
    public MeasurePopulation Population { get; }

    /// <summary>The value before any policy (local only; never written to a disclosure unless released unchanged).</summary>
    public int OriginalValue { get; }

    /// <summary>The value after the policies applied so far (what later policies should work on).</summary>
    public int Value { get; private set; }

    /// <summary>The cell's state.</summary>
    public CellState State { get; private set; }

    /// <summary>The stable reason code for the last change (QI405x), or null.</summary>
    public string? ReasonCode { get; private set; }

    /// <summary>Why the cell was withheld or altered, for the local preview (may mention small values; never leaves).</summary>
    public string? Reason { get; private set; }

    /// <summary>The policy that made the last change.</summary>
    public string? Policy { get; private set; }

    /// <summary>
    /// When a rounding policy released the cell: every original count that rounds to <see cref="Value"/> (inclusive), so
    /// the disclosure can say the count is only known to lie in that range. Null for exact or withheld cells.
    /// </summary>
    internal (int Low, int High)? RoundedFrom { get; private set; }

    /// <summary>True when the cell has been withheld.</summary>
    public bool IsWithheld => State == CellState.Withheld;

    /// <summary>Clears the cell for release with its current value (no effect on a withheld cell).</summary>
    /// <param name="policy">The policy's name.</param>
    public void Release(string policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (State == CellState.Withheld)
        {
            return;
        }

        if (State == CellState.Unprotected)
        {
            State = CellState.Released;
            Policy = policy;
        }
    }

    /// <summary>Replaces the value with a protected one and clears it (no effect on a withheld cell).</summary>
    /// <param name="value">The protected value (non-negative).</param>
    /// <param name="policy">The policy's name.</param>
    /// <param name="reasonCode">Stable reason code.</param>
    /// <param name="reason">Why, for the local preview.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative.</exception>
    public void Alter(int value, string policy, string reasonCode, string reason)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        if (State == CellState.Withheld)
        {
            return;
        }

        if (value != Value)
        {
            Value = value;
            State = CellState.Altered;
            Policy = policy;
            ReasonCode = reasonCode;
            Reason = reason;
        }
        else if (State == CellState.Unprotected)
        {
            State = CellState.Released;
            Policy = policy;
        }
    }

    /// <summary>Withholds the cell: nothing about it leaves. Idempotent (the first reason is kept).</summary>
    /// <param name="policy">The policy's name.</param>
    /// <param name="reasonCode">Stable reason code.</param>
    /// <param name="reason">Why, for the local preview.</param>
    public void Withhold(string policy, string reasonCode, string reason)
    {
        if (State == CellState.Withheld)
        {
            return;
        }

        State = CellState.Withheld;
        Policy = policy;
        ReasonCode = reasonCode;
        Reason = reason;
    }

    /// <summary>Records the range of original counts a rounding policy maps to the cell's (rounded) value.</summary>
    internal void MarkRounded(int low, int high)
    {
        if (State != CellState.Withheld && low < high)
        {
            RoundedFrom = (low, high);
        }
    }

    /// <summary>Marks the cell as altered by noise (a noise draw of zero still counts as altered, so the preview says so).</summary>
    internal void SetNoised(int value, string policy, string reasonCode, string reason)
    {
        if (State == CellState.Withheld)
        {
            return;
        }

        Value = value;
        State = CellState.Altered;
        Policy = policy;
        ReasonCode = reasonCode;
        Reason = reason;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Column.Label} {IndicatorTerms.Code(Population)}";
}
