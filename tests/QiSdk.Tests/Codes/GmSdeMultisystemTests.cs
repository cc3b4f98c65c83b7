using QiSdk.Codes;

namespace QiSdk.Tests.Codes;

/// <summary>
/// The Greater Manchester SDE file holds the same code sets in Read v2, CTV3, SNOMED CT and EMIS-local codes (and three codes
/// with a UTF-8 byte-order mark stuck to them): every row, recorded under any alias of its system, must match its own set.
/// </summary>
public sealed class GmSdeMultisystemTests
{
    private static readonly Lazy<(Terminology Terminology, IReadOnlyList<(int Line, Dictionary<string, string> Row)> Rows)> Data = new(() =>
    {
        var rows = ReferenceCsv.Read("gm-sde-multisystem", "gmsde_codesets_multisystem.csv");
        var sets = rows.GroupBy(r => SetName(r.Row))
            .Select(g => CodeSet.Create(g.Key, g.Select(r => new CodeSetMember(r.Row["system"], r.Row["code"], r.Row["term"]))))
            .ToList();
        return (Terminology.Create(sets), rows);
    });

    private static readonly Dictionary<string, string[]> Aliases = new(StringComparer.Ordinal)
    {
        ["readv2"] = ["readv2", CodeSystems.ReadV2, "http://terminology.hl7.org/CodeSystem/rcV2", "urn:oid:2.16.840.1.113883.6.29"],
        ["ctv3"] = ["ctv3", CodeSystems.Ctv3, "urn:oid:2.16.840.1.113883.6.6", "CTV3"],
        ["snomed"] = ["snomed", CodeSystems.SnomedCt, "urn:oid:2.16.840.1.113883.6.96", "SCT", "SNOMED"],
        ["emis"] = ["emis", CodeSystems.EmisLocal, "EMIS"],
    };

    private static string SetName(Dictionary<string, string> row) => $"{row["category"]}/{row["codeset"]}/{row["version"]}";

    private static IEnumerable<TestCaseData> Systems() => Aliases.Keys.Select(s => new TestCaseData(s).SetArgDisplayNames(s));

    [TestCaseSource(nameof(Systems))]
    public void Every_code_matches_its_own_code_set_under_every_alias_of_its_system(string system)
    {
        var (terminology, rows) = Data.Value;
        var failures = new List<string>();
        int checkedRows = 0;
        foreach (var (line, row) in rows.Where(r => r.Row["system"] == system))
        {
            Assert.That(terminology.TryGetCodeSetIndex(SetName(row), out int index), Is.True);
            foreach (string alias in Aliases[system])
            {
                checkedRows++;
                var explained = terminology.Explain(alias, row["code"]);
                if (explained.Problem == CodeProblem.SpreadsheetRounded)
                {
                    continue; // hundreds of medication ids were rounded by a spreadsheet upstream; they cannot match (see VerhoeffTests)
                }

                if (!terminology.Match(alias, row["code"]).Contains(index))
                {
                    failures.Add($"line {line}: {alias}|{row["code"]} not in {SetName(row)} ({terminology.Explain(alias, row["code"]).ProblemDetail})");
                }
            }
        }

        Assert.That(failures, Is.Empty);
        Assert.That(checkedRows, Is.GreaterThan(1000));
    }

    [TestCase("snomed", "\ufeff46177005", "46177005")]
    [TestCase("ctv3", "\ufeffX30In", "X30In")]
    [TestCase("readv2", "\ufeff1Z1f.00", "1Z1f.00")]
    public void Codes_listed_with_a_byte_order_mark_match_records_without_one_and_with_one(string system, string listed, string recorded)
    {
        var (terminology, rows) = Data.Value;
        Assert.That(rows.Any(r => r.Row["code"] == listed), Is.True, "the reference file still has the BOM code");
        Assert.That(terminology.TryGetCodeSetIndex("conditions/chronic-kidney-disease/1", out int ckd), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(terminology.Match(system, recorded).ToArray(), Does.Contain(ckd));
            Assert.That(terminology.Match(system, listed).ToArray(), Does.Contain(ckd));
            Assert.That(terminology.Explain(system, listed).Rules.HasFlag(NormalisationRules.ByteOrderMark), Is.True);
        });
    }

    [Test]
    public void Read_v2_five_character_records_match_seven_character_list_entries()
    {
        var (terminology, _) = Data.Value;
        Assert.That(terminology.TryGetCodeSetIndex("conditions/diabetes/1", out int diabetes), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(terminology.Match("readv2", "C10..").ToArray(), Does.Contain(diabetes));
            Assert.That(terminology.Match("readv2", "C10").ToArray(), Does.Contain(diabetes));
            Assert.That(terminology.Match("readv2", "c10..").ToArray(), Does.Not.Contain(diabetes), "Read codes are case-sensitive");
        });
    }

    [Test]
    public void Building_reports_no_member_that_can_never_match()
    {
        var (terminology, rows) = Data.Value;
        int rounded = rows.Where(r => r.Row["system"] == "snomed" && !Verhoeff.IsValid(r.Row["code"].Trim('\ufeff')))
            .Select(r => (SetName(r.Row), r.Row["code"])).Distinct().Count();
        var cannotMatch = terminology.Issues.Where(i => i.Code != "QI2011").ToList();
        Assert.That(cannotMatch.Where(i => !i.Message.Contains("spreadsheet", StringComparison.Ordinal)).Select(i => i.ToString()), Is.Empty);
        Assert.That(cannotMatch, Has.Count.EqualTo(rounded), "exactly the spreadsheet-rounded ids are left out, each reported once per code set");
        Assert.That(rounded, Is.GreaterThan(500));
    }
}
