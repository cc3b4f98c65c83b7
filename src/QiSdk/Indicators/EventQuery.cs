using System.Collections.Immutable;
using QiSdk.Records;

namespace QiSdk.Indicators;

/// <summary>
/// The patient's counting events that are in any of <see cref="CodeSets"/>, dated within <see cref="Window"/>, (when
/// <see cref="Kinds"/> is not empty) of one of those resource types, (when <see cref="RecordedFromAge"/> is set) dated on
/// or after the patient's birthday of that age, and passing <see cref="Filter"/>.
/// </summary>
public sealed record EventQuery
{
    /// <summary>Code set names (inline or from the host's catalogue); at least one.</summary>
    public required ImmutableArray<string> CodeSets { get; init; }

    /// <summary>The date window; <see cref="EventWindow.Ever"/> by default.</summary>
    public EventWindow Window { get; init; } = EventWindow.Ever;

    /// <summary>Resource types to keep; empty (the default) keeps every type.</summary>
    public ImmutableArray<ResourceKind> Kinds { get; init; } = [];

    /// <summary>Statuses, intents, coded values, reasons and encounter context the events must have; none by default.</summary>
    public EventFilter Filter { get; init; } = EventFilter.None;

    /// <summary>
    /// When set, only events dated on or after the patient's birthday of this age count (recorded at this age or older);
    /// a patient without a birth date, and an undated event, never qualify. Age is computed as for the age criterion (a
    /// 29 February birthday is reached on 1 March in other years).
    /// Rules such as QOF's "never smoked recorded after the patient's 25th birthday" need it. JSON: <c>"recordedFromAge": 25</c>.
    /// </summary>
    public int? RecordedFromAge { get; init; }
}
