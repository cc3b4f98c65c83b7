using System.Collections.Immutable;

namespace QiSdk.Indicators;

/// <summary>
/// One step of a QOF-style rule cascade. When <see cref="When"/> holds (or is null), the rule either rejects (the
/// patient keeps the populations already reached and evaluation stops) or selects into <see cref="Populations"/> and
/// stops, unless <see cref="Continue"/> is set. When it does not hold, evaluation moves to the next rule.
/// </summary>
public sealed record IndicatorRule
{
    /// <summary>Rule name, unique within the definition (shown in explanations), e.g. <c>frailty-exclusion</c>.</summary>
    public required string Name { get; init; }

    /// <summary>What the rule does, for people; empty by default.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>The condition; null means always.</summary>
    public Criterion? When { get; init; }

    /// <summary>Reject or select.</summary>
    public required RuleAction Action { get; init; }

    /// <summary>Populations added when a <see cref="RuleAction.Select"/> rule fires (empty for reject).</summary>
    public ImmutableArray<MeasurePopulation> Populations { get; init; } = [];

    /// <summary>For select rules: carry on to the next rule after selecting (default false: stop).</summary>
    public bool Continue { get; init; }
}
