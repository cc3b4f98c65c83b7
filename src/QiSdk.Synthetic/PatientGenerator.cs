using System.Collections.Immutable;
using System.Globalization;
using QiSdk.Records;
using P = QiSdk.Synthetic.CodePalette;

namespace QiSdk.Synthetic;

/// <summary>
/// Generates one patient at a time from (seed, index) alone, so patients can be generated lazily, in parallel and in any
/// order with identical results. One instance per thread (it reuses scratch lists).
/// </summary>
internal sealed class PatientGenerator
{
    private const double DaysPerYear = 365.25;

    private static readonly ImmutableArray<Coding> ProblemList = [new(SyntheticCodeSystems.ConditionCategory, "problem-list-item", "Problem List Item")];
    private static readonly ImmutableArray<Coding> VitalSigns = [new(SyntheticCodeSystems.ObservationCategory, "vital-signs", "Vital Signs")];
    private static readonly ImmutableArray<Coding> Laboratory = [new(SyntheticCodeSystems.ObservationCategory, "laboratory", "Laboratory")];
    private static readonly ImmutableArray<Coding> SocialHistory = [new(SyntheticCodeSystems.ObservationCategory, "social-history", "Social History")];
    private static readonly ImmutableArray<Coding> Survey = [new(SyntheticCodeSystems.ObservationCategory, "survey", "Survey")];
    private static readonly ImmutableArray<Coding> NoCategory = [];

    private readonly SyntheticPracticeOptions _options;
    private int _index;
    private readonly PracticeCodings _codes;
    private readonly int _r;
    private readonly string _organization;
    private readonly ImmutableArray<string>[] _gps;
    private readonly List<ClinicalEvent> _events = [];
    private readonly List<EventHint> _hints = [];
    private SplitMix64 _rng;
    private string _pid = string.Empty;
    private int _birthDay;
    private int _conditionCount;
    private int _observationCount;
    private int _medicationCount;

    public PatientGenerator(SyntheticPracticeOptions options, PracticeCodings codes)
    {
        _options = options;
        _codes = codes;
        _r = options.ReferenceDate.DayNumber;
        _organization = "Organization/" + options.PracticeCode;
        _gps = [.. Enumerable.Range(1, 6).Select(i => ImmutableArray.Create($"Practitioner/{options.PracticeCode}-gp{i}"))];
    }

    /// <summary>The patient id for a list position: <c>{practice}-{index+1, 7 digits}</c>.</summary>
    public static string PatientId(string practiceCode, int index) =>
        Reports.FhirIds.For(practiceCode + "-" + (index + 1).ToString("D7", CultureInfo.InvariantCulture));

    public SyntheticPatient Generate(int index, bool withHints)
    {
        _rng = SplitMix64.For(_options.Seed, index);
        _index = index;
        _events.Clear();
        _hints.Clear();
        _conditionCount = 0;
        _observationCount = 0;
        _medicationCount = 0;
        _pid = PatientId(_options.PracticeCode, index);

        var (female, age) = UkPopulation.Sample(ref _rng);
        double g = _rng.NextDouble();
        var gender = g < 0.001 ? AdministrativeGender.Unknown : g < 0.0015 ? AdministrativeGender.Other
            : female ? AdministrativeGender.Female : AdministrativeGender.Male;
        _birthDay = BirthDay(age);
        FhirDate? birthDate = BirthDate(_birthDay);

        // Deaths: Gompertz-like annual mortality; about 70% of two years' deaths are still in the export.
        double q = Math.Min(0.4, Math.Exp(-10.4 + (0.095 * age)));
        int? deathDay = null;
        bool? deceasedBoolean = null;
        FhirDate? deceasedDate = null;
        if (_rng.Chance(Math.Min(0.5, 1.4 * q)))
        {
            // 8% die shortly after R (alive at R); 10% are written as deceasedBoolean only.
            deathDay = _rng.Chance(0.08) ? _r + _rng.Between(1, 90) : _r - _rng.Between(0, 729);
            deathDay = Math.Max(deathDay.Value, _birthDay + 1);
            if (_rng.Chance(0.10))
            {
                deceasedBoolean = true;
            }
            else
            {
                deceasedDate = _rng.Chance(0.5) ? Day(deathDay.Value) : DateTimeOn(deathDay.Value, _rng.Between(0, 1439));
            }
        }
        else if (_rng.Chance(0.01))
        {
            deceasedBoolean = false;
        }

        double a = _rng.NextDouble();
        bool? active = a < 0.015 ? false : a < 0.26 ? null : true;

        GenerateClinicalHistory(age, female);

        var events = _events;
        var hints = _hints;
        if (deathDay is { } dd)
        {
            // Nothing is recorded after death (except what happens after a death shortly after R).
            for (int i = events.Count - 1; i >= 0; i--)
            {
                if (events[i].EventDate is { } d && d.DayNumber > dd)
                {
                    events.RemoveAt(i);
                    hints.RemoveAt(i);
                }
            }
        }

        var record = new PatientRecord
        {
            Id = _pid,
            Identifiers = [new Identifier(SyntheticCodeSystems.NhsNumber, NhsNumber(ref _rng))],
            BirthDate = birthDate,
            Gender = gender,
            DeceasedBoolean = deceasedBoolean,
            DeceasedDate = deceasedDate,
            Active = active,
            GeneralPractitioners = _gps[_rng.Next(_gps.Length)],
            ManagingOrganization = _organization,
            Events = [.. events],
        };

        return new SyntheticPatient { Index = index, Record = record, Hints = withHints ? [.. hints] : default };
    }

    private void GenerateClinicalHistory(int age, bool female)
    {
        bool dm = _rng.Chance(Prevalences.Diabetes.For(age, female));
        bool hyp = _rng.Chance(Math.Min(0.9, Prevalences.Hypertension.For(age, female) * (dm ? 1.6 : 1.0)));
        bool af = _rng.Chance(Prevalences.AtrialFibrillation.For(age, female));
        bool asthma = _rng.Chance(Prevalences.Asthma.For(age, female));
        bool copd = _rng.Chance(Prevalences.Copd.For(age, female));
        bool ckd = _rng.Chance(Prevalences.Ckd.For(age, female) * (dm || hyp ? 1.4 : 0.9));
        bool chd = _rng.Chance(Prevalences.Chd.For(age, female));
        bool strokeTia = _rng.Chance(Prevalences.StrokeTia.For(age, female));
        bool hf = _rng.Chance(Prevalences.HeartFailure.For(age, female));
        bool frail = age >= 65 && _rng.Chance(Prevalences.Frailty.For(age, female));
        bool pad = age >= 50 && _rng.Chance(0.012);
        bool ckd12 = !ckd && age >= 18 && _rng.Chance(0.03);
        bool pepticUlcer = age >= 40 && _rng.Chance(0.025);
        bool giBleed = age >= 50 && _rng.Chance(0.006);
        int ckdStage = 0;

        // ---- Registers ----
        if (dm)
        {
            var code = Pick3(P.DiabetesType2, 0.85, P.DiabetesType1, 0.08, P.Diabetes);
            int onset = Onset(age, 17, 9);
            Diagnosis(code, onset, _birthDay + (17 * 365));
            if (onset <= _r - 60 && _rng.Chance(0.025))
            {
                int resolved = _rng.Between(onset + 30, _r);
                Finding(P.DiabetesResolved, resolved, conditionShare: 0.3);
                if (_rng.Chance(0.2))
                {
                    Diagnosis(code, Math.Min(_r, resolved + _rng.Between(1, 200)), resolved);
                }
            }
            else if (_rng.Chance(0.003))
            {
                Finding(P.DiabetesResolved, onset, conditionShare: 0.3); // same-day resolution keeps the patient on
            }
        }
        else if (age >= 17 && _rng.Chance(0.004))
        {
            // A diabetes code recorded in error: not on the register.
            Diagnosis(P.DiabetesType2, _r - _rng.Between(30, 2000), 0, forceVerification: "entered-in-error");
        }

        if (hyp)
        {
            int onset = Onset(age, 18, 10);
            Diagnosis(_rng.Chance(0.8) ? P.EssentialHypertension : P.Hypertension, onset, _birthDay + (18 * 365));
            if (onset <= _r - 60 && _rng.Chance(0.03))
            {
                Finding(P.HypertensionResolved, _rng.Between(onset + 30, _r), conditionShare: 0.3);
            }
        }

        if (af)
        {
            Diagnosis(Pick3(P.AtrialFibrillation, 0.6, P.AtrialFibrillationAndFlutter, 0.25, P.LoneAtrialFibrillation), Onset(age, 30, 6), _birthDay + (30 * 365));
        }

        if (asthma)
        {
            int onset = Onset(age, 3, 15);
            Diagnosis(P.Asthma, onset, _birthDay + (3 * 365));
            if (onset <= _r - 365 && _rng.Chance(0.08))
            {
                Finding(P.AsthmaResolved, _rng.Between(onset + 180, _r), conditionShare: 0.3);
            }
            else
            {
                AsthmaReviews(Math.Max(onset, _birthDay + (3 * 365)));
                if (_rng.Chance(0.85))
                {
                    // Most people on the register use a preventer: the QOF register needs an asthma drug in the year.
                    Chronic(_rng.Chance(0.6) ? P.BeclometasoneInhaler : P.BeclometasoneFormoterolInhaler);
                }
            }
        }

        if (copd)
        {
            Diagnosis(P.Copd, Onset(age, 35, 8), _birthDay + (35 * 365));
        }

        if (ckd)
        {
            double s = _rng.NextDouble();
            (var code, ckdStage) = s < 0.6 ? (P.CkdStage3, 3) : s < 0.8 ? (P.CkdStage3B, 3) : s < 0.95 ? (P.CkdStage4, 4) : (P.CkdStage5, 5);
            Diagnosis(code, Onset(age, 18, 6), _birthDay + (18 * 365));
        }
        else if (ckd12)
        {
            Diagnosis(P.CkdStage2, Onset(age, 18, 5), _birthDay + (18 * 365));
        }

        if (chd)
        {
            Diagnosis(Pick3(P.IschaemicHeartDisease, 0.5, P.AcuteMyocardialInfarction, 0.25, P.Angina), Onset(age, 30, 8), _birthDay + (30 * 365));
        }

        if (strokeTia)
        {
            Diagnosis(_rng.Chance(0.7) ? P.Stroke : P.TransientIschaemicAttack, Onset(age, 30, 6), _birthDay + (30 * 365));
        }

        if (hf)
        {
            Diagnosis(P.HeartFailure, Onset(age, 30, 5), _birthDay + (30 * 365));
        }

        if (pad)
        {
            Diagnosis(P.PeripheralArterialDisease, Onset(age, 50, 6), _birthDay + (50 * 365));
        }

        if (pepticUlcer)
        {
            Diagnosis(_rng.Chance(0.5) ? P.PepticUlcer : P.GastricUlcer, Onset(age, 40, 8), _birthDay + (40 * 365));
        }

        if (giBleed)
        {
            Diagnosis(P.UpperGiBleed, Onset(age, 50, 5), _birthDay + (50 * 365));
        }

        if (frail)
        {
            double f = _rng.NextDouble();
            var level = f < 0.55 ? P.MildFrailty : f < 0.87 ? P.ModerateFrailty : P.SevereFrailty;
            if (_rng.Chance(0.15) && level != P.MildFrailty)
            {
                Finding(P.MildFrailty, _r - _rng.Between(400, 1500)); // progressed since
            }

            Finding(level, _r - _rng.Between(0, 700));
        }

        // ---- Medicines ----
        // Secondary prevention (CHD, stroke/TIA, PAD) and CKD 3-5 are offered a statin (NICE NG238); about 80% take one.
        bool statin = _rng.Chance(Math.Max(Math.Max(dm && age >= 40 ? 0.65 : 0, chd || pad ? 0.8 : 0), Math.Max(strokeTia ? 0.75 : ckd && age >= 18 ? 0.7 : 0, age >= 50 ? 0.08 : 0)));
        bool acei = _rng.Chance(Math.Max(Math.Max(hyp ? 0.35 : 0, dm ? 0.3 : 0), Math.Max(hf ? 0.7 : 0, ckd ? 0.4 : 0)));
        bool aspirin = _rng.Chance(Math.Max(chd ? 0.55 : 0, age >= 70 ? 0.04 : 0));
        bool clopidogrel = _rng.Chance(Math.Max(strokeTia ? 0.5 : 0, chd ? 0.15 : 0));
        bool anticoag = _rng.Chance(af ? 0.72 : age >= 60 ? 0.004 : 0);
        bool loop = _rng.Chance(hf ? 0.75 : age >= 75 ? 0.04 : age >= 40 ? 0.004 : 0);
        bool nsaid = age >= 18 && _rng.Chance((age >= 65 ? 0.045 : 0.03) + (hf || ckd || anticoag || pepticUlcer ? 0.03 : 0));
        bool ppi = age >= 18 && _rng.Chance(Math.Max(Math.Max(age >= 65 ? 0.15 : 0.07, nsaid ? 0.5 : 0), Math.Max(anticoag || aspirin || clopidogrel ? 0.35 : 0, pepticUlcer || giBleed ? 0.6 : 0)));
        bool nsbb = age >= 18 && _rng.Chance(asthma ? 0.015 : 0.01);
        bool methotrexate = age >= 30 && _rng.Chance(0.004);
        bool lithium = age >= 18 && _rng.Chance(0.002);
        bool amiodarone = age >= 60 && _rng.Chance(af ? 0.05 : 0.002);

        if (statin)
        {
            Chronic(_rng.Chance(0.6) ? P.Atorvastatin : P.Simvastatin);
        }

        if (acei)
        {
            Chronic(_rng.Chance(0.65) ? P.Ramipril : P.Lisinopril);
        }

        if (aspirin)
        {
            Chronic(P.Aspirin);
        }

        if (clopidogrel)
        {
            Chronic(P.Clopidogrel);
        }

        if (anticoag)
        {
            double d = _rng.NextDouble();
            Chronic(d < 0.45 ? P.Apixaban : d < 0.65 ? P.Rivaroxaban : d < 0.8 ? P.Edoxaban : P.Warfarin);
        }

        if (loop)
        {
            Chronic(_rng.Chance(0.8) ? P.Furosemide : P.Bumetanide);
        }

        if (ppi)
        {
            double d = _rng.NextDouble();
            Chronic(d < 0.6 ? P.Omeprazole : d < 0.85 ? P.Lansoprazole : d < 0.95 ? P.Famotidine : P.Ranitidine);
        }

        if (nsaid)
        {
            var drug = Pick3(P.Ibuprofen, 0.5, P.Naproxen, 0.35, P.Diclofenac);
            int courses = _rng.Between(1, 3);
            for (int i = 0; i < courses; i++)
            {
                Prescribe(drug, _r - _rng.Between(0, 182));
            }
        }

        if (nsbb)
        {
            Chronic(P.Propranolol);
        }

        if (methotrexate)
        {
            Chronic(P.Methotrexate);
        }

        if (lithium)
        {
            Chronic(P.Lithium);
        }

        if (amiodarone)
        {
            Chronic(P.Amiodarone);
        }

        // ---- Measurements and monitoring ----
        if (dm)
        {
            HbA1cHistory();
        }

        bool onRegisterForBp = hyp || dm || ckd || chd || strokeTia;
        BloodPressureHistory(age, hyp, onRegisterForBp);
        if (hyp)
        {
            HypertensionExceptions();
        }

        bool longTermCondition = dm || hyp || af || asthma || copd || ckd || chd || strokeTia || hf || pad;
        if (age >= 15 && _rng.Chance(longTermCondition ? 0.95 : 0.85))
        {
            SmokingStatus(age, longTermCondition);
        }

        if (age >= 40 && _rng.Chance(dm || chd || strokeTia || hyp ? 0.7 : 0.25))
        {
            Cholesterol(statin);
        }

        if (ckdStage > 0)
        {
            // CKD 3-5: eGFR about every four months.
            for (int day = _r - 730 + _rng.Between(0, 120); day <= _r; day += 120 + _rng.Between(-30, 30))
            {
                Egfr(ckdStage, age, day);
            }
        }
        else if (dm || hyp || ckd || acei || lithium || loop || age >= 75)
        {
            int readings = _rng.Between(1, 2);
            for (int i = 0; i < readings; i++)
            {
                Egfr(ckdStage, age, _r - _rng.Between(0, 700));
            }
        }

        if ((acei || loop) && age >= 75 && _rng.Chance(0.85))
        {
            int d = _r - _rng.Between(0, 450);
            if (_rng.Chance(0.5))
            {
                Lab(P.SerumCreatinine, d, Math.Round((decimal)Math.Clamp(_rng.Normal(95, 20), 40, 400)), "umol/L", "umol/L");
            }
            else
            {
                Egfr(ckdStage, age, d);
            }

            Lab(P.SerumSodium, d, Math.Round((decimal)_rng.Normal(139, 3)), "mmol/L", "mmol/L");
            Lab(P.SerumPotassium, d, Math.Round((decimal)_rng.Normal(4.4, 0.4), 1), "mmol/L", "mmol/L");
        }

        if (methotrexate && _rng.Chance(0.8))
        {
            int d = _r - _rng.Between(0, 100);
            Lab(P.FullBloodCount, d, null, null, null);
            Lab(_rng.Chance(0.7) ? P.LiverFunctionTest : P.SerumAlt, d, null, null, null);
        }

        if (lithium)
        {
            if (_rng.Chance(0.8))
            {
                Lab(P.SerumLithium, _r - _rng.Between(0, 100), Math.Round((decimal)Math.Clamp(_rng.Normal(0.7, 0.2), 0.2, 1.6), 2), "mmol/L", "mmol/L");
            }

            if (_rng.Chance(0.7))
            {
                Lab(P.Tsh, _r - _rng.Between(0, 200), Math.Round((decimal)Math.Clamp(_rng.Normal(2.0, 1.0), 0.1, 9), 1), "mU/L", "m[IU]/L");
            }
        }

        if (amiodarone && _rng.Chance(0.75))
        {
            Lab(P.Tsh, _r - _rng.Between(0, 240), Math.Round((decimal)Math.Clamp(_rng.Normal(2.0, 1.2), 0.1, 12), 1), "mU/L", "m[IU]/L");
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Diagnoses and findings

    private PaletteEntry Pick3(PaletteEntry a, double pa, PaletteEntry b, double pb, PaletteEntry c)
    {
        double u = _rng.NextDouble();
        return u < pa ? a : u < pa + pb ? b : c;
    }

    /// <summary>Diagnosis day: years since diagnosis ~ exponential(mean), bounded by the years since the condition could start.</summary>
    private int Onset(int age, int minAge, double meanYears)
    {
        if (_rng.Chance(0.01))
        {
            return _r + _rng.Between(1, 60); // recorded after R: does not count at R
        }

        double maxYears = Math.Max(0.1, age - minAge + 0.5);
        double years = Math.Min(maxYears, -meanYears * Math.Log(1.0 - _rng.NextDouble()));
        return Math.Max(_birthDay + 1, _r - (int)(years * DaysPerYear));
    }

    private void Diagnosis(PaletteEntry entry, int day, int earliest, string? forceVerification = null)
    {
        day = Math.Max(day, Math.Max(earliest, _birthDay + 1));
        var codes = _codes.Choose(entry, ref _rng);
        if (_rng.Chance(0.15))
        {
            // GP systems record diagnoses as Observations too.
            AddObservation(codes, day, NoCategory, value: null, components: default, old: true, forceStatus: forceVerification is null ? null : "entered-in-error");
            return;
        }

        AddCondition(codes, day, forceVerification);
    }

    /// <summary>A coded finding (resolution, frailty, exception, invitation): an Observation, sometimes a Condition.</summary>
    private void Finding(PaletteEntry entry, int day, double conditionShare = 0.0)
    {
        var codes = _codes.Choose(entry, ref _rng);
        if (_rng.Chance(conditionShare))
        {
            AddCondition(codes, day, null);
        }
        else
        {
            AddObservation(codes, day, NoCategory, value: null, components: default, old: false);
        }
    }

    private void AddCondition(ImmutableArray<Coding> codes, int day, string? forceVerification)
    {
        double v = _rng.NextDouble();
        string verification = forceVerification ?? (v < 0.010 ? "entered-in-error" : v < 0.015 ? "refuted" : v < 0.02 ? "unconfirmed" : "confirmed");
        string? clinical = verification == "entered-in-error" ? null : _rng.Chance(0.9) ? "active" : _rng.Chance(0.5) ? "inactive" : "resolved";

        FhirDate? onset = null;
        Period? period = null;
        FhirDate? recorded = null;
        double d = _rng.NextDouble();
        bool old = day < _r - (5 * 365);
        if (d < 0.005)
        {
            // undated
        }
        else if (d < 0.035)
        {
            recorded = Day(day); // recordedDate only
        }
        else if (d < 0.045)
        {
            period = new Period(Day(day), null);
        }
        else if (old && d < 0.08)
        {
            var date = DateOnly.FromDayNumber(day);
            onset = d < 0.06 ? FhirDate.FromYear(date.Year) : FhirDate.FromYearMonth(date.Year, date.Month);
        }
        else
        {
            onset = _rng.Chance(0.1) ? DateTimeOn(day, _rng.Between(480, 1110)) : Day(day);
        }

        if (onset is not null && _rng.Chance(0.5))
        {
            recorded = Day(Math.Min(day + _rng.Between(0, 30), Math.Max(day, _r + 30)));
        }

        _conditionCount++;
        _events.Add(new ClinicalEvent
        {
            Kind = ResourceKind.Condition,
            Id = _pid + "-c" + _conditionCount.ToString(CultureInfo.InvariantCulture),
            Codes = codes,
            Date = onset,
            Period = period,
            RecordedDate = recorded,
            ClinicalStatus = clinical,
            VerificationStatus = verification,
            Categories = ProblemList,
        });
        _hints.Add(default);
    }

    private void AddObservation(ImmutableArray<Coding> codes, int day, ImmutableArray<Coding> category, Quantity? value,
        ImmutableArray<ObservationComponent> components, bool old, string? forceStatus = null, int? minuteOfDay = null)
    {
        double s = _rng.NextDouble();
        string status = forceStatus ?? (s < 0.01 ? "entered-in-error" : s < 0.015 ? "cancelled" : s < 0.02 ? "preliminary" : s < 0.04 ? "amended" : "final");
        FhirDate? date = null;
        Period? period = null;
        FhirDate? issued = null;
        bool instant = false;
        double d = _rng.NextDouble();
        if (d < 0.002)
        {
            // undated
        }
        else if (d < 0.03)
        {
            issued = DateTimeOn(day, _rng.Between(420, 1200), seconds: true); // issued only
        }
        else if (d < 0.05)
        {
            period = new Period(Day(day), Day(day));
        }
        else if (d < 0.08)
        {
            date = DateTimeOn(day, minuteOfDay ?? _rng.Between(420, 1200), seconds: true);
            instant = true;
        }
        else if (old || d < 0.28)
        {
            date = Day(day);
        }
        else
        {
            date = DateTimeOn(day, minuteOfDay ?? MinuteOfDay());
        }

        if (date is not null && category == Laboratory && _rng.Chance(0.5))
        {
            issued = DateTimeOn(day + 1, _rng.Between(420, 1200), seconds: true);
        }

        _observationCount++;
        _events.Add(new ClinicalEvent
        {
            Kind = ResourceKind.Observation,
            Id = _pid + "-o" + _observationCount.ToString(CultureInfo.InvariantCulture),
            Codes = codes,
            Date = date,
            Period = period,
            RecordedDate = issued,
            Status = status,
            Value = value,
            Components = components.IsDefault ? [] : components,
            Categories = category,
        });
        _hints.Add(new EventHint(Instant: instant));
    }

    /// <summary>A clinic time; 4% near midnight (00:00-00:59 or 23:00-23:59) so date-times with offsets test calendar-date handling.</summary>
    private int MinuteOfDay()
    {
        double u = _rng.NextDouble();
        return u < 0.02 ? _rng.Between(0, 59) : u < 0.04 ? _rng.Between(1380, 1439) : _rng.Between(480, 1110);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Measurements

    private void HbA1cHistory()
    {
        double mu = Math.Clamp(_rng.Normal(53, 13), 36, 110);
        bool recent = _rng.Chance(0.86);
        int day = _r - 730 + _rng.Between(0, 120);
        while (day <= _r)
        {
            if (recent || day <= _r - 366)
            {
                HbA1c(mu, day);
                if (_rng.Chance(0.015))
                {
                    HbA1c(mu, day); // a second reading the same day (the lowest counts)
                }
            }

            day += 182 + _rng.Between(-45, 45);
        }

        if (recent && _rng.Chance(0.02))
        {
            HbA1c(mu, EdgeOfYear()); // exactly 12 months before R, or one day inside
        }

        if (_rng.Chance(0.015))
        {
            HbA1c(mu, _r + _rng.Between(1, 40)); // after R: ignored
        }

        double x = _rng.NextDouble();
        if (x < 0.03)
        {
            Finding(P.DiabetesMaxTherapy, _r - _rng.Between(0, 360));
        }
        else if (x < 0.045)
        {
            Finding(P.DiabetesUnsuitable, _r - _rng.Between(0, 360));
        }
        else if (x < 0.065)
        {
            Finding(P.DiabetesDeclined, _r - _rng.Between(0, 360));
        }
        else if (x < 0.08)
        {
            Finding(P.BloodTestDeclined, _r - _rng.Between(0, 360));
        }
        else if (x < 0.09)
        {
            Finding(P.DiabetesDeclined, _r - _rng.Between(366, 700)); // too old to count
        }

        if (!recent && _rng.Chance(0.55))
        {
            Invitations(P.DiabetesInviteEmail, P.DiabetesInviteSms);
        }
    }

    private int EdgeOfYear()
    {
        var r = DateOnly.FromDayNumber(_r);
        return r.AddMonths(-12).DayNumber + (_rng.Chance(0.5) ? 0 : 1);
    }

    private void Invitations(PaletteEntry email, PaletteEntry sms)
    {
        int first = _r - _rng.Between(20, 330);
        double u = _rng.NextDouble();
        int gap = u < 0.08 ? 7 : u < 0.14 ? 6 : _rng.Between(8, 60);
        Finding(_rng.Chance(0.5) ? email : sms, first);
        if (!_rng.Chance(0.15))
        {
            Finding(_rng.Chance(0.5) ? email : sms, Math.Min(_r, first + gap));
        }
    }

    private void HbA1c(double mu, int day)
    {
        int mmol = (int)Math.Clamp(Math.Round(_rng.Normal(mu, 5)), 25, 160);
        double u = _rng.NextDouble();
        ImmutableArray<Coding> codes;
        Quantity value;
        if (u < 0.80)
        {
            codes = _codes.Choose(P.HbA1cIfcc, ref _rng);
            value = _rng.Chance(0.03) ? new Quantity(mmol, "mmol/mol") : new Quantity(mmol, "mmol/mol", SyntheticCodeSystems.Ucum, "mmol/mol");
        }
        else
        {
            decimal pct = Math.Round(((decimal)mmol / 10.929m) + 2.15m, 1);
            if (u < 0.89)
            {
                codes = _codes.Choose(P.HbA1cDcct, ref _rng);
                value = new Quantity(pct, "%", SyntheticCodeSystems.Ucum, "%");
            }
            else if (u < 0.95)
            {
                codes = _codes.Standard(P.HbA1cLoincPercent);
                value = new Quantity(pct, "%", SyntheticCodeSystems.Ucum, "%");
            }
            else
            {
                codes = _codes.Standard(P.HbA1cLoincIfcc);
                value = new Quantity(mmol, "mmol/mol", SyntheticCodeSystems.Ucum, "mmol/mol");
            }
        }

        AddObservation(codes, day, Laboratory, value, default, old: false);
    }

    private void BloodPressureHistory(int age, bool hyp, bool register)
    {
        if (age < 18)
        {
            return;
        }

        double ageEffect = (age - 50) * 0.3;
        double sysMean = hyp ? _rng.Normal(133, 11) : _rng.Normal(122 + ageEffect, 10);
        double diaMean = hyp ? _rng.Normal(80, 7) : _rng.Normal(76, 7);
        if (register)
        {
            bool recent = _rng.Chance(0.82);
            int day = _r - 730 + _rng.Between(0, 150);
            while (day <= _r)
            {
                if (recent || day <= _r - 366)
                {
                    BloodPressure(sysMean, diaMean, day);
                    if (_rng.Chance(0.02))
                    {
                        BloodPressure(sysMean, diaMean, day); // same day, second reading
                    }
                }

                day += 180 + _rng.Between(-60, 60);
            }

            if (recent && _rng.Chance(0.02))
            {
                BloodPressure(sysMean, diaMean, EdgeOfYear());
            }
        }
        else if (_rng.Chance(age >= 45 ? 0.75 : 0.4))
        {
            int readings = _rng.Between(1, 2);
            for (int i = 0; i < readings; i++)
            {
                BloodPressure(sysMean, diaMean, _r - _rng.Between(0, 5 * 365));
            }
        }
    }

    private void HypertensionExceptions()
    {
        double x = _rng.NextDouble();
        if (x < 0.03)
        {
            Finding(P.HypertensionMaxTherapy, _r - _rng.Between(0, 360));
        }
        else if (x < 0.04)
        {
            Finding(P.HypertensionUnsuitable, _r - _rng.Between(0, 360));
        }
        else if (x < 0.055)
        {
            Finding(P.HypertensionDeclined, _r - _rng.Between(0, 360));
        }
        else if (x < 0.07)
        {
            Finding(P.BloodPressureRefused, _r - _rng.Between(0, 360));
        }

        if (_rng.Chance(0.08))
        {
            Invitations(P.HypertensionInviteEmail, P.HypertensionInviteSms);
        }
    }

    private void BloodPressure(double sysMean, double diaMean, int day)
    {
        int sys = (int)Math.Clamp(Math.Round(_rng.Normal(sysMean, 8)), 80, 240);
        int dia = (int)Math.Clamp(Math.Round(_rng.Normal(diaMean, 5)), 40, 140);
        dia = Math.Min(dia, sys - 15);
        bool textUnit = _rng.Chance(0.04);
        Quantity Q(int v) => textUnit ? new Quantity(v, "mmHg") : new Quantity(v, "mmHg", SyntheticCodeSystems.Ucum, "mm[Hg]");

        double u = _rng.NextDouble();
        int minute = MinuteOfDay();
        if (u < 0.40)
        {
            // Separate systolic and diastolic Observations (SNOMED, CTV3 sitting codes, or LOINC).
            bool sitting = _rng.Chance(0.35);
            AddObservation(_codes.Choose(sitting ? P.SittingSystolicBp : P.SystolicBp, ref _rng), day, VitalSigns, Q(sys), default, false, minuteOfDay: minute);
            AddObservation(_codes.Choose(sitting ? P.SittingDiastolicBp : P.DiastolicBp, ref _rng), day, VitalSigns, Q(dia), default, false, minuteOfDay: minute);
        }
        else if (u < 0.47)
        {
            AddObservation(_codes.Standard(P.SystolicBpLoinc), day, VitalSigns, Q(sys), default, false, minuteOfDay: minute);
            AddObservation(_codes.Standard(P.DiastolicBpLoinc), day, VitalSigns, Q(dia), default, false, minuteOfDay: minute);
        }
        else if (u < 0.80)
        {
            // LOINC 85354-9 panel with 8480-6 / 8462-4 components.
            var components = ImmutableArray.Create(
                new ObservationComponent { Codes = _codes.Standard(P.SystolicBpLoinc), Value = Q(sys) },
                new ObservationComponent { Codes = _codes.Standard(P.DiastolicBpLoinc), Value = Q(dia) });
            AddObservation(_codes.Standard(P.BpPanelLoinc), day, VitalSigns, null, components, false, minuteOfDay: minute);
        }
        else if (u < 0.97)
        {
            // SNOMED "Blood pressure" (or the practice's unmapped local BP code) with SNOMED components.
            var components = ImmutableArray.Create(
                new ObservationComponent { Codes = _codes.Standard(P.SystolicBp), Value = Q(sys) },
                new ObservationComponent { Codes = _codes.Standard(P.DiastolicBp), Value = Q(dia) });
            AddObservation(_codes.Choose(P.BloodPressure, ref _rng), day, VitalSigns, null, components, false, minuteOfDay: minute);
        }
        else
        {
            // The practice's local BP template code (no map entry) with LOINC components.
            var components = ImmutableArray.Create(
                new ObservationComponent { Codes = _codes.Standard(P.SystolicBpLoinc), Value = Q(sys) },
                new ObservationComponent { Codes = _codes.Standard(P.DiastolicBpLoinc), Value = Q(dia) });
            AddObservation(_codes.Local(P.BloodPressure), day, VitalSigns, null, components, false, minuteOfDay: minute);
        }
    }

    /// <summary>
    /// Asthma reviews for people on the register: about 65% reviewed in the last 12 months (QOF AST007-like achievement),
    /// a third of those with the RCP three questions; most of the rest had their last review 12 to 30 months ago. A review
    /// records the AST007 components most of the time (<see cref="AsthmaReviewComponents"/>).
    /// </summary>
    private void AsthmaReviews(int diagnosed)
    {
        double u = _rng.NextDouble();
        int day = u < 0.65 ? _r - _rng.Between(0, 364) : u < 0.9 ? _r - _rng.Between(366, 900) : int.MinValue;
        if (day > diagnosed)
        {
            var entry = _rng.Chance(0.33) ? P.AsthmaRcp3Review : P.AsthmaAnnualReview;
            AddObservation(_codes.Standard(entry), day, NoCategory, null, default, false);
            AsthmaReviewComponents(day);
        }
    }

    // Salt of the stream the review components draw from (any constant: it only has to differ from the patient's own).
    private const ulong AsthmaComponentsSalt = 0xA57007;

    /// <summary>
    /// The review's AST007 components: a written plan on the review day (92%), an Asthma Control Test score (95%) and the
    /// number of exacerbations in the past year (95%), each on the review day or up to 3 weeks before it. Drawn from their
    /// own stream (the patient's stream is put back afterwards), so adding them changed nothing else the practice holds.
    /// </summary>
    private void AsthmaReviewComponents(int reviewDay)
    {
        var patientStream = _rng;
        _rng = SplitMix64.For(_options.Seed, _index, AsthmaComponentsSalt);
        if (_rng.Chance(0.92))
        {
            AddObservation(_codes.Standard(P.AsthmaWrittenPlan), reviewDay, NoCategory, null, default, false);
        }

        if (_rng.Chance(0.95))
        {
            int score = _rng.Between(8, 25); // ACT: 5-25, 20 or more is well controlled
            AddObservation(_codes.Standard(P.AsthmaControlTest), reviewDay - (_rng.Chance(0.7) ? 0 : _rng.Between(1, 21)), Survey, new Quantity(score, "{score}", SyntheticCodeSystems.Ucum, "{score}"), default, false);
        }

        if (_rng.Chance(0.95))
        {
            int count = _rng.Chance(0.6) ? 0 : _rng.Between(1, 4);
            AddObservation(_codes.Standard(P.AsthmaExacerbations), reviewDay - (_rng.Chance(0.7) ? 0 : _rng.Between(1, 21)), NoCategory, new Quantity(count, "{count}", SyntheticCodeSystems.Ucum, "{count}"), default, false);
        }

        _rng = patientStream;
    }

    /// <summary>Smoking status; people with a long-term condition have it asked at their annual review (90% within 12 months).</summary>
    private void SmokingStatus(int age, bool annualReview)
    {
        int records = _rng.Chance(0.15) ? 2 : 1;
        for (int i = 0; i < records; i++)
        {
            int day = annualReview && i == 0 && _rng.Chance(0.9) ? _r - _rng.Between(0, 360) : _r - _rng.Between(0, 3 * 365);
            double u = _rng.NextDouble();
            double exShare = age >= 50 ? 0.33 : 0.15;
            var entry = u < 0.13 ? P.Smoker : u < 0.13 + exShare ? P.ExSmoker : P.NeverSmoked;
            AddObservation(_codes.Standard(entry), day, SocialHistory, null, default, false);
        }
    }

    private void Cholesterol(bool statin)
    {
        double mmol = Math.Clamp(statin ? _rng.Normal(4.1, 0.8) : _rng.Normal(5.0, 1.0), 2.0, 11.0);
        int day = _r - _rng.Between(0, 600);
        if (_rng.Chance(0.12))
        {
            var codes = _rng.Chance(0.6) ? _codes.Standard(P.CholesterolLoinc) : _codes.Standard(P.SerumCholesterol);
            AddObservation(codes, day, Laboratory, new Quantity(Math.Round((decimal)(mmol * 38.67)), "mg/dL", SyntheticCodeSystems.Ucum, "mg/dL"), default, false);
        }
        else
        {
            AddObservation(_codes.Choose(P.SerumCholesterol, ref _rng), day, Laboratory, new Quantity(Math.Round((decimal)mmol, 1), "mmol/L", SyntheticCodeSystems.Ucum, "mmol/L"), default, false);
        }
    }

    private void Egfr(int ckdStage, int age, int day)
    {
        double v = ckdStage switch
        {
            3 => _rng.Between(30, 59),
            4 => _rng.Between(15, 29),
            5 => _rng.Between(5, 14),
            _ => Math.Clamp(_rng.Normal(100 - (age * 0.4), 12), 60, 130),
        };
        var codes = _codes.Choose(_rng.Chance(0.4) ? P.EgfrMdrd : P.EgfrCkdEpi, ref _rng);
        AddObservation(codes, day, Laboratory, new Quantity(Math.Round((decimal)v), "mL/min/1.73m2", SyntheticCodeSystems.Ucum, "mL/min/{1.73_m2}"), default, false);
    }

    private void Lab(PaletteEntry entry, int day, decimal? value, string? unit, string? ucum)
    {
        Quantity? q = value is { } v ? new Quantity(v, unit, SyntheticCodeSystems.Ucum, ucum) : null;
        AddObservation(_codes.Choose(entry, ref _rng), day, Laboratory, q, default, false);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Medicines

    /// <summary>
    /// A repeat medicine: issues every 28 or 56 days over the last six months, and every 12 weeks or so before that back
    /// to 18 months (PINCER's monitoring indicators look for treatment started 12-15 months ago); 12% stopped earlier.
    /// </summary>
    private void Chronic(PaletteEntry drug)
    {
        int start = _r - _rng.Between(30, 3000);
        int stop = _rng.Chance(0.12) ? _r - _rng.Between(100, 400) : _r;
        if (stop <= start)
        {
            return;
        }

        int recentFrom = _r - 183;
        for (int day = Math.Max(start, _r - 540) + _rng.Between(0, 20); day < Math.Min(stop, recentFrom); day += 84 + _rng.Between(-7, 7))
        {
            Prescribe(drug, day);
        }

        int interval = _rng.Chance(0.6) ? 56 : 28;
        for (int day = Math.Max(start, recentFrom + _rng.Between(0, interval)); day <= stop; day += interval + _rng.Between(-4, 4))
        {
            Prescribe(drug, day);
        }

        if (stop == _r && _rng.Chance(0.015))
        {
            Prescribe(drug, _r + _rng.Between(1, 20)); // issued after R: ignored
        }
    }

    private void Prescribe(PaletteEntry drug, int day)
    {
        var codes = _codes.Medicine(drug, ref _rng);
        double f = _rng.NextDouble();
        var form = f < 0.08 ? MedicationForm.Contained : f < 0.15 ? MedicationForm.Reference : MedicationForm.CodeableConcept;
        if (form == MedicationForm.Reference)
        {
            codes = _codes.Standard(drug); // the shared Medication resource carries the dm+d coding
        }

        _medicationCount++;
        if (_rng.Chance(0.1))
        {
            // A MedicationStatement (e.g. a medicine prescribed elsewhere).
            double s = _rng.NextDouble();
            string status = s < 0.01 ? "not-taken" : s < 0.013 ? "entered-in-error" : s < 0.6 ? "active" : "completed";
            FhirDate? date = null;
            Period? period = null;
            FhirDate? asserted = null;
            double d = _rng.NextDouble();
            if (d < 0.7)
            {
                date = Day(day);
            }
            else if (d < 0.8)
            {
                period = new Period(Day(day), Day(day + 27));
            }
            else
            {
                asserted = Day(day);
            }

            _events.Add(new ClinicalEvent
            {
                Kind = ResourceKind.MedicationStatement,
                Id = _pid + "-ms" + _medicationCount.ToString(CultureInfo.InvariantCulture),
                Codes = codes,
                Date = date,
                Period = period,
                RecordedDate = asserted,
                Status = status,
            });
        }
        else
        {
            double s = _rng.NextDouble();
            string status = s < 0.005 ? "cancelled" : s < 0.008 ? "entered-in-error" : s < 0.011 ? "draft" : s < 0.6 ? "active" : "completed";
            double i = _rng.NextDouble();
            string intent = i < 0.005 ? "proposal" : i < 0.01 ? "plan" : "order";
            _events.Add(new ClinicalEvent
            {
                Kind = ResourceKind.MedicationRequest,
                Id = _pid + "-mr" + _medicationCount.ToString(CultureInfo.InvariantCulture),
                Codes = codes,
                Date = _rng.Chance(0.2) ? DateTimeOn(day, _rng.Between(480, 1110)) : Day(day),
                Status = status,
                Intent = intent,
            });
        }

        _hints.Add(new EventHint(form, drug));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Dates and identifiers

    private int BirthDay(int age)
    {
        var r = DateOnly.FromDayNumber(_r);
        int upper = r.AddYears(-age).DayNumber;                 // the latest birth date giving this age at R
        int lower = r.AddYears(-(age + 1)).DayNumber + 1;       // the earliest
        if (_rng.Chance(0.004))
        {
            // A 29 February birthday, if the range has one.
            for (int y = DateOnly.FromDayNumber(upper).Year; y >= DateOnly.FromDayNumber(lower).Year; y--)
            {
                if (DateTime.IsLeapYear(y))
                {
                    int feb29 = new DateOnly(y, 2, 29).DayNumber;
                    if (feb29 >= lower && feb29 <= upper)
                    {
                        return feb29;
                    }
                }
            }
        }

        return _rng.Between(lower, upper);
    }

    private FhirDate? BirthDate(int day)
    {
        double u = _rng.NextDouble();
        var date = DateOnly.FromDayNumber(day);
        return u < 0.001 ? null
            : u < 0.003 ? FhirDate.FromYearMonth(date.Year, date.Month)
            : u < 0.0035 ? FhirDate.FromYear(date.Year)
            : FhirDate.FromDate(date);
    }

    private static FhirDate Day(int dayNumber) => FhirDate.FromDate(DateOnly.FromDayNumber(dayNumber));

    /// <summary>A local date-time with the UK offset of that day (+01:00 in British Summer Time), 5% written in UTC with Z.</summary>
    private FhirDate DateTimeOn(int dayNumber, int minuteOfDay, bool seconds = false)
    {
        var date = DateOnly.FromDayNumber(dayNumber);
        bool zulu = _rng.Chance(0.05);
        bool bst = IsBritishSummerTime(date);
        int second = seconds ? _rng.Between(0, 59) : 0;
        Span<byte> b = stackalloc byte[25];
        Write4(b, 0, date.Year);
        b[4] = (byte)'-';
        Write2(b, 5, date.Month);
        b[7] = (byte)'-';
        Write2(b, 8, date.Day);
        b[10] = (byte)'T';
        Write2(b, 11, minuteOfDay / 60);
        b[13] = (byte)':';
        Write2(b, 14, minuteOfDay % 60);
        b[16] = (byte)':';
        Write2(b, 17, second);
        int length;
        if (zulu)
        {
            b[19] = (byte)'Z';
            length = 20;
        }
        else
        {
            b[19] = (byte)'+';
            Write2(b, 20, bst ? 1 : 0);
            b[22] = (byte)':';
            Write2(b, 23, 0);
            length = 25;
        }

        return FhirDate.TryParse(b[..length], out var value) ? value : throw new InvalidOperationException("Generated an invalid date-time.");
    }

    private static void Write2(Span<byte> b, int at, int v)
    {
        b[at] = (byte)('0' + (v / 10));
        b[at + 1] = (byte)('0' + (v % 10));
    }

    private static void Write4(Span<byte> b, int at, int v)
    {
        Write2(b, at, v / 100);
        Write2(b, at + 2, v % 100);
    }

    /// <summary>BST runs from the last Sunday of March to the last Sunday of October (calendar-date approximation).</summary>
    private static bool IsBritishSummerTime(DateOnly date)
    {
        if (date.Month is < 3 or > 10)
        {
            return false;
        }

        if (date.Month is > 3 and < 10)
        {
            return true;
        }

        var last = new DateOnly(date.Year, date.Month, 31);
        var lastSunday = last.AddDays(-(int)last.DayOfWeek);
        return date.Month == 3 ? date >= lastSunday : date < lastSunday;
    }

    /// <summary>A valid NHS number in the 999 test range (modulus 11 check digit).</summary>
    private static string NhsNumber(ref SplitMix64 rng)
    {
        Span<int> d = stackalloc int[10];
        while (true)
        {
            d[0] = 9;
            d[1] = 9;
            d[2] = 9;
            int sum = (9 * 10) + (9 * 9) + (9 * 8);
            for (int i = 3; i < 9; i++)
            {
                d[i] = rng.Next(10);
                sum += d[i] * (10 - i);
            }

            int check = 11 - (sum % 11);
            if (check == 11)
            {
                check = 0;
            }

            if (check == 10)
            {
                continue;
            }

            d[9] = check;
            return string.Create(10, d.ToArray(), static (span, digits) =>
            {
                for (int i = 0; i < 10; i++)
                {
                    span[i] = (char)('0' + digits[i]);
                }
            });
        }
    }
}
