using System.Collections.Immutable;

namespace QiSdk.Records;

/// <summary>One <c>Observation.component</c> (for example the systolic part of a blood-pressure panel).</summary>
public sealed record ObservationComponent
{
    /// <summary>Every coding of <c>component.code</c>.</summary>
    public ImmutableArray<Coding> Codes { get; init; } = [];

    /// <summary><c>component.valueQuantity</c>, if any.</summary>
    public Quantity? Value { get; init; }

    /// <summary>Codings of <c>component.valueCodeableConcept</c>, if any.</summary>
    public ImmutableArray<Coding> ValueCodes { get; init; } = [];
}
