namespace QiSdk.Privacy;

/// <summary>What the identifier being pseudonymised is.</summary>
public enum PatientIdentifierKind
{
    /// <summary>An NHS number: canonicalised and modulus-11 validated first; rows with invalid numbers are withheld and counted.</summary>
    NhsNumber = 0,

    /// <summary>The record system's own patient id, used as written.</summary>
    LocalId = 1,
}
