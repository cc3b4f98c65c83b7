using QiSdk.Codes;
using QiSdk.Indicators;
using QiSdk.Records;
using static QiSdk.Tests.Indicators.Catalogue.Codes;
using static QiSdk.Tests.Indicators.PatientFactory;

namespace QiSdk.Tests.Indicators.Catalogue;

/// <summary>
/// QOF CHOL003 (v49) numerator, second route, written from the published rule (Primary Care IT's guide to the v49 business
/// rules): a statin in the last 6 months, OR (a statin intolerance code ever, a persisting statin contraindication ever, a
/// statin declined or expiring contraindication code in the year, AND bempedoic acid, ezetimibe, icosapent ethyl, inclisiran
/// or a PCSK9 inhibitor in the last 6 months). QiSdk ships no list of those drugs, so the host supplies one; here through the
/// public host options (<see cref="QualityPipelineOptions.CodeSets"/> and <see cref="QualityPipelineOptions.CodeSetFiles"/>),
/// with a TEST-ONLY drug set: clearly fictitious local codes in <c>http://example.org/test-local-drugs</c>, not dm+d, never
/// shipped. R = 2024-03-31, so R - 6 months = 2023-09-30 (outside, docs/semantics.md) and 2023-10-01 is the first day inside.
/// </summary>
public sealed class QofChol003NonStatinRouteTests
{
    private const string Id = "qof-chol003-cvd-statin";
    private const string SetName = "NONSTATIN_LLT_DMD";

    // TEST-ONLY: fictitious local codes standing for an ezetimibe product and an inclisiran product. Not real codes of any system.
    private const string TestLocalDrugs = "http://example.org/test-local-drugs";
    private const string TestEzetimibe = "TEST-ONLY-EZETIMIBE-10MG";
    private const string TestInclisiran = "TEST-ONLY-INCLISIRAN-284MG";

    // Published statin-unsuitable codes (QOF clusters; SNOMED CT).
    private const string StatinNotTolerated = "413174003";   // STATINTOL_COD (also TXSTAT_COD)
    private const string AllergyToSimvastatin = "294971007"; // XSTAT_COD persisting contraindication
    private const string StatinDeclined = "134396000";       // STATINDEC_COD

    private static readonly MeasurementPeriod Period = new(new DateOnly(2024, 3, 31));

    private static readonly Lazy<QualityPipeline> Supplied = new(() => QualityPipeline.Create(new QualityPipelineOptions
    {
        CodeSets = [CodeSet.Create(SetName, [new CodeSetMember(TestLocalDrugs, TestEzetimibe), new CodeSetMember(TestLocalDrugs, TestInclisiran)], "TEST-ONLY non-statin lipid-lowering drugs")],
        CodeSystems = [new CodeSystem(TestLocalDrugs, "Test-only local drug codes", CodeSystemKind.Local)],
    }));

    private static readonly Lazy<QualityPipeline> NotSupplied = new(() => QualityPipeline.Create(new QualityPipelineOptions()));

    private static PatientRecord PadPatient(params ClinicalEvent[] events) =>
        Patient("1950-01-01", AdministrativeGender.Male, [Condition(PeripheralArterialDisease, "2020-01-01"), .. events]);

    private static ClinicalEvent TestDrug(string date, string code = TestEzetimibe) => Prescription(code, date, system: TestLocalDrugs);

    private static ClinicalEvent Statin(string date) => Prescription(Simvastatin, date, system: TestMatcher.Dmd);

    private static (PopulationMembership Populations, DataQualityLog Log) Evaluate(QualityPipeline pipeline, PatientRecord patient)
    {
        var log = new DataQualityLog();
        var set = pipeline.Compile([pipeline.Catalogue.Get(Id)], Period);
        var result = set.Evaluate([patient], log).Single();
        var membership = result.Patients.SingleOrDefault()?.Populations ?? PopulationMembership.None;
        Assert.That(set.Explain(patient).Single().Populations, Is.EqualTo(membership), "explanation and evaluation must agree");
        return (membership, log);
    }

    private static bool InNumerator(PopulationMembership m) => (m & PopulationMembership.Numerator) != 0;

    private static bool InDenominator(PopulationMembership m) => (m & PopulationMembership.Denominator) != 0;

    [TestCase(StatinNotTolerated, "2015-01-01", Description = "statin intolerance, any time before R")]
    [TestCase(AllergyToSimvastatin, "2010-06-01", Description = "persisting contraindication, any time before R")]
    [TestCase(StatinDeclined, "2023-04-01", Description = "statin declined in the year (first day of the 12 months)")]
    public void Statin_unsuitable_code_and_a_listed_drug_in_the_last_6_months_counts(string unsuitable, string date)
    {
        var (populations, log) = Evaluate(Supplied.Value, PadPatient(Condition(unsuitable, date), TestDrug("2023-10-01")));

        Assert.That(InNumerator(populations), Is.True);
        Assert.That(log.Snapshot().Select(i => i.Code), Does.Not.Contain(QiErrorCodes.Indicators.HostCodeSetNotSupplied), "the set was supplied");
    }

    [TestCase("2023-10-01", ExpectedResult = true, Description = "first day inside R - 6 months")]
    [TestCase("2023-09-30", ExpectedResult = false, Description = "exactly 6 months before R: outside, as for the statin")]
    [TestCase("2024-03-31", ExpectedResult = true, Description = "on R")]
    [TestCase("2024-04-01", ExpectedResult = false, Description = "after R")]
    public bool Listed_drug_window_is_the_statin_window(string drugDate) =>
        InNumerator(Evaluate(Supplied.Value, PadPatient(Condition(StatinNotTolerated, "2022-01-01"), TestDrug(drugDate))).Populations);

    [TestCase("2023-04-01", ExpectedResult = true, Description = "declined inside the 12 months")]
    [TestCase("2023-03-31", ExpectedResult = false, Description = "declined exactly 12 months before R: not in the year")]
    public bool Statin_declined_counts_only_in_the_year(string declinedDate) =>
        InNumerator(Evaluate(Supplied.Value, PadPatient(Condition(StatinDeclined, declinedDate), TestDrug("2024-01-15", TestInclisiran))).Populations);

    [Test]
    public void Listed_drug_without_a_statin_unsuitable_code_does_not_count()
    {
        var (populations, _) = Evaluate(Supplied.Value, PadPatient(TestDrug("2024-01-15")));

        Assert.That(InDenominator(populations), Is.True);
        Assert.That(InNumerator(populations), Is.False);
    }

    [Test]
    public void Statin_unsuitable_code_without_a_listed_drug_does_not_count()
    {
        var (populations, _) = Evaluate(Supplied.Value, PadPatient(Condition(StatinNotTolerated, "2022-01-01")));

        Assert.That(InDenominator(populations), Is.True);
        Assert.That(InNumerator(populations), Is.False);
    }

    [Test]
    public void A_statin_alone_counts() =>
        Assert.That(InNumerator(Evaluate(Supplied.Value, PadPatient(Statin("2024-01-15"))).Populations), Is.True);

    [Test]
    public void Not_supplied_the_route_is_inactive_and_the_run_says_so_once_with_where_and_how()
    {
        var (populations, log) = Evaluate(NotSupplied.Value, PadPatient(Condition(StatinNotTolerated, "2022-01-01"), TestDrug("2024-01-15")));

        Assert.That(InDenominator(populations), Is.True);
        Assert.That(InNumerator(populations), Is.False, "no drug list: the route counts no one");
        var issue = log.Snapshot().Single(i => i.Code == QiErrorCodes.Indicators.HostCodeSetNotSupplied);
        Assert.That(issue.Severity, Is.EqualTo(DataQualitySeverity.Warning));
        Assert.That(issue.ResourceType, Is.EqualTo("Measure"));
        Assert.That(issue.ResourceId, Is.EqualTo(Id));
        Assert.That(issue.JsonPath, Is.EqualTo("$.hostCodeSets[0]"));
        Assert.That(issue.Message, Does.Contain(Id).And.Contain(SetName).And.Contain("inactive").And.Contain("--value-set").And.Contain("QualityPipelineOptions.CodeSets"));
    }

    [Test]
    public void Not_supplied_the_statin_route_still_counts()
    {
        var (populations, log) = Evaluate(NotSupplied.Value, PadPatient(Statin("2024-01-15")));

        Assert.That(InNumerator(populations), Is.True);
        Assert.That(log.Snapshot().Count(i => i.Code == QiErrorCodes.Indicators.HostCodeSetNotSupplied), Is.EqualTo(1));
    }

    [Test]
    public void Not_supplied_strict_mode_still_evaluates_and_logs_the_setup_issue()
    {
        var engine = new IndicatorEngine(NotSupplied.Value.Terminology, new IndicatorEngineOptions { Strict = true });
        var log = new DataQualityLog();

        var result = engine.Compile([IndicatorCatalogue.BuiltIn().Get(Id)], Period).Evaluate([PadPatient(Statin("2024-01-15"))], log).Single();

        Assert.That(result.Summary.Counts.Numerator, Is.EqualTo(1));
        Assert.That(log.Snapshot().Select(i => i.Code), Does.Contain(QiErrorCodes.Indicators.HostCodeSetNotSupplied));
    }

    [Test]
    public void Supplied_as_a_code_set_file_the_route_counts()
    {
        string file = Path.Combine(Path.GetTempPath(), $"qisdk-test-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, $$"""
            {"format": "qisdk-codesets/1", "codeSets": [{"name": "{{SetName}}", "title": "TEST-ONLY fictitious local drug codes", "system": "{{TestLocalDrugs}}", "codes": ["{{TestEzetimibe}}"]}]}
            """);
        try
        {
            var pipeline = QualityPipeline.Create(new QualityPipelineOptions { CodeSetFiles = [file] });

            var (populations, log) = Evaluate(pipeline, PadPatient(Condition(StatinNotTolerated, "2022-01-01"), TestDrug("2024-01-15")));

            Assert.That(InNumerator(populations), Is.True);
            Assert.That(log.Snapshot().Select(i => i.Code), Does.Not.Contain(QiErrorCodes.Indicators.HostCodeSetNotSupplied));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
