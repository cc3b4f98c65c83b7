using System.Collections.Immutable;
using QiSdk.Records;

namespace QiSdk.Indicators;

/// <summary>
/// The patient's counting events that are in any of <see cref="CodeSets"/>, dated within <see cref="Window"/>, (when
/// <see cref="Kinds"/> is not empty) of one of those resource types, and passing <see cref="Filter"/>.
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
}
