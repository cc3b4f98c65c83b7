namespace QiSdk.Codes;

/// <summary>Which normalisation rules changed a code on its way to the form it is matched in (see <c>docs/codes.md</c>).</summary>
[Flags]
public enum NormalisationRules
{
    /// <summary>The code was used exactly as recorded.</summary>
    None = 0,

    /// <summary>Leading or trailing whitespace (including non-breaking spaces) was removed.</summary>
    Whitespace = 1 << 0,

    /// <summary>A UTF-8 byte-order mark (U+FEFF) stuck to the code was removed.</summary>
    ByteOrderMark = 1 << 1,

    /// <summary>An Excel-guard <c>#</c> suffix (added so spreadsheets keep long ids as text) was removed.</summary>
    ExcelHashSuffix = 1 << 2,

    /// <summary>Read v2: the 2-character term code of a 7-character code was dropped (<c>C10E.00</c> is <c>C10E.</c>).</summary>
    ReadTermCode = 1 << 3,

    /// <summary>Read v2: the term code was not <c>00</c>, i.e. the record used a synonym of the concept (<c>C10E.12</c>).</summary>
    ReadSynonym = 1 << 4,

    /// <summary>Read v2: an EMIS short form was expanded (<c>C10E-2</c> is <c>C10E.12</c>; <c>C10</c> is <c>C10..00</c>).</summary>
    EmisShortForm = 1 << 5,

    /// <summary>CTV3: a truncated code was padded with dots to 5 characters (<c>1434</c> is <c>1434.</c>).</summary>
    Ctv3DotPadding = 1 << 6,

    /// <summary>ICD-10: the dot was removed (<c>E11.9</c> is <c>E119</c>).</summary>
    Icd10Dot = 1 << 7,

    /// <summary>ICD-10: lower-case letters were upper-cased.</summary>
    Icd10UpperCase = 1 << 8,

    /// <summary>ICD-10: a dagger or asterisk mark (<c>†</c>, <c>*</c>, <c>+</c>, or the UK 5th-character <c>D</c>/<c>A</c>) was removed.</summary>
    Icd10DaggerAsterisk = 1 << 9,

    /// <summary>ICD-10: a 4th-character filler (<c>X</c> or <c>-</c> after a 3-character code, as in <c>I10X</c>) was removed.</summary>
    Icd10Filler = 1 << 10,
}
