namespace QiSdk.Synthetic;

/// <summary>The code-system URIs the synthetic practice writes.</summary>
internal static class SyntheticCodeSystems
{
    public const string Snomed = "http://snomed.info/sct";
    public const string SnomedOid = "urn:oid:2.16.840.1.113883.6.96";
    public const string Dmd = "https://dmd.nhs.uk";
    public const string ReadV2 = "http://read.info/readv2";
    public const string Ctv3 = "http://read.info/ctv3";
    public const string Loinc = "http://loinc.org";
    public const string Ucum = "http://unitsofmeasure.org";
    public const string NhsNumber = "https://fhir.nhs.uk/Id/nhs-number";
    public const string ConditionClinical = "http://terminology.hl7.org/CodeSystem/condition-clinical";
    public const string ConditionVerification = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
    public const string ConditionCategory = "http://terminology.hl7.org/CodeSystem/condition-category";
    public const string ObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";

    /// <summary>The system of a practice's own local codes (one per practice, as EMIS/Vision local codes are).</summary>
    public static string Local(string practiceCode) => "https://fhir.qisdk.example/CodeSystem/practice-local/" + practiceCode;
}
