using QiSdk.Codes;

namespace QiSdk.Tests.Codes;

public sealed class CodeListCsvTests
{
    private static CodeSet Read(string text, CodeListCsvOptions? options = null, DataQualityLog? log = null) =>
        CodeListCsv.Read(new StringReader(text), "X", "list.csv", options, log);

    [Test]
    public void Opencodelists_code_term_layout_is_snomed_with_terms()
    {
        var set = Read("code,term\n73211009,Diabetes mellitus\n\"44054006\",\"Diabetes, type 2\"\n");
        Assert.That(set.Members, Is.EqualTo(new[]
        {
            new CodeSetMember(CodeSystems.SnomedCt, "73211009", "Diabetes mellitus"),
            new CodeSetMember(CodeSystems.SnomedCt, "44054006", "Diabetes, type 2"),
        }));
    }

    [Test]
    public void Ctv3_source_layout_keeps_each_code_once()
    {
        var set = CodeListCsv.Load(TestPaths.Reference("opensafely-ctv3-and-dmd", "opensafely-hypertension.csv"), "HYP");
        Assert.Multiple(() =>
        {
            Assert.That(set.Members, Has.Length.EqualTo(133), "223 rows, 133 unique codes (SOURCES.md)");
            Assert.That(set.Members.Select(m => m.System).Distinct(), Is.EqualTo(new[] { CodeSystems.Ctv3 }));
        });
    }

    [Test]
    public void Cluster_layout_can_be_filtered_to_one_cluster()
    {
        string path = TestPaths.Reference("opensafely-ctv3-and-dmd", "opensafely-atrial-fibrillation-or-flutter.csv");
        Assert.Multiple(() =>
        {
            Assert.That(CodeListCsv.Load(path, "AF").Members, Has.Length.EqualTo(26), "43 rows over 6 clusters, 26 distinct codes");
            Assert.That(CodeListCsv.Load(path, "AF", new CodeListCsvOptions { ClusterId = "AFIBINVITE" }).Members, Has.Length.EqualTo(8));
        });
    }

    [Test]
    public void Icd10_lists_can_declare_three_character_codes_as_prefixes()
    {
        var set = CodeListCsv.Load(TestPaths.Reference("exeter-cprd-read-snomed", "exeter_icd10_hypertension.csv"), "HYP_ICD10",
            new CodeListCsvOptions { Icd10ThreeCharacterCodesIncludeChildren = true });
        var t = Terminology.Create([set]);
        Assert.Multiple(() =>
        {
            Assert.That(set.Members.Where(m => m.IncludeDescendants).Select(m => m.Code), Is.EqualTo(set.Members.Where(m => m.Code.Length == 3).Select(m => m.Code)));
            Assert.That(t.Match("ICD-10", "I10X").Length, Is.EqualTo(1));
            Assert.That(t.Match("ICD-10", "I15.0").Length, Is.EqualTo(1));
            Assert.That(t.Match("ICD-10", "I674").Length, Is.EqualTo(1), "the 4-character I67.4 matches itself");
            Assert.That(t.Match("ICD-10", "I675").Length, Is.EqualTo(0), "but not its siblings");
        });
    }

    [Test]
    public void System_column_gives_each_row_its_system()
    {
        var set = Read("codeset,system,code,term\nDM,readv2,C10..00,Diabetes\nDM,ctv3,C10..,Diabetes\n");
        Assert.That(set.Members.Select(m => m.System), Is.EqualTo(new[] { "readv2", "ctv3" }));
    }

    [Test]
    public void Strict_mode_throws_with_file_line_and_code_for_a_row_without_a_code()
    {
        var ex = Assert.Throws<TerminologyException>(() => Read("code,term\n73211009,Diabetes\n,no code here\n"));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Code, Is.EqualTo("QI2002"));
            Assert.That(ex.Issues[0].File, Is.EqualTo("list.csv"));
            Assert.That(ex.Issues[0].Line, Is.EqualTo(3));
        });
    }

    [Test]
    public void Lenient_mode_skips_bad_rows_logs_each_and_keeps_the_rest()
    {
        var log = new DataQualityLog();
        var set = Read("code,term\n73211009,Diabetes\n,no code\n44054006,Type 2\n\"unterminated,x\n", log: log);
        var issues = log.Snapshot();
        Assert.Multiple(() =>
        {
            Assert.That(set.Members.Select(m => m.Code), Is.EqualTo(new[] { "73211009", "44054006" }));
            Assert.That(issues.Select(i => (i.Code, i.Line)), Is.EqualTo(new[] { ("QI2002", (int?)3), ("QI2003", (int?)5) }));
        });
    }

    [Test]
    public void Header_without_a_code_column_is_refused()
    {
        var ex = Assert.Throws<TerminologyException>(() => Read("name,score\nx,1\n"));
        Assert.That(ex!.Issues[0].Code, Is.EqualTo("QI2001"));
        Assert.That(ex.Issues[0].Line, Is.EqualTo(1));
    }

    [Test]
    public void Empty_file_is_reported()
    {
        var ex = Assert.Throws<TerminologyException>(() => Read(string.Empty));
        Assert.That(ex!.Code, Is.EqualTo("QI2005"));
    }

    [Test]
    public void Multi_line_quoted_term_keeps_line_numbers_of_later_rows()
    {
        var log = new DataQualityLog();
        Read("code,term\n73211009,\"two\nlines\"\n,missing\n", log: log);
        Assert.That(log.Snapshot().Single().Line, Is.EqualTo(4));
    }
}
