using QiSdk.Codes;

namespace QiSdk.Tests.Indicators;

/// <summary>
/// A dictionary-backed <see cref="ICodeSetMatcher"/> for hand-built tests: exact (system, code) membership, no
/// normalisation. <see cref="FromReference"/> loads the real OpenSAFELY lists from ../shared/reference.
/// </summary>
internal sealed class TestMatcher : ICodeSetMatcher
{
    public const string Snomed = "http://snomed.info/sct";
    public const string Dmd = "https://dmd.nhs.uk";

    private readonly List<string> _names = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), int[]> _members = [];

    public IReadOnlyList<string> CodeSetNames => _names;

    public int Lookups;

    public TestMatcher Add(string name, string system, params string[] codes)
    {
        if (!_index.TryGetValue(name, out int idx))
        {
            idx = _names.Count;
            _names.Add(name);
            _index[name] = idx;
        }

        foreach (var code in codes)
        {
            var key = (system, code);
            _members[key] = _members.TryGetValue(key, out var existing) ? [.. existing.Append(idx).Distinct().Order()] : [idx];
        }

        return this;
    }

    public bool TryGetCodeSetIndex(string name, out int index) => _index.TryGetValue(name, out index);

    public ReadOnlySpan<int> Match(string? system, string? code)
    {
        Interlocked.Increment(ref Lookups);
        if (system is null || code is null)
        {
            return default;
        }

        if (system == Dmd)
        {
            system = Snomed;
        }

        return _members.TryGetValue((system, code), out var idx) ? idx : default;
    }

    /// <summary>Every code set the three reference indicators use, from the real OpenSAFELY CSVs.</summary>
    public static TestMatcher FromReference()
    {
        var m = new TestMatcher();
        string qof = TestPaths.Reference("opensafely-qof-clusters");
        foreach (var file in Directory.GetFiles(qof, "nhsd-primary-care-domain-refsets-*.csv"))
        {
            string name = Path.GetFileNameWithoutExtension(file)["nhsd-primary-care-domain-refsets-".Length..].ToUpperInvariant();
            m.Add(name, Snomed, ReadCodes(file));
        }

        m.Add("SYSBP_COD", Snomed, ReadCodes(Path.Combine(qof, "opensafely-systolic-blood-pressure-qof.csv")));
        m.Add("DIASBP_COD", Snomed, ReadCodes(Path.Combine(qof, "user-milanwiedemann-diastolic-blood-pressure-qof.csv")));
        foreach (var file in Directory.GetFiles(TestPaths.Reference("opensafely-pincer"), "pincer-*.csv"))
        {
            string name = "PINCER_" + Path.GetFileNameWithoutExtension(file)["pincer-".Length..].ToUpperInvariant();
            m.Add(name, Snomed, ReadCodes(file));
        }

        // Lists the reference snapshot does not hold: QOF smoking, haemorrhagic stroke and asthma review clusters copied from other MIT repositories, and QiSdk's
        // documented curations of reference lists (src/QiSdk/Resources/CodeSets/SOURCES.md), read from the repository.
        string shipped = Path.Combine(TestPaths.RepoRoot, "src", "QiSdk", "Resources", "CodeSets");
        foreach (var file in new[] { "nhsd-primary-care-domain-refsets-lsmok_cod.csv", "nhsd-primary-care-domain-refsets-exsmok_cod.csv", "nhsd-primary-care-domain-refsets-hstrk_cod.csv",
            "nhsd-primary-care-domain-refsets-rev_cod.csv", "nhsd-primary-care-domain-refsets-writpastp_cod.csv", "nhsd-primary-care-domain-refsets-astcontass_cod.csv",
            "nhsd-primary-care-domain-refsets-astexacb_cod.csv", "nhsd-primary-care-domain-refsets-astpcapu_cod.csv", "nhsd-primary-care-domain-refsets-astpcadec_cod.csv",
            "nhsd-primary-care-domain-refsets-astmondec_cod.csv", "nhsd-primary-care-domain-refsets-astinvite_cod.csv" })
        {
            m.Add(Path.GetFileNameWithoutExtension(file)["nhsd-primary-care-domain-refsets-".Length..].ToUpperInvariant(), Snomed, ReadCodes(Path.Combine(shipped, file)));
        }

        m.Add("OS_ASTHMA_REVIEW_QOF", Snomed, ReadCodes(Path.Combine(shipped, "opensafely-asthma-annual-review-qof.csv")));
        m.Add("OS_ASTHMA_DRUG_TREATMENT", Snomed, ReadCodes(Path.Combine(shipped, "opensafely-asthma-related-drug-treatment-codes.csv")));
        foreach (var file in Directory.GetFiles(shipped, "qisdk-*.csv"))
        {
            m.Add("QISDK_" + Path.GetFileNameWithoutExtension(file)["qisdk-".Length..].ToUpperInvariant(), Snomed, ReadCodes(file));
        }

        // dm+d statins (column 1 of the OpenSAFELY list), used by qof-chol003-cvd-statin.
        string statins = TestPaths.Reference("opensafely-ctv3-and-dmd", "opensafely-statin-medication.csv");
        m.Add("OS_STATINS_DMD", Snomed, [.. File.ReadLines(statins).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[1].Trim())]);
        return m;
    }

    private static string[] ReadCodes(string file) =>
        [.. File.ReadLines(file).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[0].Trim())];
}
