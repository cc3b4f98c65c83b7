using System.Collections.Immutable;

namespace QiSdk.Indicators;

/// <summary>
/// Why one patient reached the populations they did for one indicator: each rule evaluated, whether it held, and the
/// evidence (events with date, code and value) that decided it. The practice's worklist.
/// </summary>
/// <param name="IndicatorId">The indicator.</param>
/// <param name="PatientId">The patient.</param>
/// <param name="Populations">The populations reached.</param>
/// <param name="DecidingRule">
/// The rule that stopped the cascade (null when none stopped it, as for a denominator patient who met no numerator rule:
/// <see cref="Worklist.For"/> gives such patients a reason in the definition's words, with evidence).
/// </param>
/// <param name="Rules">Every rule evaluated, in order.</param>
public sealed record PatientExplanation(string IndicatorId, string PatientId, PopulationMembership Populations, string? DecidingRule, ImmutableArray<RuleTrace> Rules)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{IndicatorId} {PatientId}: {Populations} (decided by {DecidingRule ?? "end of rules"})" + Environment.NewLine +
        string.Join(Environment.NewLine, Rules.Select(r => "  " + r));
}

/// <summary>One rule evaluated for one patient.</summary>
/// <param name="Rule">Rule name.</param>
/// <param name="Held">Whether its condition held.</param>
/// <param name="Action">What it did when it held.</param>
/// <param name="Evidence">What the criteria found (events and values), in evaluation order.</param>
public sealed record RuleTrace(string Rule, bool Held, RuleAction Action, ImmutableArray<Evidence> Evidence)
{
    /// <summary>What the rule did, in words: <c>rejected</c>, <c>passed</c> (reject rule not met), <c>selected</c> or <c>not met</c>.</summary>
    public string Outcome => (Action, Held) switch
    {
        (RuleAction.Reject, true) => "rejected",
        (RuleAction.Reject, false) => "passed",
        (RuleAction.Select, true) => "selected",
        _ => "not met",
    };

    /// <inheritdoc />
    public override string ToString() =>
        $"{Rule}: {Outcome}{(Evidence.IsEmpty ? string.Empty : " [" + string.Join("; ", Evidence) + "]")}";
}

/// <summary>One finding of a criterion: what was looked for and the event (if any) that was found.</summary>
/// <param name="What">What the criterion looked at, e.g. <c>latest reading hba1c within 12 months up to R</c>.</param>
/// <param name="EventId">The deciding event's resource id, when an event decided it.</param>
/// <param name="Date">The deciding event's date.</param>
/// <param name="Code">The deciding event's first code as <c>system|code</c>.</param>
/// <param name="Value">The value compared (in the measurement's unit), for readings, ages, counts and scores.</param>
public sealed record Evidence(string What, string? EventId = null, DateOnly? Date = null, string? Code = null, decimal? Value = null)
{
    /// <inheritdoc />
    public override string ToString() =>
        What + (Value is { } v ? $" = {v:0.####}" : string.Empty)
        + (EventId is not null || Date is not null ? $" ({EventId ?? "?"} {Date:yyyy-MM-dd}{(Code is null ? string.Empty : " " + Code)})" : string.Empty);
}
