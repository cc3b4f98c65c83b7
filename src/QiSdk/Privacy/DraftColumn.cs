using QiSdk.Indicators;

namespace QiSdk.Privacy;

/// <summary>One column of an indicator in a draft disclosure: the total, or one stratum; five cells, one per population.</summary>
public sealed class DraftColumn
{
    private readonly DraftCell[] _cells;

    internal DraftColumn(string? stratifier, string? stratumValue, PopulationCounts counts)
    {
        Stratifier = stratifier;
        StratumValue = stratumValue;
        _cells = [.. IndicatorTerms.Populations.Select(p => new DraftCell(this, p, counts[p]))];
    }

    /// <summary>The stratifier id, or null for the total column.</summary>
    public string? Stratifier { get; }

    /// <summary>The stratum value, or null for the total column.</summary>
    public string? StratumValue { get; }

    /// <summary>True for the total (unstratified) column.</summary>
    public bool IsTotal => Stratifier is null;

    /// <summary>The five cells in <see cref="MeasurePopulation"/> order.</summary>
    public IReadOnlyList<DraftCell> Cells => _cells;

    /// <summary>The cell for one population.</summary>
    /// <param name="population">The population.</param>
    public DraftCell this[MeasurePopulation population] => _cells[(int)population];

    /// <summary>"total" or "stratifier=value".</summary>
    public string Label => Stratifier is null ? "total" : $"{Stratifier}={StratumValue}";

    /// <summary>The current values as counts.</summary>
    internal PopulationCounts CurrentCounts() => new(_cells[0].Value, _cells[1].Value, _cells[2].Value, _cells[3].Value, _cells[4].Value);
}
