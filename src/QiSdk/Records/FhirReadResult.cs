using System.Collections.Immutable;

namespace QiSdk.Records;

/// <summary>The outcome of one <see cref="FhirRecordReader"/> run.</summary>
public sealed record FhirReadResult
{
    /// <summary>The patients, in the order their Patient resources were read, each with its events.</summary>
    public required ImmutableArray<PatientRecord> Patients { get; init; }

    /// <summary>Per resource type: read, kept, skipped with reasons; ordered by type name.</summary>
    public required ImmutableArray<ResourceTypeSummary> Resources { get; init; }

    /// <summary>Every problem found, in the order found.</summary>
    public required ImmutableArray<DataQualityIssue> Problems { get; init; }

    /// <summary>Files (or streams) read, in the order read.</summary>
    public required ImmutableArray<string> Inputs { get; init; }

    /// <summary>The latest event date of any kept event (the newest <see cref="ResourceTypeSummary.LatestEventDate"/>); null when no event is dated.</summary>
    public DateOnly? LatestEventDate => Resources.Max(r => r.LatestEventDate);

    /// <summary>Resources skipped because their patient reference named no Patient in the input (<c>unknown-patient</c>).</summary>
    public int UnresolvedPatientReferences =>
        Resources.Sum(r => r.SkippedReasons.GetValueOrDefault(ReaderErrors.Reasons.UnknownPatient));
}
