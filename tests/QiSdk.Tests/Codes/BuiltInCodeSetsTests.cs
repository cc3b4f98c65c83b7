using QiSdk.Codes;

namespace QiSdk.Tests.Codes;

public sealed class BuiltInCodeSetsTests
{
    private static readonly string[] EngineNames =
    [
        "DM_COD", "DMRES_COD", "IFCCHBAM_COD", "MILDFRAIL_COD", "MODFRAIL_COD", "SEVFRAIL_COD", "DMMAX_COD", "DMPCAPU_COD", "DMPCADEC_COD",
        "BLDTESTDEC_COD", "DMINVITE_COD", "HYP_COD", "HYPRES_COD", "HTMAX_COD", "HYPPCAPU_COD", "HYPPCADEC_COD", "BPDEC_COD", "HYPINVITE_COD",
        "BP_COD", "AST_COD", "ASTRES_COD", "AFIB_COD", "CHD_COD", "CKD_COD", "CKD1AND2_COD", "COPD_COD", "HF_COD", "PAD_COD", "STRK_COD",
        "TIA_COD", "SERFRUC_COD", "SYSBP_COD", "DIASBP_COD", "PINCER_NSAID", "PINCER_PPI", "PINCER_ANTICOAG", "PINCER_NON_ASP_ANTIPLATE",
        "PINCER_LITH_LEV", "PINCER_ACEI", "PINCER_AMIO", "PINCER_ANTIPLAT", "PINCER_ASPIRIN", "PINCER_AST", "PINCER_AST_RES", "PINCER_DIUR",
        "PINCER_EGFR", "PINCER_ELECTRO", "PINCER_FBC", "PINCER_GI_BLEED", "PINCER_HF", "PINCER_LFT", "PINCER_LITH", "PINCER_MET", "PINCER_NSBB",
        "PINCER_PEP", "PINCER_RENAL", "PINCER_TFT", "OS_DIABETES_CTV3", "OS_HYPERTENSION_CTV3", "OS_ASTHMA_CTV3", "OS_CKD_CTV3",
        "OS_CHRONIC_RESPIRATORY_CTV3", "OS_AFIB_CTV3", "OS_STATINS_DMD", "LSMOK_COD", "EXSMOK_COD",
        "QISDK_PINCER_DIUR_LOOP", "QISDK_PINCER_NSBB_SYSTEMIC", "QISDK_CHD_COD_MI", "HSTRK_COD", "OS_ASTHMA_REVIEW_QOF", "OS_ASTHMA_DRUG_TREATMENT",
        "REV_COD", "WRITPASTP_COD", "ASTCONTASS_COD", "ASTEXACB_COD", "ASTPCAPU_COD", "ASTPCADEC_COD", "ASTMONDEC_COD", "ASTINVITE_COD",
    ];

    /// <summary>Each QiSdk curation is rows of its reference list, taken unchanged (SOURCES.md says which and why).</summary>
    [TestCase("qisdk-pincer_diur_loop.csv", "opensafely-pincer", "pincer-diur.csv", 444)]
    [TestCase("qisdk-pincer_nsbb_systemic.csv", "opensafely-pincer", "pincer-nsbb.csv", 799)]
    [TestCase("qisdk-chd_cod_mi.csv", "opensafely-qof-clusters", "nhsd-primary-care-domain-refsets-chd_cod.csv", 144)]
    public void Curated_list_is_a_subset_of_its_reference_list(string curated, string folder, string reference, int rows)
    {
        string shipped = Path.Combine(TestPaths.RepoRoot, "src", "QiSdk", "Resources", "CodeSets", curated);
        var curatedLines = File.ReadLines(shipped).Skip(1).Where(l => l.Length > 0).ToList();
        var referenceLines = File.ReadLines(TestPaths.Reference(folder, reference)).Skip(1).ToHashSet(StringComparer.Ordinal);
        Assert.That(curatedLines, Has.Count.EqualTo(rows));
        Assert.That(curatedLines.Where(l => !referenceLines.Contains(l)), Is.Empty, "every curated row is a reference row, unchanged");
    }

    [Test]
    public void Curated_loop_diuretics_hold_no_product_without_a_loop_diuretic()
    {
        string shipped = Path.Combine(TestPaths.RepoRoot, "src", "QiSdk", "Resources", "CodeSets", "qisdk-pincer_diur_loop.csv");
        string text = File.ReadAllText(shipped);
        foreach (string removed in new[] { "Aldactone 25mg tablets (Pfizer Ltd)", "Inspra", "Firmagon", "Fareston", "Zaroxolyn", "Degarelix", "Toremifene" })
        {
            Assert.That(text, Does.Not.Contain(removed));
        }

        Assert.That(text, Does.Contain("Lasilactone").And.Contain("Burinex").And.Contain("Co-amilofruse").And.Contain("Torem"));
    }

    [Test]
    public void Every_name_the_engine_relies_on_is_built_in_and_nothing_else()
    {
        Assert.That(BuiltInCodeSets.Load().Select(s => s.Name), Is.EquivalentTo(EngineNames));
    }

    /// <summary>Each embedded MIT-licensed file, compared with its reference copy in ../shared/reference.</summary>
    private static IEnumerable<TestCaseData> EmbeddedFiles()
    {
        foreach (string folder in new[] { "opensafely-qof-clusters", "opensafely-pincer", "opensafely-ctv3-and-dmd" })
        {
            foreach (string file in ReferenceCsv.Files(folder))
            {
                string name = Path.GetFileName(file);
                if (name is "opensafely-glycated-haemoglobin-hba1c-tests.csv" or "opensafely-cholesterol-tests.csv")
                {
                    continue; // SRO-Measures: no licence file, test data only, never shipped
                }

                yield return new TestCaseData(folder, name).SetArgDisplayNames(name);
            }
        }
    }

    [TestCaseSource(nameof(EmbeddedFiles))]
    public void Built_in_set_holds_every_distinct_code_of_its_reference_file(string folder, string file)
    {
        var (name, options) = BuiltInCodeSets.Describe(file);
        var expected = CodeListCsv.Load(TestPaths.Reference(folder, file), name, options);
        var builtIn = BuiltInCodeSets.Load().Single(s => s.Name == name);
        Assert.Multiple(() =>
        {
            Assert.That(builtIn.Members.Select(m => (m.System, m.Code)), Is.EqualTo(expected.Members.Select(m => (m.System, m.Code))));
            Assert.That(builtIn.Members, Is.Not.Empty);
            Assert.That(builtIn.Source, Does.Contain(file).And.Contain("MIT"));
        });
    }

    /// <summary>The ACB check names the unlicensed file (ACB_table.csv): the QOF cluster ASTEXACB_COD also contains "acb".</summary>
    [Test]
    public void No_unlicensed_reference_file_is_embedded()
    {
        var resources = typeof(CodeSet).Assembly.GetManifestResourceNames();
        Assert.That(resources.Where(r => r.Contains("hba1c-tests", StringComparison.Ordinal) || r.Contains("cholesterol-tests", StringComparison.Ordinal)
            || r.Contains("gmsde", StringComparison.Ordinal) || r.Contains("exeter", StringComparison.Ordinal) || r.Contains("ACB_table", StringComparison.OrdinalIgnoreCase)
            || r.EndsWith(".md", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void Every_built_in_member_can_match_so_building_reports_nothing()
    {
        var t = Terminology.Create(BuiltInCodeSets.Load());
        Assert.That(t.Issues.Select(i => i.ToString()), Is.Empty);
    }

    [Test]
    public void Load_returns_the_same_immutable_list_each_time()
    {
        var first = BuiltInCodeSets.Load();
        var second = BuiltInCodeSets.Load();
        Assert.That(second, Is.SameAs(first));
    }

    [TestCase("SNOMED", "73211009", "DM_COD")]
    [TestCase("http://snomed.info/sct", "38341003", "HYP_COD")]
    [TestCase("https://dmd.nhs.uk", "329925006", "PINCER_NSAID")]
    [TestCase("CTV3", "1434", "OS_DIABETES_CTV3")]
    [TestCase("CTV3", "G5730", "OS_AFIB_CTV3")]
    [TestCase("dm+d", "34953211000001105", "OS_STATINS_DMD")]
    public void Known_codes_match_their_built_in_sets(string system, string code, string set)
    {
        var t = Terminology.Create(BuiltInCodeSets.Load());
        Assert.That(t.TryGetCodeSetIndex(set, out int index), Is.True);
        Assert.That(t.Match(system, code).ToArray(), Does.Contain(index));
    }

    [Test]
    public void The_af_extract_contributes_only_its_afib_cluster()
    {
        var set = BuiltInCodeSets.Load().Single(s => s.Name == BuiltInCodeSets.OsAfibCtv3);
        Assert.That(set.Members, Has.Length.EqualTo(15));
    }
}
