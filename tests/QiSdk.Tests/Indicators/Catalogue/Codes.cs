namespace QiSdk.Tests.Indicators.Catalogue;

/// <summary>Real member codes of the reference code sets, for hand-built catalogue patients (list named in each comment).</summary>
internal static class Codes
{
    public const string Nsaid = "329925006"; // PINCER_NSAID Aceclofenac 100mg tablets
    public const string Ppi = "240811000001108"; // PINCER_PPI Acid-Eze 200mg tablets
    public const string PepticUlcer = "103691000119106"; // PINCER_PEP Gastric ulcer caused by Helicobacter pylori
    public const string GiBleed = "1082631000119106"; // PINCER_GI_BLEED Gastric hemorrhage due to allergic gastritis
    public const string Warfarin = "319733000"; // PINCER_ANTICOAG Warfarin 1mg tablets
    public const string Aspirin = "319773006"; // PINCER_ASPIRIN and PINCER_ANTIPLAT Aspirin 75mg dispersible tablets
    public const string Clopidogrel = "319799004"; // PINCER_NON_ASP_ANTIPLATE and PINCER_ANTIPLAT Clopidogrel 75mg tablets
    public const string Propranolol = "318353009"; // PINCER_NSBB Propranolol 40mg tablets
    public const string Asthma = "195967001"; // PINCER_AST and AST_COD Asthma
    public const string AsthmaResolved = "162660004"; // PINCER_AST_RES and ASTRES_COD Asthma resolved
    public const string HeartFailure = "84114007"; // PINCER_HF and HF_COD Heart failure
    public const string Egfr = "1011481000000105"; // PINCER_EGFR eGFR (CKD-EPI creatinine) per 1.73 m2
    public const string Ramipril = "318901006"; // PINCER_ACEI Ramipril 2.5mg capsules
    public const string Furosemide = "317972000"; // PINCER_DIUR Furosemide 40mg tablets
    public const string Creatinine = "1000731000000107"; // PINCER_RENAL Serum creatinine level
    public const string Electrolytes = "1000641000000106"; // PINCER_ELECTRO Serum electrolytes level
    public const string Methotrexate = "326874007"; // PINCER_MET Methotrexate 2.5mg tablets
    public const string FullBloodCount = "1022441000000101"; // PINCER_FBC Full blood count
    public const string AlkalinePhosphatase = "1000621000000104"; // PINCER_LFT Serum alkaline phosphatase level
    public const string Lithium = "13177001000001108"; // PINCER_LITH Lithium carbonate 400mg modified-release tablets
    public const string LithiumLevel = "1006681000000100"; // PINCER_LITH_LEV Serum lithium level
    public const string Amiodarone = "318186003"; // PINCER_AMIO Amiodarone 100mg tablets
    public const string SerumT3 = "1010501000000106"; // PINCER_TFT Serum T3 level

    public const string AtrialFibrillation = "49436004"; // AFIB_COD
    public const string Hypertension = "38341003"; // HYP_COD
    public const string HypertensionResolved = "162659009"; // HYPRES_COD
    public const string Diabetes = "44054006"; // DM_COD
    public const string Stroke = "230690007"; // STRK_COD
    public const string Tia = "266257000"; // TIA_COD
    public const string MyocardialInfarction = "22298006"; // CHD_COD
    public const string PeripheralArterialDisease = "399957001"; // PAD_COD
    public const string CkdStage3 = "433144002"; // CKD_COD
    public const string CkdStage2 = "431855005"; // CKD1AND2_COD
    public const string MaximalAntihypertensiveTherapy = "407567007"; // HTMAX_COD
    public const string BpRefused = "413123006"; // BPDEC_COD
    public const string BpRecording = "75367002"; // BP_COD Blood pressure
    public const string Simvastatin = "4381111000001104"; // OS_STATINS_DMD Simvastatin 40mg tablets (Teva UK Ltd)
    public const string AsthmaInhaler = "35908111000001105"; // OS_ASTHMA_DRUG_TREATMENT Beclometasone 100micrograms/dose inhaler CFC free
}
