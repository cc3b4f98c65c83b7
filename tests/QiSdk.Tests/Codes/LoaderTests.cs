using System.Text;
using QiSdk.Codes;

namespace QiSdk.Tests.Codes;

public sealed class LoaderTests
{
    private static MemoryStream Json(string text) => new(Encoding.UTF8.GetBytes(text));

    private static IEnumerable<TestCaseData> MeasureBundles() =>
        new[] { "CMS122", "CMS130", "CMS165", "CMS347" }.Select(m => new TestCaseData(m).SetArgDisplayNames(m));

    [TestCaseSource(nameof(MeasureBundles))]
    public void Every_valueset_in_an_ecqm_measure_bundle_loads_with_all_its_expansion_codes(string measure)
    {
        string path = TestPaths.Fixture("ecqm", measure, "measure-bundle.json");
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(path));
        var expected = doc.RootElement.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource"))
            .Where(r => r.GetProperty("resourceType").GetString() == "ValueSet")
            .ToDictionary(r => r.GetProperty("url").GetString()!, r => r.GetProperty("expansion").GetProperty("contains").EnumerateArray()
                .Select(c => (c.GetProperty("system").GetString()!, c.GetProperty("code").GetString()!)).Distinct().Count());

        var sets = ValueSetJson.Load(path);
        Assert.That(sets.ToDictionary(s => s.Name, s => s.Members.Length), Is.EqualTo(expected));
    }

    [Test]
    public void Ecqm_diabetes_valueset_matches_its_snomed_and_icd10cm_codes()
    {
        var sets = ValueSetJson.Load(TestPaths.Fixture("ecqm", "CMS122", "measure-bundle.json"));
        var diabetes = sets.Single(s => s.Title == "Diabetes");
        var t = Terminology.Create(sets);
        Assert.That(t.TryGetCodeSetIndex(diabetes.Name, out int i), Is.True);
        var snomed = diabetes.Members.First(m => m.System == CodeSystems.SnomedCt);
        Assert.That(t.Match("SNOMED", snomed.Code).ToArray(), Does.Contain(i));
        Assert.That(diabetes.Members.Length, Is.EqualTo(369));
    }

    [Test]
    public void Valueset_without_expansion_uses_compose_include_concepts_minus_excludes_and_reports_filters()
    {
        const string vs = """
            {"resourceType":"ValueSet","id":"dm","url":"https://example.org/ValueSet/dm","title":"Diabetes",
             "compose":{"include":[{"system":"http://snomed.info/sct","concept":[{"code":"73211009","display":"DM"},{"code":"44054006"},{"code":"46635009"}]},
                                   {"system":"http://snomed.info/sct","filter":[{"property":"concept","op":"is-a","value":"73211009"}]}],
                        "exclude":[{"system":"http://snomed.info/sct","concept":[{"code":"46635009"}]}]}}
            """;
        var log = new DataQualityLog();
        var set = ValueSetJson.Read(Json(vs), "dm.json", log).Single();
        Assert.Multiple(() =>
        {
            Assert.That(set.Name, Is.EqualTo("https://example.org/ValueSet/dm"));
            Assert.That(set.Title, Is.EqualTo("Diabetes"));
            Assert.That(set.Members.Select(m => m.Code), Is.EqualTo(new[] { "73211009", "44054006" }));
            Assert.That(log.Snapshot().Select(i => (i.Code, i.JsonPath)), Is.EqualTo(new[] { ("QI2034", "ValueSet.compose.include[1]") }));
        });
    }

    [Test]
    public void Nested_expansion_contains_are_read_and_abstract_entries_left_out()
    {
        const string vs = """
            {"resourceType":"ValueSet","url":"u","expansion":{"contains":[
              {"system":"s","code":"GROUP","abstract":true,"contains":[{"system":"s","code":"a"},{"system":"s","code":"b"}]},
              {"system":"s","code":"c"}]}}
            """;
        Assert.That(ValueSetJson.Read(Json(vs), null).Single().Members.Select(m => m.Code), Is.EqualTo(new[] { "a", "b", "c" }));
    }

    [Test]
    public void Invalid_json_is_reported_with_line_and_position()
    {
        var ex = Assert.Throws<TerminologyException>(() => ValueSetJson.Read(Json("{\"resourceType\":\"ValueSet\",\n\"url\": }"), "bad.json"));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Code, Is.EqualTo("QI2030"));
            Assert.That(ex.Issues[0].File, Is.EqualTo("bad.json"));
            Assert.That(ex.Issues[0].Line, Is.EqualTo(2));
        });
    }

    [Test]
    public void Wrong_resource_type_is_refused()
    {
        var ex = Assert.Throws<TerminologyException>(() => ValueSetJson.Read(Json("{\"resourceType\":\"Patient\"}"), "p.json"));
        Assert.That(ex!.Code, Is.EqualTo("QI2031"));
    }

    [Test]
    public void Valueset_with_neither_expansion_nor_compose_is_reported_with_its_bundle_entry()
    {
        var log = new DataQualityLog();
        var sets = ValueSetJson.Read(Json("""{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Library"}},{"resource":{"resourceType":"ValueSet","id":"x"}}]}"""), "b.json", log);
        var issue = log.Snapshot().Single();
        Assert.Multiple(() =>
        {
            Assert.That(sets, Is.Empty);
            Assert.That((issue.Code, issue.Entry, issue.ResourceId, issue.JsonPath), Is.EqualTo(("QI2032", (int?)1, "x", "Bundle.entry[1].resource")));
        });
    }

    [Test]
    public void Qisdk_codeset_json_reads_bare_codes_objects_and_descendant_flags()
    {
        const string json = """
            {"format":"qisdk-codesets/1","codeSets":[
              {"name":"DM_LOCAL","title":"Diabetes","system":"http://snomed.info/sct",
               "codes":["73211009",{"code":"C10..","system":"Read v2","display":"Diabetes mellitus"},{"code":"E11","system":"ICD-10","includeDescendants":true}]},
              {"name":"BROKEN","codes":["no-system"]}]}
            """;
        var log = new DataQualityLog();
        var sets = QiCodeSetJson.Read(Json(json), "sets.json", log);
        var t = Terminology.Create(sets);
        Assert.Multiple(() =>
        {
            Assert.That(sets.Select(s => s.Name), Is.EqualTo(new[] { "DM_LOCAL", "BROKEN" }));
            Assert.That(sets[0].Members, Has.Length.EqualTo(3));
            Assert.That(t.Match("ICD10", "E11.9").ToArray(), Is.EqualTo(new[] { 0 }));
            Assert.That(t.Match("readv2", "C10..00").ToArray(), Is.EqualTo(new[] { 0 }));
            Assert.That(log.Snapshot().Select(i => (i.Code, i.JsonPath)), Is.EqualTo(new[] { ("QI2045", "$.codeSets[1].codes[0]") }));
        });
    }

    [Test]
    public void Qisdk_codeset_json_without_its_format_marker_is_refused()
    {
        var ex = Assert.Throws<TerminologyException>(() => QiCodeSetJson.Read(Json("""{"codeSets":[]}"""), "x.json"));
        Assert.That(ex!.Code, Is.EqualTo("QI2045"));
    }

    [TestCase("equivalent", true)]
    [TestCase("equal", true)]
    [TestCase("wider", true)]
    [TestCase("subsumes", true)]
    [TestCase("relatedto", false)]
    [TestCase("narrower", false)]
    [TestCase("specializes", false)]
    [TestCase("inexact", false)]
    [TestCase("unmatched", false)]
    [TestCase("disjoint", false)]
    public void Conceptmap_equivalence_decides_whether_a_target_maps(string equivalence, bool maps)
    {
        string json = $$"""
            {"resourceType":"ConceptMap","url":"https://example.org/cm","group":[{"source":"https://practice.example/codes","target":"http://snomed.info/sct",
              "element":[{"code":"DIAB1","target":[{"code":"73211009","equivalence":"{{equivalence}}"}]}]}]}
            """;
        var map = ConceptMapJson.Read(Json(json), "cm.json", new DataQualityLog());
        var t = Terminology.Create([CodeSet.Create("DM", [new CodeSetMember(CodeSystems.SnomedCt, "73211009")])], [map]);
        Assert.Multiple(() =>
        {
            Assert.That(ConceptMapJson.Maps(equivalence), Is.EqualTo(maps));
            Assert.That(t.Match("https://practice.example/codes", "DIAB1").Length, Is.EqualTo(maps ? 1 : 0));
            Assert.That(map.SkippedEntries.GetValueOrDefault("equivalence=" + equivalence), Is.EqualTo(maps ? 0 : 1));
            Assert.That(map.Name, Is.EqualTo("https://example.org/cm"));
        });
    }

    [TestCase(null)]
    [TestCase("EQUIVALENT")]
    [TestCase("same")]
    public void Conceptmap_target_with_missing_or_unknown_equivalence_is_reported_and_not_used(string? equivalence)
    {
        string eq = equivalence is null ? string.Empty : $",\"equivalence\":\"{equivalence}\"";
        string json = $$"""{"resourceType":"ConceptMap","group":[{"source":"L","target":"http://snomed.info/sct","element":[{"code":"x","target":[{"code":"73211009"{{eq}}}]}]}]}""";
        var log = new DataQualityLog();
        var map = ConceptMapJson.Read(Json(json), "cm.json", log);
        Assert.Multiple(() =>
        {
            Assert.That(map.Entries, Is.Empty);
            Assert.That(log.Snapshot().Single().Code, Is.EqualTo("QI2042"));
            Assert.That(log.Snapshot().Single().JsonPath, Is.EqualTo("ConceptMap.group[0].element[0].target[0].equivalence"));
        });
    }

    [Test]
    public void Map_csv_layout_loads_and_filters_by_equivalence_column()
    {
        const string csv = "source_system,source_code,target_system,target_code,equivalence\n" +
                           "https://practice.example/codes,DIAB1,readv2,C10..00,equivalent\n" +
                           "https://practice.example/codes,DIAB2,readv2,C10E.,narrower\n" +
                           "https://practice.example/codes,,readv2,C10E.,equivalent\n";
        var log = new DataQualityLog();
        var map = CodeMapCsv.Read(new StringReader(csv), "local", "local.csv", log);
        Assert.Multiple(() =>
        {
            Assert.That(map.Entries.Select(e => e.SourceCode), Is.EqualTo(new[] { "DIAB1" }));
            Assert.That(map.SkippedEntries["equivalence=narrower"], Is.EqualTo(1));
            Assert.That(log.Snapshot().Select(i => (i.Code, i.Line)), Is.EqualTo(new[] { ("QI2051", (int?)4) }));
        });
    }

    [Test]
    public void Map_csv_without_the_required_columns_is_refused()
    {
        var ex = Assert.Throws<TerminologyException>(() => CodeMapCsv.Read(new StringReader("from,to\na,b\n"), "m", "m.csv"));
        Assert.That((ex!.Code, ex.Issues[0].Line), Is.EqualTo(("QI2050", (int?)1)));
    }

    /// <summary>The layout of TRUD's rcsctmap2_uk file (Data Migration pack, "Clinically Assured" folder), synthetic rows.</summary>
    [Test]
    public void Trud_read_v2_map_uses_only_the_latest_active_assured_revision_of_each_map_id()
    {
        const string tsv = "MapId\tReadCode\tTermCode\tConceptId\tDescriptionId\tIS_ASSURED\tEffectiveDate\tMapStatus\n" +
                           "M1\tC10..\t00\t73211009\t121589010\t1\t20020131\t1\n" +
                           "M2\tC10E.\t00\t46635009\t\t1\t20020131\t1\n" +
                           "M2\tC10E.\t00\t46635009\t\t1\t20100401\t0\n" +         // later revision inactivates M2
                           "M3\tC10F.\t00\t44054006\t\t0\t20020131\t1\n" +         // not assured
                           "M4\tC10F.\t11\t44054006\t\t1\t20020131\t0\n" +
                           "M4\tC10F.\t11\t44054006\t\t1\t20150401\t1\n";          // reactivated later
        var map = CodeMapCsv.ReadTrud(new StringReader(tsv), "rcsctmap2_uk", "rcsctmap2_uk_20200401000001.txt");
        var t = Terminology.Create([CodeSet.Create("DM", [new CodeSetMember(CodeSystems.SnomedCt, "73211009"), new CodeSetMember(CodeSystems.SnomedCt, "46635009"), new CodeSetMember(CodeSystems.SnomedCt, "44054006")])], [map]);
        Assert.Multiple(() =>
        {
            Assert.That(map.Entries.Select(e => (e.SourceSystem, e.SourceCode, e.TargetCode)), Is.EquivalentTo(new[] { (CodeSystems.ReadV2, "C10..", "73211009"), (CodeSystems.ReadV2, "C10F.", "44054006") }));
            Assert.That(map.SkippedEntries, Is.EquivalentTo(new Dictionary<string, int> { ["superseded revision"] = 2, ["MapStatus=0"] = 1, ["IS_ASSURED=0"] = 1 }));
            Assert.That(t.Match("readv2", "C10").Length, Is.EqualTo(1), "EMIS short form -> Read v2 concept -> SNOMED");
            Assert.That(t.Match("readv2", "C10E.00").Length, Is.EqualTo(0));
        });
    }

    [Test]
    public void Trud_ctv3_map_layout_is_recognised_by_its_header()
    {
        const string tsv = "MAPID\tCTV3_CONCEPTID\tCTV3_TERMID\tCTV3_TERMTYPE\tSCT_CONCEPTID\tSCT_DESCID\tMAPSTATUS\tEFFECTIVEDATE\tIS_ASSURED\n" +
                           "A1\tX40J4\tY0001\tP\t44054006\t\t1\t20200401\t1\n" +
                           "A2\tXaIRd\tY0002\tP\t_DRUG\t\t1\t20200401\t1\n";
        var map = CodeMapCsv.ReadTrud(new StringReader(tsv), "ctv3sctmap2_uk", null);
        Assert.Multiple(() =>
        {
            Assert.That(map.Entries.Select(e => (e.SourceSystem, e.SourceCode, e.TargetCode)), Is.EqualTo(new[] { (CodeSystems.Ctv3, "X40J4", "44054006") }));
            Assert.That(map.SkippedEntries["no target concept"], Is.EqualTo(1));
        });
    }

    [Test]
    public void Trud_file_with_another_header_is_refused()
    {
        var ex = Assert.Throws<TerminologyException>(() => CodeMapCsv.ReadTrud(new StringReader("a\tb\n1\t2\n"), "x", "x.txt"));
        Assert.That(ex!.Code, Is.EqualTo("QI2052"));
    }
}
