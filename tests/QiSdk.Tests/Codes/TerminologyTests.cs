using QiSdk.Codes;

namespace QiSdk.Tests.Codes;

public sealed class TerminologyTests
{
    private static CodeSet Set(string name, params CodeSetMember[] members) => CodeSet.Create(name, members);

    [Test]
    public void Match_returns_every_code_set_containing_the_code_ascending()
    {
        var t = Terminology.Create([
            Set("A", new CodeSetMember("SNOMED", "73211009")),
            Set("B", new CodeSetMember(CodeSystems.SnomedCt, "44054006")),
            Set("C", new CodeSetMember("urn:oid:2.16.840.1.113883.6.96", "73211009")),
        ]);

        Assert.That(t.Match("http://snomed.info/sct", "73211009").ToArray(), Is.EqualTo(new[] { 0, 2 }));
        Assert.That(t.Match("http://snomed.info/sct", "22298006").ToArray(), Is.Empty);
        Assert.That(t.TryGetCodeSetIndex("C", out int c) && c == 2, Is.True);
        Assert.That(t.TryGetCodeSetIndex("c", out _), Is.False, "names are case-sensitive");
    }

    [TestCase(CodeSystems.SnomedCt, CodeSystems.Dmd)]
    [TestCase(CodeSystems.Dmd, CodeSystems.SnomedCt)]
    [TestCase("dm+d", "SCT")]
    public void Dmd_ids_sent_as_snomed_and_snomed_ids_sent_as_dmd_are_the_same_concept(string listed, string recorded)
    {
        var t = Terminology.Create([Set("STATINS", new CodeSetMember(listed, "34953211000001105"))]);
        Assert.That(t.Match(recorded, "34953211000001105").ToArray(), Is.EqualTo(new[] { 0 }));
    }

    [Test]
    public void Invalid_snomed_id_never_matches_and_is_explained()
    {
        var t = Terminology.Create([Set("DM", new CodeSetMember(CodeSystems.SnomedCt, "73211009"))]);
        var m = t.Explain(CodeSystems.SnomedCt, "73211008");
        Assert.Multiple(() =>
        {
            Assert.That(m.IsMatched, Is.False);
            Assert.That(m.Problem, Is.EqualTo(CodeProblem.InvalidSnomedId));
            Assert.That(m.ProblemDetail, Does.Contain("Verhoeff"));
            Assert.That(m.System!.Uri, Is.EqualTo(CodeSystems.SnomedCt));
        });
    }

    [Test]
    public void Each_distinct_raw_coding_is_normalised_once_however_often_it_is_asked()
    {
        var t = Terminology.Create([Set("DM", new CodeSetMember("readv2", "C10..00"))]);
        for (int i = 0; i < 1000; i++)
        {
            Assert.That(t.Match("http://read.info/readv2", "C10E-2").Length, Is.EqualTo(0));
            Assert.That(t.Match("http://read.info/readv2", "C10").Length, Is.EqualTo(1));
        }

        Assert.That(t.ComputedCount, Is.EqualTo(2));
        Assert.That(t.CachedCodingCount, Is.EqualTo(2));
    }

    [Test]
    public void Concurrent_lookups_agree_with_sequential_ones()
    {
        var sets = BuiltInCodeSets.Load();
        var t = Terminology.Create(sets);
        string[] codes = [.. sets.SelectMany(s => s.Members).Select(m => m.Code).Distinct().Take(2000)];
        var sequential = Terminology.Create(sets);
        var expected = codes.Select(c => sequential.Match(CodeSystems.SnomedCt, c).ToArray()).ToArray();
        var actual = new int[codes.Length][];
        Parallel.For(0, codes.Length * 4, i => actual[i % codes.Length] = t.Match("SNOMED", codes[i % codes.Length]).ToArray());
        Assert.That(actual, Is.EqualTo(expected));
    }

    [Test]
    public void Unknown_systems_are_kept_as_they_are_and_match_members_with_the_same_system()
    {
        var t = Terminology.Create([Set("LOCAL", new CodeSetMember("https://practice.example/codes", "ABC"))]);
        var m = t.Explain("https://practice.example/codes", "ABC");
        Assert.Multiple(() =>
        {
            Assert.That(m.IsMatched, Is.True);
            Assert.That(m.IsSystemKnown, Is.False);
            Assert.That(t.Match("https://practice.example/codes", "abc").Length, Is.EqualTo(0), "no case folding for unknown systems");
            Assert.That(t.Issues.Select(i => i.Code), Is.EqualTo(new[] { "QI2011" }));
        });
    }

    [Test]
    public void Hosts_can_add_aliases_and_systems()
    {
        var registry = CodeSystemRegistry.CreateDefault()
            .AddAlias("https://vendor.example/read2", CodeSystems.ReadV2)
            .AddSystem(new CodeSystem("https://vision.example/local", "Vision local", CodeSystemKind.Local), "VISION");
        var t = Terminology.Create([Set("DM", new CodeSetMember("Read", "C10E.")), Set("V", new CodeSetMember("VISION", "x1"))], systems: registry);
        Assert.Multiple(() =>
        {
            Assert.That(t.Match("https://vendor.example/read2", "C10E.00").ToArray(), Is.EqualTo(new[] { 0 }));
            Assert.That(t.Match("https://vision.example/local", "x1").ToArray(), Is.EqualTo(new[] { 1 }));
        });
        Assert.Throws<ArgumentException>(() => registry.AddAlias("SNOMED", CodeSystems.ReadV2));
        Assert.Throws<ArgumentException>(() => registry.AddAlias("x", "https://nobody.example"));
    }

    [TestCase("I10")]
    [TestCase("I10X")]
    [TestCase("I10.0")]
    [TestCase("i109")]
    [TestCase("I10-")]
    public void Icd10_three_character_member_declared_with_descendants_matches_its_children(string recorded)
    {
        var t = Terminology.Create([Set("HYP", new CodeSetMember("ICD10", "I10", IncludeDescendants: true))]);
        Assert.That(t.Match("http://hl7.org/fhir/sid/icd-10-uk", recorded).ToArray(), Is.EqualTo(new[] { 0 }));
    }

    [TestCase("I1")]
    [TestCase("I11")]
    [TestCase("I110")]
    public void Icd10_descendant_rule_does_not_reach_siblings_or_parents(string recorded)
    {
        var t = Terminology.Create([Set("HYP", new CodeSetMember("ICD10", "I10", IncludeDescendants: true))]);
        Assert.That(t.Match(CodeSystems.Icd10, recorded).ToArray(), Is.Empty);
    }

    [Test]
    public void Icd10_member_without_descendants_matches_only_itself_in_any_written_form()
    {
        var t = Terminology.Create([Set("CVD", new CodeSetMember(CodeSystems.Icd10, "I67.4"))]);
        Assert.Multiple(() =>
        {
            Assert.That(t.Match(CodeSystems.Icd10, "I674").ToArray(), Is.EqualTo(new[] { 0 }));
            Assert.That(t.Match(CodeSystems.Icd10, "i67.4").ToArray(), Is.EqualTo(new[] { 0 }));
            Assert.That(t.Match(CodeSystems.Icd10, "I6741").ToArray(), Is.Empty);
        });
    }

    [Test]
    public void Descendant_declaration_outside_icd10_is_reported_and_ignored()
    {
        var t = Terminology.Create([Set("DM", new CodeSetMember(CodeSystems.SnomedCt, "73211009", IncludeDescendants: true))]);
        Assert.That(t.Issues.Select(i => i.Code), Is.EqualTo(new[] { "QI2012" }));
        Assert.That(t.Match(CodeSystems.SnomedCt, "73211009").Length, Is.EqualTo(1));
    }

    [Test]
    public void Maps_chain_local_to_read_to_snomed_and_the_explanation_keeps_the_original_coding_and_path()
    {
        var local = CodeMap.Create("practice-local", [new CodeMapEntry("https://practice.example/codes", "DIAB1", "readv2", "C10..00")]);
        var trud = CodeMap.Create("trud-read2", [new CodeMapEntry(CodeSystems.ReadV2, "C10..", CodeSystems.SnomedCt, "73211009", "assured")]);
        var t = Terminology.Create([Set("DM_COD", new CodeSetMember(CodeSystems.SnomedCt, "73211009"))], [local, trud]);

        var m = t.Explain("https://practice.example/codes", "DIAB1");
        Assert.Multiple(() =>
        {
            Assert.That(m.CodeSetIndexes, Is.EqualTo(new[] { 0 }));
            Assert.That(m.RawCode, Is.EqualTo("DIAB1"));
            Assert.That(m.Hits[0].Path.Select(p => $"{p.Map}:{p.FromCode}->{p.ToCode}"), Is.EqualTo(new[] { "practice-local:DIAB1->C10..", "trud-read2:C10..->73211009" }));
            Assert.That(m.MappedCodes.Select(c => c.Code), Is.EqualTo(new[] { "C10..", "73211009" }));
            Assert.That(m.IsUnmapped, Is.False);
        });
    }

    [Test]
    public void Map_chains_stop_at_the_depth_limit_and_say_so()
    {
        var entries = Enumerable.Range(0, 6).Select(i => new CodeMapEntry("L", $"c{i}", "L", $"c{i + 1}"));
        var t = Terminology.Create([Set("END", new CodeSetMember("L", "c6"))], [CodeMap.Create("chain", entries)], null, new TerminologyOptions { MaxMapDepth = 4 });
        var m = t.Explain("L", "c0");
        Assert.Multiple(() =>
        {
            Assert.That(m.IsMatched, Is.False);
            Assert.That(m.MapDepthLimitReached, Is.True);
            Assert.That(m.MappedCodes.Select(c => c.Code), Is.EqualTo(new[] { "c1", "c2", "c3", "c4" }));
            Assert.That(t.Explain("L", "c2").IsMatched, Is.True, "c2 -> c6 is four steps");
        });
    }

    [Test]
    public void Map_cycles_are_reported_at_build_and_lookups_terminate()
    {
        var map = CodeMap.Create("loop", [new CodeMapEntry("L", "a", "L", "b"), new CodeMapEntry("L", "b", "L", "c"), new CodeMapEntry("L", "c", "L", "a"), new CodeMapEntry("L", "c", CodeSystems.SnomedCt, "73211009")]);
        var t = Terminology.Create([Set("DM", new CodeSetMember(CodeSystems.SnomedCt, "73211009"))], [map]);
        Assert.Multiple(() =>
        {
            Assert.That(t.Issues.Count(i => i.Code == "QI2015"), Is.EqualTo(1));
            Assert.That(t.Issues.Single(i => i.Code == "QI2015").Message, Does.Contain("L|a"));
            Assert.That(t.Match("L", "b").ToArray(), Is.EqualTo(new[] { 0 }));
            Assert.That(t.Explain("L", "a").MapDepthLimitReached, Is.False);
        });
    }

    [Test]
    public void Map_entries_that_can_never_match_are_left_out_and_reported()
    {
        var map = CodeMap.Create("bad", [new CodeMapEntry("readv2", "C10..", CodeSystems.SnomedCt, "73211008")]);
        var t = Terminology.Create([Set("DM", new CodeSetMember(CodeSystems.SnomedCt, "73211009"))], [map]);
        Assert.That(t.Issues.Select(i => i.Code), Is.EqualTo(new[] { "QI2014" }));
        Assert.That(t.Explain("readv2", "C10..").IsUnmapped, Is.True);
    }

    [Test]
    public void Duplicate_code_set_names_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Terminology.Create([Set("A"), Set("A")]));
    }

    [TestCase("SNOMED")]
    [TestCase("snomed ct")]
    [TestCase(" http://snomed.info/sct/ ")]
    [TestCase("http://snomed.info/sct/999000041000000102/version/20240410")]
    [TestCase("urn:oid:2.16.840.1.113883.6.96")]
    public void Snomed_aliases_resolve_to_the_canonical_uri(string alias)
    {
        Assert.That(CodeSystemRegistry.CreateDefault().TryResolve(alias, out var cs) ? cs.Uri : null, Is.EqualTo(CodeSystems.SnomedCt));
    }

    [TestCase("http://read.info/readv2", CodeSystems.ReadV2)]
    [TestCase("http://terminology.hl7.org/CodeSystem/rcV2", CodeSystems.ReadV2)]
    [TestCase("urn:oid:2.16.840.1.113883.6.29", CodeSystems.ReadV2)]
    [TestCase("http://read.info/ctv3", CodeSystems.Ctv3)]
    [TestCase("urn:oid:2.16.840.1.113883.6.6", CodeSystems.Ctv3)]
    [TestCase("http://hl7.org/fhir/sid/icd-10", CodeSystems.Icd10)]
    [TestCase("http://hl7.org/fhir/sid/icd-10-uk", CodeSystems.Icd10)]
    [TestCase("urn:oid:2.16.840.1.113883.6.3", CodeSystems.Icd10)]
    [TestCase("https://dmd.nhs.uk", CodeSystems.Dmd)]
    [TestCase("http://loinc.org", CodeSystems.Loinc)]
    [TestCase("BNF", CodeSystems.Bnf)]
    [TestCase("http://unitsofmeasure.org", CodeSystems.Ucum)]
    public void Issue_aliases_resolve_to_their_canonical_system(string alias, string uri)
    {
        Assert.That(CodeSystemRegistry.CreateDefault().TryResolve(alias, out var cs) ? cs.Uri : null, Is.EqualTo(uri));
    }
}
