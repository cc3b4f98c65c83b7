namespace QiSdk.Codes;

/// <summary>A plug-in that contributes code sets (for example a host's own clusters held in its database).</summary>
public interface ICodeSetProvider
{
    /// <summary>The code sets to add to the built-in ones. Called once when a terminology is built.</summary>
    /// <param name="log">Where loading problems are recorded.</param>
    IEnumerable<CodeSet> GetCodeSets(DataQualityLog log);
}
