using QiSdk.Records;
using static QiSdk.Tests.Indicators.Catalogue.Codes;
using static QiSdk.Tests.Indicators.PatientFactory;

namespace QiSdk.Tests.Indicators.Catalogue;

// Test tables written from the published rules (QOF business rules: DM020/HYP008 exceptions for unsuitable, informed
// dissent and declined codes in the 12 months up to R; SMOK002's "latest smoking status is never smoked, recorded after
// the 25th birthday") for records that carry those codes as a reason of a thing not done or as a coded answer.
// R = 2024-03-31, so the 12-month window is 2023-03-31 < date <= 2024-03-31.

/// <summary>A thing recorded as not done, with an optional reason code (SNOMED).</summary>
internal static class NotDoneEvents
{
    public static ClinicalEvent NotRequested(string code, string date, string? reason, string system = Snomed) => new()
    {
        Kind = ResourceKind.ServiceRequest,
        Id = "sr-" + code + "-" + date,
        Codes = [new Coding(system, code)],
        Date = FhirDate.Parse(date),
        Status = "completed",
        Intent = "order",
        DoNotPerform = true,
        ReasonCodes = reason is null ? [] : [new Coding(Snomed, reason)],
    };

    public static ClinicalEvent ProcedureNotDone(string code, string date, string reason) => new()
    {
        Kind = ResourceKind.Procedure,
        Id = "pr-" + code + "-" + date,
        Codes = [new Coding(Snomed, code)],
        Date = FhirDate.Parse(date),
        Status = "not-done",
        ReasonCodes = [new Coding(Snomed, reason)],
    };
}

/// <summary>qof-dm020-hba1c-58: the declined / unsuitable exception recorded as the reason of an HbA1c test not done.</summary>
public sealed class Dm020NotDonePublishedRuleTests : CatalogueFixture
{
    private const string Ifcc = "1049301000000100"; // IFCCHBAM_COD
    private const string InformedDissent = "716031000000106"; // DMPCADEC_COD
    private const string BloodTestDeclined = "116471000119100"; // BLDTESTDEC_COD

    protected override string IndicatorId => "qof-dm020-hba1c-58";

    private static PatientRecord Diabetic(params ClinicalEvent[] events) =>
        Female("1970-06-15", [Condition(Diabetes, "2015-01-10"), Observation(Ifcc, "2023-10-01", 70m, "mmol/mol"), .. events]);

    [TestCase("2023-04-01", InformedDissent, ExpectedResult = "excepted", Description = "informed dissent, first day of the 12 months")]
    [TestCase("2024-03-31", BloodTestDeclined, ExpectedResult = "excepted", Description = "blood test declined, on R")]
    [TestCase("2023-03-31", InformedDissent, ExpectedResult = "denominator", Description = "exactly 12 months before R: outside")]
    [TestCase("2024-01-10", null, ExpectedResult = "denominator", Description = "not done without a reason: no exception code recorded")]
    [TestCase("2024-01-10", "73211009", ExpectedResult = "denominator", Description = "a reason outside the exception clusters (diabetes mellitus)")]
    public string Hba1c_test_not_requested_with_a_reason(string date, string? reason) =>
        PincerKPublishedRuleTests.Name(Evaluate(Diabetic(NotDoneEvents.NotRequested(Ifcc, date, reason))));

    [Test]
    public void Hba1c_procedure_not_done_because_declined_excepts_the_patient() =>
        Assert.That(Evaluate(Diabetic(NotDoneEvents.ProcedureNotDone(Ifcc, "2024-01-10", BloodTestDeclined))), Is.EqualTo(Excepted));

    [Test]
    public void An_hba1c_order_that_is_not_a_do_not_perform_is_no_exception_whatever_its_reason() =>
        Assert.That(Evaluate(Diabetic(NotDoneEvents.NotRequested(Ifcc, "2024-01-10", InformedDissent) with { DoNotPerform = false })), Is.EqualTo(Denominator));

    [Test]
    public void An_entered_in_error_latest_hba1c_does_not_count_by_default()
    {
        var wrong = Observation(Ifcc, "2024-02-01", 48m, "mmol/mol", status: "entered-in-error");
        Assert.Multiple(() =>
        {
            Assert.That(Evaluate(Diabetic(wrong)), Is.EqualTo(Denominator), "the earlier 70 mmol/mol stays the latest");
            Assert.That(Evaluate(Diabetic(wrong with { Status = "cancelled" })), Is.EqualTo(Denominator), "cancelled never counts either");
            Assert.That(Evaluate(Diabetic(wrong with { Status = "final" })), Is.EqualTo(Numerator), "control: the same reading, final");
        });
    }
}

/// <summary>qof-hyp008-bp-140-90: the declined / unsuitable exception recorded as the reason of a BP not measured.</summary>
public sealed class Hyp008NotDonePublishedRuleTests : CatalogueFixture
{
    private const string HypInformedDissent = "716771000000106"; // HYPPCADEC_COD

    protected override string IndicatorId => "qof-hyp008-bp-140-90";

    private static PatientRecord Hypertensive(params ClinicalEvent[] events) =>
        Male("1960-05-05", [Condition(Hypertension, "2012-02-02"), BpPanel("2023-10-01", 150, 95), .. events]);

    [TestCase("2023-04-01", BpRefused, ExpectedResult = "excepted", Description = "BP declined (BPDEC_COD), first day of the 12 months")]
    [TestCase("2024-03-31", HypInformedDissent, ExpectedResult = "excepted", Description = "informed dissent, on R")]
    [TestCase("2023-03-31", BpRefused, ExpectedResult = "denominator", Description = "exactly 12 months before R: outside")]
    [TestCase("2024-01-10", null, ExpectedResult = "denominator", Description = "not done without a reason")]
    public string Bp_measurement_not_requested_with_a_reason(string date, string? reason) =>
        PincerKPublishedRuleTests.Name(Evaluate(Hypertensive(NotDoneEvents.NotRequested(BpRecording, date, reason))));

    [Test]
    public void An_entered_in_error_latest_bp_does_not_count_by_default()
    {
        var wrong = BpPanel("2024-02-01", 120, 70) with { Status = "entered-in-error" };
        Assert.Multiple(() =>
        {
            Assert.That(Evaluate(Hypertensive(wrong)), Is.EqualTo(Denominator), "the earlier 150/95 stays the latest");
            Assert.That(Evaluate(Hypertensive(wrong with { Status = "final" })), Is.EqualTo(Numerator), "control: the same panel, final");
        });
    }
}

/// <summary>qof-smok002-ltc-smoking-status-12m: never smoked carried as the coded answer of a LOINC 72166-2 observation.</summary>
public sealed class Smok002CodedAnswerPublishedRuleTests : CatalogueFixture
{
    private const string Copd = "13645005"; // COPD_COD
    private const string NeverSmoked = "266919005"; // NSMOK_SCT
    private const string ExSmoker = "8517006"; // EXSMOK_COD
    private const string ConsumptionUnknown = "266927001"; // in no status set

    protected override string IndicatorId => "qof-smok002-ltc-smoking-status-12m";

    private static ClinicalEvent Answer(string date, string answer) =>
        Observation("72166-2", date, system: Loinc) with { ValueCodes = [new Coding(Snomed, answer)] };

    private static PatientRecord CopdPatient(string birthDate, params ClinicalEvent[] events) =>
        Male(birthDate, [Condition(Copd, "2015-01-01"), .. events]);

    [Test]
    public void Never_smoked_answer_recorded_years_ago_after_age_25_persists() =>
        Assert.That(Evaluate(CopdPatient("1950-01-01", Answer("2020-01-01", NeverSmoked))), Is.EqualTo(Numerator));

    [TestCase("2015-06-01", ExpectedResult = "numerator", Description = "on the 25th birthday")]
    [TestCase("2015-05-31", ExpectedResult = "denominator", Description = "the day before the 25th birthday")]
    public string Never_smoked_answer_from_the_25th_birthday(string date) =>
        PincerKPublishedRuleTests.Name(Evaluate(CopdPatient("1990-06-01", Answer(date, NeverSmoked))));

    [Test]
    public void A_later_ex_smoker_code_overrides_a_never_smoked_answer() =>
        Assert.That(Evaluate(CopdPatient("1950-01-01", Answer("2020-01-01", NeverSmoked), Observation(ExSmoker, "2021-01-01"))), Is.EqualTo(Denominator));

    [Test]
    public void A_later_ex_smoker_answer_overrides_a_never_smoked_answer() =>
        Assert.That(Evaluate(CopdPatient("1950-01-01", Answer("2020-01-01", NeverSmoked), Answer("2021-01-01", ExSmoker))), Is.EqualTo(Denominator));

    [Test]
    public void A_later_answer_that_is_not_a_status_does_not_override_never_smoked() =>
        Assert.That(Evaluate(CopdPatient("1950-01-01", Answer("2020-01-01", NeverSmoked), Answer("2021-01-01", ConsumptionUnknown))), Is.EqualTo(Numerator));

    [Test]
    public void A_never_smoked_answer_after_an_ex_smoker_code_counts() =>
        Assert.That(Evaluate(CopdPatient("1950-01-01", Observation(ExSmoker, "2019-01-01"), Answer("2020-01-01", NeverSmoked))), Is.EqualTo(Numerator));

    [Test]
    public void An_ex_smoker_answer_outside_12_months_does_not_persist() =>
        Assert.That(Evaluate(CopdPatient("1950-01-01", Answer("2020-01-01", ExSmoker))), Is.EqualTo(Denominator));
}

/// <summary>qof-ckd-bp-140-90 (exceptions as HYP008): BP declined recorded as the reason of a BP not measured.</summary>
public sealed class CkdBpNotDonePublishedRuleTests : CatalogueFixture
{
    protected override string IndicatorId => "qof-ckd-bp-140-90";

    private static PatientRecord Ckd(params ClinicalEvent[] events) =>
        Female("1950-01-01", [Condition(CkdStage3, "2019-01-01"), BpPanel("2023-10-01", 150, 95), .. events]);

    [TestCase("2023-04-01", BpRefused, ExpectedResult = "excepted", Description = "first day of the 12 months")]
    [TestCase("2023-03-31", BpRefused, ExpectedResult = "denominator", Description = "exactly 12 months before R: outside")]
    [TestCase("2024-01-10", "716771000000106", ExpectedResult = "denominator", Description = "hypertension informed dissent is not in this indicator's exception")]
    [TestCase("2024-01-10", null, ExpectedResult = "denominator", Description = "not done without a reason")]
    public string Bp_measurement_not_requested_with_a_reason(string date, string? reason) =>
        PincerKPublishedRuleTests.Name(Evaluate(Ckd(NotDoneEvents.NotRequested(BpRecording, date, reason))));
}

/// <summary>dq-smoking-status-recorded (QOF Records 22): never smoked carried as a LOINC 72166-2 coded answer.</summary>
public sealed class DqSmokingCodedAnswerPublishedRuleTests : CatalogueFixture
{
    protected override string IndicatorId => "dq-smoking-status-recorded";

    private static ClinicalEvent Answer(string date, string answer) =>
        Observation("72166-2", date, system: Loinc) with { ValueCodes = [new Coding(Snomed, answer)] };

    [Test]
    public void Never_smoked_answer_recorded_once_long_ago_counts() =>
        Assert.That(Evaluate(Female("1960-01-01", Answer("2010-01-01", "266919005"))), Is.EqualTo(Numerator));

    [Test]
    public void A_later_smoker_code_overrides_a_never_smoked_answer() =>
        Assert.That(Evaluate(Female("1960-01-01", Answer("2010-01-01", "266919005"), Observation("77176002", "2012-01-01"))), Is.EqualTo(Denominator));

    [Test]
    public void A_smoker_answer_outside_27_months_does_not_persist() =>
        Assert.That(Evaluate(Female("1960-01-01", Answer("2010-01-01", "77176002"))), Is.EqualTo(Denominator));
}

/// <summary>
/// The same published-rule cases read from FHIR R4 JSON (the shapes a GP system export carries: a ServiceRequest with
/// <c>doNotPerform</c> and a <c>reasonCode</c>, an Observation 72166-2 with a <c>valueCodeableConcept</c>), so the reader's
/// mapping of those elements is part of what is checked.
/// </summary>
public sealed class NotDoneAndCodedAnswerFromFhirTests : CatalogueFixture
{
    private string _id = "qof-dm020-hba1c-58";

    protected override string IndicatorId => _id;

    private static async Task<PatientRecord> Read(string entries)
    {
        var json = """{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","id":"p","gender":"male","birthDate":"1950-01-01"}},"""
            + entries + "]}";
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        var result = await new FhirRecordReader().ReadAsync(stream, "case.json", FhirInputFormat.Json);
        Assert.That(result.Problems, Is.Empty);
        return result.Patients.Single();
    }

    private static string Diabetes() =>
        """{"resource":{"resourceType":"Condition","id":"c","subject":{"reference":"Patient/p"},"code":{"coding":[{"system":"http://snomed.info/sct","code":"44054006"}]},"onsetDateTime":"2015-01-10"}}""";

    [TestCase(true, "716031000000106", ExpectedResult = "excepted", Description = "not done, informed dissent (DMPCADEC_COD)")]
    [TestCase(false, "716031000000106", ExpectedResult = "denominator", Description = "an HbA1c request, not a do-not-perform")]
    [TestCase(true, "44054006", ExpectedResult = "denominator", Description = "not done for a reason outside the exception clusters")]
    public async Task<string> Dm020_hba1c_service_request_do_not_perform(bool doNotPerform, string reason)
    {
        _id = "qof-dm020-hba1c-58";
        var request = $$$"""{"resource":{"resourceType":"ServiceRequest","id":"s","status":"active","intent":"order","doNotPerform":{{{(doNotPerform ? "true" : "false")}}},"subject":{"reference":"Patient/p"},"code":{"coding":[{"system":"http://snomed.info/sct","code":"1049301000000100"}]},"authoredOn":"2024-01-10","reasonCode":[{"coding":[{"system":"http://snomed.info/sct","code":"{{{reason}}}"}]}]}}""";
        return PincerKPublishedRuleTests.Name(Evaluate(await Read(Diabetes() + "," + request)));
    }

    [TestCase("266919005", ExpectedResult = "numerator", Description = "never smoked answer, recorded at 70: persists")]
    [TestCase("8517006", ExpectedResult = "denominator", Description = "ex-smoker answer 4 years ago: must be recorded yearly")]
    public async Task<string> Smok002_smoking_status_observation_with_a_coded_answer(string answer)
    {
        _id = "qof-smok002-ltc-smoking-status-12m";
        var copd = """{"resource":{"resourceType":"Condition","id":"c","subject":{"reference":"Patient/p"},"code":{"coding":[{"system":"http://snomed.info/sct","code":"13645005"}]},"onsetDateTime":"2015-01-01"}}""";
        var status = $$$$"""{"resource":{"resourceType":"Observation","id":"o","status":"final","subject":{"reference":"Patient/p"},"code":{"coding":[{"system":"http://loinc.org","code":"72166-2"}]},"effectiveDateTime":"2020-01-01","valueCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"{{{{answer}}}}"}]}}}""";
        return PincerKPublishedRuleTests.Name(Evaluate(await Read(copd + "," + status)));
    }
}
