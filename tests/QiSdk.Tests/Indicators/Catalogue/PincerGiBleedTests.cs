using QiSdk.Records;
using static QiSdk.Tests.Indicators.Catalogue.Codes;
using static QiSdk.Tests.Indicators.PatientFactory;

namespace QiSdk.Tests.Indicators.Catalogue;

// R = 2024-03-31: "within 3 months" is after 2023-12-31; "on or before R - 3 months" is on or before 2023-12-31.

/// <summary>pincer-b-ulcer-history-nsaid-no-gastroprotection on hand-built patients.</summary>
public sealed class PincerBTests : CatalogueFixture
{
    protected override string IndicatorId => "pincer-b-ulcer-history-nsaid-no-gastroprotection";

    private static PatientRecord Adult(params ClinicalEvent[] events) => Female("1970-05-05", events);

    [Test]
    public void Ulcer_history_and_nsaid_without_gastroprotection_is_in_numerator() =>
        Assert.That(Evaluate(Adult(Condition(PepticUlcer, "2020-01-10"), Prescription(Nsaid, "2024-02-15"))), Is.EqualTo(Numerator));

    [Test]
    public void Gi_bleed_history_counts_like_an_ulcer() =>
        Assert.That(Evaluate(Adult(Condition(GiBleed, "2019-06-01"), Prescription(Nsaid, "2024-02-15"))), Is.EqualTo(Numerator));

    [Test]
    public void Ulcer_history_without_nsaid_is_denominator_only() =>
        Assert.That(Evaluate(Adult(Condition(PepticUlcer, "2020-01-10"))), Is.EqualTo(Denominator));

    [Test]
    public void Gastroprotected_patient_is_initial_population_only() =>
        Assert.That(Evaluate(Adult(Condition(PepticUlcer, "2020-01-10"), Prescription(Nsaid, "2024-02-15"), Statement(Ppi, "2024-01-20"))), Is.EqualTo(Ip));

    [Test]
    public void Ulcer_recorded_exactly_3_months_before_reference_date_is_history() =>
        Assert.That(Evaluate(Adult(Condition(PepticUlcer, "2023-12-31"), Prescription(Nsaid, "2024-02-15"))), Is.EqualTo(Numerator));

    [Test]
    public void Ulcer_first_recorded_within_the_last_3_months_is_not_history() =>
        Assert.That(Evaluate(Adult(Condition(PepticUlcer, "2024-01-01"), Prescription(Nsaid, "2024-02-15"))), Is.EqualTo(None));

    [Test]
    public void Old_ulcer_still_counts_when_a_recent_ulcer_is_also_recorded() =>
        Assert.That(Evaluate(Adult(Condition(PepticUlcer, "2018-01-01"), Condition(PepticUlcer, "2024-03-01"), Prescription(Nsaid, "2024-02-15"))), Is.EqualTo(Numerator));

    [Test]
    public void Refuted_ulcer_never_counts() =>
        Assert.That(Evaluate(Adult(Condition(PepticUlcer, "2020-01-10", verification: "refuted"), Prescription(Nsaid, "2024-02-15"))), Is.EqualTo(None));

    [Test]
    public void Aged_17_is_in_no_population() =>
        Assert.That(Evaluate(Female("2006-04-01", Condition(PepticUlcer, "2020-01-10"), Prescription(Nsaid, "2024-02-15"))), Is.EqualTo(None));
}

/// <summary>pincer-c-ulcer-history-antiplatelet-no-gastroprotection on hand-built patients.</summary>
public sealed class PincerCTests : CatalogueFixture
{
    protected override string IndicatorId => "pincer-c-ulcer-history-antiplatelet-no-gastroprotection";

    private static PatientRecord Ulcer(params ClinicalEvent[] events) => Male("1960-01-01", [Condition(PepticUlcer, "2021-07-01"), .. events]);

    [Test]
    public void Aspirin_after_ulcer_without_gastroprotection_is_in_numerator() =>
        Assert.That(Evaluate(Ulcer(Prescription(Aspirin, "2024-03-31"))), Is.EqualTo(Numerator));

    [Test]
    public void Clopidogrel_after_ulcer_without_gastroprotection_is_in_numerator() =>
        Assert.That(Evaluate(Ulcer(Prescription(Clopidogrel, "2024-01-01"))), Is.EqualTo(Numerator));

    [Test]
    public void No_antiplatelet_is_denominator_only() =>
        Assert.That(Evaluate(Ulcer(Prescription(Nsaid, "2024-02-01"))), Is.EqualTo(Denominator));

    [Test]
    public void Antiplatelet_exactly_3_months_before_does_not_count() =>
        Assert.That(Evaluate(Ulcer(Prescription(Aspirin, "2023-12-31"))), Is.EqualTo(Denominator));

    [Test]
    public void Gastroprotected_patient_is_initial_population_only() =>
        Assert.That(Evaluate(Ulcer(Prescription(Aspirin, "2024-02-01"), Prescription(Ppi, "2024-02-01"))), Is.EqualTo(Ip));

    [Test]
    public void No_ulcer_or_bleed_is_in_no_population() =>
        Assert.That(Evaluate(Male("1960-01-01", Prescription(Aspirin, "2024-02-01"))), Is.EqualTo(None));
}

/// <summary>pincer-d-anticoagulant-nsaid on hand-built patients.</summary>
public sealed class PincerDTests : CatalogueFixture
{
    protected override string IndicatorId => "pincer-d-anticoagulant-nsaid";

    [Test]
    public void Anticoagulant_and_nsaid_is_in_numerator() =>
        Assert.That(Evaluate(Male("1950-01-01", Prescription(Warfarin, "2024-03-01"), Prescription(Nsaid, "2024-01-05"))), Is.EqualTo(Numerator));

    [Test]
    public void Anticoagulant_alone_is_denominator_only() =>
        Assert.That(Evaluate(Male("1950-01-01", Prescription(Warfarin, "2024-03-01"))), Is.EqualTo(Denominator));

    [Test]
    public void Gastroprotection_does_not_matter_for_d() =>
        Assert.That(Evaluate(Male("1950-01-01", Prescription(Warfarin, "2024-03-01"), Prescription(Nsaid, "2024-01-05"), Prescription(Ppi, "2024-03-01"))), Is.EqualTo(Numerator));

    [Test]
    public void Nsaid_without_anticoagulant_is_in_no_population() =>
        Assert.That(Evaluate(Male("1950-01-01", Prescription(Nsaid, "2024-01-05"))), Is.EqualTo(None));

    [Test]
    public void Anticoagulant_exactly_3_months_before_does_not_count() =>
        Assert.That(Evaluate(Male("1950-01-01", Prescription(Warfarin, "2023-12-31"), Prescription(Nsaid, "2024-01-05"))), Is.EqualTo(None));

    [Test]
    public void Cancelled_nsaid_request_does_not_count() =>
        Assert.That(Evaluate(Male("1950-01-01", Prescription(Warfarin, "2024-03-01"), Prescription(Nsaid, "2024-01-05", status: "cancelled"))), Is.EqualTo(Denominator));
}

/// <summary>pincer-e-anticoagulant-antiplatelet-no-gastroprotection on hand-built patients.</summary>
public sealed class PincerETests : CatalogueFixture
{
    protected override string IndicatorId => "pincer-e-anticoagulant-antiplatelet-no-gastroprotection";

    // Corrected for the study's co-prescription rule (analysis/utilities.py: the two drugs less than 28 days apart): the
    // antiplatelet dates below were 29 and 31 days from the warfarin, which the study does not count as co-prescribed.
    private static PatientRecord OnWarfarin(params ClinicalEvent[] events) => Female("1945-02-02", [Prescription(Warfarin, "2024-02-10"), .. events]);

    [Test]
    public void Anticoagulant_and_clopidogrel_without_gastroprotection_is_in_numerator() =>
        Assert.That(Evaluate(OnWarfarin(Prescription(Clopidogrel, "2024-03-01"))), Is.EqualTo(Numerator));

    [Test]
    public void Anticoagulant_and_aspirin_without_gastroprotection_is_in_numerator() =>
        Assert.That(Evaluate(OnWarfarin(Statement(Aspirin, "2024-01-20"))), Is.EqualTo(Numerator));

    [Test]
    public void Anticoagulant_alone_is_denominator_only() =>
        Assert.That(Evaluate(OnWarfarin()), Is.EqualTo(Denominator));

    [Test]
    public void Gastroprotected_patient_is_initial_population_only() =>
        Assert.That(Evaluate(OnWarfarin(Prescription(Clopidogrel, "2024-03-10"), Prescription(Ppi, "2024-03-10"))), Is.EqualTo(Ip));

    [Test]
    public void Ppi_exactly_3_months_before_does_not_protect() =>
        Assert.That(Evaluate(OnWarfarin(Prescription(Clopidogrel, "2024-03-01"), Prescription(Ppi, "2023-12-31"))), Is.EqualTo(Numerator));
}

/// <summary>pincer-f-aspirin-antiplatelet-no-gastroprotection on hand-built patients.</summary>
public sealed class PincerFTests : CatalogueFixture
{
    protected override string IndicatorId => "pincer-f-aspirin-antiplatelet-no-gastroprotection";

    [Test]
    public void Aspirin_and_clopidogrel_without_gastroprotection_is_in_numerator() =>
        Assert.That(Evaluate(Male("1955-01-01", Prescription(Aspirin, "2024-02-01"), Prescription(Clopidogrel, "2024-02-01"))), Is.EqualTo(Numerator));

    [Test]
    public void Aspirin_alone_is_denominator_only() =>
        Assert.That(Evaluate(Male("1955-01-01", Prescription(Aspirin, "2024-02-01"))), Is.EqualTo(Denominator));

    [Test]
    public void Clopidogrel_without_aspirin_is_in_no_population() =>
        Assert.That(Evaluate(Male("1955-01-01", Prescription(Clopidogrel, "2024-02-01"))), Is.EqualTo(None));

    [Test]
    public void Gastroprotected_patient_is_initial_population_only() =>
        Assert.That(Evaluate(Male("1955-01-01", Prescription(Aspirin, "2024-02-01"), Prescription(Clopidogrel, "2024-02-01"), Prescription(Ppi, "2024-01-02"))), Is.EqualTo(Ip));

    [Test]
    public void Clopidogrel_exactly_3_months_before_is_not_co_prescribed() =>
        Assert.That(Evaluate(Male("1955-01-01", Prescription(Aspirin, "2024-02-01"), Prescription(Clopidogrel, "2023-12-31"))), Is.EqualTo(Denominator));
}
