using System.Text.RegularExpressions;
using QiSdk.Codes;

namespace QiSdk.Tests.Codes;

public sealed partial class VerhoeffTests
{
    /// <summary>Every SNOMED CT / dm+d id in ../shared/reference: id-like columns of every file (Excel '#' guards removed).</summary>
    private static IEnumerable<TestCaseData> ReferenceFiles()
    {
        foreach (string folder in new[] { "opensafely-qof-clusters", "opensafely-pincer", "opensafely-ctv3-and-dmd", "exeter-cprd-read-snomed", "gm-sde-multisystem" })
        {
            foreach (string file in ReferenceCsv.Files(folder))
            {
                yield return new TestCaseData(folder, Path.GetFileName(file)).SetArgDisplayNames(Path.GetFileName(file));
            }
        }
    }

    private static readonly HashSet<string> SnomedColumns = new(StringComparer.OrdinalIgnoreCase)
    {
        "code", "id", "SnomedCTConceptId", "SnomedCTDescriptionId", "MedCodeId", "snomedcode", "SNOMED_CONCEPTID",
    };

    internal static List<string> SnomedIds(string folder, string file)
    {
        var ids = new List<string>();
        foreach (var (_, row) in ReferenceCsv.Read(folder, file))
        {
            if (row.TryGetValue("system", out string? system) && system != "snomed")
            {
                continue;
            }

            foreach (var (column, value) in row)
            {
                string v = value.Trim('\uFEFF', '#', ' ');
                if (SnomedColumns.Contains(column) && SnomedLike().IsMatch(v))
                {
                    ids.Add(v);
                }
            }
        }

        return ids;
    }

    /// <summary>
    /// Some reference files carry ids a spreadsheet rounded to 15 significant digits (gm-sde anticholinergic medications,
    /// Exeter's SnomedCTDescriptionId column): those are damaged, not valid ids, and the normaliser must say exactly that.
    /// </summary>
    [TestCaseSource(nameof(ReferenceFiles))]
    public void Every_snomed_id_in_the_reference_file_passes_the_verhoeff_check_unless_a_spreadsheet_rounded_it(string folder, string file)
    {
        var ids = SnomedIds(folder, file);
        var failing = ids.Where(id => !Verhoeff.IsValid(id)).ToList();
        var notDiagnosed = failing.Where(id => CodeNormaliser.Normalise(CodeSystemKind.SnomedCt, id).Problem != CodeProblem.SpreadsheetRounded).ToList();
        Assert.That(notDiagnosed, Is.Empty, $"{ids.Count} ids checked, {failing.Count} rounded by a spreadsheet");
    }

    [TestCase("gm-sde-multisystem", "gmsde_codesets_multisystem.csv", 588)]
    [TestCase("exeter-cprd-read-snomed", "exeter_snomed_codelist_af_final.csv", 3)]
    public void Known_spreadsheet_damaged_files_have_exactly_their_rounded_ids_rejected(string folder, string file, int rounded)
    {
        Assert.That(SnomedIds(folder, file).Count(id => !Verhoeff.IsValid(id)), Is.EqualTo(rounded));
    }

    [TestCaseSource(nameof(ReferenceFiles))]
    public void Every_single_digit_change_of_a_reference_snomed_id_fails_the_verhoeff_check(string folder, string file)
    {
        int changed = 0;
        var accepted = new List<string>();
        foreach (string id in SnomedIds(folder, file).Distinct().Where(id => Verhoeff.IsValid(id)))
        {
            char[] digits = id.ToCharArray();
            for (int i = 0; i < digits.Length; i++)
            {
                char original = digits[i];
                for (char d = '0'; d <= '9'; d++)
                {
                    if (d == original)
                    {
                        continue;
                    }

                    digits[i] = d;
                    changed++;
                    if (Verhoeff.IsValid(digits))
                    {
                        accepted.Add(new string(digits));
                    }
                }

                digits[i] = original;
            }
        }

        Assert.That(accepted, Is.Empty, $"{changed} single-digit changes checked");
    }

    [Test]
    public void The_reference_files_hold_thousands_of_snomed_ids_so_the_checks_above_are_not_vacuous()
    {
        int total = ReferenceFiles().Sum(tc => SnomedIds((string)tc.Arguments[0]!, (string)tc.Arguments[1]!).Count);
        Assert.That(total, Is.GreaterThan(10_000));
    }

    [TestCase("73211009")]
    [TestCase("999791000000106")]
    [TestCase("34953211000001105")]
    public void Check_digit_computed_from_the_body_is_the_id_s_last_digit(string id)
    {
        Assert.That(Verhoeff.CheckDigit(id.AsSpan(0, id.Length - 1)), Is.EqualTo(id[^1]));
    }

    [TestCase("73211090")]
    [TestCase("73210109")]
    public void Adjacent_transpositions_fail(string id)
    {
        Assert.That(Verhoeff.IsValid(id), Is.False);
    }

    [GeneratedRegex("^[0-9]{6,18}$")]
    private static partial Regex SnomedLike();
}
