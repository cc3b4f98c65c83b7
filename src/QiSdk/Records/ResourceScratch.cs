namespace QiSdk.Records;

/// <summary>What one resource yields while it is being read; reused for every resource of a run.</summary>
internal sealed class ResourceScratch
{
    public string TypeName = string.Empty;
    public ResourceKind Kind;
    public string? Id;
    public readonly List<Coding> Codes = [];
    public readonly List<Coding> ValueCodes = [];
    public readonly List<Coding> Categories = [];
    public readonly List<ObservationComponent> Components = [];
    public readonly List<Coding> DischargeDisposition = [];
    public readonly List<Coding> ReasonCodes = [];
    public string? EncounterReference;
    public Coding? Class;
    public FhirDate? Date;
    public FhirDate? RecordedDate;
    public FhirDate? AbatementDate;
    public Period? Period;
    public string? Status;
    public string? ClinicalStatus;
    public string? VerificationStatus;
    public string? Intent;
    public Quantity? Value;
    public bool SubjectSeen;
    public string? SubjectReference;
    public string? MedicationReference;
    public readonly List<(string Id, List<Coding> Codes)> ContainedMedications = [];
    public int ContainedUsed;

    // Patient
    public readonly List<Identifier> Identifiers = [];
    public readonly List<string> GeneralPractitioners = [];
    public FhirDate? BirthDate;
    public AdministrativeGender Gender;
    public bool? DeceasedBoolean;
    public bool? DoNotPerform;
    public FhirDate? DeceasedDate;
    public bool? Active;
    public string? ManagingOrganization;

    public void Reset(string typeName, ResourceKind kind)
    {
        TypeName = typeName;
        Kind = kind;
        Id = null;
        Codes.Clear();
        ValueCodes.Clear();
        Categories.Clear();
        Components.Clear();
        DischargeDisposition.Clear();
        ReasonCodes.Clear();
        EncounterReference = null;
        Class = null;
        Date = null;
        RecordedDate = null;
        AbatementDate = null;
        Period = null;
        Status = null;
        ClinicalStatus = null;
        VerificationStatus = null;
        Intent = null;
        Value = null;
        SubjectSeen = false;
        SubjectReference = null;
        MedicationReference = null;
        ContainedUsed = 0;
        Identifiers.Clear();
        GeneralPractitioners.Clear();
        BirthDate = null;
        Gender = AdministrativeGender.Unknown;
        DeceasedBoolean = null;
        DoNotPerform = null;
        DeceasedDate = null;
        Active = null;
        ManagingOrganization = null;
    }

    /// <summary>A cleared codings list for the next contained Medication (lists are reused between resources).</summary>
    public List<Coding> NextContained(string id)
    {
        if (ContainedUsed == ContainedMedications.Count)
        {
            ContainedMedications.Add((id, []));
        }
        else
        {
            var list = ContainedMedications[ContainedUsed].Codes;
            list.Clear();
            ContainedMedications[ContainedUsed] = (id, list);
        }

        return ContainedMedications[ContainedUsed++].Codes;
    }
}
