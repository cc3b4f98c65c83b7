namespace QiSdk.Records;

/// <summary>FHIR <c>Patient.gender</c>.</summary>
public enum AdministrativeGender : byte
{
    /// <summary>Not recorded, or recorded as <c>unknown</c>.</summary>
    Unknown = 0,

    /// <summary><c>male</c>.</summary>
    Male = 1,

    /// <summary><c>female</c>.</summary>
    Female = 2,

    /// <summary><c>other</c>.</summary>
    Other = 3,
}
