namespace QiSdk.Codes;

/// <summary>How to read a code list CSV file (see <see cref="CodeListCsv"/>); the lenient-mode log is a parameter of <see cref="CodeListCsv.Read"/>, not an option.</summary>
public sealed record CodeListCsvOptions
{
    /// <summary>
    /// The code system of every code (any alias). Default null: taken from the header: <c>CTV3ID</c>/<c>CTV3Code</c> columns are
    /// CTV3, <c>ICD10</c> is ICD-10, <c>readcode</c> is Read v2, anything else (<c>code</c>, <c>id</c>, ...) SNOMED CT; a
    /// <c>system</c> column, when present, gives each row's system and wins over both.
    /// </summary>
    public string? System { get; init; }

    /// <summary>For the CTV3 cluster layout (<c>ClusterId,ClusterName,CTV3Code,...</c>): keep only rows of this cluster (default null: every row).</summary>
    public string? ClusterId { get; init; }

    /// <summary>The code set's title (default null: none).</summary>
    public string? Title { get; init; }

    /// <summary>
    /// ICD-10 lists: mark every 3-character code as including its children (<see cref="CodeSetMember.IncludeDescendants"/>),
    /// as lists that use 3-character codes as prefixes mean. Default false.
    /// </summary>
    public bool Icd10ThreeCharacterCodesIncludeChildren { get; init; }
}
