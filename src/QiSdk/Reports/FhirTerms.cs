using QiSdk.Indicators;

namespace QiSdk.Reports;

/// <summary>FHIR code systems and extension URLs used in the reports QiSdk writes and reads.</summary>
internal static class FhirTerms
{
    public const string MeasurePopulationSystem = "http://terminology.hl7.org/CodeSystem/measure-population";
    public const string ImprovementNotationSystem = "http://terminology.hl7.org/CodeSystem/measure-improvement-notation";
    public const string MeasureTypeSystem = "http://terminology.hl7.org/CodeSystem/measure-type";

    /// <summary>Base of QiSdk's own extensions (indicator id, version, title, kind).</summary>
    public const string ExtensionBase = "https://qisdk.org/fhir/StructureDefinition/";
    public const string IndicatorIdExtension = ExtensionBase + "indicator-id";
    public const string IndicatorVersionExtension = ExtensionBase + "indicator-version";
    public const string IndicatorTitleExtension = ExtensionBase + "indicator-title";
    public const string IndicatorKindExtension = ExtensionBase + "indicator-kind";
    public const string CellNoteExtension = ExtensionBase + "cell-note";

    /// <summary>Identifier system of a report's full name (its id is a short form of it, see <see cref="FhirIds"/>).</summary>
    public const string ReportNameSystem = "https://qisdk.org/fhir/NamingSystem/report-name";

    /// <summary>Every extension QiSdk writes; each has a StructureDefinition in Resources/Fhir/StructureDefinitions.</summary>
    public static readonly string[] Extensions = [IndicatorIdExtension, IndicatorVersionExtension, IndicatorTitleExtension, IndicatorKindExtension, CellNoteExtension];

    // The measure vocabulary lives in IndicatorTerms (one place); these forward to it for the report readers and writers.
    public static string Code(MeasurePopulation population) => IndicatorTerms.Code(population);

    public static bool TryParsePopulation(string? code, out MeasurePopulation population) => IndicatorTerms.TryParsePopulation(code, out population);

    public static string Code(ImprovementDirection direction) => IndicatorTerms.Code(direction);

    public static string Code(IndicatorKind kind) => IndicatorTerms.Code(kind);

    public static string Code(MeasureReportType type) => type switch
    {
        MeasureReportType.Summary => "summary",
        MeasureReportType.SubjectList => "subject-list",
        MeasureReportType.Individual => "individual",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown report type."),
    };

    public static IReadOnlyList<MeasurePopulation> Populations => IndicatorTerms.Populations;

    public static PopulationMembership Flag(MeasurePopulation population) => IndicatorTerms.Flag(population);
}
