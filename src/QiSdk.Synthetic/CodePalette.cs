using System.Collections.Immutable;

namespace QiSdk.Synthetic;

/// <summary>
/// An alternative (non-SNOMED) code for a palette concept: a Read v2 or CTV3 code, or a practice-local code.
/// </summary>
/// <param name="Code">The code as the practice system writes it (Read v2 in its 7-character form).</param>
/// <param name="Display">The term written with it.</param>
/// <param name="Source">Where the (code, SNOMED concept) pair was seen (see <c>docs/synthetic-practice.md</c>).</param>
/// <param name="Mapped">False for the deliberately unmapped local codes: no row in the practice's code map.</param>
/// <param name="ViaReadV2">For a local code mapped in two steps: the Read v2 code it maps to (which then maps to SNOMED).</param>
internal sealed record PaletteAlternative(string Code, string Display, string Source, bool Mapped = true, string? ViaReadV2 = null);

/// <summary>
/// One clinical concept the synthetic practice records: its standard coding (SNOMED CT, dm+d or LOINC), the built-in code
/// sets it is claimed to belong to (checked against <c>../shared/reference</c> by a test), and its Read v2, CTV3 and
/// practice-local alternatives.
/// </summary>
internal sealed record PaletteEntry(
    string Key,
    string System,
    string Code,
    string Display,
    ImmutableArray<string> CodeSets,
    PaletteAlternative? ReadV2 = null,
    PaletteAlternative? Ctv3 = null,
    PaletteAlternative? Local = null);

/// <summary>
/// The curated, documented code palette of the synthetic practice. Every SNOMED CT / dm+d code below was taken from the
/// MIT-licensed OpenSAFELY copies in <c>../shared/reference</c> (QOF clusters, PINCER lists, statin list) unless its
/// comment says otherwise. Read v2 and CTV3 alternatives are single code pairs (codes, not files) seen in the test-only
/// reference files: "exeter" = Exeter-Diabetes/CPRD-Codelists (Read v2 code and SNOMED concept id on one row);
/// "gm-sde" = UoM gm-sde multisystem code sets (the same code set in CTV3 and SNOMED, paired by identical term);
/// "pbcl" = the NHS Pathology Bounded Code List triples in the Exeter repository. Practice-local codes are invented.
/// </summary>
internal static class CodePalette
{
    private const string Snomed = SyntheticCodeSystems.Snomed;
    private const string Dmd = SyntheticCodeSystems.Dmd;
    private const string Loinc = SyntheticCodeSystems.Loinc;

    private static ImmutableArray<string> Sets(params string[] names) => [.. names];

    private static PaletteAlternative Read(string code, string display, string source) => new(code, display, source);

    // ---- Diagnoses (registers) ----------------------------------------------------------------------------------
    public static readonly PaletteEntry DiabetesType2 = new("dm-type2", Snomed, "44054006", "Type 2 diabetes mellitus", Sets("DM_COD"),
        ReadV2: Read("C10F.00", "Type 2 diabetes mellitus", "exeter qof_diabetes: C10F / C10F.00 -> 44054006"),
        Ctv3: Read("X40J5", "Non-insulin-dependent diabetes mellitus", "gm-sde diabetes/1 ctv3 X40J5; OpenSAFELY CTV3 diabetes list 'Type II diabetes mellitus'"),
        Local: new("LDM2", "Diabetes type 2 (practice template)", "invented practice-local code"));

    public static readonly PaletteEntry DiabetesType1 = new("dm-type1", Snomed, "46635009", "Type 1 diabetes mellitus", Sets("DM_COD"),
        ReadV2: Read("C10E.00", "Type 1 diabetes mellitus", "exeter qof_diabetes: C10E / C10E.00 -> 46635009"),
        Ctv3: Read("X40J4", "Insulin-dependent diabetes mellitus", "gm-sde diabetes/1 ctv3 X40J4; OpenSAFELY CTV3 diabetes list 'Type I diabetes mellitus'"));

    public static readonly PaletteEntry Diabetes = new("dm", Snomed, "73211009", "Diabetes mellitus", Sets("DM_COD"),
        ReadV2: Read("C10..00", "Diabetes mellitus", "exeter qof_diabetes: C10 / C10..00 -> 73211009"),
        // No CTV3 alternative: gm-sde lists CTV3 C10.. in its diabetes set but not SNOMED 73211009, so the pair is unproven.
        Local: new("LDIAB", "Diabetic (practice code)", "invented practice-local code, mapped to Read v2 C10..00 (a two-step map)", ViaReadV2: "C10..00"));

    public static readonly PaletteEntry DiabetesResolved = new("dm-resolved", Snomed, "315051004", "Diabetes resolved", Sets("DMRES_COD"));

    public static readonly PaletteEntry EssentialHypertension = new("hyp-essential", Snomed, "59621000", "Essential hypertension", Sets("HYP_COD"),
        ReadV2: Read("G20..00", "Essential hypertension", "exeter hypertension: G20 / G20..00 -> 59621000"),
        Ctv3: Read("XE0Uc", "Primary hypertension", "gm-sde hypertension/1 ctv3 XE0Uc; OpenSAFELY CTV3 hypertension list 'Essential hypertension'"),
        Local: new("LHTN", "Hypertension (practice code)", "invented practice-local code"));

    public static readonly PaletteEntry Hypertension = new("hyp", Snomed, "38341003", "Hypertensive disorder, systemic arterial", Sets("HYP_COD"),
        ReadV2: Read("G2...00", "Hypertensive disease", "exeter hypertension: G2 / G2...00 -> 38341003"));

    public static readonly PaletteEntry HypertensionResolved = new("hyp-resolved", Snomed, "162659009", "Hypertension resolved", Sets("HYPRES_COD"));

    public static readonly PaletteEntry AtrialFibrillation = new("af", Snomed, "49436004", "Atrial fibrillation", Sets("AFIB_COD"),
        ReadV2: Read("G573000", "Atrial fibrillation", "exeter af: G5730 / G573000 -> 49436004"));

    public static readonly PaletteEntry AtrialFibrillationAndFlutter = new("af-flutter", Snomed, "195080001", "Atrial fibrillation and flutter", Sets("AFIB_COD"),
        ReadV2: Read("G573.00", "Atrial fibrillation and flutter", "exeter af: G573 / G573.00 -> 195080001"),
        Ctv3: Read("G573.", "Atrial fibrillation and flutter", "gm-sde atrial-fibrillation/1 ctv3 G573. (same term)"));

    public static readonly PaletteEntry LoneAtrialFibrillation = new("af-lone", Snomed, "233910005", "Lone atrial fibrillation", Sets("AFIB_COD"),
        Ctv3: Read("X202R", "Lone atrial fibrillation", "gm-sde atrial-fibrillation/1 ctv3 X202R (same term)"));

    public static readonly PaletteEntry Asthma = new("asthma", Snomed, "195967001", "Asthma", Sets("AST_COD", "PINCER_AST"),
        ReadV2: Read("H33..00", "Asthma", "exeter asthma: H33 / H33..00 -> 195967001"),
        Ctv3: Read("XE0YX", "Asthma NOS", "gm-sde asthma/1 ctv3 XE0YX; OpenSAFELY CTV3 asthma list"),
        Local: new("LASTH", "Asthma (practice code)", "invented practice-local code"));

    public static readonly PaletteEntry AsthmaResolved = new("asthma-resolved", Snomed, "162660004", "Asthma resolved", Sets("ASTRES_COD", "PINCER_AST_RES"));

    /// <summary>
    /// Asthma review codes, both in the built-in REV_COD and OS_ASTHMA_REVIEW_QOF lists (OpenSAFELY copies, MIT; no
    /// reference file in ../shared, so no code-set claim here): the annual review and the RCP three-questions review.
    /// </summary>
    public static readonly PaletteEntry AsthmaAnnualReview = new("asthma-review", Snomed, "394700004", "Asthma annual review", []);

    public static readonly PaletteEntry AsthmaRcp3Review = new("asthma-review-rcp3", Snomed, "754061000000100", "Asthma review using Royal College of Physicians three questions", []);

    /// <summary>
    /// The QOF AST007 review components (REV_COD's companions), from the NHS Digital clusters shipped as WRITPASTP_COD,
    /// ASTCONTASS_COD and ASTEXACB_COD (opensafely/asthma_sro, MIT; no reference file in ../shared, so no code-set claim
    /// here): a written personalised asthma plan, an Asthma Control Test score and the number of exacerbations in the past year.
    /// </summary>
    public static readonly PaletteEntry AsthmaWrittenPlan = new("asthma-written-plan", Snomed, "527171000000103", "Patient has a written asthma personal action plan", []);

    public static readonly PaletteEntry AsthmaControlTest = new("asthma-control-test", Snomed, "443117005", "Asthma control test score", []);

    public static readonly PaletteEntry AsthmaExacerbations = new("asthma-exacerbations", Snomed, "366874008", "Number of asthma exacerbations in past year", []);

    public static readonly PaletteEntry Copd = new("copd", Snomed, "13645005", "Chronic obstructive lung disease", Sets("COPD_COD"),
        ReadV2: Read("H3...00", "Chronic obstructive pulmonary disease", "exeter copd: H3 / H3...00 -> 13645005"),
        Ctv3: Read("H3...", "Chronic obstructive pulmonary disease", "gm-sde copd/1 ctv3 H3...; OpenSAFELY CTV3 chronic respiratory list"));

    public static readonly PaletteEntry CkdStage3 = new("ckd3", Snomed, "433144002", "Chronic kidney disease stage 3", Sets("CKD_COD"),
        Ctv3: Read("XaLHI", "Chronic kidney disease stage 3", "gm-sde chronic-kidney-disease/1 ctv3 XaLHI (same term)"));

    public static readonly PaletteEntry CkdStage3B = new("ckd3b", Snomed, "700379002", "Chronic kidney disease stage 3B", Sets("CKD_COD"),
        Ctv3: Read("XaNbo", "Chronic kidney disease stage 3B", "gm-sde chronic-kidney-disease/1 ctv3 XaNbo (same term)"));

    public static readonly PaletteEntry CkdStage4 = new("ckd4", Snomed, "431857002", "Chronic kidney disease stage 4", Sets("CKD_COD"));

    public static readonly PaletteEntry CkdStage5 = new("ckd5", Snomed, "433146000", "Chronic kidney disease stage 5", Sets("CKD_COD"));

    public static readonly PaletteEntry CkdStage2 = new("ckd2", Snomed, "431856006", "Chronic kidney disease stage 2", Sets("CKD1AND2_COD"));

    public static readonly PaletteEntry IschaemicHeartDisease = new("chd-ihd", Snomed, "414545008", "Ischemic heart disease", Sets("CHD_COD"),
        Ctv3: Read("G3...", "Ischaemic heart disease", "gm-sde coronary-heart-disease/2 ctv3 G3... (same term)"));

    public static readonly PaletteEntry AcuteMyocardialInfarction = new("chd-ami", Snomed, "57054005", "Acute myocardial infarction", Sets("CHD_COD"),
        Ctv3: Read("XE0Uh", "Acute myocardial infarction", "gm-sde coronary-heart-disease/2 ctv3 XE0Uh (same term)"));

    public static readonly PaletteEntry Angina = new("chd-angina", Snomed, "194828000", "Angina", Sets("CHD_COD"));

    public static readonly PaletteEntry Stroke = new("stroke", Snomed, "230690007", "Cerebrovascular accident", Sets("STRK_COD"));

    public static readonly PaletteEntry TransientIschaemicAttack = new("tia", Snomed, "266257000", "Transient cerebral ischemia", Sets("TIA_COD"));

    public static readonly PaletteEntry HeartFailure = new("hf", Snomed, "84114007", "Heart failure", Sets("HF_COD", "PINCER_HF"),
        Ctv3: Read("G58..", "Heart failure", "gm-sde heart-failure/1 ctv3 G58.. (same term)"));

    public static readonly PaletteEntry PeripheralArterialDisease = new("pad", Snomed, "399957001", "Peripheral arterial occlusive disease", Sets("PAD_COD"));

    public static readonly PaletteEntry MildFrailty = new("frail-mild", Snomed, "925791000000100", "Mild frailty", Sets("MILDFRAIL_COD"));

    public static readonly PaletteEntry ModerateFrailty = new("frail-moderate", Snomed, "925831000000107", "Moderate frailty", Sets("MODFRAIL_COD"));

    public static readonly PaletteEntry SevereFrailty = new("frail-severe", Snomed, "925861000000102", "Severe frailty", Sets("SEVFRAIL_COD"));

    public static readonly PaletteEntry PepticUlcer = new("peptic-ulcer", Snomed, "13200003", "Peptic ulcer", Sets("PINCER_PEP"));

    public static readonly PaletteEntry GastricUlcer = new("gastric-ulcer", Snomed, "397825006", "Gastric ulcer", Sets("PINCER_PEP"));

    public static readonly PaletteEntry UpperGiBleed = new("gi-bleed", Snomed, "37372002", "Upper gastrointestinal hemorrhage", Sets("PINCER_GI_BLEED"));

    // ---- QOF exception and invitation codes -----------------------------------------------------------------------
    public static readonly PaletteEntry DiabetesMaxTherapy = new("dm-max", Snomed, "407569005", "Patient on maximal tolerated therapy for diabetes", Sets("DMMAX_COD"));

    public static readonly PaletteEntry DiabetesUnsuitable = new("dm-unsuitable", Snomed, "717421000000100", "Excepted from diabetes quality indicators - patient unsuitable", Sets("DMPCAPU_COD"));

    public static readonly PaletteEntry DiabetesDeclined = new("dm-declined", Snomed, "716031000000106", "Excepted from diabetes quality indicators - informed dissent", Sets("DMPCADEC_COD"));

    public static readonly PaletteEntry BloodTestDeclined = new("blood-test-declined", Snomed, "116471000119100", "Blood test declined", Sets("BLDTESTDEC_COD"));

    public static readonly PaletteEntry DiabetesInviteEmail = new("dm-invite-email", Snomed, "1083111000000108", "Diabetes monitoring invitation email", Sets("DMINVITE_COD"));

    public static readonly PaletteEntry DiabetesInviteSms = new("dm-invite-sms", Snomed, "1066911000000100", "Diabetes monitoring short message service text message first invitation", Sets("DMINVITE_COD"));

    public static readonly PaletteEntry HypertensionMaxTherapy = new("hyp-max", Snomed, "407567007", "Patient on maximal tolerated antihypertensive therapy", Sets("HTMAX_COD"));

    public static readonly PaletteEntry HypertensionUnsuitable = new("hyp-unsuitable", Snomed, "716821000000100", "Excepted from hypertension quality indicators - patient unsuitable", Sets("HYPPCAPU_COD"));

    public static readonly PaletteEntry HypertensionDeclined = new("hyp-declined", Snomed, "716771000000106", "Excepted from hypertension quality indicators - informed dissent", Sets("HYPPCADEC_COD"));

    public static readonly PaletteEntry BloodPressureRefused = new("bp-refused", Snomed, "413123006", "Blood pressure procedure refused", Sets("BPDEC_COD"));

    public static readonly PaletteEntry HypertensionInviteEmail = new("hyp-invite-email", Snomed, "1083101000000106", "Hypertension monitoring invitation email", Sets("HYPINVITE_COD"));

    public static readonly PaletteEntry HypertensionInviteSms = new("hyp-invite-sms", Snomed, "1066951000000101", "Hypertension monitoring short message service text message first invitation", Sets("HYPINVITE_COD"));

    // ---- Measurements ---------------------------------------------------------------------------------------------
    public static readonly PaletteEntry HbA1cIfcc = new("hba1c-ifcc", Snomed, "999791000000106", "Haemoglobin A1c level - International Federation of Clinical Chemistry and Laboratory Medicine standardised", Sets("IFCCHBAM_COD"),
        ReadV2: Read("42W5.00", "Haemoglobin A1c level - IFCC standardised", "exeter hba1c: 42W5 / 42W5.00 -> 999791000000106"),
        Ctv3: Read("XaPbt", "HbA1c levl - IFCC standardised", "gm-sde hba1c/2 ctv3 XaPbt and snomed 999791000000106 (same term)"),
        Local: new("LHBA1C", "HbA1c (practice lab code)", "invented practice-local code"));

    /// <summary>DCCT-aligned HbA1c in %: in no QOF cluster (indicator definitions name it inline).</summary>
    public static readonly PaletteEntry HbA1cDcct = new("hba1c-dcct", Snomed, "1019431000000105", "HbA1c level (Diabetes Control and Complications Trial aligned)", [],
        ReadV2: Read("42W4.00", "HbA1c level (DCCT aligned)", "gm-sde hba1c/2 readv2 42W4.00 and snomed 1019431000000105 (same term)"),
        Ctv3: Read("XaERp", "HbA1c level (DCCT aligned)", "gm-sde hba1c/2 ctv3 XaERp and snomed 1019431000000105 (same term)"));

    public static readonly PaletteEntry HbA1cLoincPercent = new("hba1c-loinc-pct", Loinc, "4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood", []);

    public static readonly PaletteEntry HbA1cLoincIfcc = new("hba1c-loinc-ifcc", Loinc, "59261-8", "Hemoglobin A1c/Hemoglobin.total in Blood by IFCC protocol", []);

    public static readonly PaletteEntry SystolicBp = new("bp-systolic", Snomed, "271649006", "Systolic blood pressure", Sets("SYSBP_COD", "BP_COD"));

    public static readonly PaletteEntry DiastolicBp = new("bp-diastolic", Snomed, "271650006", "Diastolic blood pressure", Sets("DIASBP_COD"));

    public static readonly PaletteEntry SittingSystolicBp = new("bp-systolic-sitting", Snomed, "407554009", "Sitting systolic blood pressure", Sets("SYSBP_COD"),
        Ctv3: Read("XaJ2E", "Sitting systolic BP", "gm-sde systolic-blood-pressure/1 ctv3 XaJ2E (same term)"));

    public static readonly PaletteEntry SittingDiastolicBp = new("bp-diastolic-sitting", Snomed, "407555005", "Sitting diastolic blood pressure", Sets("DIASBP_COD"),
        Ctv3: Read("XaJ2F", "Sitting diastolic BP", "gm-sde diastolic-blood-pressure/1 ctv3 XaJ2F (same term)"));

    public static readonly PaletteEntry BloodPressure = new("bp", Snomed, "75367002", "Blood pressure", Sets("BP_COD"),
        Local: new("LBP", "BP reading (practice template)", "invented practice-local code, deliberately NOT in the code map", Mapped: false));

    public static readonly PaletteEntry SystolicBpLoinc = new("bp-systolic-loinc", Loinc, "8480-6", "Systolic blood pressure", []);

    public static readonly PaletteEntry DiastolicBpLoinc = new("bp-diastolic-loinc", Loinc, "8462-4", "Diastolic blood pressure", []);

    public static readonly PaletteEntry BpPanelLoinc = new("bp-panel-loinc", Loinc, "85354-9", "Blood pressure panel with all children optional", []);

    /// <summary>Cholesterol codes are from the (unlicensed, test-only) OpenSAFELY cholesterol list: no built-in code set.</summary>
    public static readonly PaletteEntry SerumCholesterol = new("chol", Snomed, "1005671000000105", "Serum cholesterol level", [],
        ReadV2: Read("44P..00", "Serum cholesterol", "pbcl: Read v2 44P.. / CTV3 XE2eD / SNOMED 1005671000000105"),
        Ctv3: Read("XE2eD", "Serum cholesterol level", "pbcl: Read v2 44P.. / CTV3 XE2eD / SNOMED 1005671000000105"),
        Local: new("LCHOL", "Cholesterol (practice lab code)", "invented practice-local code, deliberately NOT in the code map", Mapped: false));

    public static readonly PaletteEntry CholesterolLoinc = new("chol-loinc", Loinc, "2093-3", "Cholesterol [Mass/volume] in Serum or Plasma", []);

    /// <summary>Smoking codes: ../shared/reference has no smoking cluster; these are the SNOMED CT concepts for current, ex- and never smoker.</summary>
    public static readonly PaletteEntry Smoker = new("smoker", Snomed, "77176002", "Smoker", []);

    public static readonly PaletteEntry ExSmoker = new("ex-smoker", Snomed, "8517006", "Ex-smoker", []);

    public static readonly PaletteEntry NeverSmoked = new("never-smoked", Snomed, "266919005", "Never smoked tobacco", []);

    public static readonly PaletteEntry EgfrMdrd = new("egfr-mdrd", Snomed, "1020291000000106", "Glomerular filtration rate calculated by abbreviated Modification of Diet in Renal Disease Study Group calculation", Sets("PINCER_EGFR", "PINCER_RENAL"),
        ReadV2: Read("451E.00", "Glomerular filtration rate calculated by abbreviated Modification of Diet in Renal Disease Study Group calculation", "gm-sde egfr/1 readv2 451E.00 and snomed 1020291000000106 (same term)"),
        Ctv3: Read("XaK8y", "Glomerular filtration rate calculated by abbreviated Modification of Diet in Renal Disease Study Group calculation", "gm-sde egfr/1 ctv3 XaK8y and snomed 1020291000000106 (same term)"));

    public static readonly PaletteEntry EgfrCkdEpi = new("egfr-ckdepi", Snomed, "1011481000000105", "Estimated glomerular filtration rate using creatinine Chronic Kidney Disease Epidemiology Collaboration equation per 1.73 square metres", Sets("PINCER_EGFR", "PINCER_RENAL"),
        ReadV2: Read("451N.00", "Estimated glomerular filtration rate using creatinine Chronic Kidney Disease Epidemiology Collaboration equation per 1.73 square metres", "gm-sde egfr/1 readv2 451N.00 and snomed 1011481000000105 (same term)"));

    public static readonly PaletteEntry SerumCreatinine = new("creatinine", Snomed, "1000731000000107", "Serum creatinine level", Sets("PINCER_RENAL"));

    public static readonly PaletteEntry SerumSodium = new("sodium", Snomed, "1000661000000107", "Serum sodium level", Sets("PINCER_ELECTRO"));

    public static readonly PaletteEntry SerumPotassium = new("potassium", Snomed, "1000651000000109", "Serum potassium level", Sets("PINCER_ELECTRO"));

    public static readonly PaletteEntry FullBloodCount = new("fbc", Snomed, "1022441000000101", "Full blood count", Sets("PINCER_FBC"));

    public static readonly PaletteEntry LiverFunctionTest = new("lft", Snomed, "997531000000108", "Liver function test", Sets("PINCER_LFT"));

    public static readonly PaletteEntry SerumAlt = new("alt", Snomed, "1018251000000107", "Serum alanine aminotransferase level", Sets("PINCER_LFT"));

    public static readonly PaletteEntry Tsh = new("tsh", Snomed, "1027151000000105", "Thyroid stimulating hormone level", Sets("PINCER_TFT"));

    public static readonly PaletteEntry SerumLithium = new("lithium-level", Snomed, "1006681000000100", "Serum lithium level", Sets("PINCER_LITH_LEV"));

    // ---- Medicines (dm+d VMP ids from the PINCER and statin lists) ---------------------------------------------
    public static readonly PaletteEntry Ibuprofen = new("ibuprofen", Dmd, "329653008", "Ibuprofen 400mg tablets", Sets("PINCER_NSAID"));

    public static readonly PaletteEntry Naproxen = new("naproxen", Dmd, "329807003", "Naproxen 500mg tablets", Sets("PINCER_NSAID"));

    public static readonly PaletteEntry Diclofenac = new("diclofenac", Dmd, "329587009", "Diclofenac sodium 50mg gastro-resistant tablets", Sets("PINCER_NSAID"));

    public static readonly PaletteEntry Omeprazole = new("omeprazole", Dmd, "317291008", "Omeprazole 20mg gastro-resistant capsules", Sets("PINCER_PPI"));

    public static readonly PaletteEntry Lansoprazole = new("lansoprazole", Dmd, "317309001", "Lansoprazole 30mg gastro-resistant capsules", Sets("PINCER_PPI"));

    public static readonly PaletteEntry Famotidine = new("famotidine", Dmd, "317275005", "Famotidine 20mg tablets", Sets("PINCER_PPI"));

    public static readonly PaletteEntry Ranitidine = new("ranitidine", Dmd, "317249006", "Ranitidine 150mg tablets", Sets("PINCER_PPI"));

    public static readonly PaletteEntry Warfarin = new("warfarin", Dmd, "319733000", "Warfarin 1mg tablets", Sets("PINCER_ANTICOAG"));

    public static readonly PaletteEntry Apixaban = new("apixaban", Dmd, "703908001", "Apixaban 5mg tablets", Sets("PINCER_ANTICOAG"));

    public static readonly PaletteEntry Rivaroxaban = new("rivaroxaban", Dmd, "19842211000001107", "Rivaroxaban 20mg tablets", Sets("PINCER_ANTICOAG"));

    public static readonly PaletteEntry Edoxaban = new("edoxaban", Dmd, "29903411000001101", "Edoxaban 60mg tablets", Sets("PINCER_ANTICOAG"));

    public static readonly PaletteEntry Aspirin = new("aspirin", Dmd, "319773006", "Aspirin 75mg dispersible tablets", Sets("PINCER_ASPIRIN", "PINCER_ANTIPLAT"));

    public static readonly PaletteEntry Clopidogrel = new("clopidogrel", Dmd, "319799004", "Clopidogrel 75mg tablets", Sets("PINCER_NON_ASP_ANTIPLATE", "PINCER_ANTIPLAT"));

    public static readonly PaletteEntry Propranolol = new("propranolol", Dmd, "318353009", "Propranolol 40mg tablets", Sets("PINCER_NSBB"));

    public static readonly PaletteEntry Furosemide = new("furosemide", Dmd, "317972000", "Furosemide 40mg tablets", Sets("PINCER_DIUR"));

    public static readonly PaletteEntry Bumetanide = new("bumetanide", Dmd, "318021009", "Bumetanide 1mg tablets", Sets("PINCER_DIUR"));

    public static readonly PaletteEntry Ramipril = new("ramipril", Dmd, "318902004", "Ramipril 5mg capsules", Sets("PINCER_ACEI"));

    public static readonly PaletteEntry Lisinopril = new("lisinopril", Dmd, "318859000", "Lisinopril 10mg tablets", Sets("PINCER_ACEI"));

    public static readonly PaletteEntry Methotrexate = new("methotrexate", Dmd, "326874007", "Methotrexate 2.5mg tablets", Sets("PINCER_MET"));

    public static readonly PaletteEntry Lithium = new("lithium", Dmd, "13177001000001108", "Lithium carbonate 400mg modified-release tablets", Sets("PINCER_LITH"));

    public static readonly PaletteEntry Amiodarone = new("amiodarone", Dmd, "318187007", "Amiodarone 200mg tablets", Sets("PINCER_AMIO"));

    public static readonly PaletteEntry Atorvastatin = new("atorvastatin", Dmd, "320030001", "Atorvastatin 20mg tablets", Sets("OS_STATINS_DMD"));

    public static readonly PaletteEntry Simvastatin = new("simvastatin", Dmd, "320000009", "Simvastatin 40mg tablets", Sets("OS_STATINS_DMD"));

    /// <summary>Asthma inhalers: ids in the shipped OS_ASTHMA_DRUG_TREATMENT list, terms from PRIMIS ASTRXM1 (opensafely/statins-covid @ 726d370b).</summary>
    public static readonly PaletteEntry BeclometasoneInhaler = new("beclometasone-inhaler", Dmd, "35908111000001105", "Beclometasone 100micrograms/dose inhaler CFC free", Sets("OS_ASTHMA_DRUG_TREATMENT"));

    public static readonly PaletteEntry BeclometasoneFormoterolInhaler = new("beclometasone-formoterol-inhaler", Dmd, "12911011000001100", "Beclometasone 100micrograms/dose / Formoterol 6micrograms/dose inhaler CFC free", Sets("OS_ASTHMA_DRUG_TREATMENT"));

    /// <summary>Every palette entry, in a fixed order (the code map and Medication resources are written in this order).</summary>
    public static readonly ImmutableArray<PaletteEntry> All =
    [
        DiabetesType2, DiabetesType1, Diabetes, DiabetesResolved, EssentialHypertension, Hypertension, HypertensionResolved,
        AtrialFibrillation, AtrialFibrillationAndFlutter, LoneAtrialFibrillation, Asthma, AsthmaResolved, AsthmaAnnualReview, AsthmaRcp3Review,
        AsthmaWrittenPlan, AsthmaControlTest, AsthmaExacerbations, Copd,
        CkdStage3, CkdStage3B, CkdStage4, CkdStage5, CkdStage2, IschaemicHeartDisease, AcuteMyocardialInfarction, Angina,
        Stroke, TransientIschaemicAttack, HeartFailure, PeripheralArterialDisease, MildFrailty, ModerateFrailty, SevereFrailty,
        PepticUlcer, GastricUlcer, UpperGiBleed,
        DiabetesMaxTherapy, DiabetesUnsuitable, DiabetesDeclined, BloodTestDeclined, DiabetesInviteEmail, DiabetesInviteSms,
        HypertensionMaxTherapy, HypertensionUnsuitable, HypertensionDeclined, BloodPressureRefused, HypertensionInviteEmail,
        HypertensionInviteSms,
        HbA1cIfcc, HbA1cDcct, HbA1cLoincPercent, HbA1cLoincIfcc, SystolicBp, DiastolicBp, SittingSystolicBp, SittingDiastolicBp,
        BloodPressure, SystolicBpLoinc, DiastolicBpLoinc, BpPanelLoinc, SerumCholesterol, CholesterolLoinc, Smoker, ExSmoker,
        NeverSmoked, EgfrMdrd, EgfrCkdEpi, SerumCreatinine, SerumSodium, SerumPotassium, FullBloodCount, LiverFunctionTest,
        SerumAlt, Tsh, SerumLithium,
        Ibuprofen, Naproxen, Diclofenac, Omeprazole, Lansoprazole, Famotidine, Ranitidine, Warfarin, Apixaban, Rivaroxaban,
        Edoxaban, Aspirin, Clopidogrel, Propranolol, Furosemide, Bumetanide, Ramipril, Lisinopril, Methotrexate, Lithium,
        Amiodarone, Atorvastatin, Simvastatin, BeclometasoneInhaler, BeclometasoneFormoterolInhaler,
    ];

    /// <summary>The medicines, in palette order (each is written once as a <c>Medication</c> resource).</summary>
    public static readonly ImmutableArray<PaletteEntry> Medicines = [.. All.Where(e => e.System == Dmd)];
}
