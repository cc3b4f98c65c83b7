using System.Collections.Immutable;

namespace QiSdk.Indicators;

/// <summary>Builds an indicator's worklist from a result evaluated with explanations.</summary>
public static class Worklist
{
    /// <summary>
    /// The patients to review for one indicator, in the result's patient order: for an indicator where higher is better,
    /// patients in the denominator (not excluded, not excepted) who are not in the numerator; where lower is better, the
    /// patients in the numerator. Each comes with the deciding numerator rule's description and evidence.
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
            .ToDictionary(r => r.Name, StringComparer.Ordinal);
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

            // The numerator rule that decided: the one that held (lower is better) or the first that did not (higher is better).
            var trace = e.Rules.FirstOrDefault(t => numeratorRules.ContainsKey(t.Rule) && t.Held == lowerIsBetter);
            string reason;
            ImmutableArray<Evidence> evidence;
            if (trace is null)
            {
                reason = lowerIsBetter ? "in the numerator" : "not in the numerator";
                evidence = [];
            }
            else
            {
                var rule = numeratorRules[trace.Rule];
                string description = rule.Description.Length > 0 ? rule.Description : rule.Name;
                reason = lowerIsBetter ? description : "not met: " + description;
                evidence = trace.Evidence;
            }

            list.Add(new WorklistEntry(definition.Id, e.PatientId, p, reason, evidence));
        }

        return list.ToImmutable();
    }
}
