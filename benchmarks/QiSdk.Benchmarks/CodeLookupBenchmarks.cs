using BenchmarkDotNet.Attributes;
using QiSdk.Codes;

namespace QiSdk.Benchmarks;

/// <summary>
/// Code lookup per coded event: system alias resolution + normalisation + maps + code-set membership, over a realistic mix
/// of systems (SNOMED CT under several aliases, dm+d, Read v2 in 5/7-character and EMIS forms mapped to SNOMED, CTV3,
/// ICD-10 with dots, unknown local codes, invalid ids). "Cold" is the first time a distinct coding is seen (the
/// uncached path: each of the 10,000 distinct codings once, against a Terminology built afresh before each iteration);
/// "Cached" is every later sighting, which is what evaluation of a practice mostly pays. Public API only.
/// </summary>
[MemoryDiagnoser]
public class CodeLookupBenchmarks
{
    private const int Lookups = 10_000;
    private (string System, string Code)[] _codings = [];
    private Terminology _terminology = null!;
    private Terminology _fresh = null!;
    private CodeSet[] _sets = [];
    private CodeMap[] _maps = [];

    /// <summary>Builds the terminology (all built-in code sets + a Read v2 -> SNOMED map) and a 10,000-coding event stream.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var sets = BuiltInCodeSets.Load();
        var snomed = sets.Where(s => s.Name.EndsWith("_COD", StringComparison.Ordinal) || s.Name.StartsWith("PINCER_", StringComparison.Ordinal))
            .SelectMany(s => s.Members).Select(m => m.Code).Distinct().ToArray();
        var ctv3 = sets.Where(s => s.Name.EndsWith("_CTV3", StringComparison.Ordinal)).SelectMany(s => s.Members).Select(m => m.Code).Distinct().ToArray();
        var dmd = sets.Single(s => s.Name == BuiltInCodeSets.OsStatinsDmd).Members.Select(m => m.Code).ToArray();

        // A synthetic Read v2 -> SNOMED map in the TRUD shape: Read-like codes (CTV3 stems reused) to built-in SNOMED concepts.
        var readToSnomed = ctv3.Take(2000).Select((c, i) => new CodeMapEntry(CodeSystems.ReadV2, c, CodeSystems.SnomedCt, snomed[i % snomed.Length])).ToArray();
        var local = Enumerable.Range(0, 300).Select(i => new CodeMapEntry("https://practice.example/local", $"LOC{i}", CodeSystems.ReadV2, readToSnomed[i].SourceCode)).ToArray();
        _sets = [.. sets];
        _maps = [CodeMap.Create("rcsctmap2", readToSnomed), CodeMap.Create("local", local)];
        _terminology = Terminology.Create(_sets, _maps);

        var random = new Random(20240401);
        string[] snomedAliases = [CodeSystems.SnomedCt, "SNOMED", "urn:oid:2.16.840.1.113883.6.96"];
        // Distinct codings, so that each is a first sighting in the Cold benchmark (a repeat would be a cache hit there).
        var seen = new HashSet<(string, string)>();
        var mix = new List<(string, string)>();
        while (mix.Count < Lookups)
        {
            int r = random.Next(100);
            (string, string) coding = r switch
            {
                < 45 => (snomedAliases[random.Next(3)], snomed[random.Next(snomed.Length)]),
                < 55 => (CodeSystems.Dmd, dmd[random.Next(dmd.Length)]),
                < 70 => (CodeSystems.ReadV2, readToSnomed[random.Next(readToSnomed.Length)].SourceCode + (random.Next(2) == 0 ? "00" : "11")),
                < 78 => ("CTV3", ctv3[random.Next(ctv3.Length)].TrimEnd('.')),
                < 85 => ("http://hl7.org/fhir/sid/icd-10-uk", $"E1{random.Next(10)}.{random.Next(10)}"),
                < 92 => ("https://practice.example/local", $"LOC{random.Next(600)}"),
                < 96 => (CodeSystems.Loinc, $"{random.Next(1000, 99999)}-{random.Next(10)}"),
                _ => (CodeSystems.SnomedCt, (73211000 + random.Next(1000)).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            };
            if (seen.Add(coding))
            {
                mix.Add(coding);
            }
        }

        _codings = [.. mix];
        foreach (var (s, c) in _codings)
        {
            _terminology.Match(s, c); // warm the cache for the Cached benchmark
        }
    }

    /// <summary>A Terminology that has seen none of the codings (built outside the measured Cold iteration).</summary>
    [IterationSetup(Target = nameof(Cold))]
    public void FreshTerminology() => _fresh = Terminology.Create(_sets, _maps);

    /// <summary>First sighting of a coding: resolve, normalise, map, look up (and store the answer in the cache).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Lookups)]
    public int Cold()
    {
        int hits = 0;
        foreach (var (s, c) in _codings)
        {
            hits += _fresh.Explain(s, c).CodeSetIndexes.Length;
        }

        return hits;
    }

    /// <summary>Every later sighting: one cache lookup on the raw (system, code).</summary>
    [Benchmark(OperationsPerInvoke = Lookups)]
    public int Cached()
    {
        int hits = 0;
        foreach (var (s, c) in _codings)
        {
            hits += _terminology.Match(s, c).Length;
        }

        return hits;
    }
}
