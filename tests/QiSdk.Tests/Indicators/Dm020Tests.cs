using QiSdk.Records;
using static QiSdk.Tests.Indicators.PatientFactory;

namespace QiSdk.Tests.Indicators;

/// <summary>qof-dm020-hba1c-58: every branch and boundary named in the issue, on hand-built patients.</summary>
public sealed class Dm020Tests : ReferenceIndicatorFixture
{
    private const string R = "2024-03-31";
    private const string Dm = "111552007";
    private const string DmResolved = "315051004";
    private const string Ifcc = "1049301000000100";
    private const string Dcct = "1019431000000105";
    private const string MildFrail = "925791000000100";
    private const string ModFrail = "925831000000107";
    private const string SevFrail = "925861000000102";
    private const string MaxTherapy = "407569005";
    private const string Invite = "1066911000000100";

    protected override string IndicatorId => "qof-dm020-hba1c-58";

    private static ClinicalEvent Hba1c(string date, decimal value, string unit = "mmol/mol") => Observation(Ifcc, date, value, unit);

    private static PatientRecord Diabetic(params ClinicalEvent[] events) => Patient("1970-06-15", [Condition(Dm, "2015-01-10"), .. events]);

    [Test]
    public void Register_patient_with_hba1c_48_in_window_is_in_numerator() =>
        Assert.That(Evaluate(R, Diabetic(Hba1c("2023-10-01", 48))), Is.EqualTo(Numerator));

    [Test]
    public void Register_patient_without_hba1c_is_denominator_only() =>
        Assert.That(Evaluate(R, Diabetic()), Is.EqualTo(Denominator));

    [Test]
    public void Patient_not_on_register_is_in_no_population() =>
        Assert.That(Evaluate(R, Patient("1970-06-15", Hba1c("2023-10-01", 48))), Is.EqualTo(None));

    [Test]
    public void Hba1c_exactly_12_months_before_reference_date_does_not_count() =>
        Assert.That(Evaluate(R, Diabetic(Hba1c("2023-03-31", 48))), Is.EqualTo(Denominator));

    [Test]
    public void Hba1c_12_months_minus_one_day_before_reference_date_counts() =>
        Assert.That(Evaluate(R, Diabetic(Hba1c("2023-04-01", 48))), Is.EqualTo(Numerator));

    [Test]
    public void Hba1c_on_reference_date_counts() =>
        Assert.That(Evaluate(R, Diabetic(Hba1c(R, 48))), Is.EqualTo(Numerator));

    [Test]
    public void Hba1c_after_reference_date_is_ignored() =>
        Assert.That(Evaluate(R, Diabetic(Hba1c("2023-06-01", 70), Hba1c("2024-04-01", 40))), Is.EqualTo(Denominator));

    [Test]
    public void Leap_day_reference_date_window_clamps_to_28_February()
    {
        Assert.That(Evaluate("2024-02-29", Diabetic(Hba1c("2023-02-28", 48))), Is.EqualTo(Denominator), "2023-02-28 is exactly 12 months before");
        Assert.That(Evaluate("2024-02-29", Diabetic(Hba1c("2023-03-01", 48))), Is.EqualTo(Numerator));
    }

    [TestCase(58, true)]
    [TestCase(58.0001, false)]
    [TestCase(57.9, true)]
    [TestCase(59, false)]
    public void Hba1c_threshold_58_is_inclusive(decimal value, bool inNumerator) =>
        Assert.That(Evaluate(R, Diabetic(Hba1c("2023-10-01", value))), Is.EqualTo(inNumerator ? Numerator : Denominator));

    [TestCase("7.45", true)] // (7.45 - 2.15) x 10.929 = 57.92
    [TestCase("7.4569", true)] // 57.9999...: unrounded
    [TestCase("7.4570", false)] // 58.0009
    [TestCase("7.46", false)] // 58.03
    public void Dcct_percent_converts_to_ifcc_before_comparison(string percent, bool inNumerator)
    {
        decimal value = decimal.Parse(percent, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(Evaluate(R, Diabetic(Observation(Dcct, "2023-10-01", value, "%"))), Is.EqualTo(inNumerator ? Numerator : Denominator));
    }

    [Test]
    public void Loinc_hba1c_in_percent_counts_after_conversion() =>
        Assert.That(Evaluate(R, Diabetic(Observation("4548-4", "2023-10-01", 6.5m, "%", Loinc))), Is.EqualTo(Numerator));

    [Test]
    public void Latest_reading_decides_not_the_best() =>
        Assert.That(Evaluate(R, Diabetic(Hba1c("2023-06-01", 45), Hba1c("2024-01-15", 65))), Is.EqualTo(Denominator));

    [Test]
    public void Lowest_of_several_readings_on_the_latest_date_is_used() =>
        Assert.That(Evaluate(R, Diabetic(Hba1c("2024-01-15", 65), Hba1c("2024-01-15", 55), Hba1c("2023-06-01", 80))), Is.EqualTo(Numerator));

    [Test]
    public void Partial_date_counts_as_first_day_of_month()
    {
        Assert.That(Evaluate(R, Diabetic(Hba1c("2023-04", 48))), Is.EqualTo(Numerator), "2023-04 = 2023-04-01, inside");
        Assert.That(Evaluate(R, Diabetic(Hba1c("2023-03", 48))), Is.EqualTo(Denominator), "2023-03 = 2023-03-01, outside");
    }

    [Test]
    public void Offset_near_midnight_counts_on_the_calendar_date_written()
    {
        // 2023-03-31T23:30-05:00 is 2023-04-01 in UTC, but counts on 2023-03-31: outside the window.
        Assert.That(Evaluate(R, Diabetic(Hba1c("2023-03-31T23:30:00-05:00", 48))), Is.EqualTo(Denominator));
        // 2023-04-01T00:30+02:00 is 2023-03-31 in UTC, but counts on 2023-04-01: inside.
        Assert.That(Evaluate(R, Diabetic(Hba1c("2023-04-01T00:30:00+02:00", 48))), Is.EqualTo(Numerator));
        // 2024-04-01T00:30+02:00 is on R in UTC but written after R: ignored.
        Assert.That(Evaluate(R, Diabetic(Hba1c("2024-04-01T00:30:00+02:00", 48))), Is.EqualTo(Denominator));
    }

    [Test]
    public void Entered_in_error_reading_is_ignored() =>
        Assert.That(Evaluate(R, Diabetic(Observation(Ifcc, "2023-10-01", 48, "mmol/mol", status: "entered-in-error"))), Is.EqualTo(Denominator));

    [Test]
    public void Cancelled_reading_is_ignored() =>
        Assert.That(Evaluate(R, Diabetic(Observation(Ifcc, "2023-10-01", 48, "mmol/mol", status: "cancelled"))), Is.EqualTo(Denominator));

    [TestCase("entered-in-error")]
    [TestCase("refuted")]
    public void Diagnosis_that_never_counts_does_not_put_patient_on_register(string verification) =>
        Assert.That(Evaluate(R, Patient("1970-06-15", Condition(Dm, "2015-01-10", verification: verification), Hba1c("2023-10-01", 48))), Is.EqualTo(None));

    [Test]
    public void Diabetes_coded_as_observation_counts_for_register() =>
        Assert.That(Evaluate(R, Patient("1970-06-15", Observation(Dm, "2015-01-10"), Hba1c("2023-10-01", 48))), Is.EqualTo(Numerator));

    [Test]
    public void Resolution_on_the_same_day_keeps_patient_on_register() =>
        Assert.That(Evaluate(R, Patient("1970-06-15", Condition(Dm, "2020-01-10"), Condition(DmResolved, "2020-01-10"))), Is.EqualTo(Denominator));

    [Test]
    public void Resolution_after_latest_diagnosis_takes_patient_off_register() =>
        Assert.That(Evaluate(R, Patient("1970-06-15", Condition(Dm, "2020-01-10"), Condition(DmResolved, "2020-01-11"))), Is.EqualTo(None));

    [Test]
    public void New_diagnosis_after_resolution_puts_patient_back_on_register() =>
        Assert.That(Evaluate(R, Patient("1970-06-15", Condition(Dm, "2018-01-10"), Condition(DmResolved, "2019-01-11"), Condition(Dm, "2020-05-01"))), Is.EqualTo(Denominator));

    [Test]
    public void Resolution_after_reference_date_is_ignored() =>
        Assert.That(Evaluate(R, Patient("1970-06-15", Condition(Dm, "2020-01-10"), Condition(DmResolved, "2024-04-02"))), Is.EqualTo(Denominator));

    [Test]
    public void Diagnosis_after_reference_date_only_is_not_on_register() =>
        Assert.That(Evaluate(R, Patient("1970-06-15", Condition(Dm, "2024-04-02"))), Is.EqualTo(None));

    [Test]
    public void Aged_17_on_reference_date_is_included() =>
        Assert.That(Evaluate(R, Patient("2007-03-31", Condition(Dm, "2015-01-10"))), Is.EqualTo(Denominator));

    [Test]
    public void Aged_16_turning_17_the_day_after_reference_date_is_excluded() =>
        Assert.That(Evaluate(R, Patient("2007-04-01", Condition(Dm, "2015-01-10"))), Is.EqualTo(None));

    [Test]
    public void Born_29_February_is_not_17_until_1_March_in_a_common_year()
    {
        var p = Patient("2008-02-29", Condition(Dm, "2015-01-10"));
        Assert.That(Evaluate("2025-02-28", p), Is.EqualTo(None), "16 on 28 February 2025");
        Assert.That(Evaluate("2025-03-01", p), Is.EqualTo(Denominator), "17 on 1 March 2025");
    }

    [Test]
    public void Deceased_before_reference_date_is_excluded_from_population_base() =>
        Assert.That(Evaluate(R, Diabetic() with { DeceasedDate = FhirDate.Parse("2024-03-31") }), Is.EqualTo(None));

    [Test]
    public void Deceased_after_reference_date_is_alive_at_reference_date() =>
        Assert.That(Evaluate(R, Diabetic(Hba1c("2023-10-01", 48)) with { DeceasedDate = FhirDate.Parse("2024-04-01T00:10:00+01:00") }), Is.EqualTo(Numerator));

    [Test]
    public void Deceased_boolean_true_is_excluded() =>
        Assert.That(Evaluate(R, Diabetic() with { DeceasedBoolean = true }), Is.EqualTo(None));

    [Test]
    public void Inactive_patient_is_excluded_but_active_missing_is_included()
    {
        Assert.That(Evaluate(R, Diabetic() with { Active = false }), Is.EqualTo(None));
        Assert.That(Evaluate(R, Diabetic() with { Active = null }), Is.EqualTo(Denominator));
    }

    [Test]
    public void Patient_without_birth_date_is_not_in_population_base() =>
        Assert.That(Evaluate(R, Diabetic() with { BirthDate = null }), Is.EqualTo(None));

    [TestCase(ModFrail)]
    [TestCase(SevFrail)]
    public void Latest_frailty_moderate_or_severe_excludes_even_at_target(string frailty) =>
        Assert.That(Evaluate(R, Diabetic(Condition(frailty, "2022-01-01"), Hba1c("2023-10-01", 48))), Is.EqualTo(Excluded));

    [Test]
    public void Mild_frailty_after_severe_frailty_does_not_exclude() =>
        Assert.That(Evaluate(R, Diabetic(Condition(SevFrail, "2021-01-01"), Condition(MildFrail, "2022-01-01"), Hba1c("2023-10-01", 48))), Is.EqualTo(Numerator));

    [Test]
    public void Maximum_therapy_in_window_excepts_patient_not_at_target() =>
        Assert.That(Evaluate(R, Diabetic(Condition(MaxTherapy, "2023-09-01"), Hba1c("2023-10-01", 75))), Is.EqualTo(Excepted));

    [Test]
    public void Exception_never_applies_to_numerator_patient() =>
        Assert.That(Evaluate(R, Diabetic(Condition(MaxTherapy, "2023-09-01"), Hba1c("2023-10-01", 50))), Is.EqualTo(Numerator));

    [Test]
    public void Maximum_therapy_exactly_12_months_before_does_not_except() =>
        Assert.That(Evaluate(R, Diabetic(Condition(MaxTherapy, "2023-03-31"))), Is.EqualTo(Denominator));

    [Test]
    public void Invitations_exactly_7_days_apart_except() =>
        Assert.That(Evaluate(R, Diabetic(Observation(Invite, "2023-11-01"), Observation(Invite, "2023-11-08"))), Is.EqualTo(Excepted));

    [Test]
    public void Invitations_6_days_apart_do_not_except() =>
        Assert.That(Evaluate(R, Diabetic(Observation(Invite, "2023-11-01"), Observation(Invite, "2023-11-07"))), Is.EqualTo(Denominator));

    [Test]
    public void Three_invitations_where_only_first_and_last_are_7_days_apart_except() =>
        Assert.That(Evaluate(R, Diabetic(Observation(Invite, "2023-11-01"), Observation(Invite, "2023-11-04"), Observation(Invite, "2023-11-08"))), Is.EqualTo(Excepted));

    [Test]
    public void Diagnosed_within_9_months_is_excepted() =>
        Assert.That(Evaluate(R, Patient("1970-06-15", Condition(Dm, "2023-07-01"))), Is.EqualTo(Excepted));

    [Test]
    public void Diagnosed_exactly_9_months_before_is_not_excepted() =>
        Assert.That(Evaluate(R, Patient("1970-06-15", Condition(Dm, "2023-06-30"))), Is.EqualTo(Denominator));

    [Test]
    public void Earlier_diagnosis_prevents_new_diagnosis_exception() =>
        Assert.That(Evaluate(R, Patient("1970-06-15", Condition(Dm, "2010-01-01"), Condition(Dm, "2023-12-01"))), Is.EqualTo(Denominator));

    [Test]
    public void Undated_reading_is_ignored_and_logged()
    {
        Assert.That(Evaluate(R, Diabetic(Hba1c("2023-10-01", 70), Observation(Ifcc, null, 40, "mmol/mol"))), Is.EqualTo(Denominator));
        Assert.That(Log.CountsByCode().GetValueOrDefault("QI3201"), Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public void Reading_in_unfit_unit_is_not_compared_and_is_logged()
    {
        Assert.That(Evaluate(R, Diabetic(Hba1c("2023-10-01", 5.0m, "mmol/L"))), Is.EqualTo(Denominator));
        Assert.That(Log.Snapshot().Select(i => i.Code), Does.Contain("QI3102"));
    }

    [Test]
    public void Reading_in_unknown_unit_is_not_compared_and_is_logged()
    {
        Assert.That(Evaluate(R, Diabetic(Hba1c("2023-10-01", 40, "furlongs"))), Is.EqualTo(Denominator));
        Assert.That(Log.Snapshot().Single(i => i.Code == "QI3101").Message, Does.Contain("furlongs"));
    }

    [Test]
    public void Reading_without_value_is_not_a_reading_and_falls_back_to_earlier_reading()
    {
        Assert.That(Evaluate(R, Diabetic(Hba1c("2023-06-01", 50), Observation(Ifcc, "2024-01-01"))), Is.EqualTo(Numerator));
        Assert.That(Log.Snapshot().Select(i => i.Code), Does.Contain("QI3103"));
    }
}
