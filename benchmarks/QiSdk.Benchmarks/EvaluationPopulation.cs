using System.Collections.Frozen;
using System.Collections.Immutable;
using QiSdk.Codes;
using QiSdk.Records;

namespace QiSdk.Benchmarks;

/// <summary>
/// A deterministic benchmark practice for the engine (until the synthetic generator lands): UK-like age/sex
/// structure, diabetes ~8%, hypertension ~14%, NSAID/PPI prescribing in the over-65s, HbA1c/BP readings with
/// realistic values (some in DCCT %, some BP as panels), invitations, frailty, noise codes that match nothing
/// (about two thirds of events), and a few entered-in-error or undated events. Events are drawn from a shared pool
/// of immutable <see cref="ClinicalEvent"/>s so a million patients fit in memory.
/// </summary>
internal static class EvaluationPopulation
{
    private const string Sct = "http://snomed.info/sct";
    private const string Loinc = "http://loinc.org";

    public static readonly (string Set, string Code)[] Members =
    [
        ("DM_COD", "44054006"), ("DM_COD", "46635009"), ("DMRES_COD", "315051004"), ("IFCCHBAM_COD", "999791000000106"),
        ("MILDFRAIL_COD", "925791000000100"), ("MODFRAIL_COD", "925831000000107"), ("SEVFRAIL_COD", "925861000000102"),
        ("DMMAX_COD", "407569005"), ("DMPCAPU_COD", "717421000000100"), ("DMPCADEC_COD", "716031000000106"), ("BLDTESTDEC_COD", "116471000119100"),
        ("DMINVITE_COD", "1066911000000100"), ("HYP_COD", "38341003"), ("HYPRES_COD", "162659009"), ("HTMAX_COD", "407567007"),
        ("HYPPCAPU_COD", "716821000000100"), ("HYPPCADEC_COD", "716771000000106"), ("BPDEC_COD", "413123006"), ("HYPINVITE_COD", "1066941000000104"),
        ("SYSBP_COD", "72313002"), ("DIASBP_COD", "1091811000000102"), ("PINCER_NSAID", "329925006"), ("PINCER_NSAID", "329652003"),
        ("PINCER_PPI", "317297003"), ("PINCER_PPI", "318120009"),
    ];

    /// <summary>A matcher over <see cref="Members"/> with one frozen-dictionary lookup per coding (what a cached terminology costs).</summary>
    public static ICodeSetMatcher Matcher() => new FrozenMatcher();

    public static PatientRecord[] Create(int count, int seed = 20240331)
    {
        var rng = new Random(seed);
        var pool = EventPool(rng);
        var patients = new PatientRecord[count];
        var events = new List<ClinicalEvent>(64);
        for (int i = 0; i < count; i++)
        {
            events.Clear();
            int age = AgeFromPyramid(rng);
            bool female = rng.Next(2) == 0;
            bool diabetic = rng.NextDouble() < (age > 40 ? 0.11 : 0.02);
            bool hypertensive = rng.NextDouble() < (age > 45 ? 0.25 : 0.03);
            for (int n = 4 + rng.Next(20); n > 0; n--)
            {
                events.Add(pool.Noise[rng.Next(pool.Noise.Length)]);
            }

            if (diabetic)
            {
                events.Add(pool.Diabetes[rng.Next(pool.Diabetes.Length)]);
                for (int n = rng.Next(4); n > 0; n--)
                {
                    events.Add(pool.Hba1c[rng.Next(pool.Hba1c.Length)]);
                }

                if (rng.NextDouble() < 0.15) { events.Add(pool.DiabetesOther[rng.Next(pool.DiabetesOther.Length)]); }
            }

            if (hypertensive)
            {
                events.Add(pool.Hypertension[rng.Next(pool.Hypertension.Length)]);
                for (int n = rng.Next(4); n > 0; n--)
                {
                    events.Add(pool.Bp[rng.Next(pool.Bp.Length)]);
                }

                if (rng.NextDouble() < 0.1) { events.Add(pool.HypertensionOther[rng.Next(pool.HypertensionOther.Length)]); }
            }

            if (age >= 55 && rng.NextDouble() < 0.12)
            {
                for (int n = 1 + rng.Next(3); n > 0; n--)
                {
                    events.Add(pool.Drugs[rng.Next(pool.Drugs.Length)]);
                }
            }

            patients[i] = new PatientRecord
            {
                Id = "bench-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                BirthDate = FhirDate.FromDate(new DateOnly(2024, 3, 31).AddDays(-((age * 365) + rng.Next(365)))),
                Gender = female ? AdministrativeGender.Female : AdministrativeGender.Male,
                DeceasedBoolean = rng.NextDouble() < 0.005 ? true : null,
                Events = [.. events],
            };
        }

        return patients;
    }

    private static int AgeFromPyramid(Random rng)
    {
        double u = rng.NextDouble();
        return u < 0.19 ? rng.Next(0, 16) : u < 0.55 ? rng.Next(16, 45) : u < 0.81 ? rng.Next(45, 65) : u < 0.96 ? rng.Next(65, 85) : rng.Next(85, 101);
    }

    private sealed record Pool(ClinicalEvent[] Noise, ClinicalEvent[] Diabetes, ClinicalEvent[] DiabetesOther, ClinicalEvent[] Hba1c, ClinicalEvent[] Hypertension, ClinicalEvent[] HypertensionOther, ClinicalEvent[] Bp, ClinicalEvent[] Drugs);

    private static Pool EventPool(Random rng)
    {
        int id = 0;
        string Date(int maxDaysBack) => new DateOnly(2024, 3, 31).AddDays(-rng.Next(maxDaysBack)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        ClinicalEvent Ev(ResourceKind kind, string system, string code, string? date, Quantity? value = null, string? status = "final") => new()
        {
            Kind = kind,
            Id = "e" + id++,
            Codes = [new Coding(system, code)],
            Date = date is null ? null : FhirDate.Parse(date),
            Status = kind == ResourceKind.Condition ? null : status,
            Intent = kind == ResourceKind.MedicationRequest ? "order" : null,
            Value = value,
        };
        Quantity Q(decimal v, string unit) => new(v, unit, "http://unitsofmeasure.org", unit);
        var noise = Enumerable.Range(0, 20000).Select(i => Ev((ResourceKind)(1 + (i % 4)), i % 3 == 0 ? "http://read.info/readv2" : Sct, (100000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), Date(5000))).ToArray();
        var diabetes = Enumerable.Range(0, 2000).Select(i => Ev(ResourceKind.Condition, Sct, i % 2 == 0 ? "44054006" : "46635009", Date(6000))).ToArray();
        var dmOther = Enumerable.Range(0, 2000).Select(i => Ev(ResourceKind.Observation, Sct, new[] { "315051004", "925791000000100", "925831000000107", "925861000000102", "407569005", "1066911000000100", "1066911000000100", "116471000119100" }[i % 8], Date(700))).ToArray();
        var hba1c = Enumerable.Range(0, 5000).Select(i => i % 10 == 0
            ? Ev(ResourceKind.Observation, Loinc, "4548-4", Date(700), Q(Math.Round(5.5m + (decimal)(rng.NextDouble() * 5), 1), "%"))
            : i % 97 == 0 ? Ev(ResourceKind.Observation, Sct, "999791000000106", null, Q(50, "mmol/mol"))
            : Ev(ResourceKind.Observation, Sct, "999791000000106", Date(700), Q(35 + rng.Next(60), "mmol/mol"), i % 53 == 0 ? "entered-in-error" : "final")).ToArray();
        var hyp = Enumerable.Range(0, 2000).Select(i => Ev(ResourceKind.Condition, Sct, "38341003", Date(6000))).ToArray();
        var hypOther = Enumerable.Range(0, 2000).Select(i => Ev(ResourceKind.Observation, Sct, new[] { "162659009", "407567007", "413123006", "1066941000000104", "1066941000000104" }[i % 5], Date(700))).ToArray();
        var bp = Enumerable.Range(0, 5000).Select(i => i % 3 == 0
            ? Ev(ResourceKind.Observation, Sct, "72313002", Date(700), Q(110 + rng.Next(60), i % 2 == 0 ? "mm[Hg]" : "mmHg")) with
            {
                Components = [new ObservationComponent { Codes = [new Coding(Loinc, "8462-4")], Value = Q(65 + rng.Next(35), "mm[Hg]") }],
            }
            : Ev(ResourceKind.Observation, Loinc, "85354-9", Date(700)) with
            {
                Components =
                [
                    new ObservationComponent { Codes = [new Coding(Loinc, "8480-6")], Value = Q(110 + rng.Next(60), "mm[Hg]") },
                    new ObservationComponent { Codes = [new Coding(Loinc, "8462-4")], Value = Q(65 + rng.Next(35), "mm[Hg]") },
                ],
            }).ToArray();
        var drugs = Enumerable.Range(0, 3000).Select(i => Ev(i % 5 == 0 ? ResourceKind.MedicationStatement : ResourceKind.MedicationRequest, Sct, new[] { "329925006", "329652003", "317297003", "318120009", "100001" }[i % 5], Date(200), status: "active")).ToArray();
        return new Pool(noise, diabetes, dmOther, hba1c, hyp, hypOther, bp, drugs);
    }

    private sealed class FrozenMatcher : ICodeSetMatcher
    {
        private readonly FrozenDictionary<string, int[]> _members;
        private readonly string[] _names;

        public FrozenMatcher()
        {
            _names = [.. Members.Select(m => m.Set).Distinct()];
            _members = Members.GroupBy(m => Sct + "|" + m.Code).ToFrozenDictionary(g => g.Key, g => g.Select(m => Array.IndexOf(_names, m.Set)).Distinct().Order().ToArray());
        }

        public IReadOnlyList<string> CodeSetNames => _names;

        public bool TryGetCodeSetIndex(string name, out int index)
        {
            index = Array.IndexOf(_names, name);
            return index >= 0;
        }

        public ReadOnlySpan<int> Match(string? system, string? code)
        {
            if (system != Sct || code is null)
            {
                return default;
            }

            var lookup = _members.GetAlternateLookup<ReadOnlySpan<char>>();
            Span<char> key = stackalloc char[64];
            int n = 0;
            Sct.AsSpan().CopyTo(key);
            n = Sct.Length;
            key[n++] = '|';
            if (n + code.Length > key.Length)
            {
                return default;
            }

            code.AsSpan().CopyTo(key[n..]);
            return lookup.TryGetValue(key[..(n + code.Length)], out var idx) ? idx : default;
        }
    }
}
