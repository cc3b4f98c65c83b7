using QiSdk.Indicators;
using QiSdk.Records;
using static QiSdk.Tests.Indicators.Catalogue.Codes;
using static QiSdk.Tests.Indicators.PatientFactory;

namespace QiSdk.Tests.Indicators.Catalogue;

/// <summary>qof-af007-anticoagulation-chads2vasc-2 on hand-built patients: each CHA2DS2-VASc item and its boundaries.</summary>
public sealed class QofAf007Tests : CatalogueFixture
{
    protected override string IndicatorId => "qof-af007-anticoagulation-chads2vasc-2";

    private static ClinicalEvent Af => Condition(AtrialFibrillation, "2018-01-01");

    // Male aged 60 at R: scores 0 from age and sex.
    private static PatientRecord Man60(params ClinicalEvent[] events) => Male("1963-06-01", [Af, .. events]);

    [Test]
    public void Score_0_is_in_no_population() =>
        Assert.That(Evaluate(Man60()), Is.EqualTo(None));

    [Test]
    public void Hypertension_and_diabetes_score_2_without_anticoagulant_is_denominator_only() =>
        Assert.That(Evaluate(Man60(Condition(Hypertension, "2019-01-01"), Condition(Diabetes, "2019-01-01"))), Is.EqualTo(Denominator));

    [Test]
    public void Score_2_with_anticoagulant_in_6_months_is_in_numerator() =>
        Assert.That(Evaluate(Man60(Condition(Hypertension, "2019-01-01"), Condition(Diabetes, "2019-01-01"), Prescription(Warfarin, "2023-10-01"))), Is.EqualTo(Numerator));

    [Test]
    public void Anticoagulant_exactly_6_months_before_does_not_count() =>
        Assert.That(Evaluate(Man60(Condition(Hypertension, "2019-01-01"), Condition(Diabetes, "2019-01-01"), Prescription(Warfarin, "2023-09-30"))), Is.EqualTo(Denominator));

    [Test]
    public void Stroke_alone_scores_2() =>
        Assert.That(Evaluate(Man60(Condition(Stroke, "2020-01-01"))), Is.EqualTo(Denominator));

    [Test]
    public void Tia_alone_scores_2() =>
        Assert.That(Evaluate(Man60(Condition(Tia, "2020-01-01"))), Is.EqualTo(Denominator));

    [Test]
    public void Heart_failure_plus_vascular_disease_scores_2() =>
        Assert.That(Evaluate(Man60(Condition(HeartFailure, "2020-01-01"), Condition(PeripheralArterialDisease, "2020-01-01"))), Is.EqualTo(Denominator));

    [Test]
    public void Myocardial_infarction_alone_scores_1() =>
        Assert.That(Evaluate(Man60(Condition(MyocardialInfarction, "2020-01-01"))), Is.EqualTo(None));

    [Test]
    public void Resolved_hypertension_does_not_score() =>
        Assert.That(Evaluate(Man60(Condition(Hypertension, "2019-01-01"), Condition(HypertensionResolved, "2021-01-01"), Condition(Diabetes, "2019-01-01"))), Is.EqualTo(None));

    [Test]
    public void Man_aged_75_on_reference_date_scores_2() =>
        Assert.That(Evaluate(Male("1949-03-31", Af)), Is.EqualTo(Denominator));

    [Test]
    public void Man_aged_74_scores_1() =>
        Assert.That(Evaluate(Male("1949-04-01", Af)), Is.EqualTo(None));

    [Test]
    public void Woman_aged_65_on_reference_date_scores_2() =>
        Assert.That(Evaluate(Female("1959-03-31", Af)), Is.EqualTo(Denominator));

    [Test]
    public void Woman_aged_64_scores_1() =>
        Assert.That(Evaluate(Female("1959-04-01", Af)), Is.EqualTo(None));

    [Test]
    public void Newly_diagnosed_af_without_anticoagulant_is_excepted() =>
        Assert.That(Evaluate(Male("1940-01-01", Condition(AtrialFibrillation, "2024-01-15"))), Is.EqualTo(Excepted));

    [Test]
    public void Newly_diagnosed_af_with_anticoagulant_is_numerator_not_excepted() =>
        Assert.That(Evaluate(Male("1940-01-01", Condition(AtrialFibrillation, "2024-01-15"), Prescription(Warfarin, "2024-01-15"))), Is.EqualTo(Numerator));

    [Test]
    public void Af_diagnosed_exactly_3_months_before_is_not_newly_diagnosed() =>
        Assert.That(Evaluate(Male("1940-01-01", Condition(AtrialFibrillation, "2023-12-31"))), Is.EqualTo(Denominator));

    [Test]
    public void No_af_is_in_no_population() =>
        Assert.That(Evaluate(Male("1940-01-01", Condition(Stroke, "2020-01-01"))), Is.EqualTo(None));
}

/// <summary>qof-chol003-cvd-statin on hand-built patients.</summary>
public sealed class QofChol003Tests : CatalogueFixture
{
    protected override string IndicatorId => "qof-chol003-cvd-statin";

    [Test]
    public void Chd_with_statin_in_6_months_is_in_numerator() =>
        Assert.That(Evaluate(Male("1955-01-01", Condition(MyocardialInfarction, "2020-01-01"), Prescription(Simvastatin, "2024-01-10"))), Is.EqualTo(Numerator));

    [Test]
    public void Chd_without_statin_is_denominator_only() =>
        Assert.That(Evaluate(Male("1955-01-01", Condition(MyocardialInfarction, "2020-01-01"))), Is.EqualTo(Denominator));

    [Test]
    public void Statin_exactly_6_months_before_does_not_count() =>
        Assert.That(Evaluate(Male("1955-01-01", Condition(MyocardialInfarction, "2020-01-01"), Prescription(Simvastatin, "2023-09-30"))), Is.EqualTo(Denominator));

    [Test]
    public void Stroke_with_statin_statement_is_in_numerator() =>
        Assert.That(Evaluate(Female("1955-01-01", Condition(Stroke, "2020-01-01"), Statement(Simvastatin, "2024-03-01"))), Is.EqualTo(Numerator));

    [Test]
    public void Pad_and_tia_are_on_the_register() =>
        Assert.That(new[] { Evaluate(Female("1955-01-01", Condition(PeripheralArterialDisease, "2020-01-01"))), Evaluate(Female("1955-01-01", Condition(Tia, "2020-01-01"))) }, Is.All.EqualTo(Denominator));

    [Test]
    public void Statin_recorded_as_dmd_code_counts() =>
        Assert.That(Evaluate(Male("1955-01-01", Condition(MyocardialInfarction, "2020-01-01"), Prescription(Simvastatin, "2024-01-10", system: TestMatcher.Dmd))), Is.EqualTo(Numerator));

    [Test]
    // Corrected: v49 CHOL003 as implemented applies no newly-diagnosed adjustment (the page declares personalised care
    // adjustments as not applied), so a new CHD patient without a statin stays in the denominator.
    public void Newly_diagnosed_chd_without_statin_is_excepted() =>
        Assert.That(Evaluate(Male("1955-01-01", Condition(MyocardialInfarction, "2024-02-01"))), Is.EqualTo(Denominator));

    [Test]
    public void No_cardiovascular_disease_is_in_no_population() =>
        Assert.That(Evaluate(Male("1955-01-01", Prescription(Simvastatin, "2024-01-10"))), Is.EqualTo(None));
}

/// <summary>qof-ckd-bp-140-90 on hand-built patients.</summary>
public sealed class QofCkdBpTests : CatalogueFixture
{
    protected override string IndicatorId => "qof-ckd-bp-140-90";

    private static PatientRecord Ckd(params ClinicalEvent[] events) => Female("1950-01-01", [Condition(CkdStage3, "2019-01-01"), .. events]);

    [Test]
    public void Ckd_with_bp_140_90_is_in_numerator() =>
        Assert.That(Evaluate(Ckd(BpPanel("2024-01-10", 140, 90))), Is.EqualTo(Numerator));

    [Test]
    public void Ckd_with_systolic_141_is_denominator_only() =>
        Assert.That(Evaluate(Ckd(BpPanel("2024-01-10", 141, 80))), Is.EqualTo(Denominator));

    [Test]
    public void Ckd_with_diastolic_91_is_denominator_only() =>
        Assert.That(Evaluate(Ckd(BpPanel("2024-01-10", 130, 91))), Is.EqualTo(Denominator));

    [Test]
    public void Standalone_snomed_readings_count() =>
        Assert.That(Evaluate(Ckd(Observation("72313002", "2024-01-10", 128, "mmHg"), Observation("271650006", "2024-01-10", 78, "mmHg"))), Is.EqualTo(Numerator));

    [Test]
    public void Bp_exactly_12_months_before_does_not_count() =>
        Assert.That(Evaluate(Ckd(BpPanel("2023-03-31", 120, 70))), Is.EqualTo(Denominator));

    [Test]
    public void Later_ckd_stage_2_code_takes_the_patient_off_the_register() =>
        Assert.That(Evaluate(Ckd(Condition(CkdStage2, "2022-01-01"), BpPanel("2024-01-10", 120, 70))), Is.EqualTo(None));

    [Test]
    public void Maximal_therapy_excepts_a_patient_above_target() =>
        Assert.That(Evaluate(Ckd(BpPanel("2024-01-10", 150, 95), Observation(MaximalAntihypertensiveTherapy, "2023-09-01"))), Is.EqualTo(Excepted));

    [Test]
    public void Bp_refused_excepts_a_patient_without_reading() =>
        Assert.That(Evaluate(Ckd(Observation(BpRefused, "2023-09-01"))), Is.EqualTo(Excepted));

    [Test]
    public void Newly_diagnosed_ckd_is_excepted() =>
        Assert.That(Evaluate(Female("1950-01-01", Condition(CkdStage3, "2023-08-01"))), Is.EqualTo(Excepted));

    [Test]
    public void Aged_17_is_in_no_population() =>
        Assert.That(Evaluate(Female("2006-04-01", Condition(CkdStage3, "2019-01-01"), BpPanel("2024-01-10", 120, 70))), Is.EqualTo(None));
}

/// <summary>
/// qof-ast007-asthma-review-12m on hand-built patients. Corrected: these tests encoded the replaced register-currency
/// indicator (an AST_COD code re-entered in 12 months counted); AST007 counts an asthma review, so the numerator cases now
/// record a review code and a re-entered diagnosis alone stays in the denominator. Corrected again for the QOF register's
/// drug condition: every asthmatic here has an asthma drug (OS_ASTHMA_DRUG_TREATMENT) prescribed in the year. Corrected a
/// third time for the review's published components: a numerator review now carries a written plan, a control test and an
/// exacerbation count on its day (a bare review code is denominator only, see QofAst007PublishedRuleTests).
/// </summary>
public sealed class QofAsthmaTests : CatalogueFixture
{
    private const string AsthmaAnnualReview = "394700004"; // REV_COD Asthma annual review

    protected override string IndicatorId => "qof-ast007-asthma-review-12m";

    private static readonly ClinicalEvent Inhaler = Prescription(AsthmaInhaler, "2024-01-15", system: TestMatcher.Dmd);

    /// <summary>The review with its published components on the same day: written plan, control test, exacerbation count.</summary>
    private static ClinicalEvent[] Review(string date) =>
        [Observation(AsthmaAnnualReview, date), Observation("527171000000103", date), Observation("443117005", date), Observation("366874008", date)];

    [Test]
    public void Asthma_coded_in_the_last_12_months_is_in_numerator() =>
        Assert.That(Evaluate(Female("2010-01-01", [Condition(Asthma, "2015-01-01"), Inhaler, .. Review("2023-06-01")])), Is.EqualTo(Numerator));

    [Test]
    public void Asthma_re_coded_without_a_review_is_denominator_only() =>
        Assert.That(Evaluate(Female("2010-01-01", Condition(Asthma, "2015-01-01"), Inhaler, Observation(Asthma, "2023-06-01"))), Is.EqualTo(Denominator));

    [Test]
    public void Asthma_coded_only_long_ago_is_denominator_only() =>
        Assert.That(Evaluate(Female("2010-01-01", Condition(Asthma, "2015-01-01"), Inhaler)), Is.EqualTo(Denominator));

    [Test]
    public void Asthma_code_exactly_12_months_before_does_not_count() =>
        Assert.That(Evaluate(Female("2010-01-01", [Condition(Asthma, "2015-01-01"), Inhaler, .. Review("2023-03-31")])), Is.EqualTo(Denominator));

    [Test]
    public void Resolved_asthma_is_in_no_population() =>
        Assert.That(Evaluate(Female("2010-01-01", [Condition(Asthma, "2015-01-01"), Inhaler, Condition(AsthmaResolved, "2020-01-01"), .. Review("2023-06-01")])), Is.EqualTo(None));

    [Test]
    public void Aged_6_on_reference_date_is_included() =>
        Assert.That(Evaluate(Female("2018-03-31", [Condition(Asthma, "2023-06-01"), Inhaler, .. Review("2023-07-01")])), Is.EqualTo(Numerator));

    [Test]
    public void Aged_5_is_in_no_population() =>
        Assert.That(Evaluate(Female("2018-04-01", [Condition(Asthma, "2023-06-01"), Inhaler, .. Review("2023-07-01")])), Is.EqualTo(None));
}

/// <summary>The data-completeness indicators on hand-built patients.</summary>
public sealed class DataCompletenessTests : CatalogueFixture
{
    private string _id = string.Empty;

    protected override string IndicatorId => _id;

    private PopulationMembership Smoking(string birthDate, params ClinicalEvent[] events)
    {
        _id = "dq-smoking-status-recorded";
        return Evaluate(Male(birthDate, events));
    }

    private PopulationMembership Bp(string birthDate, params ClinicalEvent[] events)
    {
        _id = "dq-bp-recorded-45-5y";
        return Evaluate(Male(birthDate, events));
    }

    [Test]
    public void Current_smoker_recorded_in_27_months_is_in_numerator() =>
        Assert.That(Smoking("1990-01-01", Observation("77176002", "2022-01-01")), Is.EqualTo(Numerator));

    [Test]
    public void Smoking_status_exactly_27_months_before_does_not_count() =>
        Assert.That(Smoking("1990-01-01", Observation("8517006", "2021-12-31")), Is.EqualTo(Denominator));

    [Test]
    public void Never_smoked_recorded_long_ago_counts() =>
        Assert.That(Smoking("1990-01-01", Observation("266919005", "2008-05-01")), Is.EqualTo(Numerator));

    [Test]
    public void Loinc_tobacco_smoking_status_observation_counts() =>
        Assert.That(Smoking("1990-01-01", Observation("72166-2", "2023-05-01", system: Loinc)), Is.EqualTo(Numerator));

    [Test]
    public void Smoking_consumption_unknown_is_not_a_status() =>
        Assert.That(Smoking("1990-01-01", Observation("266927001", "2023-05-01")), Is.EqualTo(Denominator));

    [Test]
    public void Aged_15_on_reference_date_is_included() =>
        Assert.That(Smoking("2009-03-31"), Is.EqualTo(Denominator));

    [Test]
    public void Aged_14_is_in_no_population() =>
        Assert.That(Smoking("2009-04-01", Observation("77176002", "2024-01-01")), Is.EqualTo(None));

    [Test]
    public void Bp_recorded_in_5_years_is_in_numerator() =>
        Assert.That(Bp("1970-01-01", Observation(BpRecording, "2019-04-01")), Is.EqualTo(Numerator));

    [Test]
    public void Bp_exactly_5_years_before_does_not_count() =>
        Assert.That(Bp("1970-01-01", Observation(BpRecording, "2019-03-31")), Is.EqualTo(Denominator));

    [Test]
    public void Loinc_bp_panel_counts() =>
        Assert.That(Bp("1970-01-01", BpPanel("2022-01-01", 130, 80)), Is.EqualTo(Numerator));

    [Test]
    public void Systolic_reading_counts() =>
        Assert.That(Bp("1970-01-01", Observation("72313002", "2022-01-01", 130, "mmHg")), Is.EqualTo(Numerator));

    [Test]
    public void Aged_45_on_reference_date_without_bp_is_denominator_only() =>
        Assert.That(Bp("1979-03-31"), Is.EqualTo(Denominator));

    [Test]
    public void Aged_44_is_in_no_population() =>
        Assert.That(Bp("1979-04-01", Observation(BpRecording, "2022-01-01")), Is.EqualTo(None));

    [Test]
    public void Deceased_before_reference_date_is_in_no_population()
    {
        _id = "dq-bp-recorded-45-5y";
        Assert.That(Evaluate(Male("1960-01-01", Observation(BpRecording, "2022-01-01")) with { DeceasedDate = FhirDate.Parse("2024-01-01") }), Is.EqualTo(None));
    }
}

/// <summary>qof-smok002-ltc-smoking-status-12m on hand-built patients.</summary>
public sealed class QofSmok002Tests : CatalogueFixture
{
    private const string Copd = "13645005"; // COPD_COD Chronic obstructive lung disease

    protected override string IndicatorId => "qof-smok002-ltc-smoking-status-12m";

    [Test]
    public void Copd_with_smoking_status_in_12_months_is_in_numerator() =>
        Assert.That(Evaluate(Male("1950-01-01", Condition(Copd, "2015-01-01"), Observation("8517006", "2023-06-01"))), Is.EqualTo(Numerator));

    [Test]
    public void Copd_with_smoking_status_exactly_12_months_before_is_denominator_only() =>
        Assert.That(Evaluate(Male("1950-01-01", Condition(Copd, "2015-01-01"), Observation("8517006", "2023-03-31"))), Is.EqualTo(Denominator));

    [Test]
    public void Each_listed_register_brings_the_patient_in() =>
        Assert.That(
            new[] { MyocardialInfarction, PeripheralArterialDisease, Stroke, Tia, Hypertension, Diabetes, CkdStage3, Asthma }
                // The asthma register also needs an asthma drug in the year (QOF's ASTTRT_COD condition).
                .Select(code => Evaluate(Female("1960-01-01", Condition(code, "2015-01-01"), Prescription(AsthmaInhaler, "2024-01-15", system: TestMatcher.Dmd)))),
            Is.All.EqualTo(Denominator));

    [Test]
    public void Resolved_hypertension_alone_is_in_no_population() =>
        Assert.That(Evaluate(Female("1960-01-01", Condition(Hypertension, "2015-01-01"), Condition(HypertensionResolved, "2016-01-01"), Observation("77176002", "2024-01-01"))), Is.EqualTo(None));

    [Test]
    public void No_long_term_condition_is_in_no_population() =>
        Assert.That(Evaluate(Female("1960-01-01", Observation("77176002", "2024-01-01"))), Is.EqualTo(None));

    [Test]
    public void Aged_14_with_asthma_is_in_no_population() =>
        Assert.That(Evaluate(Female("2009-04-01", Condition(Asthma, "2015-01-01"), Observation("266919005", "2024-01-01"))), Is.EqualTo(None));
}
