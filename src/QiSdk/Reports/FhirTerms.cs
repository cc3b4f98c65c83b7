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

    /// <summary>On a released population count: the inclusive range (valueRange) of original counts it was rounded from.</summary>
    public const string CellRoundingExtension = ExtensionBase + "cell-rounding";

    /// <summary>On a MeasureReport, once per resource type: sub-extensions <c>resourceType</c> (valueCode) and <c>latestEventDate</c> (valueDate).</summary>
    public const string DataFreshnessExtension = ExtensionBase + "data-freshness";

    public static string Code(MeasurePopulation population) => population switch
    {
        MeasurePopulation.InitialPopulation => "initial-population",
        MeasurePopulation.Denominator => "denominator",
        MeasurePopulation.DenominatorExclusion => "denominator-exclusion",
        MeasurePopulation.DenominatorException => "denominator-exception",
        MeasurePopulation.Numerator => "numerator",
        _ => throw new ArgumentOutOfRangeException(nameof(population), population, "Unknown measure population."),
    };

    public static bool TryParsePopulation(string? code, out MeasurePopulation population)
    {
        switch (code)
        {
            case "initial-population": population = MeasurePopulation.InitialPopulation; return true;
            case "denominator": population = MeasurePopulation.Denominator; return true;
            case "denominator-exclusion": population = MeasurePopulation.DenominatorExclusion; return true;
            case "denominator-exception": population = MeasurePopulation.DenominatorException; return true;
            case "numerator": population = MeasurePopulation.Numerator; return true;
            default: population = default; return false;
        }
    }

    public static string Code(ImprovementDirection direction) => direction == ImprovementDirection.Increase ? "increase" : "decrease";

    public static string Code(IndicatorKind kind) => kind == IndicatorKind.Process ? "process" : "outcome";

    public static string Code(MeasureReportType type) => type switch
    {
        MeasureReportType.Summary => "summary",
        MeasureReportType.SubjectList => "subject-list",
        MeasureReportType.Individual => "individual",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown report type."),
    };

    public static readonly MeasurePopulation[] Populations =
    [
        MeasurePopulation.InitialPopulation,
        MeasurePopulation.Denominator,
        MeasurePopulation.DenominatorExclusion,
        MeasurePopulation.DenominatorException,
        MeasurePopulation.Numerator,
    ];

    public static PopulationMembership Flag(MeasurePopulation population) => population switch
    {
        MeasurePopulation.InitialPopulation => PopulationMembership.InitialPopulation,
        MeasurePopulation.Denominator => PopulationMembership.Denominator,
        MeasurePopulation.DenominatorExclusion => PopulationMembership.DenominatorExclusion,
        MeasurePopulation.DenominatorException => PopulationMembership.DenominatorException,
        MeasurePopulation.Numerator => PopulationMembership.Numerator,
        _ => PopulationMembership.None,
    };
}
