using QiSdk.Indicators;
using QiSdk.Records;
using static QiSdk.Tests.Indicators.Catalogue.Codes;
using static QiSdk.Tests.Indicators.PatientFactory;

namespace QiSdk.Tests.Indicators.Catalogue;

/// <summary>pincer-g-asthma-non-selective-beta-blocker on hand-built patients.</summary>
public sealed class PincerGTests : CatalogueFixture
{
    protected override string IndicatorId => "pincer-g-asthma-non-selective-beta-blocker";

    private static PatientRecord Adult(params ClinicalEvent[] events) => Female("1980-01-01", events);

    [Test]
    public void Asthma_and_non_selective_beta_blocker_is_in_numerator() =>
        Assert.That(Evaluate(Adult(Condition(Asthma, "2015-05-05"), Prescription(Propranolol, "2024-02-20"))), Is.EqualTo(Numerator));

    [Test]
    public void Asthma_without_beta_blocker_is_denominator_only() =>
        Assert.That(Evaluate(Adult(Condition(Asthma, "2015-05-05"))), Is.EqualTo(Denominator));

    [Test]
    public void Asthma_resolved_after_the_latest_asthma_code_is_in_no_population() =>
        Assert.That(Evaluate(Adult(Condition(Asthma, "2015-05-05"), Condition(AsthmaResolved, "2020-01-01"), Prescription(Propranolol, "2024-02-20"))), Is.EqualTo(None));

    [Test]
    public void Asthma_resolved_on_the_same_day_stays_in() =>
        Assert.That(Evaluate(Adult(Condition(Asthma, "2015-05-05"), Condition(AsthmaResolved, "2015-05-05"))), Is.EqualTo(Denominator));

    [Test]
    public void Asthma_recorded_again_after_resolution_is_back_in() =>
        Assert.That(Evaluate(Adult(Condition(Asthma, "2010-05-05"), Condition(AsthmaResolved, "2015-01-01"), Condition(Asthma, "2023-06-01"))), Is.EqualTo(Denominator));

    [Test]
    public void Asthma_first_recorded_within_the_last_3_months_is_in_no_population() =>
        Assert.That(Evaluate(Adult(Condition(Asthma, "2024-01-01"), Prescription(Propranolol, "2024-02-20"))), Is.EqualTo(None));
}

/// <summary>pincer-i-heart-failure-nsaid on hand-built patients.</summary>
public sealed class PincerITests : CatalogueFixture
{
    protected override string IndicatorId => "pincer-i-heart-failure-nsaid";

    [Test]
    public void Heart_failure_and_nsaid_is_in_numerator() =>
        Assert.That(Evaluate(Male("1940-01-01", Condition(HeartFailure, "2019-01-01"), Prescription(Nsaid, "2024-02-20"))), Is.EqualTo(Numerator));

    [Test]
    public void Heart_failure_without_nsaid_is_denominator_only() =>
        Assert.That(Evaluate(Male("1940-01-01", Condition(HeartFailure, "2019-01-01"))), Is.EqualTo(Denominator));

    [Test]
    public void Heart_failure_exactly_3_months_before_reference_date_counts() =>
        Assert.That(Evaluate(Male("1940-01-01", Condition(HeartFailure, "2023-12-31"), Prescription(Nsaid, "2024-02-20"))), Is.EqualTo(Numerator));

    [Test]
    public void Heart_failure_first_recorded_in_the_last_3_months_is_in_no_population() =>
        Assert.That(Evaluate(Male("1940-01-01", Condition(HeartFailure, "2024-01-01"), Prescription(Nsaid, "2024-02-20"))), Is.EqualTo(None));

    [Test]
    public void Heart_failure_coded_as_an_observation_counts() =>
        Assert.That(Evaluate(Male("1940-01-01", Observation(HeartFailure, "2019-01-01"), Prescription(Nsaid, "2024-02-20"))), Is.EqualTo(Numerator));
}

/// <summary>pincer-k-egfr-below-45-nsaid on hand-built patients.</summary>
public sealed class PincerKTests : CatalogueFixture
{
    private const string EgfrUnit = "mL/min/{1.73_m2}";

    protected override string IndicatorId => "pincer-k-egfr-below-45-nsaid";

    private static PatientRecord Adult(params ClinicalEvent[] events) => Female("1950-01-01", events);

    [Test]
    public void Egfr_below_45_and_nsaid_is_in_numerator() =>
        Assert.That(Evaluate(Adult(Observation(Egfr, "2023-11-01", 40m, EgfrUnit), Prescription(Nsaid, "2024-03-01"))), Is.EqualTo(Numerator));

    [Test]
    public void Egfr_below_45_without_nsaid_is_denominator_only() =>
        Assert.That(Evaluate(Adult(Observation(Egfr, "2023-11-01", 44.9m, EgfrUnit))), Is.EqualTo(Denominator));

    [Test]
    public void Egfr_of_exactly_45_is_in_no_population() =>
        Assert.That(Evaluate(Adult(Observation(Egfr, "2023-11-01", 45m, EgfrUnit), Prescription(Nsaid, "2024-03-01"))), Is.EqualTo(None));

    [Test]
    public void Latest_egfr_decides_even_when_an_earlier_one_was_low() =>
        Assert.That(Evaluate(Adult(Observation(Egfr, "2023-06-10", 30m, EgfrUnit), Observation(Egfr, "2023-12-10", 60m, EgfrUnit), Prescription(Nsaid, "2024-03-01"))), Is.EqualTo(None));

    [Test]
    public void Lowest_of_two_same_day_readings_is_used() =>
        Assert.That(Evaluate(Adult(Observation(Egfr, "2023-12-10", 60m, EgfrUnit), Observation(Egfr, "2023-12-10", 40m, EgfrUnit))), Is.EqualTo(Denominator));

    // Corrected (upstream b51625f): the study takes the latest eGFR on or before R - 3 months, so a reading exactly
    // 3 months before R is the one that counts; the superseded rule looked only inside the last 3 months (this test was
    // Egfr_exactly_3_months_before_is_outside_the_window and expected no population).
    [Test]
    public void Egfr_exactly_3_months_before_is_inside_the_corrected_window() =>
        Assert.That(Evaluate(Adult(Observation(Egfr, "2023-12-31", 30m, EgfrUnit), Prescription(Nsaid, "2024-03-01"))), Is.EqualTo(Numerator), "corrected rule: on or before R - 3 months is inside");

    [Test]
    public void Loinc_egfr_with_unit_written_as_text_is_a_reading() =>
        Assert.That(Evaluate(Adult(Observation("33914-3", "2023-11-01", 38m, "mL/min/1.73m2", system: Loinc))), Is.EqualTo(Denominator));

    [Test]
    public void Egfr_in_an_unrelated_unit_is_not_a_reading_and_is_logged()
    {
        Assert.That(Evaluate(Adult(Observation(Egfr, "2023-11-01", 40m, "mmol/L"), Prescription(Nsaid, "2024-03-01"))), Is.EqualTo(None));
        Assert.That(Log.Count, Is.GreaterThan(0), "the unusable reading is logged");
    }
}

/// <summary>pincer-ac-acei-or-loop-diuretic-75-no-renal-monitoring on hand-built patients.</summary>
public sealed class PincerAcTests : CatalogueFixture
{
    protected override string IndicatorId => "pincer-ac-acei-or-loop-diuretic-75-no-renal-monitoring";

    private static PatientRecord Old(params ClinicalEvent[] events) => Male("1944-01-01", events);

    private static ClinicalEvent[] LongTermRamipril => [Prescription(Ramipril, "2022-06-01"), Prescription(Ramipril, "2024-02-01")];

    [Test]
    public void Long_term_acei_without_any_test_is_in_numerator() =>
        Assert.That(Evaluate(Old(LongTermRamipril)), Is.EqualTo(Numerator));

    [Test]
    public void Long_term_acei_with_renal_and_electrolyte_tests_is_denominator_only() =>
        Assert.That(Evaluate(Old([.. LongTermRamipril, Observation(Creatinine, "2023-06-01"), Observation(Electrolytes, "2023-06-01")])), Is.EqualTo(Denominator));

    [Test]
    public void Renal_test_without_electrolytes_is_still_in_numerator() =>
        Assert.That(Evaluate(Old([.. LongTermRamipril, Observation(Creatinine, "2023-06-01")])), Is.EqualTo(Numerator));

    [Test]
    public void Tests_exactly_15_months_before_do_not_count() =>
        Assert.That(Evaluate(Old([.. LongTermRamipril, Observation(Creatinine, "2022-12-31"), Observation(Electrolytes, "2022-12-31")])), Is.EqualTo(Numerator));

    [Test]
    public void Tests_15_months_minus_a_day_before_count() =>
        Assert.That(Evaluate(Old([.. LongTermRamipril, Observation(Creatinine, "2023-01-01"), Observation(Electrolytes, "2023-01-01")])), Is.EqualTo(Denominator));

    [Test]
    public void Acei_first_prescribed_exactly_15_months_before_is_long_term() =>
        Assert.That(Evaluate(Old(Prescription(Ramipril, "2022-12-31"), Prescription(Ramipril, "2024-02-01"))), Is.EqualTo(Numerator));

    [Test]
    public void Acei_started_less_than_15_months_ago_is_in_no_population() =>
        Assert.That(Evaluate(Old(Prescription(Ramipril, "2023-01-01"), Prescription(Ramipril, "2024-02-01"))), Is.EqualTo(None));

    [Test]
    public void Acei_stopped_more_than_6_months_ago_is_in_no_population() =>
        Assert.That(Evaluate(Old(Prescription(Ramipril, "2022-06-01"), Prescription(Ramipril, "2023-09-30"))), Is.EqualTo(None));

    [Test]
    public void Long_term_loop_diuretic_counts_like_an_acei() =>
        Assert.That(Evaluate(Old(Statement(Furosemide, "2020-01-01"), Prescription(Furosemide, "2024-03-30"))), Is.EqualTo(Numerator));

    [Test]
    public void Aged_74_is_in_no_population_even_on_a_loop_diuretic() =>
        Assert.That(Evaluate(Male("1949-04-01", Prescription(Furosemide, "2020-01-01"), Prescription(Furosemide, "2024-03-30"))), Is.EqualTo(None));
}

/// <summary>The PINCER monitoring indicators ME (FBC, LFT), LI and AM on hand-built patients.</summary>
public sealed class PincerMonitoringTests : CatalogueFixture
{
    private string _id = string.Empty;

    protected override string IndicatorId => _id;

    private PopulationMembership Run(string id, params ClinicalEvent[] events)
    {
        _id = id;
        return Evaluate(Female("1970-01-01", events));
    }

    private const string MeFbc = "pincer-me-methotrexate-no-fbc";
    private const string MeLft = "pincer-me-methotrexate-no-lft";
    private const string Li = "pincer-li-lithium-no-level";
    private const string Am = "pincer-am-amiodarone-no-tft";

    [Test]
    public void Methotrexate_for_3_months_without_fbc_is_in_numerator() =>
        Assert.That(Run(MeFbc, Prescription(Methotrexate, "2023-11-15"), Prescription(Methotrexate, "2024-03-01")), Is.EqualTo(Numerator));

    [Test]
    public void Methotrexate_with_fbc_in_the_last_3_months_is_denominator_only() =>
        Assert.That(Run(MeFbc, Prescription(Methotrexate, "2023-11-15"), Prescription(Methotrexate, "2024-03-01"), Observation(FullBloodCount, "2024-02-01")), Is.EqualTo(Denominator));

    [Test]
    public void A_liver_function_test_does_not_stand_in_for_an_fbc() =>
        Assert.That(Run(MeFbc, Prescription(Methotrexate, "2023-11-15"), Prescription(Methotrexate, "2024-03-01"), Observation(AlkalinePhosphatase, "2024-02-01")), Is.EqualTo(Numerator));

    [Test]
    public void Methotrexate_only_in_the_last_3_months_is_in_no_population() =>
        Assert.That(Run(MeFbc, Prescription(Methotrexate, "2024-01-15"), Prescription(Methotrexate, "2024-03-01")), Is.EqualTo(None));

    [Test]
    public void Methotrexate_exactly_3_months_before_counts_as_the_earlier_prescription() =>
        Assert.That(Run(MeFbc, Prescription(Methotrexate, "2023-12-31"), Prescription(Methotrexate, "2024-03-01")), Is.EqualTo(Numerator));

    [Test]
    public void Methotrexate_exactly_6_months_before_is_too_old() =>
        Assert.That(Run(MeFbc, Prescription(Methotrexate, "2023-09-30"), Prescription(Methotrexate, "2024-03-01")), Is.EqualTo(None));

    [Test]
    public void Methotrexate_stopped_in_the_last_3_months_is_in_no_population() =>
        Assert.That(Run(MeFbc, Prescription(Methotrexate, "2023-11-15")), Is.EqualTo(None));

    [Test]
    public void Methotrexate_without_lft_is_in_lft_numerator() =>
        Assert.That(Run(MeLft, Prescription(Methotrexate, "2023-11-15"), Prescription(Methotrexate, "2024-03-01"), Observation(FullBloodCount, "2024-02-01")), Is.EqualTo(Numerator));

    [Test]
    public void Methotrexate_with_lft_is_lft_denominator_only() =>
        Assert.That(Run(MeLft, Prescription(Methotrexate, "2023-11-15"), Prescription(Methotrexate, "2024-03-01"), Observation(AlkalinePhosphatase, "2024-02-01")), Is.EqualTo(Denominator));

    [Test]
    public void Lithium_without_level_is_in_numerator() =>
        Assert.That(Run(Li, Prescription(Lithium, "2023-11-15"), Prescription(Lithium, "2024-03-01")), Is.EqualTo(Numerator));

    [Test]
    public void Lithium_with_level_in_the_last_3_months_is_denominator_only() =>
        Assert.That(Run(Li, Prescription(Lithium, "2023-11-15"), Prescription(Lithium, "2024-03-01"), Observation(LithiumLevel, "2024-01-01")), Is.EqualTo(Denominator));

    [Test]
    public void Lithium_level_exactly_3_months_before_does_not_count() =>
        Assert.That(Run(Li, Prescription(Lithium, "2023-11-15"), Prescription(Lithium, "2024-03-01"), Observation(LithiumLevel, "2023-12-31")), Is.EqualTo(Numerator));

    [Test]
    public void Amiodarone_without_thyroid_test_is_in_numerator() =>
        Assert.That(Run(Am, Prescription(Amiodarone, "2023-06-15"), Prescription(Amiodarone, "2024-01-15")), Is.EqualTo(Numerator));

    [Test]
    public void Amiodarone_with_thyroid_test_in_6_months_is_denominator_only() =>
        Assert.That(Run(Am, Prescription(Amiodarone, "2023-06-15"), Prescription(Amiodarone, "2024-01-15"), Observation(SerumT3, "2023-10-01")), Is.EqualTo(Denominator));

    [Test]
    public void Thyroid_test_exactly_6_months_before_does_not_count() =>
        Assert.That(Run(Am, Prescription(Amiodarone, "2023-06-15"), Prescription(Amiodarone, "2024-01-15"), Observation(SerumT3, "2023-09-30")), Is.EqualTo(Numerator));

    [Test]
    public void Amiodarone_started_in_the_last_6_months_is_in_no_population() =>
        Assert.That(Run(Am, Prescription(Amiodarone, "2023-10-15"), Prescription(Amiodarone, "2024-01-15")), Is.EqualTo(None));
}
