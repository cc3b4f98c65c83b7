using System.Collections.Immutable;

namespace QiSdk.Indicators;

/// <summary>Builds an indicator's worklist from a result evaluated with explanations.</summary>
public static class Worklist
{
    /// <summary>
    /// The patients to review for one indicator, in the result's patient order: for an indicator where higher is better,
    /// patients in the denominator (not excluded, not excepted) who are not in the numerator; where lower is better, the
    /// patients in the numerator. Each comes with a reason in the definition's words (never a rule name unless the rule has
    /// no description) and the evidence behind it: for higher-is-better, every numerator rule the patient did not meet
    /// ("not met: ..."), with what its criteria found (a reading above the target, or nothing: no reading at all); for
    /// lower-is-better, the numerator rule the patient met and every exclusion after the initial population they did not
    /// meet (e.g. no gastroprotection). Excluded and excepted patients are never listed.
    /// </summary>
    /// <param name="definition">The indicator's definition (for its rules' descriptions and its direction).</param>
    /// <param name="result">Its result, evaluated with explanations (<see cref="IndicatorEngineOptions.IncludeExplanations"/>).</param>
    /// <returns>The worklist; empty when nobody needs review.</returns>
    /// <exception cref="ArgumentException">The result is of another indicator.</exception>
    /// <exception cref="InvalidOperationException">The result has no explanations (the run did not ask for them) although it has patients in the denominator.</exception>
    public static ImmutableArray<WorklistEntry> For(IndicatorDefinition definition, IndicatorResult result)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(result);
        if (!string.Equals(definition.Id, result.Summary.IndicatorId, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The result is of indicator '{result.Summary.IndicatorId}', not '{definition.Id}'.", nameof(result));
        }

        if (result.Explanations.IsDefaultOrEmpty)
        {
            return result.Summary.Counts.Denominator == 0
                ? []
                : throw new InvalidOperationException($"The result of '{definition.Id}' has no explanations: run the audit with explanations (IncludeExplanations) to build a worklist.");
        }

        bool lowerIsBetter = definition.Direction == ImprovementDirection.Decrease;
        var numeratorRules = definition.Rules
            .Where(r => r.Action == RuleAction.Select && r.Populations.Contains(MeasurePopulation.Numerator))
            .ToList();
        // Decrease indicators (PINCER style) often define the hazard partly by exclusions after the initial population
        // (e.g. "gastroprotected" rejects): a listed patient passed each of them, and that is part of why they are listed.
        int initialPopulation = definition.Rules.Select((r, i) => (Rule: r, Index: i))
            .Where(x => x.Rule.Action == RuleAction.Select && x.Rule.Populations.Contains(MeasurePopulation.InitialPopulation))
            .Select(x => x.Index).DefaultIfEmpty(-1).First();
        var hazardExclusions = lowerIsBetter && initialPopulation >= 0
            ? definition.Rules.Skip(initialPopulation + 1).Where(r => r.Action == RuleAction.Reject).ToList()
            : [];
        var list = ImmutableArray.CreateBuilder<WorklistEntry>();
        foreach (var e in result.Explanations)
        {
            var p = e.Populations;
            bool effective = p.HasFlag(PopulationMembership.Denominator)
                && !p.HasFlag(PopulationMembership.DenominatorExclusion)
                && !p.HasFlag(PopulationMembership.DenominatorException);
            bool inNumerator = p.HasFlag(PopulationMembership.Numerator);
            if (!effective || inNumerator != lowerIsBetter)
            {
                continue;
            }

            var traces = e.Rules.ToDictionary(t => t.Rule, StringComparer.Ordinal);
            var reasons = new List<string>();
            var evidence = ImmutableArray.CreateBuilder<Evidence>();
            if (lowerIsBetter)
            {
                // The numerator rule that held, then each hazard-defining exclusion the patient did not meet.
                var held = numeratorRules.FirstOrDefault(r => traces.TryGetValue(r.Name, out var t) && t.Held);
                if (held is not null)
                {
                    reasons.Add(Describe(held));
                    evidence.AddRange(traces[held.Name].Evidence);
                }

                foreach (var rule in hazardExclusions)
                {
                    if (traces.TryGetValue(rule.Name, out var t) && !t.Held)
                    {
                        reasons.Add("not met: " + Describe(rule));
                        evidence.AddRange(t.Evidence);
                    }
                }
            }
            else
            {
                // Every numerator rule the patient did not meet (a rule the cascade never reached was not met either).
                foreach (var rule in numeratorRules)
                {
                    reasons.Add("not met: " + Describe(rule));
                    if (traces.TryGetValue(rule.Name, out var t))
                    {
                        evidence.AddRange(t.Evidence);
                    }
                }
            }

            string reason = reasons.Count > 0 ? string.Join("; ", reasons) : lowerIsBetter ? "in the numerator" : "not in the numerator";
            list.Add(new WorklistEntry(definition.Id, e.PatientId, p, reason, evidence.ToImmutable()));
        }

        return list.ToImmutable();
    }

    private static string Describe(IndicatorRule rule) => rule.Description.Length > 0 ? rule.Description : rule.Name;
}
