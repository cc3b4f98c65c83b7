using QiSdk.Codes;
using QiSdk.Indicators;
using QiSdk.Records;
using static QiSdk.Tests.Indicators.PatientFactory;

namespace QiSdk.Tests.Indicators;

/// <summary>
/// Code sets written inside a definition (qof-dm020-hba1c-58's DCCT and LOINC HbA1c codes) go through the same system
/// aliases, code normalisation and maps as catalogue code sets.
/// </summary>
public sealed class InlineCodeSetTests
{
    private const string Dm020 = "qof-dm020-hba1c-58";
    private const string Dm = "111552007";
    private static readonly MeasurementPeriod Period = new(new DateOnly(2024, 3, 31));
    private static readonly Lazy<IReadOnlyList<CodeSet>> Shipped = new(BuiltInCodeSets.Load);
    private static readonly Lazy<IndicatorCatalogue> Catalogue = new(IndicatorCatalogue.BuiltIn);

    private static PatientRecord Diabetic(params ClinicalEvent[] events) => Patient("1970-06-15", AdministrativeGender.Female, [Condition(Dm, "2015-01-10"), .. events]);

    private static ClinicalEvent Reading(string system, string code, decimal value, string unit) =>
        Observation(code, "2023-10-01", value, unit, system);

    private static PopulationMembership Evaluate(ICodeSetMatcher matcher, PatientRecord patient, string id = Dm020) =>
        Evaluate(new IndicatorEngine(matcher), [Catalogue.Value.Get(id)], patient);

    private static PopulationMembership Evaluate(IndicatorEngine engine, IndicatorDefinition[] defs, PatientRecord patient, int index = 0)
    {
        var set = engine.Compile(defs, Period);
        var result = set.Evaluate([patient], new DataQualityLog())[index];
        var membership = result.Patients.SingleOrDefault()?.Populations ?? PopulationMembership.None;
        Assert.That(set.Explain(patient)[index].Populations, Is.EqualTo(membership), "explanation and evaluation must agree");
        return membership;
    }

    private const PopulationMembership Numerator = PopulationMembership.InitialPopulation | PopulationMembership.Denominator | PopulationMembership.Numerator;
    private const PopulationMembership Denominator = PopulationMembership.InitialPopulation | PopulationMembership.Denominator;

    [TestCase("urn:oid:2.16.840.1.113883.6.96", "1019431000000105", 6.5, "%")]
    [TestCase("SNOMED", "1019431000000105", 6.5, "%")]
    [TestCase("http://snomed.info/sct", " 1019431000000105 ", 6.5, "%")]
    [TestCase("http://loinc.org", "4548-4 ", 6.5, "%")]
    [TestCase("urn:oid:2.16.840.1.113883.6.1", "4548-4", 6.5, "%")]
    [TestCase("LOINC", "59261-8", 48, "mmol/mol")]
    public void Inline_hba1c_code_written_with_an_alias_or_whitespace_counts_through_the_terminology(string system, string code, decimal value, string unit)
    {
        var terminology = Terminology.Create(Shipped.Value);
        Assert.That(Evaluate(terminology, Diabetic(Reading(system, code, value, unit))), Is.EqualTo(Numerator));
    }

    [Test]
    public void Inline_hba1c_code_that_is_a_different_loinc_code_does_not_count()
    {
        var terminology = Terminology.Create(Shipped.Value);
        Assert.That(Evaluate(terminology, Diabetic(Reading("http://loinc.org", "4548-5", 6.5m, "%"))), Is.EqualTo(Denominator));
    }

    [Test]
    public void Inline_hba1c_code_reached_through_a_map_counts()
    {
        var map = CodeMap.Create("lab", [new CodeMapEntry(CodeSystems.EmisLocal, "LAB-HBA1C-DCCT", "http://loinc.org", "4548-4")]);
        var mapped = Terminology.Create(Shipped.Value, [map]);
        var patient = Diabetic(Reading(CodeSystems.EmisLocal, "LAB-HBA1C-DCCT", 6.5m, "%"));
        Assert.That(Evaluate(mapped, patient), Is.EqualTo(Numerator));
        Assert.That(Evaluate(Terminology.Create(Shipped.Value), patient), Is.EqualTo(Denominator), "without the map the local code matches nothing");
    }

    [Test]
    public void Inline_code_reached_through_a_two_step_map_counts()
    {
        var map = CodeMap.Create("lab", [
            new CodeMapEntry(CodeSystems.EmisLocal, "HBA1C-OLD", CodeSystems.EmisLocal, "HBA1C-NEW"),
            new CodeMapEntry(CodeSystems.EmisLocal, "HBA1C-NEW", "SNOMED", "1019431000000105"),
        ]);
        var mapped = Terminology.Create(Shipped.Value, [map]);
        Assert.That(Evaluate(mapped, Diabetic(Reading("EMIS", "HBA1C-OLD", 6.5m, "%"))), Is.EqualTo(Numerator));
    }

    [Test]
    public void Fallback_matcher_that_is_not_a_terminology_still_resolves_aliases_and_whitespace_of_inline_codes()
    {
        var matcher = new TestMatcher().Add("DM_COD", Snomed, Dm).Add("DMRES_COD", Snomed, "315051004")
            .Add("IFCCHBAM_COD", Snomed, "1049301000000100")
            .Add("MILDFRAIL_COD", Snomed, "925791000000100").Add("MODFRAIL_COD", Snomed, "925831000000107").Add("SEVFRAIL_COD", Snomed, "925861000000102")
            .Add("DMMAX_COD", Snomed, "1").Add("DMPCAPU_COD", Snomed, "2").Add("DMPCADEC_COD", Snomed, "3").Add("BLDTESTDEC_COD", Snomed, "4").Add("DMINVITE_COD", Snomed, "5");
        Assert.That(Evaluate(matcher, Diabetic(Reading("urn:oid:2.16.840.1.113883.6.96", "1019431000000105", 6.5m, "%"))), Is.EqualTo(Numerator));
        Assert.That(Evaluate(matcher, Diabetic(Reading("http://loinc.org", "4548-4 ", 6.5m, "%"))), Is.EqualTo(Numerator));
        Assert.That(Evaluate(matcher, Diabetic(Reading("http://loinc.org", "\uFEFF4548-4", 6.5m, "%"))), Is.EqualTo(Numerator));
        Assert.That(Evaluate(matcher, Diabetic(Reading("http://loinc.org", "4548-5", 6.5m, "%"))), Is.EqualTo(Denominator));
    }

    [Test]
    public void Two_definitions_with_an_inline_set_of_the_same_name_keep_their_own_codes()
    {
        var a = Simple("inline-a", new Coding("http://loinc.org", "1111-1", null));
        var b = Simple("inline-b", new Coding("http://loinc.org", "2222-2", null));
        var engine = new IndicatorEngine(Terminology.Create(Shipped.Value));
        var patient = Patient("1970-01-01", AdministrativeGender.Male, Observation("2222-2", "2024-01-01", system: "LOINC"));
        Assert.That(Evaluate(engine, [a, b], patient, 0), Is.EqualTo(Denominator));
        Assert.That(Evaluate(engine, [a, b], patient, 1), Is.EqualTo(Numerator));
    }

    [Test]
    public void Recompiling_with_changed_inline_codes_does_not_reuse_the_previous_inline_sets()
    {
        var engine = new IndicatorEngine(Terminology.Create(Shipped.Value));
        var patient = Patient("1970-01-01", AdministrativeGender.Male, Observation("2222-2", "2024-01-01", system: "LOINC"));
        Assert.That(Evaluate(engine, [Simple("inline-a", new Coding("http://loinc.org", "1111-1", null))], patient), Is.EqualTo(Denominator));
        Assert.That(Evaluate(engine, [Simple("inline-a", new Coding("http://loinc.org", "2222-2", null))], patient), Is.EqualTo(Numerator));
        Assert.That(Evaluate(engine, [Simple("inline-a", new Coding("http://loinc.org", "1111-1", null))], patient), Is.EqualTo(Denominator));
    }

    [Test]
    public void Inline_set_named_like_a_catalogue_set_does_not_capture_the_catalogue_codes()
    {
        // DM_COD written inline with one LOINC code shadows the catalogue DM_COD inside this definition only.
        var def = IndicatorBuilder.Create("inline-shadow", "https://example.org/Measure/inline-shadow").Title("shadow")
            .CodeSet("DM_COD", new Coding("http://loinc.org", "1111-1", null))
            .Select("all", [MeasurePopulation.InitialPopulation, MeasurePopulation.Denominator], Criteria.PopulationBase(), continueAfter: true)
            .RejectUnless("base", Criteria.PopulationBase())
            .Select("has", [MeasurePopulation.Numerator], Criteria.Exists(Criteria.Events("DM_COD")))
            .Build();
        var engine = new IndicatorEngine(Terminology.Create(Shipped.Value));
        Assert.That(Evaluate(engine, [def], Diabetic()), Is.EqualTo(Denominator));
        Assert.That(Evaluate(engine, [def], Patient("1970-01-01", AdministrativeGender.Male, Observation("1111-1", "2024-01-01", system: "http://loinc.org"))), Is.EqualTo(Numerator));
    }

    private static IndicatorDefinition Simple(string id, Coding code) =>
        IndicatorBuilder.Create(id, "https://example.org/Measure/" + id).Title(id)
            .CodeSet("TEST", code)
            .Select("all", [MeasurePopulation.InitialPopulation, MeasurePopulation.Denominator], Criteria.PopulationBase(), continueAfter: true)
            .RejectUnless("base", Criteria.PopulationBase())
            .Select("has", [MeasurePopulation.Numerator], Criteria.Exists(Criteria.Events("TEST")))
            .Build();
}
