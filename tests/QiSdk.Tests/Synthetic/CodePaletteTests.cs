using QiSdk.Synthetic;

namespace QiSdk.Tests.Synthetic;

/// <summary>
/// The synthetic practice's code palette against the reference codelists in <c>../shared/reference</c>: every code-set
/// claim is true, every Read v2 / CTV3 code was seen there (paired with the same SNOMED concept where the file pairs them),
/// and every code-map row lands on a palette concept.
/// </summary>
public sealed class CodePaletteTests
{
    /// <summary>The reference file of each built-in code-set name the palette uses (the codes engineer's naming rule).</summary>
    private static string ReferenceFile(string codeSet) => codeSet switch
    {
        "SYSBP_COD" => TestPaths.Reference("opensafely-qof-clusters", "opensafely-systolic-blood-pressure-qof.csv"),
        "DIASBP_COD" => TestPaths.Reference("opensafely-qof-clusters", "user-milanwiedemann-diastolic-blood-pressure-qof.csv"),
        "OS_STATINS_DMD" => TestPaths.Reference("opensafely-ctv3-and-dmd", "opensafely-statin-medication.csv"),
        // Not in ../shared/reference: the MIT copy shipped in the repository (src/QiSdk/Resources/CodeSets/SOURCES.md).
        "OS_ASTHMA_DRUG_TREATMENT" => Path.Combine(TestPaths.RepoRoot, "src", "QiSdk", "Resources", "CodeSets", "opensafely-asthma-related-drug-treatment-codes.csv"),
        _ when codeSet.EndsWith("_COD", StringComparison.Ordinal) =>
            TestPaths.Reference("opensafely-qof-clusters", "nhsd-primary-care-domain-refsets-" + codeSet.ToLowerInvariant() + ".csv"),
        _ when codeSet.StartsWith("PINCER_", StringComparison.Ordinal) =>
            TestPaths.Reference("opensafely-pincer", "pincer-" + codeSet["PINCER_".Length..].ToLowerInvariant() + ".csv"),
        _ => throw new ArgumentException("No reference file known for code set " + codeSet),
    };

    private static readonly Dictionary<string, HashSet<string>> CodesByFile = [];

    private static HashSet<string> Codes(string file)
    {
        lock (CodesByFile)
        {
            if (!CodesByFile.TryGetValue(file, out var codes))
            {
                var lines = File.ReadAllLines(file);
                string[] header = lines[0].Split(',');
                int column = Array.FindIndex(header, h => h is "code" or "id");
                Assert.That(column, Is.GreaterThanOrEqualTo(0), "no code/id column in " + file);
                codes = [.. lines.Skip(1).Select(l => l.Split(',')[column].Trim())];
                CodesByFile[file] = codes;
            }

            return codes;
        }
    }

    private static IEnumerable<TestCaseData> Claims() =>
        CodePalette.All.SelectMany(e => e.CodeSets.Select(set => new TestCaseData(e.Key, e.Code, set).SetArgDisplayNames(e.Key, set)));

    [TestCaseSource(nameof(Claims))]
    public void Palette_code_is_in_the_reference_file_of_the_code_set_it_claims(string key, string code, string codeSet)
    {
        string file = ReferenceFile(codeSet);
        Assert.That(Codes(file), Does.Contain(code), $"{key}: {code} is not in {file}");
    }

    [Test]
    public void Every_medicine_and_every_register_concept_claims_at_least_one_code_set()
    {
        var unclaimed = CodePalette.All
            .Where(e => e.System == "https://dmd.nhs.uk" || e.Key.StartsWith("dm", StringComparison.Ordinal) || e.Key.StartsWith("hyp", StringComparison.Ordinal))
            .Where(e => e.CodeSets.IsEmpty)
            .Select(e => e.Key);

        Assert.That(unclaimed, Is.Empty);
    }

    [Test]
    public void Palette_keys_and_standard_codes_are_unique()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CodePalette.All.Select(e => e.Key), Is.Unique);
            Assert.That(CodePalette.All.Select(e => e.System + "|" + e.Code), Is.Unique);
        });
    }

    private static readonly Lazy<List<string[]>> ExeterRows = new(() =>
        Directory.GetFiles(TestPaths.Reference("exeter-cprd-read-snomed"), "*.csv")
            .SelectMany(f => File.ReadAllLines(f).Skip(1))
            .Select(l => l.Split(',').Select(c => c.TrimEnd('#')).ToArray())
            .ToList());

    /// <summary>gm-sde rows: (codeset, system, code).</summary>
    private static readonly Lazy<List<(string Set, string System, string Code)>> GmSdeRows = new(() =>
        File.ReadAllLines(TestPaths.Reference("gm-sde-multisystem", "gmsde_codesets_multisystem.csv")).Skip(1)
            .Select(l => l.Split(','))
            .Where(f => f.Length >= 5)
            .Select(f => (f[1], f[3], f[4].Trim('\ufeff')))
            .ToList());

    private static readonly Lazy<HashSet<string>> OpenSafelyCtv3 = new(() =>
        [.. Directory.GetFiles(TestPaths.Reference("opensafely-ctv3-and-dmd"), "*.csv")
            .SelectMany(f => File.ReadAllLines(f).Skip(1))
            .SelectMany(l => l.Split(',').Take(3))]);

    private static IEnumerable<TestCaseData> ReadV2Codes() =>
        CodePalette.All.Where(e => e.ReadV2 is not null).Select(e => new TestCaseData(e.Key, e.ReadV2!.Code, e.Code).SetArgDisplayNames(e.Key, e.ReadV2!.Code));

    private static IEnumerable<TestCaseData> Ctv3Codes() =>
        CodePalette.All.Where(e => e.Ctv3 is not null).Select(e => new TestCaseData(e.Key, e.Ctv3!.Code, e.Code).SetArgDisplayNames(e.Key, e.Ctv3!.Code));

    [TestCaseSource(nameof(ReadV2Codes))]
    public void Read_v2_code_is_paired_with_the_same_snomed_concept_in_the_reference_files(string key, string read, string snomed)
    {
        string five = read[..5];
        bool exeterPair = ExeterRows.Value.Any(r => (r.Contains(read) || r.Contains(five)) && r.Contains(snomed));
        bool gmSdePair = GmSdeRows.Value.Any(r => r.System == "readv2" && r.Code == read
            && GmSdeRows.Value.Any(s => s.Set == r.Set && s.System == "snomed" && s.Code == snomed));

        Assert.That(exeterPair || gmSdePair, Is.True, $"{key}: no reference row pairs Read v2 {read} with SNOMED {snomed}");
    }

    [TestCaseSource(nameof(Ctv3Codes))]
    public void Ctv3_code_is_seen_in_the_reference_files_and_in_the_same_gm_sde_code_set_as_its_snomed_concept(string key, string ctv3, string snomed)
    {
        var gmSets = GmSdeRows.Value.Where(r => r.System == "ctv3" && r.Code == ctv3).Select(r => r.Set).Distinct().ToArray();
        bool seen = gmSets.Length > 0 || OpenSafelyCtv3.Value.Contains(ctv3) || ExeterRows.Value.Any(r => r.Contains(ctv3));
        Assert.That(seen, Is.True, $"{key}: CTV3 {ctv3} is in no reference file");

        // Where gm-sde lists the same code set in SNOMED too, the palette's SNOMED concept must be in it.
        var setsWithSnomed = gmSets.Where(s => GmSdeRows.Value.Any(r => r.Set == s && r.System == "snomed")).ToArray();
        if (setsWithSnomed.Length > 0)
        {
            Assert.That(setsWithSnomed.Any(s => GmSdeRows.Value.Any(r => r.Set == s && r.System == "snomed" && r.Code == snomed)), Is.True,
                $"{key}: gm-sde code set(s) {string.Join(", ", setsWithSnomed)} hold CTV3 {ctv3} but not SNOMED {snomed}");
        }
    }

    [Test]
    public void Every_code_map_row_lands_on_the_snomed_concept_of_the_same_palette_entry()
    {
        const string practice = "Y12345";
        using var writer = new StringWriter();
        SyntheticPractice.WriteCodeMap(practice, writer);
        var rows = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToList();
        var map = rows.ToDictionary(r => (r[0], r[1]), r => (r[2], r[3]));
        var lookup = new PaletteLookup(practice);

        Assert.Multiple(() =>
        {
            foreach (var row in rows)
            {
                var source = lookup.Find(new QiSdk.Records.Coding(row[0], row[1]));
                var target = (row[2], row[3]);
                for (int depth = 0; depth < 3 && map.TryGetValue(target, out var next); depth++)
                {
                    target = next; // chained: local -> Read v2 -> SNOMED
                }

                var landed = CodePalette.All.SingleOrDefault(e => e.System == target.Item1 && e.Code == target.Item2);
                Assert.That(source, Is.Not.Null, string.Join(",", row));
                Assert.That(landed, Is.SameAs(source), string.Join(",", row));
                Assert.That(target.Item1, Is.EqualTo("http://snomed.info/sct"), string.Join(",", row));
            }

            Assert.That(rows.Count(r => r[0] == SyntheticPractice.LocalCodeSystem(practice) && r[2] == "http://read.info/readv2"), Is.EqualTo(1), "one two-step local map");
            var unmapped = CodePalette.All.Where(e => e.Local is { Mapped: false }).Select(e => e.Local!.Code).ToArray();
            Assert.That(unmapped, Is.Not.Empty);
            Assert.That(rows.Select(r => r[1]), Is.All.Not.AnyOf(unmapped));
        });
    }
}
