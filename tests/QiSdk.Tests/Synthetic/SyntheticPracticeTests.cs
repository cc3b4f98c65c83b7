using QiSdk.Records;
using QiSdk.Synthetic;

namespace QiSdk.Tests.Synthetic;

public sealed class SyntheticPracticeTests
{
    private static readonly SyntheticPracticeOptions TenThousand = new() { Patients = 10_000, Seed = 7 };
    private static readonly Lazy<PatientRecord[]> Practice = new(() => SyntheticPractice.GenerateAll(TenThousand));

    private static bool Counts(ClinicalEvent e) => e.VerificationStatus is not ("entered-in-error" or "refuted")
        && e.Status is not ("entered-in-error" or "cancelled");

    private static int AgeAt(FhirDate birth, DateOnly r)
    {
        var b = birth.Date;
        int age = r.Year - b.Year;
        return (r.Month, r.Day).CompareTo((b.Month, b.Day)) < 0 ? age - 1 : age;
    }

    [Test]
    public void Generate_and_GenerateAll_give_the_same_patients_in_the_same_order()
    {
        var options = new SyntheticPracticeOptions { Patients = 3000, Seed = 11 };
        var lazy = SyntheticPractice.Generate(options).ToArray();
        var parallel = SyntheticPractice.GenerateAll(options);

        Assert.That(parallel.Select(Fingerprint), Is.EqualTo(lazy.Select(Fingerprint)));
    }

    [Test]
    public void A_smaller_practice_is_a_prefix_of_a_larger_one_with_the_same_seed()
    {
        var small = SyntheticPractice.Generate(new SyntheticPracticeOptions { Patients = 200, Seed = 3 }).Select(Fingerprint);
        var large = SyntheticPractice.Generate(new SyntheticPracticeOptions { Patients = 500, Seed = 3 }).Take(200).Select(Fingerprint);

        Assert.That(large, Is.EqualTo(small));
    }

    [Test]
    public void Different_seeds_give_different_practices()
    {
        var a = SyntheticPractice.Generate(new SyntheticPracticeOptions { Patients = 100, Seed = 1 }).Select(Fingerprint).ToArray();
        var b = SyntheticPractice.Generate(new SyntheticPracticeOptions { Patients = 100, Seed = 2 }).Select(Fingerprint).ToArray();

        Assert.That(a.Zip(b).Count(p => p.First == p.Second), Is.LessThan(10));
    }

    [Test]
    public void Patient_ids_are_unique_and_event_ids_are_unique()
    {
        var patients = Practice.Value;
        Assert.Multiple(() =>
        {
            Assert.That(patients.Select(p => p.Id).Distinct().Count(), Is.EqualTo(patients.Length));
            var eventIds = patients.SelectMany(p => p.Events).Select(e => e.Id).ToList();
            Assert.That(eventIds, Has.None.Null);
            Assert.That(eventIds.Distinct().Count(), Is.EqualTo(eventIds.Count));
        });
    }

    [Test]
    public void Age_and_sex_structure_follows_the_uk_pyramid_on_10000_patients()
    {
        var r = TenThousand.ReferenceDate;
        var patients = Practice.Value.Where(p => p.BirthDate is not null).ToArray();
        double Share(Func<PatientRecord, bool> f) => patients.Count(f) / (double)patients.Length;
        int Age(PatientRecord p) => AgeAt(p.BirthDate!.Value, r);

        Assert.Multiple(() =>
        {
            Assert.That(Share(p => Age(p) < 18), Is.EqualTo(UkPopulation.Share(0, 17)).Within(0.015), "under 18");
            Assert.That(Share(p => Age(p) >= 65), Is.EqualTo(UkPopulation.Share(65, 99)).Within(0.015), "65 and over");
            Assert.That(Share(p => Age(p) >= 80), Is.EqualTo(UkPopulation.Share(80, 99)).Within(0.01), "80 and over");
            Assert.That(Share(p => p.Gender == AdministrativeGender.Female), Is.EqualTo(UkPopulation.Share(0, 99, female: true)).Within(0.015), "female");
            Assert.That(patients.Max(Age), Is.LessThanOrEqualTo(UkPopulation.MaxAge + 1));
        });
    }

    private static IEnumerable<TestCaseData> RegisterPrevalences()
    {
        // (code set, expected share of the list's eligible ages, min age of the denominator, tolerance (absolute))
        yield return new TestCaseData("DM_COD", 0.072, 17, 0.012).SetArgDisplayNames("diabetes 7% of 17+");
        yield return new TestCaseData("HYP_COD", 0.14, 0, 0.02).SetArgDisplayNames("hypertension 14% of list");
        yield return new TestCaseData("AFIB_COD", 0.021, 0, 0.006).SetArgDisplayNames("AF 2% of list");
        yield return new TestCaseData("AST_COD", 0.065, 6, 0.012).SetArgDisplayNames("asthma 6.5% of 6+");
        yield return new TestCaseData("COPD_COD", 0.019, 0, 0.006).SetArgDisplayNames("COPD 2% of list");
        yield return new TestCaseData("CKD_COD", 0.04, 18, 0.01).SetArgDisplayNames("CKD 3-5 4% of 18+");
        yield return new TestCaseData("CHD_COD", 0.03, 0, 0.008).SetArgDisplayNames("CHD 3% of list");
        yield return new TestCaseData("HF_COD", 0.010, 0, 0.004).SetArgDisplayNames("heart failure 1% of list");
    }

    [TestCaseSource(nameof(RegisterPrevalences))]
    public void Register_prevalence_is_qof_like_on_10000_patients(string codeSet, double expected, int minAge, double tolerance)
    {
        var lookup = new PaletteLookup(TenThousand.PracticeCode);
        var r = TenThousand.ReferenceDate;
        var eligible = Practice.Value.Where(p => p.BirthDate is { } b && AgeAt(b, r) >= minAge).ToArray();
        int withCode = eligible.Count(p => p.Events.Any(e => Counts(e) && lookup.InCodeSet(e, codeSet)));

        Assert.That(withCode / (double)eligible.Length, Is.EqualTo(expected).Within(tolerance));
    }

    [Test]
    public void Stroke_and_tia_together_are_about_2_percent_of_the_list()
    {
        var lookup = new PaletteLookup(TenThousand.PracticeCode);
        int n = Practice.Value.Count(p => p.Events.Any(e => Counts(e) && (lookup.InCodeSet(e, "STRK_COD") || lookup.InCodeSet(e, "TIA_COD"))));

        Assert.That(n / (double)Practice.Value.Length, Is.EqualTo(0.019).Within(0.006));
    }

    [Test]
    public void Codes_are_spread_over_snomed_read_ctv3_and_local_systems()
    {
        var systems = Practice.Value.SelectMany(p => p.Events).SelectMany(e => e.Codes).GroupBy(c => c.System!)
            .ToDictionary(g => g.Key, g => g.Count());
        string local = SyntheticPractice.LocalCodeSystem(TenThousand.PracticeCode);

        Assert.Multiple(() =>
        {
            foreach (string s in new[] { "http://snomed.info/sct", "https://dmd.nhs.uk", "http://read.info/readv2", "http://read.info/ctv3", "http://loinc.org", local, "urn:oid:2.16.840.1.113883.6.96" })
            {
                Assert.That(systems.GetValueOrDefault(s), Is.GreaterThan(50), s);
            }
        });
    }

    [Test]
    public void The_practice_contains_the_awkward_cases_indicators_must_handle()
    {
        var all = Practice.Value;
        var events = all.SelectMany(p => p.Events).ToArray();
        var r = TenThousand.ReferenceDate;

        Assert.Multiple(() =>
        {
            Assert.That(all.Count(p => p.BirthDate is { Precision: DatePrecision.Day } b && b.Date.Month == 2 && b.Date.Day == 29), Is.GreaterThan(3), "29 February birthdays");
            Assert.That(all.Count(p => p.BirthDate is { Precision: < DatePrecision.Day }), Is.GreaterThan(3), "partial birth dates");
            Assert.That(all.Count(p => p.BirthDate is null), Is.GreaterThan(0), "no birth date");
            Assert.That(all.Count(p => p.DeceasedDate is { } d && d.Date <= r), Is.GreaterThan(20), "deceased before R");
            Assert.That(all.Count(p => p.DeceasedDate is { } d && d.Date > r), Is.GreaterThan(0), "deceased after R");
            Assert.That(all.Count(p => p.DeceasedBoolean == true), Is.GreaterThan(0), "deceasedBoolean");
            Assert.That(all.Count(p => p.Active == false), Is.GreaterThan(50), "inactive");
            Assert.That(events.Count(e => e.EventDate is null), Is.GreaterThan(5), "undated events");
            Assert.That(events.Count(e => e.EventDate is { Precision: < DatePrecision.Day }), Is.GreaterThan(5), "partial event dates");
            Assert.That(events.Count(e => e.EventDate is { } d && d.Date > r), Is.GreaterThan(20), "events after R");
            Assert.That(events.Count(e => e.EventDate is { Precision: DatePrecision.DateTime, UtcOffset.TotalMinutes: 60 } d && d.TimeOfDay!.Value.Hour == 0), Is.GreaterThan(5), "BST times just after midnight");
            Assert.That(events.Count(e => e.VerificationStatus == "entered-in-error"), Is.GreaterThan(5));
            Assert.That(events.Count(e => e.VerificationStatus == "refuted"), Is.GreaterThan(5));
            Assert.That(events.Count(e => e.Intent == "proposal"), Is.GreaterThan(5));
            Assert.That(events.Count(e => e.Kind == ResourceKind.MedicationRequest && e.Status == "cancelled"), Is.GreaterThan(5));
            Assert.That(events.Count(e => e.Kind == ResourceKind.Observation && e.Status == "cancelled"), Is.GreaterThan(5));
            Assert.That(events.Count(e => e.Kind == ResourceKind.MedicationStatement), Is.GreaterThan(100));
            Assert.That(events.Count(e => e.Value is { Unit: "%" }), Is.GreaterThan(50), "DCCT HbA1c");
            Assert.That(events.Count(e => e.Value is { Code: "mg/dL" }), Is.GreaterThan(20), "cholesterol in mg/dL");
            Assert.That(events.Count(e => e.Components.Length == 2 && e.Codes.Any(c => c.Code == "85354-9")), Is.GreaterThan(100), "LOINC BP panels");
            Assert.That(events.Count(e => e.Codes.Any(c => c.Code == "4548-4")), Is.GreaterThan(10), "LOINC 4548-4");
            Assert.That(events.Count(e => e.Codes.Any(c => c.Code == "1019431000000105")), Is.GreaterThan(10), "SNOMED DCCT HbA1c");
        });
    }

    [Test]
    public void Hba1c_values_cluster_around_the_58_threshold()
    {
        var values = Practice.Value.SelectMany(p => p.Events).Where(e => e.Value is { Unit: "mmol/mol" }).Select(e => e.Value!.Value.Value!.Value).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(values, Has.Length.GreaterThan(500));
            Assert.That(values.Count(v => v <= 58) / (double)values.Length, Is.InRange(0.45, 0.8));
            Assert.That(values.Count(v => v is >= 55 and <= 61), Is.GreaterThan(50));
        });
    }

    [Test]
    public void Invalid_options_are_reported_all_at_once()
    {
        var bad = new SyntheticPracticeOptions { Patients = -1, PracticeCode = "bad code!", CodingMix = new CodingMix(0, 0, 0, 0), Errors = -2 };

        var ex = Assert.Throws<ArgumentException>(() => SyntheticPractice.Generate(bad));
        Assert.That(ex!.Message, Does.Contain("Patients").And.Contain("PracticeCode").And.Contain("CodingMix").And.Contain("Errors"));
    }

    [Test]
    public void SnomedOnly_mix_writes_no_read_ctv3_or_local_codes()
    {
        var patients = SyntheticPractice.Generate(new SyntheticPracticeOptions { Patients = 1000, CodingMix = CodingMix.SnomedOnly }).ToArray();
        var systems = patients.SelectMany(p => p.Events).SelectMany(e => e.Codes).Select(c => c.System).Distinct().ToArray();

        // The local BP template code is the practice's own and is written whatever the mix (it has no standard equivalent).
        Assert.That(systems.Where(s => s is "http://read.info/readv2" or "http://read.info/ctv3"), Is.Empty);
    }

    [Test]
    public async Task The_patient_source_yields_the_generated_patients()
    {
        var options = new SyntheticPracticeOptions { Patients = 50 };
        var source = new SyntheticPatientSource(options);
        var log = new DataQualityLog();
        var read = new List<PatientRecord>();
        await foreach (var p in source.ReadPatientsAsync(log))
        {
            read.Add(p);
        }

        Assert.That(read.Select(Fingerprint), Is.EqualTo(SyntheticPractice.Generate(options).Select(Fingerprint)));
    }

    /// <summary>A text fingerprint of everything in a patient that the generator sets (records compare arrays by reference).</summary>
    internal static string Fingerprint(PatientRecord p) =>
        string.Join("|", p.Id, p.BirthDate, p.Gender, p.DeceasedBoolean, p.DeceasedDate, p.Active, string.Join(",", p.Identifiers),
            string.Join(",", p.GeneralPractitioners), p.ManagingOrganization,
            string.Join(";", p.Events.Select(EventFingerprint)));

    internal static string EventFingerprint(ClinicalEvent e) =>
        string.Join("~", e.Kind, e.Id, string.Join(",", e.Codes), e.Date, e.Period?.Start, e.Period?.End, e.RecordedDate, e.AbatementDate,
            e.Status, e.ClinicalStatus, e.VerificationStatus, e.Intent, e.Value, string.Join(",", e.ValueCodes),
            string.Join(",", e.Components.Select(c => string.Join("+", c.Codes) + "=" + c.Value)), string.Join(",", e.Categories));
}
