using System.Collections.Immutable;

namespace QiSdk.Codes;

/// <summary>
/// The code sets shipped inside QiSdk: OpenSAFELY's MIT-licensed copies of the NHS Digital primary care domain refset
/// clusters used by the QOF business rules, the PINCER codelists, and OpenSAFELY CTV3 and dm+d lists (origins, commits and
/// licences in <c>src/QiSdk/Resources/CodeSets/SOURCES.md</c> and <c>docs/codes.md</c>). SNOMED CT and dm+d content is used
/// under the NHS England SNOMED CT affiliate licence and the dm+d terms.
/// </summary>
public static class BuiltInCodeSets
{
    private const string ResourcePrefix = "QiSdk.Resources.CodeSets.";
    private const string QofPrefix = "nhsd-primary-care-domain-refsets-";
    private const string Origin = " (OpenSAFELY, MIT; see Resources/CodeSets/SOURCES.md)";

    // Read once, then shared: an immutable list of immutable code sets (no mutable static state).
    private static readonly Lazy<IReadOnlyList<CodeSet>> All = new(() => LoadAll(), // boxed once: every Load() returns the same list
        LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>QOF diabetes register cluster.</summary>
    public const string DmCod = "DM_COD";

    /// <summary>QOF diabetes resolved.</summary>
    public const string DmresCod = "DMRES_COD";

    /// <summary>QOF IFCC HbA1c (mmol/mol) test codes.</summary>
    public const string IfcchbamCod = "IFCCHBAM_COD";

    /// <summary>QOF serum fructosamine test code.</summary>
    public const string SerfrucCod = "SERFRUC_COD";

    /// <summary>QOF mild frailty.</summary>
    public const string MildfrailCod = "MILDFRAIL_COD";

    /// <summary>QOF moderate frailty.</summary>
    public const string ModfrailCod = "MODFRAIL_COD";

    /// <summary>QOF severe frailty.</summary>
    public const string SevfrailCod = "SEVFRAIL_COD";

    /// <summary>QOF maximal tolerated diabetes therapy.</summary>
    public const string DmmaxCod = "DMMAX_COD";

    /// <summary>QOF diabetes personalised care adjustment: patient unsuitable.</summary>
    public const string DmpcapuCod = "DMPCAPU_COD";

    /// <summary>QOF diabetes personalised care adjustment: informed dissent.</summary>
    public const string DmpcadecCod = "DMPCADEC_COD";

    /// <summary>QOF blood test declined.</summary>
    public const string BldtestdecCod = "BLDTESTDEC_COD";

    /// <summary>QOF diabetes monitoring invitations.</summary>
    public const string DminviteCod = "DMINVITE_COD";

    /// <summary>QOF hypertension register cluster.</summary>
    public const string HypCod = "HYP_COD";

    /// <summary>QOF hypertension resolved.</summary>
    public const string HypresCod = "HYPRES_COD";

    /// <summary>QOF maximal tolerated antihypertensive therapy.</summary>
    public const string HtmaxCod = "HTMAX_COD";

    /// <summary>QOF hypertension personalised care adjustment: patient unsuitable.</summary>
    public const string HyppcapuCod = "HYPPCAPU_COD";

    /// <summary>QOF hypertension personalised care adjustment: informed dissent.</summary>
    public const string HyppcadecCod = "HYPPCADEC_COD";

    /// <summary>QOF blood pressure procedure refused.</summary>
    public const string BpdecCod = "BPDEC_COD";

    /// <summary>QOF hypertension monitoring invitations.</summary>
    public const string HypinviteCod = "HYPINVITE_COD";

    /// <summary>QOF blood pressure recordings.</summary>
    public const string BpCod = "BP_COD";

    /// <summary>Systolic blood pressure value codes (OpenSAFELY <c>systolic-blood-pressure-qof</c>).</summary>
    public const string SysbpCod = "SYSBP_COD";

    /// <summary>Diastolic blood pressure value codes (OpenSAFELY <c>diastolic-blood-pressure-qof</c>).</summary>
    public const string DiasbpCod = "DIASBP_COD";

    /// <summary>QOF asthma.</summary>
    public const string AstCod = "AST_COD";

    /// <summary>QOF asthma resolved.</summary>
    public const string AstresCod = "ASTRES_COD";

    /// <summary>QOF atrial fibrillation.</summary>
    public const string AfibCod = "AFIB_COD";

    /// <summary>QOF coronary heart disease.</summary>
    public const string ChdCod = "CHD_COD";

    /// <summary>QOF chronic kidney disease stages 3-5.</summary>
    public const string CkdCod = "CKD_COD";

    /// <summary>QOF chronic kidney disease stages 1-2.</summary>
    public const string Ckd1and2Cod = "CKD1AND2_COD";

    /// <summary>QOF COPD.</summary>
    public const string CopdCod = "COPD_COD";

    /// <summary>QOF heart failure.</summary>
    public const string HfCod = "HF_COD";

    /// <summary>QOF peripheral arterial disease.</summary>
    public const string PadCod = "PAD_COD";

    /// <summary>QOF stroke.</summary>
    public const string StrkCod = "STRK_COD";

    /// <summary>QOF transient ischaemic attack.</summary>
    public const string TiaCod = "TIA_COD";

    /// <summary>QOF current smoker (LSMOK_COD).</summary>
    public const string LsmokCod = "LSMOK_COD";

    /// <summary>QOF ex-smoker (EXSMOK_COD).</summary>
    public const string ExsmokCod = "EXSMOK_COD";

    /// <summary>QiSdk curation: PINCER_DIUR without the products that hold no loop diuretic (see SOURCES.md).</summary>
    public const string QisdkPincerDiurLoop = "QISDK_PINCER_DIUR_LOOP";

    /// <summary>QiSdk curation: PINCER_NSBB without eye preparations (see SOURCES.md).</summary>
    public const string QisdkPincerNsbbSystemic = "QISDK_PINCER_NSBB_SYSTEMIC";

    /// <summary>QiSdk curation: the myocardial infarction concepts of CHD_COD (see SOURCES.md).</summary>
    public const string QisdkChdCodMi = "QISDK_CHD_COD_MI";

    /// <summary>QOF haemorrhagic stroke (HSTRK_COD).</summary>
    public const string HstrkCod = "HSTRK_COD";

    /// <summary>QOF asthma review codes (REV_COD).</summary>
    public const string RevCod = "REV_COD";

    /// <summary>QOF written personalised asthma action plan (WRITPASTP_COD).</summary>
    public const string WritpastpCod = "WRITPASTP_COD";

    /// <summary>QOF asthma control assessment: validated control questionnaire scores (ASTCONTASS_COD).</summary>
    public const string AstcontassCod = "ASTCONTASS_COD";

    /// <summary>QOF number of asthma exacerbations in the past year (ASTEXACB_COD).</summary>
    public const string AstexacbCod = "ASTEXACB_COD";

    /// <summary>QOF asthma personalised care adjustment: patient unsuitable (ASTPCAPU_COD).</summary>
    public const string AstpcapuCod = "ASTPCAPU_COD";

    /// <summary>QOF asthma personalised care adjustment: informed dissent (ASTPCADEC_COD).</summary>
    public const string AstpcadecCod = "ASTPCADEC_COD";

    /// <summary>QOF asthma monitoring declined (ASTMONDEC_COD).</summary>
    public const string AstmondecCod = "ASTMONDEC_COD";

    /// <summary>QOF asthma care invitations (ASTINVITE_COD).</summary>
    public const string AstinviteCod = "ASTINVITE_COD";

    /// <summary>OpenSAFELY asthma annual review (QOF-based SNOMED review codes).</summary>
    public const string OsAsthmaReviewQof = "OS_ASTHMA_REVIEW_QOF";

    /// <summary>OpenSAFELY asthma-related drug treatment (dm+d; opensafely/qof-utilities' stand-in for QOF ASTTRT_COD).</summary>
    public const string OsAsthmaDrugTreatment = "OS_ASTHMA_DRUG_TREATMENT";

    /// <summary>OpenSAFELY diabetes (CTV3).</summary>
    public const string OsDiabetesCtv3 = "OS_DIABETES_CTV3";

    /// <summary>OpenSAFELY hypertension (CTV3).</summary>
    public const string OsHypertensionCtv3 = "OS_HYPERTENSION_CTV3";

    /// <summary>OpenSAFELY asthma diagnosis (CTV3).</summary>
    public const string OsAsthmaCtv3 = "OS_ASTHMA_CTV3";

    /// <summary>OpenSAFELY chronic kidney disease (CTV3).</summary>
    public const string OsCkdCtv3 = "OS_CKD_CTV3";

    /// <summary>OpenSAFELY chronic respiratory disease (CTV3; COPD and others).</summary>
    public const string OsChronicRespiratoryCtv3 = "OS_CHRONIC_RESPIRATORY_CTV3";

    /// <summary>The <c>AFIB</c> cluster (atrial fibrillation diagnosis) of OpenSAFELY's CTV3 AF extract.</summary>
    public const string OsAfibCtv3 = "OS_AFIB_CTV3";

    /// <summary>OpenSAFELY statins (dm+d AMPs and VMPs).</summary>
    public const string OsStatinsDmd = "OS_STATINS_DMD";

    /// <summary>
    /// Every built-in code set, read from the embedded resources on first use and shared afterwards (the list and the sets
    /// are immutable). QOF clusters are named <c>&lt;X&gt;_COD</c>, PINCER lists <c>PINCER_&lt;X&gt;</c>, the others as the constants of this class say.
    /// </summary>
    /// <returns>The code sets, ordered by name.</returns>
    public static IReadOnlyList<CodeSet> Load() => All.Value;

    private static ImmutableArray<CodeSet> LoadAll()
    {
        var assembly = typeof(BuiltInCodeSets).Assembly;
        var sets = new List<CodeSet>();
        foreach (string resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            string file = resource[ResourcePrefix.Length..];
            var (name, options) = Describe(file);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            var set = CodeListCsv.Read(reader, name, "QiSdk:Resources/CodeSets/" + file, options);
            sets.Add(CodeSet.Create(set.Name, set.Members, set.Title, set.Source + Origin));
        }

        return ImmutableArray.CreateRange(sets.OrderBy(s => s.Name, StringComparer.Ordinal));
    }

    /// <summary>The name (and reading options) of each embedded file; an unknown file is a packaging mistake.</summary>
    internal static (string Name, CodeListCsvOptions Options) Describe(string file)
    {
        string stem = Path.GetFileNameWithoutExtension(file);
        if (stem.StartsWith(QofPrefix, StringComparison.Ordinal))
        {
            return (stem[QofPrefix.Length..].ToUpperInvariant(), new CodeListCsvOptions { System = CodeSystems.SnomedCt });
        }

        if (stem.StartsWith("qisdk-", StringComparison.Ordinal))
        {
            return ("QISDK_" + stem["qisdk-".Length..].ToUpperInvariant(), new CodeListCsvOptions { System = CodeSystems.SnomedCt });
        }

        if (stem.StartsWith("pincer-", StringComparison.Ordinal))
        {
            return ("PINCER_" + stem["pincer-".Length..].ToUpperInvariant(), new CodeListCsvOptions { System = CodeSystems.SnomedCt });
        }

        return stem switch
        {
            "opensafely-systolic-blood-pressure-qof" => (SysbpCod, new CodeListCsvOptions { System = CodeSystems.SnomedCt }),
            "user-milanwiedemann-diastolic-blood-pressure-qof" => (DiasbpCod, new CodeListCsvOptions { System = CodeSystems.SnomedCt }),
            "opensafely-asthma-annual-review-qof" => (OsAsthmaReviewQof, new CodeListCsvOptions { System = CodeSystems.SnomedCt }),
            "opensafely-asthma-related-drug-treatment-codes" => (OsAsthmaDrugTreatment, new CodeListCsvOptions { System = CodeSystems.SnomedCt }),
            "opensafely-diabetes" => (OsDiabetesCtv3, new CodeListCsvOptions { System = CodeSystems.Ctv3 }),
            "opensafely-hypertension" => (OsHypertensionCtv3, new CodeListCsvOptions { System = CodeSystems.Ctv3 }),
            "opensafely-asthma-diagnosis" => (OsAsthmaCtv3, new CodeListCsvOptions { System = CodeSystems.Ctv3 }),
            "opensafely-chronic-kidney-disease" => (OsCkdCtv3, new CodeListCsvOptions { System = CodeSystems.Ctv3 }),
            "opensafely-chronic-respiratory-disease" => (OsChronicRespiratoryCtv3, new CodeListCsvOptions { System = CodeSystems.Ctv3 }),
            "opensafely-atrial-fibrillation-or-flutter" => (OsAfibCtv3, new CodeListCsvOptions { System = CodeSystems.Ctv3, ClusterId = "AFIB" }),
            "opensafely-statin-medication" => (OsStatinsDmd, new CodeListCsvOptions { System = CodeSystems.Dmd }),
            _ => throw new InvalidOperationException($"The embedded code list '{file}' has no built-in name; add it to BuiltInCodeSets.Describe."),
        };
    }
}
