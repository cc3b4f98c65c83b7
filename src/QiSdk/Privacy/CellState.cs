namespace QiSdk.Privacy;

/// <summary>What the policy pipeline has decided about one cell (one count of one population in one column).</summary>
public enum CellState
{
    /// <summary>No releasing policy has protected the cell yet. Deny by default: still unprotected at the end means withheld.</summary>
    Unprotected = 0,

    /// <summary>A releasing policy cleared the value unchanged.</summary>
    Released = 1,

    /// <summary>A releasing policy changed the value (rounded, noised) and cleared it.</summary>
    Altered = 2,

    /// <summary>Withheld: nothing about this cell leaves.</summary>
    Withheld = 3,
}
