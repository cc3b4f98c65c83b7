using QiSdk.Records;
using static QiSdk.Tests.Indicators.PatientFactory;

namespace QiSdk.Tests.Indicators;

/// <summary>pincer-a-nsaid-65-no-gastroprotection on hand-built patients.</summary>
public sealed class PincerATests : ReferenceIndicatorFixture
{
    private const string R = "2024-03-31";
    private const string Nsaid = "329925006"; // Aceclofenac 100mg tablets
    private const string Ppi = "240811000001108"; // Acid-Eze 200mg tablets

    protected override string IndicatorId => "pincer-a-nsaid-65-no-gastroprotection";

    private static PatientRecord Older(params ClinicalEvent[] events) => Patient("1950-01-01", events);

    [Test]
    public void Nsaid_without_gastroprotection_is_in_numerator() =>
        Assert.That(Evaluate(R, Older(Prescription(Nsaid, "2024-02-15"))), Is.EqualTo(Numerator));

    [Test]
    public void Aged_65_or_over_without_nsaid_is_denominator_only() =>
        Assert.That(Evaluate(R, Older()), Is.EqualTo(Denominator));

    [Test]
    public void Gastroprotected_patient_is_initial_population_only() =>
        Assert.That(Evaluate(R, Older(Prescription(Nsaid, "2024-02-15"), Prescription(Ppi, "2024-01-20"))), Is.EqualTo(Ip));

    [Test]
    public void Aged_64_is_in_no_population() =>
        Assert.That(Evaluate(R, Patient("1959-04-01", Prescription(Nsaid, "2024-02-15"))), Is.EqualTo(None));

    [Test]
    public void Aged_65_on_reference_date_is_included() =>
        Assert.That(Evaluate(R, Patient("1959-03-31", Prescription(Nsaid, "2024-02-15"))), Is.EqualTo(Numerator));

    [Test]
    public void Nsaid_exactly_3_months_before_reference_date_does_not_count() =>
        Assert.That(Evaluate(R, Older(Prescription(Nsaid, "2023-12-31"))), Is.EqualTo(Denominator));

    [Test]
    public void Nsaid_3_months_minus_one_day_before_counts() =>
        Assert.That(Evaluate(R, Older(Prescription(Nsaid, "2024-01-01"))), Is.EqualTo(Numerator));

    [Test]
    public void Ppi_exactly_3_months_before_does_not_protect() =>
        Assert.That(Evaluate(R, Older(Prescription(Nsaid, "2024-02-15"), Prescription(Ppi, "2023-12-31"))), Is.EqualTo(Numerator));

    [Test]
    public void Window_from_30_June_clamps_to_month_end() =>
        Assert.That(Evaluate("2024-06-30", Older(Prescription(Nsaid, "2024-03-31"))), Is.EqualTo(Numerator), "3 months before 2024-06-30 is 2024-03-30");

    [TestCase("proposal")]
    [TestCase("plan")]
    public void Nsaid_request_with_non_order_intent_never_counts(string intent) =>
        Assert.That(Evaluate(R, Older(Prescription(Nsaid, "2024-02-15", intent: intent))), Is.EqualTo(Denominator));

    [TestCase("entered-in-error")]
    [TestCase("cancelled")]
    [TestCase("draft")]
    public void Nsaid_request_with_non_counting_status_never_counts(string status) =>
        Assert.That(Evaluate(R, Older(Prescription(Nsaid, "2024-02-15", status: status))), Is.EqualTo(Denominator));

    [Test]
    public void Nsaid_request_marked_do_not_perform_never_counts() =>
        Assert.That(Evaluate(R, Older(Prescription(Nsaid, "2024-02-15") with { DoNotPerform = true })), Is.EqualTo(Denominator));

    [Test]
    public void Ppi_request_marked_do_not_perform_does_not_protect() =>
        Assert.That(Evaluate(R, Older(Prescription(Nsaid, "2024-02-15"), Prescription(Ppi, "2024-02-15") with { DoNotPerform = true })), Is.EqualTo(Numerator));

    [Test]
    public void Proposed_ppi_does_not_protect() =>
        Assert.That(Evaluate(R, Older(Prescription(Nsaid, "2024-02-15"), Prescription(Ppi, "2024-02-15", intent: "proposal"))), Is.EqualTo(Numerator));

    [Test]
    public void Nsaid_medication_statement_counts() =>
        Assert.That(Evaluate(R, Older(Statement(Nsaid, "2024-02-15"))), Is.EqualTo(Numerator));

    [Test]
    public void Nsaid_statement_not_taken_does_not_count() =>
        Assert.That(Evaluate(R, Older(Statement(Nsaid, "2024-02-15", status: "not-taken"))), Is.EqualTo(Denominator));

    [Test]
    public void Nsaid_code_on_a_non_medication_resource_is_not_a_prescription() =>
        Assert.That(Evaluate(R, Older(Observation(Nsaid, "2024-02-15"))), Is.EqualTo(Denominator));

    [Test]
    public void Nsaid_coded_as_dmd_counts() =>
        Assert.That(Evaluate(R, Older(Prescription(Nsaid, "2024-02-15", system: TestMatcher.Dmd))), Is.EqualTo(Numerator));

    [Test]
    public void Medication_code_resolved_from_contained_medication_counts()
    {
        // The reader resolves medicationReference "#med1" to the contained Medication's code into ClinicalEvent.Codes;
        // the event then carries the Medication's codings (here with a local code first).
        var request = Prescription(Nsaid, "2024-02-15") with
        {
            Codes = [new Coding("https://example.org/local-drugs", "IBU400"), new Coding(Snomed, Nsaid)],
        };
        Assert.That(Evaluate(R, Older(request)), Is.EqualTo(Numerator));
    }

    [Test]
    public void Deceased_before_reference_date_is_in_no_population() =>
        Assert.That(Evaluate(R, Older(Prescription(Nsaid, "2024-02-15")) with { DeceasedDate = FhirDate.Parse("2024-03-01") }), Is.EqualTo(None));

    [Test]
    public void Deceased_after_reference_date_is_counted() =>
        Assert.That(Evaluate(R, Older(Prescription(Nsaid, "2024-02-15")) with { DeceasedDate = FhirDate.Parse("2024-04-01") }), Is.EqualTo(Numerator));

    [Test]
    public void Born_29_February_turns_65_on_1_March_in_a_common_year()
    {
        var p = Patient("1960-02-29", Prescription(Nsaid, "2025-02-15"));
        Assert.That(Evaluate("2025-02-28", p), Is.EqualTo(None));
        Assert.That(Evaluate("2025-03-01", p), Is.EqualTo(Numerator));
    }
}
