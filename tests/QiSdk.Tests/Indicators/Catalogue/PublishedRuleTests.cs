using QiSdk.Records;
using static QiSdk.Tests.Indicators.Catalogue.Codes;
using static QiSdk.Tests.Indicators.PatientFactory;

namespace QiSdk.Tests.Indicators.Catalogue;

// Test tables written from the published rules (opensafely/pincer-measures analysis/study_definition.py @ 2e158943, the
// corrected study; QOF business rules v49 / v48 as each page cites), not from our JSON: each window and age bound has a
// case just inside and just outside, each exclusion one case. R = 2024-03-31, so R - 3 months = 2023-12-31.

/// <summary>PINCER K as the corrected study states it.</summary>
public sealed class PincerKPublishedRuleTests : CatalogueFixture
{
    private const string Unit = "mL/min/{1.73_m2}";

    protected override string IndicatorId => "pincer-k-egfr-below-45-nsaid";

    private static ClinicalEvent Egfr(string date, decimal value, string? comparator = null, string code = Codes.Egfr) =>
        Observation(code, date, value, Unit) with { Value = new Quantity(value, Unit, "http://unitsofmeasure.org", Unit, comparator) };

    private static PatientRecord Adult(params ClinicalEvent[] events) => Female("1950-01-01", events);

    [TestCase("2023-12-31", ExpectedResult = "numerator", Description = "on R - 3 months: on_or_before holds")]
    [TestCase("2024-01-01", ExpectedResult = "none", Description = "one day after R - 3 months: not looked at")]
    [TestCase("2015-06-01", ExpectedResult = "numerator", Description = "years before: still the latest on or before R - 3 months")]
    public string Egfr_date_window(string date) => Name(Evaluate(Adult(Egfr(date, 30m), Prescription(Nsaid, "2024-03-01"))));

    [TestCase(1, ExpectedResult = "denominator", Description = "egfr >= 1")]
    [TestCase(0.9, ExpectedResult = "none")]
    [TestCase(44.9, ExpectedResult = "denominator", Description = "egfr < 45")]
    [TestCase(45, ExpectedResult = "none")]
    public string Egfr_value_bounds(decimal value) => Name(Evaluate(Adult(Egfr("2023-11-01", value))));

    [TestCase(">", 30, ExpectedResult = "none")]
    [TestCase(">=", 30, ExpectedResult = "none")]
    [TestCase("~", 30, ExpectedResult = "none")]
    [TestCase("<", 30, ExpectedResult = "denominator", Description = "'<30' is kept by the study")]
    [TestCase("<=", 1, ExpectedResult = "denominator", Description = "only '<1' is dropped, not '<=1'")]
    [TestCase("<", 1, ExpectedResult = "none", Description = "NOT (egfr = 1 AND comparator = '<')")]
    public string Egfr_comparators(string comparator, decimal value) => Name(Evaluate(Adult(Egfr("2023-11-01", value, comparator))));

    [Test]
    public void A_latest_reading_written_above_a_bound_excludes_even_with_an_older_low_value() =>
        Assert.That(Evaluate(Adult(Egfr("2023-06-01", 30m), Egfr("2023-11-01", 90m, ">"), Prescription(Nsaid, "2024-03-01"))), Is.EqualTo(None));

    [Test]
    public void A_reading_inside_the_last_3_months_does_not_replace_the_older_low_one() =>
        Assert.That(Evaluate(Adult(Egfr("2023-10-01", 30m), Egfr("2024-02-01", 80m))), Is.EqualTo(Denominator));

    [Test]
    public void Egfr_by_laboratory_calculation_1107411000000104_counts() =>
        Assert.That(Evaluate(Adult(Egfr("2023-11-01", 30m, code: "1107411000000104"))), Is.EqualTo(Denominator));

    [TestCase("2006-03-31", ExpectedResult = "denominator", Description = "18 at R")]
    [TestCase("2006-04-01", ExpectedResult = "none", Description = "17 at R")]
    [TestCase("1903-04-01", ExpectedResult = "denominator", Description = "120 at R")]
    [TestCase("1903-03-31", ExpectedResult = "none", Description = "121 at R")]
    public string Age_18_to_120(string birthDate) => Name(Evaluate(Female(birthDate, Egfr("2023-11-01", 30m))));

    [Test]
    public void Sex_other_than_male_or_female_is_outside_the_study_population() =>
        Assert.That(Evaluate(PatientFactory.Patient("1950-01-01", AdministrativeGender.Unknown, Egfr("2023-11-01", 30m))), Is.EqualTo(None));

    [TestCase("2024-01-01", ExpectedResult = "numerator", Description = "NSAID inside the 3 months")]
    [TestCase("2023-12-31", ExpectedResult = "denominator", Description = "R - 3 months exactly: QiSdk's window is open there (declared)")]
    public string Nsaid_window(string date) => Name(Evaluate(Adult(Egfr("2023-11-01", 30m), Prescription(Nsaid, date))));

    internal static string Name(QiSdk.Indicators.PopulationMembership m) => m switch
    {
        None => "none",
        Denominator => "denominator",
        Numerator => "numerator",
        Excluded => "excluded",
        Excepted => "excepted",
        _ => m.ToString(),
    };
}

/// <summary>PINCER G, the study's alternative denominator, systemic non-selective beta-blockers.</summary>
public sealed class PincerGPublishedRuleTests : CatalogueFixture
{
    private const string TimololEyeDrops = "19620711000001108"; // PINCER_NSBB Timoptol 0.25% eye drops (DE Pharmaceuticals)

    protected override string IndicatorId => "pincer-g-asthma-non-selective-beta-blocker";

    private static PatientRecord Adult(params ClinicalEvent[] events) => Female("1980-01-01", events);

    [TestCase("2023-12-31", ExpectedResult = "numerator", Description = "asthma on R - 3 months")]
    [TestCase("2024-01-01", ExpectedResult = "none", Description = "asthma only after R - 3 months")]
    public string Asthma_window(string date) => PincerKPublishedRuleTests.Name(Evaluate(Adult(Condition(Asthma, date), Prescription(Propranolol, "2024-02-20"))));

    [Test]
    public void Never_resolved_asthma_is_in_the_alternative_denominator() =>
        Assert.That(Evaluate(Adult(Condition(Asthma, "2015-05-05"))), Is.EqualTo(Denominator));

    [Test]
    public void Resolution_after_the_latest_asthma_code_removes_the_patient() =>
        Assert.That(Evaluate(Adult(Condition(Asthma, "2015-05-05"), Condition(AsthmaResolved, "2024-02-01"), Prescription(Propranolol, "2024-02-20"))), Is.EqualTo(None));

    [Test]
    public void Resolution_on_the_asthma_date_keeps_the_patient() =>
        Assert.That(Evaluate(Adult(Condition(Asthma, "2015-05-05"), Condition(AsthmaResolved, "2015-05-05"))), Is.EqualTo(Denominator));

    [Test]
    public void Asthma_recoded_in_the_last_3_months_after_a_resolution_does_not_count_yet() =>
        Assert.That(Evaluate(Adult(Condition(Asthma, "2010-05-05"), Condition(AsthmaResolved, "2015-01-01"), Condition(Asthma, "2024-02-01"))), Is.EqualTo(None));

    [Test]
    public void Beta_blocker_eye_drops_are_not_a_systemic_non_selective_beta_blocker() =>
        Assert.That(Evaluate(Adult(Condition(Asthma, "2015-05-05"), Prescription(TimololEyeDrops, "2024-02-20"))), Is.EqualTo(Denominator));
}

/// <summary>PINCER AC: loop diuretics only (the title's drug class), age 75 to 120.</summary>
public sealed class PincerAcPublishedRuleTests : CatalogueFixture
{
    private const string Spironolactone = "421611000001100"; // PINCER_DIUR Aldactone 100mg tablets (Pfizer Ltd)
    private const string Metolazone = "317965001"; // PINCER_DIUR Metolazone 5mg tablets
    private const string Torasemide = "318042006"; // PINCER_DIUR Torasemide 10mg tablets

    protected override string IndicatorId => "pincer-ac-acei-or-loop-diuretic-75-no-renal-monitoring";

    [TestCase(Spironolactone, ExpectedResult = "none")]
    [TestCase(Metolazone, ExpectedResult = "none")]
    [TestCase(Torasemide, ExpectedResult = "numerator")]
    [TestCase(Furosemide, ExpectedResult = "numerator")]
    public string Only_loop_diuretics_count(string drug) =>
        PincerKPublishedRuleTests.Name(Evaluate(Male("1944-01-01", Prescription(drug, "2022-06-01"), Prescription(drug, "2024-02-01"))));

    [TestCase("1949-03-31", ExpectedResult = "numerator", Description = "75 at R")]
    [TestCase("1949-04-01", ExpectedResult = "none", Description = "74 at R")]
    public string Age_75(string birthDate) =>
        PincerKPublishedRuleTests.Name(Evaluate(Male(birthDate, Prescription(Furosemide, "2022-06-01"), Prescription(Furosemide, "2024-02-01"))));
}

/// <summary>PINCER B: an NSAID + misoprostol combination is gastroprotected.</summary>
public sealed class PincerBPublishedRuleTests : CatalogueFixture
{
    private const string Arthrotec = "329598005"; // PINCER_NSAID Diclofenac 50mg gastro-resistant / Misoprostol 200microgram tablets

    protected override string IndicatorId => "pincer-b-ulcer-history-nsaid-no-gastroprotection";

    [Test]
    public void Diclofenac_with_misoprostol_counts_as_protected() =>
        Assert.That(Evaluate(Male("1950-01-01", Condition(PepticUlcer, "2015-01-01"), Prescription(Arthrotec, "2024-02-20"))), Is.EqualTo(Ip));

    [TestCase("2023-12-31", ExpectedResult = "numerator", Description = "ulcer on R - 3 months")]
    [TestCase("2024-01-01", ExpectedResult = "none", Description = "ulcer only after R - 3 months")]
    public string Ulcer_window(string date) =>
        PincerKPublishedRuleTests.Name(Evaluate(Male("1950-01-01", Condition(PepticUlcer, date), Prescription(Nsaid, "2024-02-20"))));
}

/// <summary>QOF CHOL003 (v49): register incl. CKD 3-5 aged 18+, exclusions for haemorrhagic stroke and unresolved diabetes.</summary>
public sealed class QofChol003PublishedRuleTests : CatalogueFixture
{
    private const string CerebralHaemorrhage = "274100004"; // STRK_COD and HSTRK_COD Cerebral hemorrhage

    protected override string IndicatorId => "qof-chol003-cvd-statin";

    private static ClinicalEvent Statin(string date) => Prescription(Simvastatin, date, system: TestMatcher.Dmd);

    [TestCase("2006-03-31", ExpectedResult = "numerator", Description = "18 at R")]
    [TestCase("2006-04-01", ExpectedResult = "none", Description = "17 at R")]
    public string Ckd_3_to_5_from_age_18(string birthDate) => PincerKPublishedRuleTests.Name(Evaluate(Female(birthDate, Condition(CkdStage3, "2023-01-01"), Statin("2024-01-10"))));

    [Test]
    public void Ckd_followed_by_stage_1_or_2_is_off_the_register() =>
        Assert.That(Evaluate(Female("1950-01-01", Condition(CkdStage3, "2020-01-01"), Condition(CkdStage2, "2023-01-01"))), Is.EqualTo(None));

    [TestCase(CerebralHaemorrhage, Description = "HSTRK_COD and STRK_COD")]
    [TestCase("1078001000000105", Description = "HSTRK_COD Haemorrhagic stroke")]
    [TestCase("5571000124103", Description = "HSTRK_COD only: cerebrovascular accident with intracranial haemorrhage")]
    public void Haemorrhagic_stroke_is_not_in_the_population(string code) =>
        Assert.That(Evaluate(Male("1950-01-01", Condition(MyocardialInfarction, "2015-01-01"), Condition(code, "2020-01-01"), Statin("2024-01-10"))), Is.EqualTo(None));

    [Test]
    public void Ischaemic_stroke_is_on_the_register() =>
        Assert.That(Evaluate(Male("1950-01-01", Condition(Stroke, "2020-01-01"), Statin("2024-01-10"))), Is.EqualTo(Numerator));

    [Test]
    public void Unresolved_diabetes_is_not_in_the_population() =>
        Assert.That(Evaluate(Male("1950-01-01", Condition(MyocardialInfarction, "2020-01-01"), Condition(Diabetes, "2019-01-01"))), Is.EqualTo(None));

    [Test]
    public void Resolved_diabetes_does_not_remove_the_patient() =>
        Assert.That(Evaluate(Male("1950-01-01", Condition(MyocardialInfarction, "2020-01-01"), Condition(Diabetes, "2010-01-01"), Condition("315051004", "2015-01-01"))), Is.EqualTo(Denominator));

    [TestCase("2023-10-01", ExpectedResult = "numerator", Description = "statin inside the last 6 months")]
    [TestCase("2023-09-30", ExpectedResult = "denominator", Description = "exactly 6 months before R: outside")]
    public string Statin_window(string date) => PincerKPublishedRuleTests.Name(Evaluate(Male("1950-01-01", Condition(PeripheralArterialDisease, "2020-01-01"), Statin(date))));
}

/// <summary>QOF AF007: CHA2DS2-VASc vascular point is MI or PAD, not angina; AF resolved applies.</summary>
public sealed class QofAf007PublishedRuleTests : CatalogueFixture
{
    private const string Angina = "15960141000119102"; // CHD_COD Angina co-occurrent and due to coronary arteriosclerosis

    protected override string IndicatorId => "qof-af007-anticoagulation-chads2vasc-2";

    // Man aged 66 at R: age 65-74 scores 1, so one more point makes 2.
    private static PatientRecord Man66(params ClinicalEvent[] events) => Male("1958-01-01", [Condition(AtrialFibrillation, "2020-01-01"), .. events]);

    [Test]
    public void Prior_myocardial_infarction_scores_the_vascular_point() =>
        Assert.That(Evaluate(Man66(Condition(MyocardialInfarction, "2019-01-01"))), Is.EqualTo(Denominator));

    [Test]
    public void Peripheral_arterial_disease_scores_the_vascular_point() =>
        Assert.That(Evaluate(Man66(Condition(PeripheralArterialDisease, "2019-01-01"))), Is.EqualTo(Denominator));

    [Test]
    public void Angina_does_not_score_the_vascular_point() =>
        Assert.That(Evaluate(Man66(Condition(Angina, "2019-01-01"))), Is.EqualTo(None));

    [Test]
    public void Af_resolved_after_the_latest_af_code_leaves_the_register() =>
        Assert.That(Evaluate(Male("1940-01-01", Condition(AtrialFibrillation, "2020-01-01"), Condition("196371000000102", "2022-01-01"))), Is.EqualTo(None));

    [Test]
    public void Af_recorded_again_after_resolution_is_back_on_the_register() =>
        Assert.That(Evaluate(Male("1940-01-01", Condition(AtrialFibrillation, "2018-01-01"), Condition("196371000000102", "2020-01-01"), Condition(AtrialFibrillation, "2022-01-01"))), Is.EqualTo(Denominator));
}

/// <summary>QOF SMOK002 with the QOF smoking clusters and the never-smoker rule.</summary>
public sealed class QofSmok002PublishedRuleTests : CatalogueFixture
{
    protected override string IndicatorId => "qof-smok002-ltc-smoking-status-12m";

    private static PatientRecord Hypertensive(string birthDate, params ClinicalEvent[] events) => Female(birthDate, [Condition(Hypertension, "2015-01-01"), .. events]);

    [TestCase("65568007", Description = "Cigarette smoker (LSMOK_COD)")]
    [TestCase("281018007", Description = "Ex-cigarette smoker (EXSMOK_COD)")]
    [TestCase("160617001", Description = "Stopped smoking (EXSMOK_COD)")]
    [TestCase("266920004", Description = "Trivial cigarette smoker (LSMOK_COD)")]
    [TestCase("8392000", Description = "Non-smoker")]
    [TestCase("160618006", Description = "Current non-smoker")]
    public void Common_uk_status_codes_count(string code) =>
        Assert.That(Evaluate(Hypertensive("1960-01-01", Observation(code, "2023-06-01"))), Is.EqualTo(Numerator));

    [TestCase("2023-04-01", ExpectedResult = "numerator", Description = "inside 12 months")]
    [TestCase("2023-03-31", ExpectedResult = "denominator", Description = "exactly 12 months before R: outside")]
    public string Status_window(string date) => PincerKPublishedRuleTests.Name(Evaluate(Hypertensive("1960-01-01", Observation("65568007", date))));

    // The never-smoked record must be made on or after the 25th birthday; it then persists (no 12-month window).
    [TestCase("2005-06-15", ExpectedResult = "numerator", Description = "recorded on the 25th birthday, 18 years before R")]
    [TestCase("2005-06-14", ExpectedResult = "denominator", Description = "recorded the day before the 25th birthday")]
    public string Never_smoked_recorded_from_the_25th_birthday_persists(string recorded) =>
        PincerKPublishedRuleTests.Name(Evaluate(Hypertensive("1980-06-15", Observation("266919005", recorded))));

    [TestCase("2023-04-01", ExpectedResult = "numerator", Description = "recorded at 24, inside 12 months: the 12-month rule applies")]
    [TestCase("2023-03-31", ExpectedResult = "denominator", Description = "recorded at 24, exactly 12 months before R")]
    public string Never_smoked_recorded_before_25_needs_the_12_month_window(string recorded) =>
        PincerKPublishedRuleTests.Name(Evaluate(Hypertensive("1998-06-15", Observation("266919005", recorded))));

    [Test]
    public void Never_smoked_recorded_in_childhood_does_not_persist_into_adulthood() =>
        Assert.That(Evaluate(Hypertensive("1960-01-01", Observation("266919005", "1975-01-01"))), Is.EqualTo(Denominator));

    [TestCase("281018007", Description = "Ex-cigarette smoker")]
    [TestCase("65568007", Description = "Cigarette smoker")]
    public void Ex_and_current_smoker_status_does_not_persist(string code) =>
        Assert.That(Evaluate(Hypertensive("1960-01-01", Observation(code, "2022-06-01"))), Is.EqualTo(Denominator));

    [Test]
    public void Never_smoked_followed_by_a_smoker_code_needs_a_new_status() =>
        Assert.That(Evaluate(Hypertensive("1960-01-01", Observation("266919005", "2010-01-01"), Observation("65568007", "2015-01-01"))), Is.EqualTo(Denominator));

    [TestCase("2023-06-01", ExpectedResult = "numerator", Description = "asthma drug in the year: on the asthma register")]
    [TestCase("2022-06-01", ExpectedResult = "none", Description = "no asthma drug in the year: not on the asthma register")]
    public string Asthma_counts_with_its_register_drug_condition(string drugDate) =>
        PincerKPublishedRuleTests.Name(Evaluate(Female("1960-01-01", Condition(Asthma, "2010-01-01"), Prescription("35908111000001105", drugDate, system: TestMatcher.Dmd), Observation("65568007", "2023-06-01"))));

    [Test]
    public void An_old_non_smoker_code_is_not_a_never_smoker_record() =>
        Assert.That(Evaluate(Hypertensive("1960-01-01", Observation("8392000", "2015-01-01"))), Is.EqualTo(Denominator));
}

/// <summary>dq-smoking-status-recorded: 27 months, never-smokers once.</summary>
public sealed class DqSmokingPublishedRuleTests : CatalogueFixture
{
    protected override string IndicatorId => "dq-smoking-status-recorded";

    [TestCase("2022-01-01", ExpectedResult = "numerator", Description = "inside 27 months")]
    [TestCase("2021-12-31", ExpectedResult = "denominator", Description = "exactly 27 months before R: outside")]
    public string Status_window(string date) => PincerKPublishedRuleTests.Name(Evaluate(Female("1960-01-01", Observation("281018007", date))));

    [TestCase("2009-03-31", ExpectedResult = "denominator", Description = "15 at R")]
    [TestCase("2009-04-01", ExpectedResult = "none", Description = "14 at R")]
    public string Aged_15_or_over(string birthDate) => PincerKPublishedRuleTests.Name(Evaluate(Female(birthDate)));

    [Test]
    public void Never_smoked_once_suffices() =>
        Assert.That(Evaluate(Female("1960-01-01", Observation("266919005", "2000-01-01"))), Is.EqualTo(Numerator));
}

/// <summary>
/// QOF AST007 (business rules v49), written from the published rule as NHS England's readers and OpenSAFELY's transcription
/// of the business rules give it (the indicator's references): the register needs an asthma drug in the last 12 months; the
/// numerator is an asthma review (REV_COD) in the 12 months with, for that review, a written personalised asthma plan
/// (WRITPASTP_COD) the same day and an asthma control assessment (ASTCONTASS_COD) and an exacerbation count (ASTEXACB_COD)
/// in the month up to and including the review; unsuitable, declined, monitoring declined, invited twice and newly
/// diagnosed patients are excepted. Corrected: the review-code-only numerator these tests encoded before (components not
/// checked) is superseded, so a bare review code now leaves the patient in the denominator.
/// </summary>
public sealed class QofAst007PublishedRuleTests : CatalogueFixture
{
    private const string Beclometasone = "35908111000001105"; // OS_ASTHMA_DRUG_TREATMENT Beclometasone 100micrograms/dose inhaler CFC free
    private const string AnnualReview = "394700004";          // REV_COD Asthma annual review
    private const string Rcp3Review = "754061000000100";      // REV_COD Asthma review using Royal College of Physicians three questions
    private const string WrittenPlan = "527171000000103";     // WRITPASTP_COD Patient has a written asthma personal action plan
    private const string ControlTest = "443117005";           // ASTCONTASS_COD Asthma control test score
    private const string Exacerbations = "366874008";         // ASTEXACB_COD Number of asthma exacerbations in past year
    private const string Unsuitable = "717291000000103";      // ASTPCAPU_COD Excepted from asthma quality indicators - patient unsuitable
    private const string Dissent = "716491000000100";         // ASTPCADEC_COD Excepted from asthma quality indicators - informed dissent
    private const string MonitoringRefused = "763221007";     // ASTMONDEC_COD Asthma monitoring refused
    private const string FirstLetter = "185731000";           // ASTINVITE_COD Asthma monitoring call first letter
    private const string SecondLetter = "185732007";          // ASTINVITE_COD Asthma monitoring call second letter

    protected override string IndicatorId => "qof-ast007-asthma-review-12m";

    private static ClinicalEvent Inhaler(string date) => Prescription(Beclometasone, date, system: TestMatcher.Dmd);

    private static PatientRecord Asthmatic(string birthDate, params ClinicalEvent[] events) =>
        Female(birthDate, [Condition(Asthma, "2010-01-01"), Inhaler("2024-01-15"), .. events]);

    /// <summary>A review with every component on the review's day.</summary>
    private static ClinicalEvent[] CompleteReview(string date, string review = AnnualReview) =>
        [Observation(review, date), Observation(WrittenPlan, date), Observation(ControlTest, date, value: 22), Observation(Exacerbations, date, value: 1)];

    private string Case(params ClinicalEvent[] events) => PincerKPublishedRuleTests.Name(Evaluate(Asthmatic("1990-01-01", events)));

    [Test]
    public void Title_names_the_components() =>
        Assert.That(Catalogue.Get(IndicatorId).Title, Does.Contain("written plan").And.Contain("exacerbation"));

    [TestCase("2023-04-01", ExpectedResult = "numerator", Description = "complete review inside 12 months")]
    [TestCase("2023-03-31", ExpectedResult = "denominator", Description = "complete review exactly 12 months before R")]
    [TestCase("2024-03-31", ExpectedResult = "numerator", Description = "complete review on R")]
    public string Review_window(string date) => Case(CompleteReview(date));

    [Test]
    public void The_rcp_three_questions_review_is_a_review() =>
        Assert.That(Case(CompleteReview("2023-10-10", Rcp3Review)), Is.EqualTo("numerator"));

    [Test]
    public void A_review_code_alone_is_not_enough() =>
        Assert.That(Case(Observation(AnnualReview, "2023-10-10")), Is.EqualTo("denominator"));

    [TestCase(WrittenPlan, Description = "no written plan")]
    [TestCase(ControlTest, Description = "no control assessment")]
    [TestCase(Exacerbations, Description = "no exacerbation count")]
    public void Each_component_is_required(string missing) =>
        Assert.That(Case([.. CompleteReview("2023-10-10").Where(e => e.Codes[0].Code != missing)]), Is.EqualTo("denominator"));

    [TestCase("2023-10-10", ExpectedResult = "numerator", Description = "plan on the review day")]
    [TestCase("2023-10-09", ExpectedResult = "denominator", Description = "plan the day before the review")]
    [TestCase("2023-10-11", ExpectedResult = "denominator", Description = "plan the day after the review")]
    public string The_plan_must_be_on_the_review_day(string planDate) =>
        Case(Observation(AnnualReview, "2023-10-10"), Observation(WrittenPlan, planDate), Observation(ControlTest, "2023-10-10"), Observation(Exacerbations, "2023-10-10"));

    [TestCase("2023-09-20", ExpectedResult = "numerator", Description = "exacerbations counted 20 days before the review")]
    [TestCase("2023-09-11", ExpectedResult = "numerator", Description = "the day after review minus 1 month")]
    [TestCase("2023-09-10", ExpectedResult = "denominator", Description = "review minus exactly 1 month (QiSdk's declared reading: outside)")]
    [TestCase("2023-08-01", ExpectedResult = "denominator", Description = "more than a month before the review")]
    [TestCase("2023-10-11", ExpectedResult = "denominator", Description = "after the review: it must be followed by the review")]
    public string The_exacerbation_count_may_come_up_to_a_month_before_the_review(string countDate) =>
        Case(Observation(AnnualReview, "2023-10-10"), Observation(WrittenPlan, "2023-10-10"), Observation(ControlTest, "2023-10-10"), Observation(Exacerbations, countDate));

    [TestCase("2023-09-25", ExpectedResult = "numerator", Description = "control test 15 days before the review")]
    [TestCase("2023-08-01", ExpectedResult = "denominator", Description = "control test more than a month before")]
    public string The_control_assessment_may_come_up_to_a_month_before_the_review(string testDate) =>
        Case(Observation(AnnualReview, "2023-10-10"), Observation(WrittenPlan, "2023-10-10"), Observation(ControlTest, testDate), Observation(Exacerbations, "2023-10-10"));

    [Test]
    public void Components_split_across_two_reviews_do_not_count() =>
        Assert.That(Case(
            Observation(AnnualReview, "2023-06-01"), Observation(WrittenPlan, "2023-06-01"),
            Observation(AnnualReview, "2023-12-01"), Observation(ControlTest, "2023-12-01"), Observation(Exacerbations, "2023-12-01")), Is.EqualTo("denominator"));

    [Test]
    public void Any_review_in_the_year_with_its_components_counts() =>
        Assert.That(Case([.. CompleteReview("2023-06-01"), Observation(AnnualReview, "2024-02-01")]), Is.EqualTo("numerator"));

    [Test]
    public void A_review_at_the_start_of_the_year_may_use_a_count_from_before_it() =>
        Assert.That(Case(Observation(AnnualReview, "2023-04-01"), Observation(WrittenPlan, "2023-04-01"), Observation(ControlTest, "2023-03-20"), Observation(Exacerbations, "2023-03-20")), Is.EqualTo("numerator"));

    [TestCase(Unsuitable)]
    [TestCase(Dissent)]
    [TestCase(MonitoringRefused)]
    public void Unsuitable_or_declined_in_the_year_is_an_exception(string code) =>
        Assert.That(Case(Observation(code, "2023-11-01")), Is.EqualTo("excepted"));

    [Test]
    public void Unsuitable_more_than_12_months_ago_is_no_exception() =>
        Assert.That(Case(Observation(Unsuitable, "2023-03-31")), Is.EqualTo("denominator"));

    [Test]
    public void A_complete_review_wins_over_an_exception() =>
        Assert.That(Case([.. CompleteReview("2023-10-10"), Observation(Dissent, "2023-11-01")]), Is.EqualTo("numerator"));

    [TestCase("2023-11-08", ExpectedResult = "excepted", Description = "second invitation 7 days after the first")]
    [TestCase("2023-11-07", ExpectedResult = "denominator", Description = "6 days after")]
    public string Invited_twice_at_least_7_days_apart_is_an_exception(string second) =>
        Case(Observation(FirstLetter, "2023-11-01"), Observation(SecondLetter, second));

    [TestCase("2024-01-01", ExpectedResult = "excepted", Description = "first diagnosed inside the last 3 months")]
    [TestCase("2023-12-31", ExpectedResult = "denominator", Description = "first diagnosed exactly 3 months before R")]
    public string Newly_diagnosed_in_the_last_3_months_is_an_exception(string diagnosed) =>
        PincerKPublishedRuleTests.Name(Evaluate(Female("1990-01-01", Condition(Asthma, diagnosed), Inhaler("2024-01-15"))));

    [TestCase("2023-04-01", ExpectedResult = "denominator", Description = "asthma drug inside 12 months: on the register")]
    [TestCase("2023-03-31", ExpectedResult = "none", Description = "asthma drug exactly 12 months before R: off the register")]
    public string Register_needs_an_asthma_drug_in_12_months(string date) =>
        PincerKPublishedRuleTests.Name(Evaluate(Female("1990-01-01", Condition(Asthma, "2010-01-01"), Inhaler(date))));

    [Test]
    public void Asthma_resolved_after_the_diagnosis_leaves_the_register() =>
        Assert.That(Evaluate(Asthmatic("1990-01-01", Condition(AsthmaResolved, "2015-01-01"))), Is.EqualTo(None));

    [TestCase("2018-03-31", ExpectedResult = "denominator", Description = "6 at R")]
    [TestCase("2018-04-01", ExpectedResult = "none", Description = "5 at R")]
    public string Aged_6_or_over(string birthDate) =>
        PincerKPublishedRuleTests.Name(Evaluate(Female(birthDate, Condition(Asthma, "2022-01-01"), Inhaler("2024-01-15"))));

    [Test]
    public void A_diagnosis_code_re_entered_is_not_a_review() =>
        Assert.That(Evaluate(Asthmatic("1990-01-01", Condition(Asthma, "2023-06-01"))), Is.EqualTo(Denominator));

    [Test]
    public void The_replaced_register_currency_indicator_is_gone() =>
        Assert.That(Catalogue.Definitions.Select(d => d.Id), Does.Not.Contain("qof-ast-register-asthma-coded-12m"));
}

/// <summary>BP002 (dq-bp-recorded-45-5y): aged 45 or over, a BP record in the preceding 5 years.</summary>
public sealed class DqBpPublishedRuleTests : CatalogueFixture
{
    protected override string IndicatorId => "dq-bp-recorded-45-5y";

    [TestCase("1979-03-31", ExpectedResult = "numerator", Description = "45 at R")]
    [TestCase("1979-04-01", ExpectedResult = "none", Description = "44 at R")]
    public string Aged_45_or_over(string birthDate) => PincerKPublishedRuleTests.Name(Evaluate(Female(birthDate, Observation(BpRecording, "2023-01-01"))));

    [TestCase("2019-04-01", ExpectedResult = "numerator", Description = "inside 5 years")]
    [TestCase("2019-03-31", ExpectedResult = "denominator", Description = "exactly 5 years before R")]
    public string Five_year_window(string date) => PincerKPublishedRuleTests.Name(Evaluate(Female("1960-01-01", Observation(BpRecording, date))));
}

/// <summary>CKD002-style BP indicator: CKD 3-5 register aged 18+, latest BP in 12 months, HYP008-style exceptions.</summary>
public sealed class QofCkdBpPublishedRuleTests : CatalogueFixture
{
    protected override string IndicatorId => "qof-ckd-bp-140-90";

    [TestCase("2006-03-31", ExpectedResult = "numerator", Description = "18 at R")]
    [TestCase("2006-04-01", ExpectedResult = "none", Description = "17 at R")]
    public string Aged_18_or_over(string birthDate) => PincerKPublishedRuleTests.Name(Evaluate(Female(birthDate, Condition(CkdStage3, "2020-01-01"), BpPanel("2024-01-10", 140, 90))));

    [TestCase("2023-04-01", ExpectedResult = "numerator", Description = "BP inside 12 months")]
    [TestCase("2023-03-31", ExpectedResult = "denominator", Description = "exactly 12 months before R")]
    public string Twelve_month_window(string date) => PincerKPublishedRuleTests.Name(Evaluate(Female("1950-01-01", Condition(CkdStage3, "2020-01-01"), BpPanel(date, 130, 80))));

    [TestCase("2023-07-01", ExpectedResult = "excepted", Description = "first CKD code inside 9 months")]
    [TestCase("2023-06-30", ExpectedResult = "denominator", Description = "exactly 9 months before R")]
    public string Newly_diagnosed_9_months(string date) => PincerKPublishedRuleTests.Name(Evaluate(Female("1950-01-01", Condition(CkdStage3, date))));
}
