namespace QiSdk.Codes;

/// <summary>
/// The family a code system belongs to; it decides how codes of that system are normalised (see <c>docs/codes.md</c>).
/// </summary>
public enum CodeSystemKind
{
    /// <summary>A system QiSdk has no rules for (a host's local system, or one it has never seen): codes are only cleaned
    /// of whitespace, a byte-order mark and an Excel <c>#</c> guard, and compared case-sensitively.</summary>
    Other = 0,

    /// <summary>SNOMED CT: digits only, Verhoeff check digit, concept partition.</summary>
    SnomedCt = 1,

    /// <summary>NHS dm+d: SNOMED CT format ids from the UK drug extension; matched in the same id space as SNOMED CT.</summary>
    Dmd = 2,

    /// <summary>Read v2 (5-byte): 5-character concept codes plus a 2-character term code; case-sensitive.</summary>
    ReadV2 = 3,

    /// <summary>Clinical Terms Version 3 (CTV3, Read v3): 5-character case-sensitive codes.</summary>
    Ctv3 = 4,

    /// <summary>ICD-10 (WHO and the UK 5th edition): dotted and undotted forms equal, upper case.</summary>
    Icd10 = 5,

    /// <summary>LOINC.</summary>
    Loinc = 6,

    /// <summary>British National Formulary codes.</summary>
    Bnf = 7,

    /// <summary>UCUM units of measure.</summary>
    Ucum = 8,

    /// <summary>EMIS-local codes (<c>^ESCT...</c>, <c>EMIS...</c>) and other supplier-local code systems.</summary>
    Local = 9,
}
