namespace QiSdk.Synthetic;

/// <summary>
/// Writes the practice's code map CSV (<c>source_system,source_code,target_system,target_code</c>): every Read v2, CTV3
/// and mapped local code of the palette to its SNOMED CT concept (one local code in two steps, via Read v2). The
/// deliberately unmapped local codes get no row.
/// </summary>
internal static class CodeMapWriter
{
    public const string Header = "source_system,source_code,target_system,target_code";

    /// <summary>The rows, in palette order.</summary>
    public static IEnumerable<(string SourceSystem, string SourceCode, string TargetSystem, string TargetCode)> Rows(string practiceCode)
    {
        string local = SyntheticCodeSystems.Local(practiceCode);
        foreach (var e in CodePalette.All)
        {
            if (e.ReadV2 is { Mapped: true } r)
            {
                yield return (SyntheticCodeSystems.ReadV2, r.Code, e.System, e.Code);
            }

            if (e.Ctv3 is { Mapped: true } c)
            {
                yield return (SyntheticCodeSystems.Ctv3, c.Code, e.System, e.Code);
            }

            if (e.Local is { Mapped: true } l)
            {
                yield return l.ViaReadV2 is { } read
                    ? (local, l.Code, SyntheticCodeSystems.ReadV2, read)
                    : (local, l.Code, e.System, e.Code);
            }
        }
    }

    /// <summary>Writes the header and rows with <c>\n</c> line ends; returns the number of rows.</summary>
    public static int Write(string practiceCode, TextWriter writer)
    {
        writer.Write(Header);
        writer.Write('\n');
        int n = 0;
        foreach (var (ss, sc, ts, tc) in Rows(practiceCode))
        {
            writer.Write(ss);
            writer.Write(',');
            writer.Write(sc);
            writer.Write(',');
            writer.Write(ts);
            writer.Write(',');
            writer.Write(tc);
            writer.Write('\n');
            n++;
        }

        return n;
    }
}
