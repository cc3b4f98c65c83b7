namespace QiSdk;

/// <summary>How serious a data-quality problem is.</summary>
public enum DataQualitySeverity : byte
{
    /// <summary>Worth knowing; nothing was lost (for example a code normalised in a notable way).</summary>
    Information = 0,

    /// <summary>Part of a resource could not be used (for example an invalid date on one field, an unknown unit).</summary>
    Warning = 1,

    /// <summary>A whole resource or file could not be used and was skipped.</summary>
    Error = 2,
}
