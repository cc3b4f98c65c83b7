namespace QiSdk.Indicators;

/// <summary>A plug-in that contributes indicator definitions (a host's or a cluster's own audits).</summary>
public interface IIndicatorProvider
{
    /// <summary>The definitions to add to the catalogue. Called once when the catalogue is built.</summary>
    IEnumerable<IndicatorDefinition> GetIndicators();
}
