using QiSdk;
using QiSdk.Codes;

namespace EmbedInEmr;

/// <summary>
/// The host's own map from the Read v2 codes its older records carry to SNOMED CT, contributed as a plug-in. A vendor
/// holding the NHS TRUD maps would load those instead (<see cref="CodeMapCsv.LoadTrud(string, DataQualityLog?)"/>).
/// </summary>
internal sealed class EmrCodeMap : ICodeMapProvider
{
    public IEnumerable<CodeMap> GetCodeMaps(DataQualityLog log) =>
    [
        CodeMap.Create("emr-read2-to-snomed",
        [
            // Read v2 C10F. "Type 2 diabetes mellitus" -> SNOMED CT 44054006 (pair as published in CPRD/EMIS code lists).
            new CodeMapEntry("READ2", "C10F.", "http://snomed.info/sct", "44054006", "equivalent"),
        ]),
    ];
}
