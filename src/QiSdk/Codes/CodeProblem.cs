namespace QiSdk.Codes;

/// <summary>Why a recorded code could not be matched at all (as opposed to matching no code set).</summary>
public enum CodeProblem
{
    /// <summary>No problem: the code was normalised and looked up.</summary>
    None = 0,

    /// <summary>The coding had no code (null, empty or only whitespace).</summary>
    MissingCode = 1,

    /// <summary>A SNOMED CT or dm+d id that is not a valid id: not 6–18 digits, a leading zero, or a wrong Verhoeff check digit. It never matches.</summary>
    InvalidSnomedId = 2,

    /// <summary>A valid SNOMED CT id whose partition says it is a description or relationship id, not a concept id. It never matches.</summary>
    NotASnomedConceptId = 3,

    /// <summary>
    /// A SNOMED CT id a spreadsheet rounded: written in scientific notation (<c>1.00567E+15</c>), or failing its check digit with
    /// the digits after the 15th significant one (or a long tail) turned to zeros (<c>36143511000001100</c>). Digits were lost; it never matches.
    /// </summary>
    SpreadsheetRounded = 4,

    /// <summary>A Read v2, CTV3 or ICD-10 code whose shape does not fit its system (wrong length or characters). It never matches.</summary>
    MalformedCode = 5,
}
