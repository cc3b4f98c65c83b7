using System.Collections.Immutable;

namespace QiSdk.Records;

/// <summary>What happened to the resources of one type: how many were read, kept and skipped, and why they were skipped.</summary>
/// <param name="ResourceType">The FHIR resource type, or <c>(unknown)</c> for entries whose type could not be read.</param>
/// <param name="Read">Resources of this type met in the input.</param>
/// <param name="Kept">Resources that became part of the model (a patient, an event, or a Medication used to resolve references).</param>
/// <param name="SkippedReasons">Skipped resources per reason (e.g. <c>unknown-patient</c>, <c>unsupported-type</c>); see <c>docs/error-codes.md</c>.</param>
public sealed record ResourceTypeSummary(string ResourceType, int Read, int Kept, ImmutableSortedDictionary<string, int> SkippedReasons)
{
    /// <summary>Resources skipped, for every reason (<see cref="Read"/> minus <see cref="Kept"/>).</summary>
    public int Skipped => SkippedReasons.Values.Sum();

    /// <summary>
    /// The latest event date (<see cref="ClinicalEvent.EventDate"/>) among the kept events of this type; null for types
    /// without events (Patient, Medication) or when none is dated. Shows how fresh an export is.
    /// </summary>
    public DateOnly? LatestEventDate { get; init; }
}
