namespace QiSdk.Codes;

/// <summary>Canonical URIs of the code systems QiSdk knows (aliases are listed in <c>docs/codes.md</c>).</summary>
public static class CodeSystems
{
    /// <summary>SNOMED CT.</summary>
    public const string SnomedCt = "http://snomed.info/sct";

    /// <summary>NHS Dictionary of Medicines and Devices (dm+d).</summary>
    public const string Dmd = "https://dmd.nhs.uk";

    /// <summary>Read v2 (5-byte version 2).</summary>
    public const string ReadV2 = "http://read.info/readv2";

    /// <summary>Clinical Terms Version 3 (CTV3).</summary>
    public const string Ctv3 = "http://read.info/ctv3";

    /// <summary>ICD-10 (the UK edition is an alias: codes are compared in one space).</summary>
    public const string Icd10 = "http://hl7.org/fhir/sid/icd-10";

    /// <summary>LOINC.</summary>
    public const string Loinc = "http://loinc.org";

    /// <summary>British National Formulary (BNF) codes. There is no official FHIR URI; this one is QiSdk's choice.</summary>
    public const string Bnf = "https://www.bnf.org";

    /// <summary>UCUM units.</summary>
    public const string Ucum = "http://unitsofmeasure.org";

    /// <summary>EMIS-local codes (<c>^ESCT...</c>, <c>EMIS...</c>). There is no published URI; this one is QiSdk's choice.</summary>
    public const string EmisLocal = "urn:qisdk:emis-local";
}
