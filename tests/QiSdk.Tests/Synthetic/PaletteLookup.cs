using QiSdk.Records;
using QiSdk.Synthetic;

namespace QiSdk.Tests.Synthetic;

/// <summary>
/// Test-side reverse lookup from any coding the synthetic practice writes (SNOMED, its OID alias, dm+d, LOINC, Read v2 in
/// 7/5-character and EMIS forms, CTV3 and truncated CTV3, local codes) to the palette concept it stands for.
/// Independent of the codes engineer's normaliser on purpose: it checks what the generator wrote, not how QiSdk reads it.
/// </summary>
internal sealed class PaletteLookup
{
    private readonly Dictionary<(string System, string Code), PaletteEntry> _byCoding = [];

    public PaletteLookup(string practiceCode)
    {
        string local = SyntheticPractice.LocalCodeSystem(practiceCode);
        foreach (var e in CodePalette.All)
        {
            Add(e.System, e.Code, e);
            if (e.System == "http://snomed.info/sct")
            {
                Add("urn:oid:2.16.840.1.113883.6.96", e.Code, e);
            }

            if (e.System == "https://dmd.nhs.uk")
            {
                Add("http://snomed.info/sct", e.Code, e);
            }

            if (e.ReadV2 is { } r)
            {
                Add("http://read.info/readv2", r.Code, e);
                Add("http://read.info/readv2", PracticeCodings.ReadV2FiveCharacter(r.Code), e);
                Add("http://read.info/readv2", PracticeCodings.ReadV2Emis(r.Code), e);
            }

            if (e.Ctv3 is { } c)
            {
                Add("http://read.info/ctv3", c.Code, e);
                Add("http://read.info/ctv3", c.Code.TrimEnd('.'), e);
            }

            if (e.Local is { } l)
            {
                Add(local, l.Code, e);
            }
        }
    }

    /// <summary>Every coding the generator can write, with its concept.</summary>
    public IEnumerable<(Coding Coding, PaletteEntry Entry)> All => _byCoding.Select(kv => (new Coding(kv.Key.System, kv.Key.Code), kv.Value));

    public PaletteEntry? Find(Coding coding) =>
        coding.System is { } s && coding.Code is { } c && _byCoding.TryGetValue((s, c), out var e) ? e : null;

    /// <summary>The palette concepts an event's codes stand for.</summary>
    public IEnumerable<PaletteEntry> Concepts(ClinicalEvent e) => e.Codes.Select(Find).OfType<PaletteEntry>().Distinct();

    /// <summary>True when any of the event's codes stands for a concept claimed to be in <paramref name="codeSet"/>.</summary>
    public bool InCodeSet(ClinicalEvent e, string codeSet) => Concepts(e).Any(c => c.CodeSets.Contains(codeSet));

    private void Add(string system, string code, PaletteEntry e) => _byCoding.TryAdd((system, code), e);
}
