namespace QiSdk.Codes;

/// <summary>A plug-in that contributes maps from local codes to standard codes (for example the TRUD maps a vendor holds).</summary>
public interface ICodeMapProvider
{
    /// <summary>The maps to apply before code-set membership. Called once when a terminology is built.</summary>
    /// <param name="log">Where loading problems are recorded.</param>
    IEnumerable<CodeMap> GetCodeMaps(DataQualityLog log);
}
