using QiSdk.Indicators;
using QiSdk.Records;
using static QiSdk.Tests.Indicators.PatientFactory;

namespace QiSdk.Tests.Indicators;

/// <summary>
/// The worklist on built-in indicators and hand-built patients: who is listed follows from the clinical facts given
/// (the published rules: QOF DM020 HbA1c at most 58 mmol/mol in 12 months, frailty excluded, maximum therapy excepted;
/// PINCER A: 65 or over on an oral NSAID in 3 months without gastroprotection), and every listed patient carries a
/// reason in words with the evidence behind it, so a host never needs a rule name.
/// </summary>
public sealed class WorklistTests
{
    private const string R = "2024-03-31";
    private const string Dm = "111552007";
    private const string Ifcc = "1049301000000100";
    private const string ModFrail = "925831000000107";
    private const string MaxTherapy = "407569005";
    private const string Nsaid = "329925006";
    private const string Ppi = "240811000001108";

    private static System.Collections.Immutable.ImmutableArray<WorklistEntry> WorklistOf(string indicatorId, params PatientRecord[] patients)
    {
        var definition = ReferenceIndicatorFixture.Catalogue.Get(indicatorId);
        var set = new IndicatorEngine(ReferenceIndicatorFixture.Matcher, new IndicatorEngineOptions { IncludeExplanations = true })
            .Compile([definition], new MeasurementPeriod(DateOnly.Parse(R, System.Globalization.CultureInfo.InvariantCulture)));
        var result = set.Evaluate(patients, new DataQualityLog()).Single();
        return Worklist.For(definition, result);
    }

    private static PatientRecord Diabetic(params ClinicalEvent[] events) =>
        Patient("1970-06-15", AdministrativeGender.Female, [Condition(Dm, "2015-01-10"), .. events]);

    [Test]
    public void Diabetic_patient_with_no_hba1c_reading_is_listed_as_not_meeting_the_58_target_with_no_reading_as_evidence()
    {
        var patient = Diabetic();

        var entry = WorklistOf("qof-dm020-hba1c-58", patient).Single();

        Assert.Multiple(() =>
        {
            Assert.That(entry.PatientId, Is.EqualTo(patient.Id));
            Assert.That(entry.Reason, Does.StartWith("not met: ").And.Contain("58 mmol/mol"));
            Assert.That(entry.Evidence.Where(e => e.EventId is not null), Is.Empty, "no reading was found, so no event is cited");
        });
    }

    [Test]
    public void Diabetic_patient_with_a_high_hba1c_is_listed_with_the_reading_its_date_and_value()
    {
        var reading = Observation(Ifcc, "2023-10-01", 75, "mmol/mol");

        var entry = WorklistOf("qof-dm020-hba1c-58", Diabetic(reading)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(entry.Reason, Does.Contain("58 mmol/mol"));
            var cited = entry.Evidence.Single(e => e.EventId == reading.Id);
            Assert.That(cited.Value, Is.EqualTo(75m));
            Assert.That(cited.Date, Is.EqualTo(new DateOnly(2023, 10, 1)));
            Assert.That(entry.ToString(), Does.Contain(reading.Id).And.Contain("2023-10-01"));
        });
    }

    [Test]
    public void Excluded_excepted_and_at_target_diabetic_patients_are_not_listed()
    {
        var frail = Diabetic(Condition(ModFrail, "2022-01-01"), Observation(Ifcc, "2023-10-01", 75, "mmol/mol"));
        var maximumTherapy = Diabetic(Condition(MaxTherapy, "2023-09-01"), Observation(Ifcc, "2023-10-01", 75, "mmol/mol"));
        var atTarget = Diabetic(Observation(Ifcc, "2023-10-01", 48, "mmol/mol"));
        var high = Diabetic(Observation(Ifcc, "2023-10-01", 75, "mmol/mol"));

        var worklist = WorklistOf("qof-dm020-hba1c-58", frail, maximumTherapy, atTarget, high);

        Assert.That(worklist.Select(w => w.PatientId), Is.EqualTo(new[] { high.Id }));
    }

    [Test]
    public void Older_patient_on_an_nsaid_without_gastroprotection_is_listed_for_the_nsaid_and_the_missing_gastroprotection()
    {
        var nsaid = Prescription(Nsaid, "2024-02-15");
        var exposed = Patient("1950-01-01", AdministrativeGender.Female, nsaid);
        var protectedPatient = Patient("1950-01-01", AdministrativeGender.Female, Prescription(Nsaid, "2024-02-15"), Prescription(Ppi, "2024-01-20"));
        var noNsaid = Patient("1950-01-01", AdministrativeGender.Female);

        var worklist = WorklistOf("pincer-a-nsaid-65-no-gastroprotection", exposed, protectedPatient, noNsaid);

        var entry = worklist.Single();
        Assert.Multiple(() =>
        {
            Assert.That(entry.PatientId, Is.EqualTo(exposed.Id));
            Assert.That(entry.Reason, Does.Contain("NSAID").And.Contain("not met: ").And.Contain("ulcer-healing"), "the exclusion the patient did not meet is part of the reason");
            Assert.That(entry.Evidence.Select(e => e.EventId), Does.Contain(nsaid.Id));
        });
    }

    [Test]
    public void Patient_with_no_smoking_status_is_listed_with_every_numerator_alternative_not_met()
    {
        var definition = ReferenceIndicatorFixture.Catalogue.Get("dq-smoking-status-recorded");
        var alternatives = definition.Rules.Count(r => r.Action == RuleAction.Select && r.Populations.Contains(MeasurePopulation.Numerator));
        Assume.That(alternatives, Is.GreaterThan(1));

        var entry = WorklistOf("dq-smoking-status-recorded", Patient("1970-01-01", AdministrativeGender.Male)).Single();

        Assert.That(entry.Reason.Split("; ").Count(part => part.StartsWith("not met: ", StringComparison.Ordinal)), Is.EqualTo(alternatives));
    }
}
