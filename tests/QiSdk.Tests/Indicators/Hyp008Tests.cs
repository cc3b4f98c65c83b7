using QiSdk.Records;
using static QiSdk.Tests.Indicators.PatientFactory;

namespace QiSdk.Tests.Indicators;

/// <summary>qof-hyp008-bp-140-90 on hand-built patients.</summary>
public sealed class Hyp008Tests : ReferenceIndicatorFixture
{
    private const string R = "2024-03-31";
    private const string Hyp = "10562009";
    private const string HypResolved = "162659009";
    private const string Systolic = "251070002";
    private const string Diastolic = "163031004";
    private const string BpDeclined = "413123006";
    private const string Invite = "1066941000000104";

    protected override string IndicatorId => "qof-hyp008-bp-140-90";

    private static PatientRecord Hypertensive(string birth = "1960-05-05", params ClinicalEvent[] events) =>
        Patient(birth, [Condition(Hyp, "2012-02-02"), .. events]);

    [Test]
    public void Bp_panel_components_at_target_put_patient_in_numerator() =>
        Assert.That(Evaluate(R, Hypertensive(events: BpPanel("2024-01-10", 130, 80))), Is.EqualTo(Numerator));

    [TestCase(140, 90, true)]
    [TestCase(141, 90, false)]
    [TestCase(140, 91, false)]
    public void Standalone_readings_thresholds_are_inclusive(int sys, int dia, bool inNumerator) =>
        Assert.That(
            Evaluate(R, Hypertensive(events: [Observation(Systolic, "2024-01-10", sys, "mm[Hg]"), Observation(Diastolic, "2024-01-10", dia, "mm[Hg]")])),
            Is.EqualTo(inNumerator ? Numerator : Denominator));

    [Test]
    public void Unit_text_mmHg_is_accepted() =>
        Assert.That(Evaluate(R, Hypertensive(events: BpPanel("2024-01-10", 130, 80, "mmHg"))), Is.EqualTo(Numerator));

    [Test]
    public void Latest_systolic_and_latest_diastolic_may_come_from_different_days() =>
        Assert.That(
            Evaluate(R, Hypertensive(events: [BpPanel("2023-06-01", 150, 85), Observation(Systolic, "2024-02-01", 135, "mm[Hg]")])),
            Is.EqualTo(Numerator));

    [Test]
    public void Only_systolic_in_window_is_not_enough() =>
        Assert.That(Evaluate(R, Hypertensive(events: [Observation(Systolic, "2024-02-01", 120, "mm[Hg]"), Observation(Diastolic, "2023-03-01", 70, "mm[Hg]")])), Is.EqualTo(Denominator));

    [Test]
    public void Lowest_systolic_of_the_latest_day_is_used() =>
        Assert.That(Evaluate(R, Hypertensive(events: [BpPanel("2024-02-01", 160, 85), BpPanel("2024-02-01", 138, 88)])), Is.EqualTo(Numerator));

    [Test]
    public void Aged_79_on_reference_date_is_in_denominator() =>
        Assert.That(Evaluate(R, Hypertensive("1944-04-01")), Is.EqualTo(Denominator));

    [Test]
    public void Aged_80_on_reference_date_is_in_no_population() =>
        Assert.That(Evaluate(R, Hypertensive("1944-03-31")), Is.EqualTo(None));

    [Test]
    public void Young_adult_has_no_lower_age_bound() =>
        Assert.That(Evaluate(R, Hypertensive("2010-01-01")), Is.EqualTo(Denominator));

    [Test]
    public void Same_day_resolution_keeps_patient_on_register() =>
        Assert.That(Evaluate(R, Patient("1960-05-05", Condition(Hyp, "2020-01-01"), Condition(HypResolved, "2020-01-01"))), Is.EqualTo(Denominator));

    [Test]
    public void Later_resolution_takes_patient_off_register() =>
        Assert.That(Evaluate(R, Patient("1960-05-05", Condition(Hyp, "2020-01-01"), Condition(HypResolved, "2021-01-01"))), Is.EqualTo(None));

    [Test]
    public void Bp_declined_in_window_excepts_patient_not_at_target() =>
        Assert.That(Evaluate(R, Hypertensive(events: [Observation(BpDeclined, "2023-12-01"), BpPanel("2024-01-10", 150, 95)])), Is.EqualTo(Excepted));

    [Test]
    public void Bp_declined_does_not_except_numerator_patient() =>
        Assert.That(Evaluate(R, Hypertensive(events: [Observation(BpDeclined, "2023-12-01"), BpPanel("2024-01-10", 120, 70)])), Is.EqualTo(Numerator));

    [Test]
    public void Two_invitations_7_days_apart_except() =>
        Assert.That(Evaluate(R, Hypertensive(events: [Observation(Invite, "2024-01-01"), Observation(Invite, "2024-01-08")])), Is.EqualTo(Excepted));

    [Test]
    public void Two_invitations_on_the_same_day_do_not_except() =>
        Assert.That(Evaluate(R, Hypertensive(events: [Observation(Invite, "2024-01-01"), Observation(Invite, "2024-01-01")])), Is.EqualTo(Denominator));

    [Test]
    public void Newly_diagnosed_within_9_months_is_excepted() =>
        Assert.That(Evaluate(R, Patient("1960-05-05", Condition(Hyp, "2023-07-01"))), Is.EqualTo(Excepted));

    [Test]
    public void Reading_in_kilopascals_is_not_compared_and_is_logged()
    {
        Assert.That(Evaluate(R, Hypertensive(events: BpPanel("2024-01-10", 17, 10, "kPa"))), Is.EqualTo(Denominator));
        Assert.That(Log.CountsByCode().GetValueOrDefault("QI3101"), Is.EqualTo(2), "systolic and diastolic component each logged once");
    }
}
