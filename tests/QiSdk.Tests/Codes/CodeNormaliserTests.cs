using QiSdk.Codes;

namespace QiSdk.Tests.Codes;

public sealed class CodeNormaliserTests
{
    private static IEnumerable<TestCaseData> Rules()
    {
        // (kind, raw, expected normalised code, rules that fired)
        yield return Case(CodeSystemKind.SnomedCt, " 73211009 ", "73211009", NormalisationRules.Whitespace);
        yield return Case(CodeSystemKind.SnomedCt, "\u00a073211009\t", "73211009", NormalisationRules.Whitespace);
        yield return Case(CodeSystemKind.SnomedCt, "\ufeff46177005", "46177005", NormalisationRules.ByteOrderMark);
        yield return Case(CodeSystemKind.SnomedCt, "82343012#", null, NormalisationRules.ExcelHashSuffix); // a description id: cleaned, then refused
        yield return Case(CodeSystemKind.SnomedCt, "49436004#", "49436004", NormalisationRules.ExcelHashSuffix);
        yield return Case(CodeSystemKind.Dmd, "34953211000001105", "34953211000001105", NormalisationRules.None);
        yield return Case(CodeSystemKind.ReadV2, "C10E.", "C10E.", NormalisationRules.None);
        yield return Case(CodeSystemKind.ReadV2, "C10E.00", "C10E.", NormalisationRules.ReadTermCode);
        yield return Case(CodeSystemKind.ReadV2, "C10E.12", "C10E.", NormalisationRules.ReadTermCode | NormalisationRules.ReadSynonym);
        yield return Case(CodeSystemKind.ReadV2, "C10E-2", "C10E.", NormalisationRules.EmisShortForm | NormalisationRules.ReadSynonym);
        yield return Case(CodeSystemKind.ReadV2, "C10", "C10..", NormalisationRules.EmisShortForm);
        yield return Case(CodeSystemKind.ReadV2, "C1000-99", "C1000", NormalisationRules.EmisShortForm | NormalisationRules.ReadSynonym);
        yield return Case(CodeSystemKind.ReadV2, "G5730#", "G5730", NormalisationRules.ExcelHashSuffix);
        yield return Case(CodeSystemKind.ReadV2, "42c..00", "42c..", NormalisationRules.ReadTermCode);
        yield return Case(CodeSystemKind.ReadV2, "\ufeff1Z1f.00", "1Z1f.", NormalisationRules.ByteOrderMark | NormalisationRules.ReadTermCode);
        yield return Case(CodeSystemKind.Ctv3, "1434", "1434.", NormalisationRules.Ctv3DotPadding);
        yield return Case(CodeSystemKind.Ctv3, "XaIRd", "XaIRd", NormalisationRules.None);
        yield return Case(CodeSystemKind.Ctv3, "XaIRd#", "XaIRd", NormalisationRules.ExcelHashSuffix);
        yield return Case(CodeSystemKind.Ctv3, "\ufeffX30In", "X30In", NormalisationRules.ByteOrderMark);
        yield return Case(CodeSystemKind.Icd10, "E11.9", "E119", NormalisationRules.Icd10Dot);
        yield return Case(CodeSystemKind.Icd10, "E119", "E119", NormalisationRules.None);
        yield return Case(CodeSystemKind.Icd10, "e11.9", "E119", NormalisationRules.Icd10Dot | NormalisationRules.Icd10UpperCase);
        yield return Case(CodeSystemKind.Icd10, "A17.0\u2020", "A170", NormalisationRules.Icd10Dot | NormalisationRules.Icd10DaggerAsterisk);
        yield return Case(CodeSystemKind.Icd10, "G01*", "G01", NormalisationRules.Icd10DaggerAsterisk);
        yield return Case(CodeSystemKind.Icd10, "A170D", "A170", NormalisationRules.Icd10DaggerAsterisk);
        yield return Case(CodeSystemKind.Icd10, "I10X", "I10", NormalisationRules.Icd10Filler);
        yield return Case(CodeSystemKind.Icd10, "I67.4", "I674", NormalisationRules.Icd10Dot);
        yield return Case(CodeSystemKind.Other, " ^ESCTGE801661 ", "^ESCTGE801661", NormalisationRules.Whitespace);
        yield return Case(CodeSystemKind.Local, "EMISNQRA16", "EMISNQRA16", NormalisationRules.None);
    }

    private static TestCaseData Case(CodeSystemKind kind, string raw, string? expected, NormalisationRules rules) =>
        new TestCaseData(kind, raw, expected, rules).SetArgDisplayNames(kind.ToString(), Visible(raw));

    private static string Visible(string s) => s.Replace("\ufeff", "<BOM>", StringComparison.Ordinal).Replace("\u00a0", "<NBSP>", StringComparison.Ordinal);

    [TestCaseSource(nameof(Rules))]
    public void Each_rule_normalises_its_variant_and_says_it_fired(CodeSystemKind kind, string raw, string? expected, NormalisationRules rules)
    {
        var n = CodeNormaliser.Normalise(kind, raw);
        Assert.Multiple(() =>
        {
            Assert.That(n.Code, Is.EqualTo(expected));
            Assert.That(n.Rules, Is.EqualTo(rules));
        });
    }

    [TestCase("C10e.")]
    [TestCase("c10E.")]
    public void Read_codes_keep_their_case(string code)
    {
        Assert.That(CodeNormaliser.Normalise(CodeSystemKind.ReadV2, code).Code, Is.EqualTo(code));
        Assert.That(CodeNormaliser.Normalise(CodeSystemKind.Ctv3, code).Code, Is.EqualTo(code));
    }

    [TestCase(CodeSystemKind.SnomedCt, "73211008", CodeProblem.InvalidSnomedId)]
    [TestCase(CodeSystemKind.SnomedCt, "7321100", CodeProblem.InvalidSnomedId)]
    [TestCase(CodeSystemKind.SnomedCt, "073211009", CodeProblem.InvalidSnomedId)]
    [TestCase(CodeSystemKind.SnomedCt, "C10E.", CodeProblem.InvalidSnomedId)]
    [TestCase(CodeSystemKind.SnomedCt, "1.00567E+15", CodeProblem.SpreadsheetRounded)]
    [TestCase(CodeSystemKind.SnomedCt, "36143511000001100", CodeProblem.SpreadsheetRounded)]
    [TestCase(CodeSystemKind.SnomedCt, "406861000000000", CodeProblem.SpreadsheetRounded)]
    [TestCase(CodeSystemKind.SnomedCt, "121589010", CodeProblem.NotASnomedConceptId)]
    [TestCase(CodeSystemKind.Dmd, "12345", CodeProblem.InvalidSnomedId)]
    [TestCase(CodeSystemKind.SnomedCt, "   ", CodeProblem.MissingCode)]
    [TestCase(CodeSystemKind.ReadV2, "C10E.1", CodeProblem.MalformedCode)]
    [TestCase(CodeSystemKind.ReadV2, "C1.0E", CodeProblem.MalformedCode)]
    [TestCase(CodeSystemKind.Ctv3, "XaIRd1", CodeProblem.MalformedCode)]
    [TestCase(CodeSystemKind.Icd10, "10I", CodeProblem.MalformedCode)]
    public void Codes_that_cannot_match_say_why(CodeSystemKind kind, string raw, CodeProblem problem)
    {
        var n = CodeNormaliser.Normalise(kind, raw);
        Assert.Multiple(() =>
        {
            Assert.That(n.Problem, Is.EqualTo(problem));
            Assert.That(n.Code, Is.Null);
            Assert.That(n.Detail, Is.Not.Empty);
        });
    }

    /// <summary>Exeter CPRD files pair the EMIS form (OriginalReadCode) with the 7-character cleansed Read v2 code.</summary>
    private static IEnumerable<TestCaseData> ExeterEmisPairs()
    {
        foreach (string file in new[] { "exeter_medcodelist_qof_diabetes.csv", "exeter_medcodelist_hba1c.csv", "exeter_readcodelist_af_final.csv",
                     "exeter_readcodelist_asthma_final.csv", "exeter_readcodelist_copd_final.csv", "exeter_readcodelist_hypertension_final.csv" })
        {
            foreach (var (line, row) in ReferenceCsv.Read("exeter-cprd-read-snomed", file))
            {
                if (row["CleansedReadCode"] != "NA")
                {
                    yield return new TestCaseData(row["OriginalReadCode"], row["CleansedReadCode"]).SetArgDisplayNames($"{file}:{line}");
                }
            }
        }
    }

    [TestCaseSource(nameof(ExeterEmisPairs))]
    public void Emis_form_and_cleansed_read_code_are_the_same_concept(string emis, string cleansed)
    {
        var a = CodeNormaliser.Normalise(CodeSystemKind.ReadV2, emis);
        var b = CodeNormaliser.Normalise(CodeSystemKind.ReadV2, cleansed);
        Assert.Multiple(() =>
        {
            Assert.That(a.Problem, Is.EqualTo(CodeProblem.None), a.Detail);
            Assert.That(a.Code, Is.EqualTo(b.Code));
            Assert.That(a.Code, Is.EqualTo(cleansed[..5]));
        });
    }

    /// <summary>The Exeter '_final' Read lists carry Excel '#' guards on the 5-character and 7-character forms.</summary>
    private static IEnumerable<TestCaseData> ExeterHashGuards()
    {
        foreach (string file in new[] { "exeter_readcodelist_af_final.csv", "exeter_readcodelist_asthma_final.csv", "exeter_readcodelist_copd_final.csv", "exeter_readcodelist_hypertension_final.csv" })
        {
            foreach (var (line, row) in ReferenceCsv.Read("exeter-cprd-read-snomed", file))
            {
                // Rows with CleansedReadCode=NA are CTV3-only codes (X202R#) that have no Read v2 form.
                if (row["CleansedReadCode"] != "NA")
                {
                    yield return new TestCaseData(row["readcode"], row["final_readcode"], row["CleansedReadCode"]).SetArgDisplayNames($"{file}:{line}");
                }
            }
        }
    }

    [TestCaseSource(nameof(ExeterHashGuards))]
    public void Excel_hash_guarded_read_codes_equal_the_cleansed_code(string guarded5, string guarded7, string cleansed)
    {
        var five = CodeNormaliser.Normalise(CodeSystemKind.ReadV2, guarded5);
        var seven = CodeNormaliser.Normalise(CodeSystemKind.ReadV2, guarded7);
        Assert.Multiple(() =>
        {
            Assert.That(five.Code, Is.EqualTo(cleansed[..5]));
            Assert.That(seven.Code, Is.EqualTo(cleansed[..5]));
            Assert.That(five.Rules.HasFlag(NormalisationRules.ExcelHashSuffix), Is.EqualTo(guarded5.EndsWith('#')));
        });
    }

    /// <summary>OpenSAFELY CTV3 lists hold truncated codes (<c>1434</c>) as well as 5-character ones.</summary>
    private static IEnumerable<TestCaseData> OpenSafelyCtv3Codes()
    {
        foreach (string file in new[] { "opensafely-diabetes.csv", "opensafely-hypertension.csv", "opensafely-asthma-diagnosis.csv", "opensafely-chronic-kidney-disease.csv", "opensafely-chronic-respiratory-disease.csv" })
        {
            foreach (var (line, row) in ReferenceCsv.Read("opensafely-ctv3-and-dmd", file))
            {
                yield return new TestCaseData(row["CTV3ID"]).SetArgDisplayNames($"{file}:{line}");
            }
        }
    }

    [TestCaseSource(nameof(OpenSafelyCtv3Codes))]
    public void Every_opensafely_ctv3_code_normalises_to_five_characters_padded_with_dots(string code)
    {
        var n = CodeNormaliser.Normalise(CodeSystemKind.Ctv3, code);
        Assert.Multiple(() =>
        {
            Assert.That(n.Problem, Is.EqualTo(CodeProblem.None), n.Detail);
            Assert.That(n.Code, Has.Length.EqualTo(5));
            Assert.That(n.Code, Does.StartWith(code));
            Assert.That(n.Rules.HasFlag(NormalisationRules.Ctv3DotPadding), Is.EqualTo(code.Length < 5));
        });
    }

    [Test]
    public void The_opensafely_ctv3_lists_do_contain_truncated_codes()
    {
        Assert.That(OpenSafelyCtv3Codes().Select(t => (string)t.Arguments[0]!), Does.Contain("1434"));
    }
}
