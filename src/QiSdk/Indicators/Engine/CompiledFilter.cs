using QiSdk.Records;

namespace QiSdk.Indicators.Engine;

/// <summary>An <see cref="EventFilter"/> bound to slots: tested per candidate event only by queries that have one.</summary>
internal sealed class CompiledFilter(string[] statuses, string[] intents, int[] valueSlots, int[] dischargeSlots, int[] reasonSlots, CompiledEncounterFilter? encounter, CompiledEncounterFilter? notEncounter, bool medicationByCodeOnly = false)
{
    public bool Accept(ClinicalEvent e, int component, int day, PatientFacts f)
    {
        if (medicationByCodeOnly && e.MedicationReference is not null)
        {
            return false;
        }

        if (statuses.Length > 0 && !Has(statuses, e.Kind is ResourceKind.Condition or ResourceKind.AllergyIntolerance ? e.ClinicalStatus : e.Status))
        {
            return false;
        }

        if (intents.Length > 0 && !Has(intents, e.Intent))
        {
            return false;
        }

        var plan = f.Plan;
        if (valueSlots.Length > 0 && !ValueIn(e, component, plan))
        {
            return false;
        }

        if (dischargeSlots.Length > 0 && !plan.AnyIn(e.DischargeDisposition.AsSpan(), dischargeSlots))
        {
            return false;
        }

        if (reasonSlots.Length > 0 && !plan.AnyIn(e.ReasonCodes.AsSpan(), reasonSlots))
        {
            return false;
        }

        if (encounter is not null && !encounter.Linked(e, day, f))
        {
            return false;
        }

        return notEncounter is null || !notEncounter.Linked(e, day, f);
    }

    /// <summary>Matched through a component: that component's value; through its own code: its value or any component's.</summary>
    private bool ValueIn(ClinicalEvent e, int component, CompiledPlan plan)
    {
        if (component >= 0)
        {
            return plan.AnyIn(e.Components[component].ValueCodes.AsSpan(), valueSlots);
        }

        if (plan.AnyIn(e.ValueCodes.AsSpan(), valueSlots))
        {
            return true;
        }

        foreach (var c in e.Components)
        {
            if (plan.AnyIn(c.ValueCodes.AsSpan(), valueSlots))
            {
                return true;
            }
        }

        return false;
    }

    internal static bool Has(string[] values, string? value)
    {
        if (value is null)
        {
            return false;
        }

        foreach (string v in values)
        {
            if (string.Equals(v, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>An <see cref="EncounterFilter"/> bound to slots.</summary>
internal sealed class CompiledEncounterFilter(EncounterLink link, string[] classes, int[] slots, string[] statuses)
{
    /// <summary>True when the event is tied (by reference, or by date) to a counting Encounter of the patient that matches.</summary>
    public bool Linked(ClinicalEvent e, int day, PatientFacts f)
    {
        var events = f.Events;
        if (link == EncounterLink.Reference)
        {
            if (e.EncounterReference is not { } reference)
            {
                return false;
            }

            foreach (var enc in events)
            {
                if (enc.Kind == ResourceKind.Encounter && enc.Id is { } id && Names(reference, id) && EventCounting.Counts(enc) && Matches(enc, f))
                {
                    return true;
                }
            }

            return false;
        }

        foreach (var enc in events)
        {
            if (enc.Kind == ResourceKind.Encounter && enc.Period is { Start: { } start } period && start.DayNumber <= day
                && (period.End is not { } end || end.DayNumber >= day) && EventCounting.Counts(enc) && Matches(enc, f))
            {
                return true;
            }
        }

        return false;
    }

    private bool Matches(ClinicalEvent enc, PatientFacts f) =>
        (classes.Length == 0 || CompiledFilter.Has(classes, enc.Class?.Code))
        && (statuses.Length == 0 || CompiledFilter.Has(statuses, enc.Status))
        && (slots.Length == 0 || f.Plan.AnyIn(enc.Codes.AsSpan(), slots));

    /// <summary>True when <paramref name="reference"/> is <c>Encounter/id</c> (or an absolute URL ending in it, or either with <c>/_history/n</c>), without allocating.</summary>
    internal static bool Names(string reference, string id)
    {
        var span = reference.AsSpan();
        int history = span.IndexOf("/_history/", StringComparison.Ordinal);
        if (history >= 0)
        {
            span = span[..history];
        }

        const string prefix = "Encounter/";
        if (!span.EndsWith(id, StringComparison.Ordinal))
        {
            return false;
        }

        var head = span[..^id.Length];
        return head.EndsWith(prefix, StringComparison.Ordinal) && (head.Length == prefix.Length || head[^(prefix.Length + 1)] == '/');
    }
}
