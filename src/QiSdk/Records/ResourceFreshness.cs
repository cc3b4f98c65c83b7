using System.Collections.Immutable;

namespace QiSdk.Records;

/// <summary>
/// The latest clinical event date seen for one FHIR resource type in a practice's records: feedback is distrusted when
/// data is out of date, so results carry it and comparisons state each practice's lag to the reference date.
/// </summary>
/// <param name="ResourceType">The FHIR resource type, e.g. <c>Observation</c>.</param>
/// <param name="LatestEventDate">The latest event date seen for that type.</param>
public sealed record ResourceFreshness(string ResourceType, DateOnly LatestEventDate)
{
    /// <summary>
    /// The latest event date per resource type over patients' events: the event's own date, else its period start, else
    /// its recorded date (events with none are not counted). Sorted by resource type.
    /// </summary>
    /// <param name="patients">The patients.</param>
    /// <exception cref="ArgumentNullException"><paramref name="patients"/> is null.</exception>
    public static ImmutableArray<ResourceFreshness> Of(IEnumerable<PatientRecord> patients)
    {
        ArgumentNullException.ThrowIfNull(patients);
        var latest = new int[Enum.GetValues<ResourceKind>().Length];
        Array.Fill(latest, int.MinValue);
        foreach (var patient in patients)
        {
            foreach (var e in patient.Events)
            {
                FhirDate? date = e.Date ?? e.Period?.Start ?? e.RecordedDate;
                if (date is { HasValue: true } d && d.DayNumber > latest[(int)e.Kind])
                {
                    latest[(int)e.Kind] = d.DayNumber;
                }
            }
        }

        return [.. Enum.GetValues<ResourceKind>()
            .Where(k => latest[(int)k] != int.MinValue)
            .Select(k => new ResourceFreshness(k.ToString(), DateOnly.FromDayNumber(latest[(int)k])))
            .OrderBy(f => f.ResourceType, StringComparer.Ordinal)];
    }
}
