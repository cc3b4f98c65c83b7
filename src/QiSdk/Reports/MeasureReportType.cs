namespace QiSdk.Reports;

/// <summary>The FHIR R4 <c>MeasureReport.type</c> values QiSdk writes.</summary>
public enum MeasureReportType
{
    /// <summary><c>summary</c>: aggregate counts only; what may leave the practice under a policy.</summary>
    Summary,

    /// <summary><c>subject-list</c>: counts plus, per population, a contained List of the patients in it (local only).</summary>
    SubjectList,

    /// <summary><c>individual</c>: one patient's populations (local only).</summary>
    Individual,
}
