using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using QiSdk.Codes;
using QiSdk.Indicators;
using QiSdk.Reports;

namespace QiSdk.Firely;

/// <summary>
/// QiSdk's FHIR output as Firely objects, for hosts that store or send FHIR through the Firely SDK: MeasureReport
/// Bundles (summary, subject-list, individual) and the indicator catalogue as Measures, ValueSets and the
/// StructureDefinitions of QiSdk's extensions. The objects hold exactly what the JSON writers write (they are built by
/// parsing that JSON with Firely's strict parser, so anything Firely would refuse fails here rather than downstream).
/// </summary>
public static class FirelyReports
{
    private static readonly FhirJsonDeserializer Parser = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));

    /// <summary>One summary MeasureReport per indicator, in a <c>collection</c> Bundle (as <see cref="MeasureReportJson.WriteSummaryBundle"/>).</summary>
    /// <param name="summaries">The indicator summaries.</param>
    /// <param name="options">Writer options (e.g. the generation time); defaults when null.</param>
    public static Bundle ToSummaryBundle(IEnumerable<IndicatorSummary> summaries, MeasureReportWriteOptions? options = null) =>
        Parse<Bundle>(s => MeasureReportJson.WriteSummaryBundle(s, summaries, options));

    /// <summary>Subject-list MeasureReports (patient-level: local only), as <see cref="MeasureReportJson.WriteSubjectListBundle"/>.</summary>
    /// <param name="results">The indicator results with their patients.</param>
    /// <param name="options">Writer options; defaults when null.</param>
    public static Bundle ToSubjectListBundle(IEnumerable<IndicatorResult> results, MeasureReportWriteOptions? options = null) =>
        Parse<Bundle>(s => MeasureReportJson.WriteSubjectListBundle(s, results, options));

    /// <summary>Individual MeasureReports (patient-level: local only), as <see cref="MeasureReportJson.WriteIndividualBundle"/>.</summary>
    /// <param name="results">The indicator results with their patients.</param>
    /// <param name="options">Writer options; defaults when null.</param>
    public static Bundle ToIndividualBundle(IEnumerable<IndicatorResult> results, MeasureReportWriteOptions? options = null) =>
        Parse<Bundle>(s => MeasureReportJson.WriteIndividualBundle(s, results, options));

    /// <summary>The summary MeasureReports alone (the entries of <see cref="ToSummaryBundle"/>).</summary>
    /// <param name="summaries">The indicator summaries.</param>
    public static IReadOnlyList<MeasureReport> ToMeasureReports(IEnumerable<IndicatorSummary> summaries) =>
        [.. ToSummaryBundle(summaries).Entry.Select(e => e.Resource).OfType<MeasureReport>()];

    /// <summary>
    /// The catalogue as FHIR: a Measure per indicator, a ValueSet per catalogue code set they use, and the
    /// StructureDefinition of every QiSdk extension (what <c>qi indicators --fhir</c> writes).
    /// </summary>
    /// <param name="definitions">The indicators (e.g. <c>IndicatorCatalogue.BuiltIn().Definitions</c>).</param>
    /// <param name="codeSets">The code sets their names resolve in; the built-in ones when null.</param>
    /// <exception cref="InvalidOperationException">A definition names a code set that is not given.</exception>
    public static IReadOnlyList<Resource> ToConformanceResources(IEnumerable<IndicatorDefinition> definitions, IEnumerable<CodeSet>? codeSets = null) =>
        [.. FhirCatalogueWriter.Publish(definitions, codeSets ?? BuiltInCodeSets.Load()).Select(r => Parser.DeserializeResource(System.Text.Encoding.UTF8.GetString(r.Json.Span)))];

    /// <summary>The Measure of one indicator.</summary>
    /// <param name="definition">The indicator.</param>
    /// <param name="codeSets">The code sets its names resolve in; the built-in ones when null.</param>
    public static Measure ToMeasure(IndicatorDefinition definition, IEnumerable<CodeSet>? codeSets = null) =>
        ToConformanceResources([definition], codeSets).OfType<Measure>().Single();

    private static T Parse<T>(Action<Stream> write)
        where T : Resource
    {
        using var stream = new MemoryStream();
        write(stream);
        return Parser.Deserialize<T>(System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length));
    }
}
