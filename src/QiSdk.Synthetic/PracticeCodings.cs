using System.Collections.Immutable;
using QiSdk.Records;

namespace QiSdk.Synthetic;

/// <summary>
/// The codings one practice writes for each palette concept, built once per generation so every event shares the same
/// immutable coding arrays (1,000,000 patients in memory must not carry a copy of each coding per event).
/// </summary>
internal sealed class PracticeCodings
{
    private readonly Dictionary<PaletteEntry, Variants> _variants = new(ReferenceEqualityComparer.Instance);
    private readonly double _snomed;
    private readonly double _readV2;
    private readonly double _ctv3;
    private readonly bool _dual;

    public PracticeCodings(string practiceCode, CodingMix mix)
    {
        LocalSystem = SyntheticCodeSystems.Local(practiceCode);
        double total = mix.Total;
        _snomed = mix.Snomed / total;
        _readV2 = _snomed + (mix.ReadV2 / total);
        _ctv3 = _readV2 + (mix.Ctv3 / total);
        _dual = mix.ReadV2 > 0;
        foreach (var e in CodePalette.All)
        {
            _variants.Add(e, new Variants(e, LocalSystem));
        }
    }

    /// <summary>The practice's local code system URI.</summary>
    public string LocalSystem { get; }

    /// <summary>The standard coding only (SNOMED CT / dm+d system as in the palette / LOINC).</summary>
    public ImmutableArray<Coding> Standard(PaletteEntry e) => _variants[e].Standard;

    /// <summary>A medicine's coding under the dm+d system or (as GP systems often send it) the SNOMED CT system.</summary>
    public ImmutableArray<Coding> Medicine(PaletteEntry e, ref SplitMix64 rng) =>
        rng.Chance(0.4) ? _variants[e].AsSnomed : _variants[e].Standard;

    /// <summary>Chooses the coding of one event according to the coding mix and the concept's available alternatives.</summary>
    public ImmutableArray<Coding> Choose(PaletteEntry e, ref SplitMix64 rng)
    {
        var v = _variants[e];
        double u = rng.NextDouble();
        if (u < _snomed)
        {
            // A few SNOMED codings use the OID alias; some GP exports send SNOMED plus the Read v2 code side by side.
            double w = rng.NextDouble();
            if (w < 0.03 && e.System == SyntheticCodeSystems.Snomed)
            {
                return v.SnomedOid;
            }

            return w < 0.10 && _dual && !v.Dual.IsDefault ? v.Dual : v.Standard;
        }

        if (u < _readV2)
        {
            if (v.ReadV2.IsDefault)
            {
                return v.Standard;
            }

            double w = rng.NextDouble();
            return w < 0.15 ? v.ReadV2Short : w < 0.25 ? v.ReadV2Emis : v.ReadV2;
        }

        if (u < _ctv3)
        {
            if (v.Ctv3.IsDefault)
            {
                return v.Standard;
            }

            return !v.Ctv3Truncated.IsDefault && rng.Chance(0.05) ? v.Ctv3Truncated : v.Ctv3;
        }

        return v.Local.IsDefault ? v.Standard : v.Local;
    }

    /// <summary>The local coding of a concept, or default when it has none.</summary>
    public ImmutableArray<Coding> Local(PaletteEntry e) => _variants[e].Local;

    /// <summary>The Read v2 5-character form of a 7-character code with term code 00 (<c>C10F.00</c> -> <c>C10F.</c>).</summary>
    public static string ReadV2FiveCharacter(string code7) => code7[..5];

    /// <summary>The EMIS short form (<c>C10F.00</c> -> <c>C10F</c>, <c>C10..00</c> -> <c>C10</c>, <c>C10E.12</c> -> <c>C10E-2</c>).</summary>
    public static string ReadV2Emis(string code7)
    {
        string stem = code7[..5].TrimEnd('.');
        string term = code7[5..];
        return term == "00" ? stem : stem + "-" + term.TrimStart('1');
    }

    private sealed class Variants
    {
        public Variants(PaletteEntry e, string localSystem)
        {
            var standard = new Coding(e.System, e.Code, e.Display);
            Standard = [standard];
            AsSnomed = [standard with { System = SyntheticCodeSystems.Snomed }];
            SnomedOid = [standard with { System = SyntheticCodeSystems.SnomedOid }];
            if (e.ReadV2 is { } r)
            {
                var read = new Coding(SyntheticCodeSystems.ReadV2, r.Code, r.Display);
                ReadV2 = [read];
                ReadV2Short = [read with { Code = ReadV2FiveCharacter(r.Code) }];
                ReadV2Emis = [read with { Code = PracticeCodings.ReadV2Emis(r.Code) }];
                Dual = [standard, read];
            }

            if (e.Ctv3 is { } c)
            {
                Ctv3 = [new Coding(SyntheticCodeSystems.Ctv3, c.Code, c.Display)];
                string trimmed = c.Code.TrimEnd('.');
                if (trimmed.Length < c.Code.Length)
                {
                    Ctv3Truncated = [new Coding(SyntheticCodeSystems.Ctv3, trimmed, c.Display)];
                }
            }

            if (e.Local is { } l)
            {
                Local = [new Coding(localSystem, l.Code, l.Display)];
            }
        }

        public ImmutableArray<Coding> Standard { get; }

        public ImmutableArray<Coding> AsSnomed { get; }

        public ImmutableArray<Coding> SnomedOid { get; }

        public ImmutableArray<Coding> Dual { get; }

        public ImmutableArray<Coding> ReadV2 { get; }

        public ImmutableArray<Coding> ReadV2Short { get; }

        public ImmutableArray<Coding> ReadV2Emis { get; }

        public ImmutableArray<Coding> Ctv3 { get; }

        public ImmutableArray<Coding> Ctv3Truncated { get; }

        public ImmutableArray<Coding> Local { get; }
    }
}
