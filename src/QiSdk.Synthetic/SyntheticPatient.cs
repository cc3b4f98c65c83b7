using System.Collections.Immutable;
using QiSdk.Records;

namespace QiSdk.Synthetic;

/// <summary>How a medication event names its medicine in FHIR.</summary>
internal enum MedicationForm : byte
{
    /// <summary><c>medicationCodeableConcept</c>.</summary>
    CodeableConcept = 0,

    /// <summary><c>medicationReference</c> to a contained Medication (<c>#med</c>).</summary>
    Contained,

    /// <summary><c>medicationReference</c> to a <c>Medication/id</c> resource written alongside.</summary>
    Reference,
}

/// <summary>What the writers need about an event beyond the <see cref="ClinicalEvent"/> itself.</summary>
/// <param name="Medication">How a medication event names its medicine.</param>
/// <param name="Medicine">The palette medicine (for <see cref="MedicationForm.Reference"/>: the Medication resource id).</param>
/// <param name="Instant">An Observation whose date is written as <c>effectiveInstant</c> rather than <c>effectiveDateTime</c>.</param>
internal readonly record struct EventHint(MedicationForm Medication = MedicationForm.CodeableConcept, PaletteEntry? Medicine = null, bool Instant = false);

/// <summary>One generated patient: the record (exactly what a reader of the written files should produce) plus writer hints.</summary>
internal sealed class SyntheticPatient
{
    /// <summary>0-based position in the practice list.</summary>
    public required int Index { get; init; }

    /// <summary>The patient as the library models it.</summary>
    public required PatientRecord Record { get; init; }

    /// <summary>Writer hints, parallel to <see cref="PatientRecord.Events"/>; default when not requested.</summary>
    public ImmutableArray<EventHint> Hints { get; init; }
}
