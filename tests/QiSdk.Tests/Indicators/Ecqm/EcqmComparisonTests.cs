using System.Text;
using System.Text.Json;
using QiSdk.Codes;
using QiSdk.Indicators;
using QiSdk.Records;

namespace QiSdk.Tests.Indicators.Ecqm;

/// <summary>
/// The eCQM test patients of ../shared/fixtures/ecqm (MADiE test cases with expected MeasureReports) evaluated by the
/// engine with test-only transcriptions of CMS165, CMS122 and CMS130 (cms165.json, cms122.json, cms130.json, cms347-group1..4.json next to this file) over their own
/// ValueSets (CMS347: one definition per group, compared with that group of the report). Every population of every patient must agree with the expected MeasureReport, except the ones named in
/// <see cref="KnownDisagreements"/>, each explained by a gap of docs/ecqm-gaps.md; those must still disagree, so the list
/// stays exact when the engine or the fixtures change.
/// </summary>
public sealed partial class EcqmComparisonTests
{

    private static readonly string[] Exclusion = ["denominator-exclusion"];
    private static readonly string[] Numerator = ["numerator"];
    private static readonly string[] ExclusionAndNumerator = ["denominator-exclusion", "numerator"];
    private static readonly string[] ExceptionOnly = ["denominator-exception"];
    private static readonly string[] NotInDenominator = ["initial-population", "denominator"];
    private static readonly string[] NotInDenominatorNorException = ["initial-population", "denominator", "denominator-exception"];

    /// <summary>
    /// (measure label, patient id) -> the populations that disagree and the gap (docs/ecqm-gaps.md) that explains it. Populations
    /// not named here are asserted. Keep in step with the table in docs/ecqm-gaps.md.
    /// </summary>
    private static readonly Dictionary<(string Measure, string Patient), (string[] Populations, string Gap)> KnownDisagreements = new()
    {
        [("CMS165", "1905549a-1783-4195-95b9-b0879cb81d96")] = (Exclusion, "gap 9: frailty shown only by a DeviceRequest (Frailty Device), a resource type the reader does not read"),
        [("CMS165", "29d930b1-1bb6-4089-9ed6-aa2b7b77d5a4")] = (Exclusion, "gap 5: hospice shown by Encounter.hospitalization.dischargeDisposition (a coded value, not modelled)"),
        [("CMS165", "2c55811b-1571-43e5-919c-f90bf763b3d4")] = (Exclusion, "gap 9: frailty shown only by a DeviceRequest"),
        [("CMS165", "352a05d3-750c-45bd-a170-a8a8822b7697")] = (Exclusion, "gap 5: hospice MDS Observation with valueCodeableConcept 'Yes'"),
        [("CMS165", "474b2964-23a1-4c77-ad16-8a21543b2ed3")] = (Exclusion, "gap 5: 'Medical equipment used' Observation whose value is in Frailty Device"),
        [("CMS165", "481692c7-2cf7-48fc-8269-967f5d7753bc")] = (Exclusion, "gap 9: frailty shown only by a DeviceRequest"),
        [("CMS165", "59d7f239-7614-4e6e-a973-fe107aee5749")] = (Exclusion, "gap 9: frailty shown only by a DeviceRequest"),
        [("CMS165", "6885264d-efbf-4e48-99a2-2e8ce29d61ba")] = (Numerator, "gap 4: BP taken during an emergency encounter (Observation.encounter not kept)"),
        [("CMS165", "7c59efb5-56ab-4a25-af83-bd81daeee026")] = (Exclusion, "gap 5: 'Medical equipment used' Observation whose value is in Frailty Device"),
        [("CMS165", "821185af-e5b2-4552-a63c-36b64a9200a9")] = (Exclusion, "gap 9: frailty shown only by a DeviceRequest"),
        [("CMS165", "aa1f02c0-ded0-4b30-9f0d-c8be54aa436b")] = (Exclusion, "gap 6: palliative FACIT-Pal effectivePeriod starts before the period and ends in it (events have one date: the start)"),
        [("CMS165", "bfdc37c9-105c-4765-a2ba-d7da92ec9a47")] = (Exclusion, "gap 5: hospice shown by Encounter.hospitalization.dischargeDisposition"),
        [("CMS165", "d6be5093-9772-4e0f-83e1-b56b26d55529")] = (Exclusion, "gap 6: hospice Encounter period starts before the period and ends in it"),
        [("CMS165", "e56c60ca-d0d0-4910-af2e-1d8a074d129a")] = (Exclusion, "gap 9: hospice shown only by a ServiceRequest, a resource type the reader does not read"),
        [("CMS165", "f5b461d7-e382-4616-a763-d745867735d0")] = (Exclusion, "gap 9: frailty shown only by a DeviceRequest"),
        [("CMS165", "f9bf76c5-7b85-4fd7-b883-b7c14e8b1801")] = (Exclusion, "gap 5: housing-status Observation valued 'Lives in a nursing home'"),
        [("CMS122", "12ccd41a-83aa-405a-83b3-c756564c4de5")] = (ExclusionAndNumerator, "gap 5: housing-status Observation valued 'Lives in a nursing home' (the missed exclusion leaves the patient in the numerator)"),
        [("CMS122", "5ed37c9e-85a3-4819-8051-3d960159cae0")] = (Numerator, "gap 6: HbA1c effectivePeriod 2024-12-31..2025-01-01; CQL dates it by its end (in the period), the engine by its start (before it), so 'no assessment in the period' holds"),
        [("CMS122", "6630d394-c81d-42f5-a218-40b73a2a4949")] = (Numerator, "bad expectation: SOURCES.md, value is a valueCodeableConcept, not a Quantity; the oracle and the engine both say numerator 0"),
        [("CMS122", "6b6a5f96-c2a8-43f1-a353-7b5700ecb031")] = (ExclusionAndNumerator, "gap 9: hospice shown only by a ServiceRequest"),
        [("CMS122", "7e69124d-ff34-4daf-b626-08d1283f71ba")] = (ExclusionAndNumerator, "gap 9: frailty shown only by a DeviceRequest"),
        [("CMS122", "85b60f52-7b08-46f3-946b-cb317b28acf5")] = (ExclusionAndNumerator, "gap 9: frailty shown only by a DeviceRequest"),
        [("CMS122", "8956ebb5-d3c0-4112-a34a-200961713efd")] = (Numerator, "bad expectation: SOURCES.md, value is a valueCodeableConcept, not a Quantity; the oracle and the engine both say numerator 0"),
        [("CMS122", "8b8ded15-0118-4d0c-ac0f-6797528cefb9")] = (ExclusionAndNumerator, "gap 6: hospice Encounter period starts before the period and ends in it"),
        [("CMS122", "96cfe7f0-b4e1-4e2e-a48d-ef64fb64343d")] = (ExclusionAndNumerator, "gap 5: hospice MDS Observation with valueCodeableConcept 'Yes'"),
        [("CMS122", "ab29ab81-b4fc-4817-bd9c-98d8d4b4a3a3")] = (Numerator, "gap 10: the most recent HbA1c has no result (numerator in CQL); readings without a value are not readings"),
        [("CMS122", "ac4d7076-d1cb-44c6-a94f-c2c86266d53b")] = (ExclusionAndNumerator, "gap 9: frailty shown only by a DeviceRequest"),
        [("CMS122", "b6a4b9f8-21c1-44f2-a834-72f0906b4f88")] = (ExclusionAndNumerator, "gap 5: hospice shown by Encounter.hospitalization.dischargeDisposition"),
        [("CMS122", "cade5021-b1bf-43e9-a0a4-659c05b386d0")] = (ExclusionAndNumerator, "gap 5: 'Medical equipment used' Observation whose value is in Frailty Device"),
        [("CMS122", "eacbadee-87f7-4ed0-bfc3-b5533128dcbc")] = (ExclusionAndNumerator, "gap 5: hospice shown by Encounter.hospitalization.dischargeDisposition"),
        [("CMS122", "ede0ee7a-18ab-4ba7-934c-23618f1270ea")] = (ExclusionAndNumerator, "gap 9: frailty shown only by a DeviceRequest"),
        [("CMS122", "f4eeba51-a6fc-4ffd-bd62-49fd1c375f01")] = (ExclusionAndNumerator, "gap 6: palliative FACIT-Pal effectivePeriod starts before the period and ends in it"),
        [("CMS130", "0f930f59-9061-4b28-b2e5-21cc5ab6b613")] = (Exclusion, "gap 5: hospice MDS Observation with valueCodeableConcept 'Yes'"),
        [("CMS130", "59128a5c-f9da-4cb3-9e98-97ee67380533")] = (Exclusion, "gap 5: housing-status Observation valued 'Lives in a nursing home'"),
        [("CMS130", "6dbaf3b3-8c47-4e0a-91fe-2ec06f2f0339")] = (Exclusion, "gap 5: hospice shown by Encounter.hospitalization.dischargeDisposition (discharge to home for hospice care)"),
        [("CMS130", "b70f2fc0-3254-4240-af70-793cd1bc90b2")] = (Exclusion, "gap 9: hospice shown only by a ServiceRequest"),
        [("CMS130", "d0c9e870-5e7b-4a9e-b34d-9d600ff8c1c6")] = (Exclusion, "gap 5: hospice shown by Encounter.hospitalization.dischargeDisposition (discharge to a facility for hospice care)"),
        [("CMS130", "dcaccac3-ef0d-4755-becd-3e6aebe2a06a")] = (Exclusion, "gap 9: frailty shown only by a DeviceRequest (wheelchair); the advanced illness (dementia) is read"),
        [("CMS130", "edf3fc1c-3f97-40b2-af56-a3565e76d040")] = (Exclusion, "gap 9: frailty shown only by a DeviceRequest; the dementia medication is read"),
        [("CMS130", "f9ef1fd1-cced-47ad-a47b-d9c20254511c")] = (Exclusion, "gap 9: frailty shown only by a DeviceRequest; the dementia medication is read"),
        [("CMS347 group 1", "08dfc736-3cb5-467c-93cf-99146604a8f4")] = (ExceptionOnly, "gap 12: statin not prescribed for a recorded reason (MedicationRequest.doNotPerform + reasonCode): doNotPerform is honoured (never counts as prescribed), but the reason-based exception is not expressible"),
        [("CMS347 group 1", "0f853b02-7949-4d97-ab69-1e48045afe95")] = (NotInDenominatorNorException, "gap 13: the ASCVD Condition, the encounter and the hospice Observation name another Patient as subject and are skipped (QI1010)"),
        [("CMS347 group 1", "1116b208-af60-4f6b-a5f1-448209aec45f")] = (ExceptionOnly, "gap 12: statin not prescribed for a recorded reason (MedicationRequest.doNotPerform + reasonCode): doNotPerform is honoured (never counts as prescribed), but the reason-based exception is not expressible"),
        [("CMS347 group 1", "4120512a-d0f4-4ffa-acd9-0191db3b7f46")] = (NotInDenominatorNorException, "gap 13: the CABG Procedure, the encounter and the statin allergy name another Patient as subject"),
        [("CMS347 group 1", "5f799983-39d3-4f03-9a9a-125dc6f12f13")] = (ExceptionOnly, "gap 6: palliative-care Procedure performedPeriod 2024-12-31..2025-10-31 overlaps the period; the engine dates it by its start, before the period"),
        [("CMS347 group 1", "70fd1056-5313-417f-bbbe-9f2bacf942bb")] = (ExceptionOnly, "gap 12: statin not prescribed for a recorded reason (MedicationRequest.doNotPerform + reasonCode): doNotPerform is honoured (never counts as prescribed), but the reason-based exception is not expressible"),
        [("CMS347 group 1", "74499ca5-db3b-4ce1-92e0-e19c6590d138")] = (ExceptionOnly, "gap 6: palliative-care Procedure performedPeriod 2024-12-31..2025-10-31 overlaps the period; the engine dates it by its start"),
        [("CMS347 group 1", "759a89b4-51ed-4622-adae-6b0930701ebb")] = (NotInDenominatorNorException, "gap 13: both encounters (the qualifying one and the palliative one) name another Patient as subject"),
        [("CMS347 group 1", "7c44ff36-2963-4736-81bc-a504026c247d")] = (ExceptionOnly, "gap 9: adverse reaction to a statin shown only by an AdverseEvent, a resource type the reader does not read"),
        [("CMS347 group 1", "9edcce2d-8d32-4f4f-88a5-6fa689b73f8d")] = (ExceptionOnly, "gap 12: statin not prescribed for a recorded reason (MedicationRequest.doNotPerform + reasonCode): doNotPerform is honoured (never counts as prescribed), but the reason-based exception is not expressible"),
        [("CMS347 group 1", "a0202aaf-756f-4d08-8329-8fd585ddda63")] = (NotInDenominator, "gap 13: the stroke Condition and the encounter name another Patient as subject"),
        [("CMS347 group 1", "a03e2988-3bed-4fc5-b1e7-70eac99f0612")] = (NotInDenominator, "gap 13: the stroke Condition and both encounters name another Patient as subject"),
        [("CMS347 group 1", "cbb6a940-7c9b-4d80-b9be-39a029f6f0b0")] = (ExceptionOnly, "gap 12: statin not prescribed for a recorded reason (MedicationRequest.doNotPerform + reasonCode): doNotPerform is honoured (never counts as prescribed), but the reason-based exception is not expressible"),
        [("CMS347 group 1", "f6a5913b-bfdd-4ccf-8700-3c949b0639ed")] = (ExceptionOnly, "gap 9: hospice shown only by a ServiceRequest"),
        [("CMS347 group 1", "f8563fcf-4e09-4309-841b-bcce373bc4b2")] = (ExceptionOnly, "gap 12: statin not prescribed for a recorded reason (MedicationRequest.doNotPerform + reasonCode): doNotPerform is honoured (never counts as prescribed), but the reason-based exception is not expressible"),
        [("CMS347 group 2", "0ce81150-5908-49a1-bef9-21406359af63")] = (ExceptionOnly, "gap 12: statin not prescribed for a recorded reason (MedicationRequest.doNotPerform + reasonCode): doNotPerform is honoured (never counts as prescribed), but the reason-based exception is not expressible"),
        [("CMS347 group 2", "476bff0b-a87a-413b-91ae-c3a14b7778b1")] = (ExceptionOnly, "gap 5: hospice shown by Encounter.hospitalization.dischargeDisposition"),
        [("CMS347 group 2", "4a0c6648-a1b6-4361-b966-d3046c519fea")] = (ExceptionOnly, "gap 9: adverse reaction to a statin shown only by an AdverseEvent"),
        [("CMS347 group 2", "4e72d245-e401-4be7-a743-84ab6a842871")] = (ExceptionOnly, "gap 12: statin not prescribed for a recorded reason (MedicationRequest.doNotPerform + reasonCode): doNotPerform is honoured (never counts as prescribed), but the reason-based exception is not expressible"),
        [("CMS347 group 2", "50c7b2fc-879b-4088-88bf-36a9f8c0baf0")] = (ExceptionOnly, "gap 13: the palliative-care Condition names another Patient as subject"),
        [("CMS347 group 2", "52b48d35-f47c-4013-9cdc-700baad0fc0f")] = (NotInDenominatorNorException, "gap 13: the encounter, the LDL Observation and the statin MedicationRequest name another Patient as subject"),
        [("CMS347 group 2", "537d14db-6ced-4cd2-9553-e88bd6551771")] = (NotInDenominatorNorException, "gap 13: both encounters and the LDL Observation name another Patient as subject"),
        [("CMS347 group 2", "695b64d8-8102-4109-89c2-9ca128d43f4d")] = (Exclusion, "gap 2: rhabdomyolysis Condition with clinicalStatus inactive (does not overlap the period in CQL; the engine ignores clinicalStatus)"),
        [("CMS347 group 2", "716760c5-b72e-4d46-b8df-c3b0f86d90ad")] = (ExceptionOnly, "gap 5: hospice shown by Encounter.hospitalization.dischargeDisposition"),
        [("CMS347 group 2", "93aea3e2-4736-4be0-830f-54c1ef6df6d5")] = (NotInDenominatorNorException, "gap 13: the LDL Observation names another Patient as subject"),
        [("CMS347 group 2", "9e01f70e-cb9c-451b-8993-8664e31d92e2")] = (ExceptionOnly, "gap 9: hospice shown only by a ServiceRequest"),
        [("CMS347 group 2", "b88292a5-2443-44a2-a268-2a6cb95f92bd")] = (ExceptionOnly, "gap 5: hospice MDS Observation with valueCodeableConcept 'Yes'"),
        [("CMS347 group 3", "1d3021bb-b593-4efc-af5b-320243bbe9b7")] = (NotInDenominatorNorException, "gap 13: the encounter and the FACIT-Pal Observation name another Patient as subject"),
        [("CMS347 group 3", "36408f0f-58eb-47fe-8e64-1b98e47e5c36")] = (Numerator, "gap 14: statin MedicationRequest with status 'stopped'; CQL counts only active or completed orders, the engine every status but entered-in-error, cancelled, draft"),
        [("CMS347 group 3", "3b5da2bf-0fb9-4efc-bc54-4bd329ed31af")] = (ExceptionOnly, "gap 12: statin not prescribed for a recorded reason (MedicationRequest.doNotPerform + reasonCode): doNotPerform is honoured (never counts as prescribed), but the reason-based exception is not expressible"),
        [("CMS347 group 3", "3e09af44-0445-4077-b73c-6896fdbe49c5")] = (NotInDenominatorNorException, "gap 13: the diabetes Condition, the encounter and the hospice ServiceRequest name another Patient as subject"),
        [("CMS347 group 3", "59d6bb14-b82e-4295-baf1-d96be73e1e38")] = (NotInDenominatorNorException, "gap 13: the diabetes and palliative Conditions and the encounter name another Patient as subject"),
        [("CMS347 group 3", "5b37b5a5-0e28-4b28-9889-8878d41ff9cf")] = (ExceptionOnly, "gap 9: hospice shown only by a ServiceRequest"),
        [("CMS347 group 3", "5d926cc3-70dc-4c82-9513-d39f01765baf")] = (ExceptionOnly, "gap 9: adverse reaction to a statin shown only by an AdverseEvent"),
        [("CMS347 group 3", "821087e5-a030-49ac-95b5-5b9ab38e88da")] = (ExceptionOnly, "gap 5: hospice MDS Observation with valueCodeableConcept 'Yes'"),
        [("CMS347 group 3", "87b32275-37d7-4adf-afa4-8a4518964de0")] = (ExceptionOnly, "gap 14: FACIT-Pal Observation with status 'preliminary'; CQL needs final/amended/corrected, the engine counts it (exception given, not expected)"),
        [("CMS347 group 3", "8927dd81-b976-4b7f-a78c-c4215ee8fc9a")] = (ExceptionOnly, "gap 5: hospice shown by Encounter.hospitalization.dischargeDisposition"),
        [("CMS347 group 3", "8b0f2e04-8c60-4f6e-adc5-8967a540a18f")] = (ExceptionOnly, "gap 12: statin not prescribed for a recorded reason (MedicationRequest.doNotPerform + reasonCode): doNotPerform is honoured (never counts as prescribed), but the reason-based exception is not expressible"),
        [("CMS347 group 3", "9a06f385-0bed-4f35-9af4-1ff7971c07f5")] = (ExceptionOnly, "gap 12: statin not prescribed for a recorded reason (MedicationRequest.doNotPerform + reasonCode): doNotPerform is honoured (never counts as prescribed), but the reason-based exception is not expressible"),
        [("CMS347 group 3", "df05b853-3e6d-4a12-b1db-fd9d0ec790a2")] = (NotInDenominatorNorException, "gap 13: the diabetes and palliative Conditions and the encounter name another Patient as subject"),
        [("CMS347 group 3", "f120b2b6-40ba-4ae3-b087-c64e8e3bdf11")] = (ExceptionOnly, "gap 5: hospice shown by Encounter.hospitalization.dischargeDisposition"),
        [("CMS347 group 4", "4d6fb0e2-636d-426f-802b-5ecb4f059440")] = (ExceptionOnly, "gap 12: statin not prescribed for a recorded reason (MedicationRequest.doNotPerform + reasonCode): doNotPerform is honoured (never counts as prescribed), but the reason-based exception is not expressible"),
        [("CMS347 group 4", "7b8b48b3-76d4-4492-81a1-93fdea67b0c1")] = (ExceptionOnly, "gap 12: statin not prescribed for a recorded reason (MedicationRequest.doNotPerform + reasonCode): doNotPerform is honoured (never counts as prescribed), but the reason-based exception is not expressible"),
        [("CMS347 group 4", "d2c7d463-775a-4c8d-bcb0-35ea689b2d20")] = (ExceptionOnly, "gap 12: statin not prescribed for a recorded reason (MedicationRequest.doNotPerform + reasonCode): doNotPerform is honoured (never counts as prescribed), but the reason-based exception is not expressible"),
        [("CMS347 group 4", "e4547b2c-ce1c-4ffb-b5d4-c99687424bf0")] = (ExceptionOnly, "gap 9: hospice shown only by a ServiceRequest"),
        [("CMS347 group 4", "e8020421-14a3-4c64-99c4-3366c1400bd7")] = (ExceptionOnly, "gap 12: statin not prescribed for a recorded reason (MedicationRequest.doNotPerform + reasonCode): doNotPerform is honoured (never counts as prescribed), but the reason-based exception is not expressible"),
        [("CMS347 group 4", "f2136084-b5c4-4171-9d1b-d759637ddcfa")] = (ExceptionOnly, "gap 5: hospice MDS Observation with valueCodeableConcept 'Yes'"),
        [("CMS347 group 4", "f3fd3dca-ae0d-4f2f-915b-8ec0775f5d84")] = (ExceptionOnly, "gap 9: adverse reaction to a statin shown only by an AdverseEvent"),
        [("CMS347 group 4", "faae1173-bc93-4fd2-a22f-e7726430857f")] = (ExceptionOnly, "gap 12: statin not prescribed for a recorded reason (MedicationRequest.doNotPerform + reasonCode): doNotPerform is honoured (never counts as prescribed), but the reason-based exception is not expressible"),
    };

    [TestCase("CMS165", "cms165.json", 1)]
    [TestCase("CMS122", "cms122.json", 1)]
    [TestCase("CMS130", "cms130.json", 1)]
    [TestCase("CMS347", "cms347-group1.json", 1)]
    [TestCase("CMS347", "cms347-group2.json", 2)]
    [TestCase("CMS347", "cms347-group3.json", 3)]
    [TestCase("CMS347", "cms347-group4.json", 4)]
    public async Task Engine_agrees_with_every_expected_measure_report_the_gaps_do_not_touch(string fixture, string definitionFile, int group)
    {
        string measure = Label(fixture, group);
        var comparisons = await Compare(fixture, definitionFile, group);
        Assert.That(comparisons, Has.Count.GreaterThan(40), "every test patient is compared");
        var unexpected = new StringBuilder();
        foreach (var c in comparisons)
        {
            KnownDisagreements.TryGetValue((measure, c.Patient), out var known);
            var disagreeing = Populations.Where(p => c.Expected[p] != c.Actual[p]).ToArray();
            var expectedToDisagree = known.Populations ?? [];
            if (!disagreeing.SequenceEqual(expectedToDisagree))
            {
                unexpected.AppendLine($"{measure} {c.Patient} \"{c.Description}\": disagreeing [{string.Join(", ", disagreeing)}], listed [{string.Join(", ", expectedToDisagree)}]; expected {Show(c.Expected)}, engine {Show(c.Actual)}");
            }
        }

        TestContext.Out.WriteLine($"{measure}: {comparisons.Count} patients, {comparisons.Count(c => KnownDisagreements.ContainsKey((measure, c.Patient)))} with known gap disagreements");
        Assert.That(unexpected.ToString(), Is.Empty);
    }

    [Test]
    public void Every_listed_disagreement_names_a_patient_that_exists_and_a_gap()
    {
        foreach (var ((measure, patient), (pops, gap)) in KnownDisagreements)
        {
            Assert.That(File.Exists(TestPaths.Fixture("ecqm", measure.Split(' ')[0], "patients", patient + ".json")), $"{measure} {patient}");
            Assert.That(pops, Is.Not.Empty.And.SubsetOf(Populations));
            Assert.That(gap, Does.Match(@"^(gap \d+|bad expectation): "));
        }
    }

    /// <summary>The key of <see cref="KnownDisagreements"/>: the measure, and for a measure with several groups, the group.</summary>
    private static string Label(string fixture, int group) => fixture == "CMS347" ? $"{fixture} group {group}" : fixture;

    private static string Show(Dictionary<string, int> counts) =>
        string.Join(" ", Populations.Select(p => $"{Abbrev(p)}={counts[p]}"));

    private static string Abbrev(string population) => population switch
    {
        "initial-population" => "IP",
        "denominator" => "DEN",
        "denominator-exclusion" => "DENEX",
        "denominator-exception" => "DENEXCEP",
        _ => "NUM",
    };
}
