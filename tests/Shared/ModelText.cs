using System.Globalization;
using System.Text;
using QiSdk.Records;

namespace QiSdk.TestSupport;

/// <summary>
/// The reader's model as comparable text, one line per patient and per event, with every kept field (dates with their
/// precision and offset as written, quantities with comparator and unit, statuses, references, source location).
/// ImmutableArray equality is by reference, so records are compared through this instead. Shared, as a linked source
/// file, by the Firely oracle tests and the core tests of FhirRecordBuilder.
/// </summary>
internal static class ModelText
{
    public static List<string> Lines(FhirReadResult result, bool withSource = true)
    {
        var lines = new List<string>();
        foreach (var p in result.Patients.OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            lines.Add(string.Join(" | ", "Patient/" + p.Id, Join(p.Identifiers.Select(i => i.System + "#" + i.Value)), D(p.BirthDate), p.Gender,
                p.DeceasedBoolean, D(p.DeceasedDate), p.Active, Join(p.GeneralPractitioners), p.ManagingOrganization, withSource ? p.Source : null));
            foreach (var e in p.Events.OrderBy(e => e.Kind).ThenBy(e => e.Id, StringComparer.Ordinal).ThenBy(e => e.Source?.Entry))
            {
                lines.Add(Event(p.Id, e, withSource));
            }
        }

        return lines;
    }

    public static string Event(string patient, ClinicalEvent e, bool withSource = true) => string.Join(" | ",
        "  " + patient, e.Kind, e.Id, Codes(e.Codes), D(e.Date), P(e.Period), D(e.RecordedDate), D(e.AbatementDate), e.Status,
        e.ClinicalStatus, e.VerificationStatus, e.Intent, e.DoNotPerform, Q(e.Value), Codes(e.ValueCodes),
        Join(e.Components.Select(c => Codes(c.Codes) + "=" + Q(c.Value) + "/" + Codes(c.ValueCodes))), Codes(e.Categories),
        e.EncounterReference, e.Class is { } k ? k.System + "|" + k.Code + "|" + k.Display : "-", Codes(e.DischargeDisposition), Codes(e.ReasonCodes),
        withSource ? e.Source : null);

    public static List<string> Counts(FhirReadResult result) =>
        [.. result.Resources.Select(r => $"{r.ResourceType}: read {r.Read}, kept {r.Kept}, skipped {string.Join(",", r.SkippedReasons.Select(kv => kv.Key + "=" + kv.Value))}")];

    private static string Codes(IEnumerable<Coding> codes) => Join(codes.Select(c => c.System + "|" + c.Code + "|" + c.Display));

    private static string Join(IEnumerable<string?> items) => "[" + string.Join(", ", items) + "]";

    private static string D(FhirDate? date) => date is { } d ? $"{d}({d.Precision},{d.TimeOfDay?.ToString("HH:mm:ss.fffffff", CultureInfo.InvariantCulture)},{d.UtcOffset})" : "-";

    private static string P(QiSdk.Records.Period? p) => p is { } v ? D(v.Start) + ".." + D(v.End) : "-";

    private static string Q(Quantity? q) => q is { } v
        ? new StringBuilder().Append(v.Comparator).Append(v.Value?.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(v.Unit).Append(" (").Append(v.System).Append('|').Append(v.Code).Append(')').ToString()
        : "-";
}
