using System.Globalization;
using System.Text;
using QiSdk.Codes.Units;

namespace QiSdk.Indicators;

/// <summary>
/// Renders indicator definitions as Markdown pages (<c>docs/indicators/&lt;id&gt;.md</c>) and an index
/// (<c>docs/indicators/README.md</c>). The pages are generated, never hand-edited: a test compares the checked-in pages
/// with what this class renders, so a changed definition without regenerated pages fails the build.
/// </summary>
internal static class IndicatorDocumentation
{
    /// <summary>Where the definitions live, relative to <c>docs/indicators/</c>.</summary>
    private const string DefinitionFolder = "../../src/QiSdk/Resources/Indicators/";

    /// <summary>The page for one indicator.</summary>
    /// <param name="d">The definition.</param>
    public static string Render(IndicatorDefinition d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var sb = new StringBuilder();
        sb.Append("# ").Append(d.Title).Append('\n').Append('\n');
        sb.Append("<!-- Generated from ").Append(DefinitionFolder).Append(d.Id).Append(".json by QiSdk.Indicators.IndicatorDocumentation; do not edit by hand. -->\n\n");
        sb.Append("| | |\n|---|---|\n");
        sb.Append("| id | `").Append(d.Id).Append("` |\n");
        sb.Append("| canonical URL | `").Append(d.Url).Append("` |\n");
        sb.Append("| version | ").Append(d.Version).Append(" |\n");
        sb.Append("| kind | ").Append(IndicatorDefinitionJson.KindCode(d.Kind)).Append(" |\n");
        sb.Append("| improvement | ").Append(IndicatorDefinitionJson.DirectionCode(d.Direction))
            .Append(d.Direction == ImprovementDirection.Increase ? " (a higher score is better)" : " (a lower score is better)").Append(" |\n");
        sb.Append("| definition | [`").Append(d.Id).Append(".json`](").Append(DefinitionFolder).Append(d.Id).Append(".json) |\n\n");

        if (d.Description.Length > 0)
        {
            sb.Append(d.Description).Append("\n\n");
        }

        sb.Append("Score = numerator / (denominator - exclusions - exceptions). Dates, windows and which events count follow the shared\n")
          .Append("semantics in [`../semantics.md`](../semantics.md); R is the reference date (period end, inclusive).\n\n");

        sb.Append("## Populations\n\n| population | selected by |\n|---|---|\n");
        foreach (var population in Enum.GetValues<MeasurePopulation>())
        {
            var rules = d.Rules.Where(r => r.Action == RuleAction.Select && r.Populations.Contains(population)).Select(r => "`" + r.Name + "`").ToList();
            if (rules.Count > 0)
            {
                sb.Append("| ").Append(IndicatorDefinitionJson.PopulationCode(population)).Append(" | ").Append(string.Join(", ", rules)).Append(" |\n");
            }
        }

        sb.Append('\n');
        sb.Append("## Rule cascade\n\nRules run top to bottom for each patient; a rule whose condition holds rejects (stop) or selects into populations\n")
          .Append("(stop, unless it says it continues). An exception never applies to a numerator patient.\n\n");
        int n = 1;
        foreach (var rule in d.Rules)
        {
            RenderRule(sb, n++, rule, d);
        }

        if (d.Measurements.Length > 0)
        {
            sb.Append("## Measurements\n\n| name | code sets | compared in | conversions |\n|---|---|---|---|\n");
            foreach (var m in d.Measurements)
            {
                sb.Append("| `").Append(m.Name).Append("` | ").Append(Names(m.CodeSets)).Append(" | `").Append(m.Unit).Append("` | ")
                  .Append(m.Analyte switch
                  {
                      Analyte.Hba1c => "DCCT `%` to IFCC mmol/mol as (% - 2.15) x 10.929",
                      Analyte.Cholesterol => "`mg/dL` to mmol/L as / 38.67",
                      _ => "none (other spellings of the unit accepted)",
                  }).Append(m.KeepComparators ? "; values written with a comparator (`<30`, `>90`) are readings of their bound" : string.Empty).Append(" |\n");
            }

            sb.Append('\n');
        }

        var catalogueSets = CodeSetNames(d).Where(s => !d.CodeSets.Any(i => i.Name == s)).ToList();
        sb.Append("## Code sets\n\n");
        if (catalogueSets.Count > 0)
        {
            sb.Append("From the built-in code-set catalogue (see `docs/codes.md`): ").Append(Names(catalogueSets)).Append(".\n\n");
        }

        foreach (var set in d.CodeSets)
        {
            sb.Append("Inline `").Append(set.Name).Append("`:\n\n| system | code | display |\n|---|---|---|\n");
            foreach (var c in set.Codes)
            {
                sb.Append("| ").Append(c.System).Append(" | `").Append(c.Code).Append("` | ").Append(Escape(c.Display ?? string.Empty)).Append(" |\n");
            }

            sb.Append('\n');
        }

        if (d.References.Length > 0)
        {
            sb.Append("## Sources\n\n");
            foreach (var r in d.References)
            {
                sb.Append("- ").Append(r).Append('\n');
            }

            sb.Append('\n');
        }

        sb.Append("## Departures from the published rule and data limits\n\n");
        if (d.Notes.Length == 0)
        {
            sb.Append("None recorded.\n");
        }
        else
        {
            foreach (var note in d.Notes)
            {
                sb.Append("- ").Append(note).Append('\n');
            }
        }

        return sb.ToString();
    }

    /// <summary>The index page linking every indicator page.</summary>
    /// <param name="definitions">The catalogue's definitions.</param>
    public static string RenderIndex(IEnumerable<IndicatorDefinition> definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        var list = definitions.OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        var sb = new StringBuilder();
        sb.Append("# Built-in indicator catalogue\n\n");
        sb.Append("<!-- Generated by QiSdk.Indicators.IndicatorDocumentation; do not edit by hand. -->\n\n");
        sb.Append("QiSdk ships ").Append(list.Count.ToString(CultureInfo.InvariantCulture))
          .Append(" indicators. Each is one JSON definition in `src/QiSdk/Resources/Indicators/` (format: [`../indicator-format.md`](../indicator-format.md));\n")
          .Append("each page below is generated from its definition and lists its rule cascade, code sets, sources and the places where it departs\n")
          .Append("from the published rule. Run them all with `qi evaluate --indicators all`; list them with `qi indicators`.\n\n")
          .Append("To regenerate the pages after changing a definition: `QISDK_UPDATE_DOCS=1 dotnet test tests/QiSdk.Tests --filter FullyQualifiedName~IndicatorPages`.\n\n");
        foreach (var group in list.GroupBy(Family))
        {
            sb.Append("## ").Append(group.Key).Append("\n\n| id | title | kind | improvement |\n|---|---|---|---|\n");
            foreach (var d in group)
            {
                sb.Append("| [`").Append(d.Id).Append("`](").Append(d.Id).Append(".md) | ").Append(Escape(d.Title)).Append(" | ")
                  .Append(IndicatorDefinitionJson.KindCode(d.Kind)).Append(" | ").Append(IndicatorDefinitionJson.DirectionCode(d.Direction)).Append(" |\n");
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    private static string Family(IndicatorDefinition d) =>
        d.Id.StartsWith("qof-", StringComparison.Ordinal) ? "QOF-modelled"
        : d.Id.StartsWith("pincer-", StringComparison.Ordinal) ? "PINCER-modelled (hazardous prescribing and monitoring)"
        : d.Id.StartsWith("dq-", StringComparison.Ordinal) ? "Data completeness"
        : "Other";

    /// <summary>One rule of the cascade in words (as on the indicator's page), e.g. for FHIR Measure population descriptions.</summary>
    internal static string RuleText(int n, IndicatorRule rule, IndicatorDefinition d)
    {
        var sb = new StringBuilder();
        RenderRule(sb, n, rule, d);
        return sb.ToString().TrimEnd();
    }

    private static void RenderRule(StringBuilder sb, int n, IndicatorRule rule, IndicatorDefinition d)
    {
        string action;
        Criterion? condition = rule.When;
        if (rule.Action == RuleAction.Reject)
        {
            if (condition is NotCriterion not)
            {
                action = "reject unless";
                condition = not.Item;
            }
            else
            {
                action = condition is null ? "reject" : "reject when";
            }
        }
        else
        {
            string pops = string.Join(" + ", rule.Populations.Select(IndicatorDefinitionJson.PopulationCode));
            action = "select " + pops + (condition is null ? string.Empty : " when")
                     + (rule.Continue ? ", then continue" : string.Empty);
        }

        sb.Append(n.ToString(CultureInfo.InvariantCulture)).Append(". `").Append(rule.Name).Append("` (**").Append(action).Append("**)");
        if (rule.Description.Length > 0)
        {
            sb.Append(": ").Append(rule.Description.TrimEnd('.')).Append('.');
        }

        sb.Append('\n');
        if (condition is not null)
        {
            RenderCriterion(sb, condition, "   ", d);
        }

        sb.Append('\n');
    }

    private static void RenderCriterion(StringBuilder sb, Criterion c, string indent, IndicatorDefinition d)
    {
        switch (c)
        {
            case AllCriterion all:
                sb.Append(indent).Append("- all of:\n");
                foreach (var item in all.Items)
                {
                    RenderCriterion(sb, item, indent + "  ", d);
                }

                break;
            case AnyCriterion any:
                sb.Append(indent).Append("- any of:\n");
                foreach (var item in any.Items)
                {
                    RenderCriterion(sb, item, indent + "  ", d);
                }

                break;
            case NotCriterion not when not.Item is AllCriterion or AnyCriterion or NotCriterion or ScoreCriterion:
                sb.Append(indent).Append("- not:\n");
                RenderCriterion(sb, not.Item, indent + "  ", d);
                break;
            case NotCriterion not:
                sb.Append(indent).Append("- not: ").Append(Leaf(not.Item, d)).Append('\n');
                break;
            case ScoreCriterion score:
                sb.Append(indent).Append("- score ").Append(score.Range).Append(", adding each weight whose condition holds:\n");
                foreach (var item in score.Items)
                {
                    sb.Append(indent).Append("  - +").Append(item.Weight.ToString(CultureInfo.InvariantCulture))
                      .Append(item.Name is null ? string.Empty : " `" + item.Name + "`").Append(':');
                    if (item.When is AllCriterion or AnyCriterion or NotCriterion or ScoreCriterion)
                    {
                        sb.Append('\n');
                        RenderCriterion(sb, item.When, indent + "    ", d);
                    }
                    else
                    {
                        sb.Append(' ').Append(Leaf(item.When, d)).Append('\n');
                    }
                }

                break;
            default:
                sb.Append(indent).Append("- ").Append(Leaf(c, d)).Append('\n');
                break;
        }
    }

    private static string Leaf(Criterion c, IndicatorDefinition d) => c switch
    {
        PopulationBaseCriterion => "in the population base (has a birth date, `active` not false, alive at R)",
        AgeCriterion age => (age.At == AgeAt.PeriodStart ? "age at the period start " : "age at R ") + age.Range,
        SexCriterion sex => "sex is " + string.Join(" or ", sex.Sexes.Select(s => s.ToString().ToLowerInvariant())),
        RegisterCriterion reg => "on the register: latest " + Names(reg.CodeSets) + " code on or before R"
                                 + (reg.ResolvedBy.IsDefaultOrEmpty ? string.Empty : " with no " + Names(reg.ResolvedBy) + " code dated after it"),
        ExistsCriterion e => "an event in " + Query(e.Query),
        NotDoneCriterion n => "a record that an event in " + Query(n.Query) + " was not done (doNotPerform, not-done, not-taken)",
        CountCriterion count => (count.Distinct == CountDistinct.Dates || count.MinDaysApart > 0 ? "the number of distinct dates" : "the number of events")
                                + (count.MinDaysApart > 0 ? $" at least {count.MinDaysApart} days apart" : string.Empty)
                                + " with an event in " + Query(count.Query) + " is " + count.Range,
        EventPickCriterion pick => "the " + (pick.Pick == EventPick.Earliest ? "earliest" : "latest") + " event in " + Query(pick.Query) + " exists"
                                   + (pick.InCodeSets.IsDefaultOrEmpty ? string.Empty : " and is in " + Names(pick.InCodeSets))
                                   + (pick.DateWithin is null ? string.Empty : " and is dated " + pick.DateWithin),
        ReadingCriterion r => "the " + ReadingPickText(r.Pick) + " `" + r.Measurement + "` reading " + r.Window + " is " + r.Range
                              + " " + (d.Measurements.FirstOrDefault(m => m.Name == r.Measurement)?.Unit ?? string.Empty)
                              + (r.ExcludeComparators.IsDefaultOrEmpty ? string.Empty : ", and was not written with " + string.Join(" or ", r.ExcludeComparators.Select(x => "`" + x + "`")))
                              + (r.Filter.IsEmpty ? string.Empty : " " + Filter(r.Filter))
                              + (r.WhenNoValue is { } noValue ? $" (a chosen reading without a result {(noValue ? "holds" : "fails")})" : string.Empty),
        DateComparisonCriterion cmp => "the " + Operand(cmp.Left) + " is " + RelationText(cmp.Relation) + " the " + Operand(cmp.Right)
                                       + (cmp.WhenRightMissing ? " (holds when there is no " + Names(cmp.Right.Query.CodeSets) + " event)" : string.Empty),
        TogetherCriterion t => "an event in " + Query(t.First) + " and an event in " + Query(t.Second) + " dated less than " + t.LessThanDaysApart.ToString(CultureInfo.InvariantCulture) + " days apart",
        AnchoredCriterion a => "an event in " + Query(a.Anchor) + " with " + string.Join(" and ", a.With.Select(x => "an event in " + Companion(x.Query) + " " + Before(x.Before))),
        NotCriterion not => "not: " + Leaf(not.Item, d),
        _ => c.ToString(),
    };

    // A companion's own window is usually "ever"; its date is then fixed by the anchor alone, so "on or before R" is left out.
    private static string Companion(EventQuery q) =>
        q.Window == EventWindow.Ever ? Query(q)[(Names(q.CodeSets) + " " + q.Window).Length..].Insert(0, Names(q.CodeSets)) : Query(q);

    private static string Before(EventWindow w) =>
        w.Unit == WindowUnit.Days && w.Amount == 1
            ? "on the same day"
            : "dated after " + w.Amount.ToString(CultureInfo.InvariantCulture) + " " + (w.Unit == WindowUnit.Days ? "day" : "month") + (w.Amount == 1 ? string.Empty : "s") + " before it, up to and including its day";

    private static string Operand(DateOperand o) => (o.Pick == EventPick.Earliest ? "earliest" : "latest") + " event in " + Query(o.Query);

    private static string Query(EventQuery q) =>
        Names(q.CodeSets) + " " + q.Window
        + (q.Kinds.IsDefaultOrEmpty ? string.Empty : " recorded as " + string.Join(" or ", q.Kinds.Select(k => k.ToString())))
        + (q.RecordedFromAge is { } age ? " recorded on or after the patient's " + Ordinal(age) + " birthday" : string.Empty)
        + (q.Filter.IsEmpty ? string.Empty : " " + Filter(q.Filter));

    private static string Ordinal(int n)
    {
        string suffix = (n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        return n.ToString(CultureInfo.InvariantCulture) + suffix;
    }

    private static string Filter(EventFilter f)
    {
        var parts = new List<string>();
        if (!f.Statuses.IsDefaultOrEmpty) { parts.Add("with status " + string.Join(" or ", f.Statuses.Select(x => "`" + x + "`"))); }
        if (!f.Intents.IsDefaultOrEmpty) { parts.Add("with intent " + string.Join(" or ", f.Intents.Select(x => "`" + x + "`"))); }
        if (!f.ValueCodeSets.IsDefaultOrEmpty) { parts.Add("whose coded value is in " + Names(f.ValueCodeSets)); }
        if (!f.DischargeCodeSets.IsDefaultOrEmpty) { parts.Add("with a discharge disposition in " + Names(f.DischargeCodeSets)); }
        if (!f.ReasonCodeSets.IsDefaultOrEmpty) { parts.Add("with a reason in " + Names(f.ReasonCodeSets)); }
        if (f.Encounter is { } e) { parts.Add("in an encounter " + Encounter(e)); }
        if (f.NotEncounter is { } n) { parts.Add("not in an encounter " + Encounter(n)); }
        if (f.MedicationByCodeOnly) { parts.Add("with the medication named by code (not by a Medication reference)"); }
        return string.Join(", ", parts);
    }

    private static string Encounter(EncounterFilter e)
    {
        var parts = new List<string>();
        if (!e.Classes.IsDefaultOrEmpty) { parts.Add("of class " + string.Join(" or ", e.Classes.Select(x => "`" + x + "`"))); }
        if (!e.CodeSets.IsDefaultOrEmpty) { parts.Add("in " + Names(e.CodeSets)); }
        if (!e.Statuses.IsDefaultOrEmpty) { parts.Add("with status " + string.Join(" or ", e.Statuses.Select(x => "`" + x + "`"))); }
        parts.Add(e.Link == EncounterLink.During ? "(dated within its period)" : "(named by its encounter reference)");
        return string.Join(" ", parts);
    }

    private static string ReadingPickText(ReadingPick p) => p switch
    {
        ReadingPick.Earliest => "earliest",
        ReadingPick.Lowest => "lowest",
        ReadingPick.Highest => "highest",
        _ => "latest (lowest value on the latest date)",
    };

    private static string RelationText(DateRelation r) => r switch
    {
        DateRelation.After => "after",
        DateRelation.OnOrAfter => "on or after",
        DateRelation.Before => "before",
        DateRelation.OnOrBefore => "on or before",
        _ => "on the same day as",
    };

    private static string Names(IEnumerable<string> names) => string.Join(", ", names.Select(n => "`" + n + "`"));

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    /// <summary>Every code set name the definition uses, in first-use order.</summary>
    internal static List<string> CodeSetNames(IndicatorDefinition d)
    {
        var names = new List<string>();
        void Add(IEnumerable<string> more)
        {
            foreach (var n in more)
            {
                if (!names.Contains(n))
                {
                    names.Add(n);
                }
            }
        }

        void AddFilter(EventFilter f)
        {
            foreach (var list in new[] { f.ValueCodeSets, f.DischargeCodeSets, f.ReasonCodeSets, f.Encounter?.CodeSets ?? [], f.NotEncounter?.CodeSets ?? [] })
            {
                Add(list.IsDefault ? [] : list);
            }
        }

        void Walk(Criterion? c)
        {
            switch (c)
            {
                case AllCriterion a: foreach (var i in a.Items) { Walk(i); } break;
                case AnyCriterion a: foreach (var i in a.Items) { Walk(i); } break;
                case NotCriterion n: Walk(n.Item); break;
                case ScoreCriterion s: foreach (var i in s.Items) { Walk(i.When); } break;
                case RegisterCriterion r: Add(r.CodeSets); Add(r.ResolvedBy.IsDefault ? [] : r.ResolvedBy); break;
                case ExistsCriterion e: Add(e.Query.CodeSets); AddFilter(e.Query.Filter); break;
                case NotDoneCriterion e: Add(e.Query.CodeSets); AddFilter(e.Query.Filter); break;
                case CountCriterion e: Add(e.Query.CodeSets); AddFilter(e.Query.Filter); break;
                case EventPickCriterion e: Add(e.Query.CodeSets); Add(e.InCodeSets.IsDefault ? [] : e.InCodeSets); break;
                case ReadingCriterion r: Add(d.Measurements.FirstOrDefault(m => m.Name == r.Measurement)?.CodeSets ?? []); AddFilter(r.Filter); break;
                case DateComparisonCriterion cmp: Add(cmp.Left.Query.CodeSets); Add(cmp.Right.Query.CodeSets); break;
                case TogetherCriterion t: Add(t.First.CodeSets); Add(t.Second.CodeSets); break;
                case AnchoredCriterion a: Add(a.Anchor.CodeSets); foreach (var x in a.With) { Add(x.Query.CodeSets); } break;
            }
        }

        foreach (var rule in d.Rules)
        {
            Walk(rule.When);
        }

        foreach (var m in d.Measurements)
        {
            Add(m.CodeSets);
        }

        return names;
    }
}
