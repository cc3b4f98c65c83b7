using System.Globalization;
using System.Collections.Immutable;
using QiSdk.Codes;
using QiSdk.Codes.Units;
using QiSdk.Records;

namespace QiSdk.Indicators.Engine;

internal sealed record MeasurementPlan(string Name, int[] Slots, string Unit, Analyte Analyte, bool KeepComparators);

internal sealed record CompiledRule(string Name, Node? When, RuleAction Action, PopulationMembership Populations, bool Continue);

internal sealed record CompiledIndicator(IndicatorDefinition Definition, CompiledRule[] Rules);

/// <summary>
/// Definitions compiled for one reference date against one matcher: every code set used gets a dense slot; every
/// criterion becomes a <see cref="Node"/> bound to slots and day numbers. Immutable and shared by all workers.
/// </summary>
internal sealed class CompiledPlan
{
    private CompiledPlan(InlineCodeSets matchers, MeasurementPeriod period)
    {
        Matcher = matchers.Primary;
        InlineMatcher = matchers.Secondary;
        ReferenceDate = period.End;
        ReferenceDay = period.End.DayNumber;
        PeriodStartDay = period.Start?.DayNumber;
        HostToSlot = new int[Matcher.CodeSetNames.Count];
        Array.Fill(HostToSlot, -1);
        InlineToSlot = new int[InlineMatcher?.CodeSetNames.Count ?? 0];
        Array.Fill(InlineToSlot, -1);
    }

    /// <summary>The matcher every coding goes through (the host's terminology extended with the inline sets, when it is one).</summary>
    public ICodeSetMatcher Matcher { get; }

    /// <summary>Index in <see cref="Matcher"/> -> slot, or -1 when no compiled indicator uses that code set.</summary>
    public int[] HostToSlot { get; }

    /// <summary>Fallback only (host matcher is not a <see cref="Terminology"/>): the inline sets' own terminology; else null.</summary>
    public Terminology? InlineMatcher { get; }

    /// <summary>Index in <see cref="InlineMatcher"/> -> slot.</summary>
    public int[] InlineToSlot { get; }

    public int SlotCount { get; private set; }

    public MeasurementPlan[] Measurements { get; private set; } = [];

    public CompiledIndicator[] Indicators { get; private set; } = [];

    public DateOnly ReferenceDate { get; }

    public int ReferenceDay { get; }

    public int? PeriodStartDay { get; }

    /// <summary>The patient's usable readings of measurement <paramref name="m"/>, computed once per patient (problems logged once).</summary>
    public ReadOnlySpan<Reading> ReadingsOf(EvalContext c, int m)
    {
        var f = c.Facts;
        if (f.ReadingReady[m] == f.Generation)
        {
            return f.Readings.AsSpan(f.ReadingStart[m], f.ReadingCount[m]);
        }

        var plan = Measurements[m];
        int start = f.ReadingTotal;
        int stamp = f.NextEventStamp(f.Events.Length);
        var events = f.Events;
        foreach (int slot in plan.Slots)
        {
            foreach (ref readonly var entry in f.Slot(slot))
            {
                if (entry.NotDone || !f.MarkEvent(entry.Event, stamp))
                {
                    continue;
                }

                var e = events[entry.Event];
                Quantity? q = entry.Component < 0 ? e.Value : e.Components[entry.Component].Value;
                bool noValueAtAll = q is null && (entry.Component < 0 ? e.ValueCodes.IsDefaultOrEmpty : e.Components[entry.Component].ValueCodes.IsDefaultOrEmpty);
                decimal value = 0;
                string? comparator = null;
                if (plan.KeepComparators && q is { Comparator: { Length: > 0 } written } bound)
                {
                    // The measurement asks for bounds to be readings too: compare the bound's value, remember its comparator.
                    comparator = written;
                    q = bound with { Comparator = null };
                }

                var outcome = q is { } quantity ? UnitNormaliser.Normalise(quantity, plan.Unit, plan.Analyte, out value) : UnitOutcome.NoValue;
                if (outcome == UnitOutcome.Ok)
                {
                    f.EnsureReadings(f.ReadingTotal + 1);
                    f.Readings[f.ReadingTotal++] = new Reading { Event = entry.Event, Day = entry.Day, End = entry.End, Component = entry.Component, Value = value, Comparator = comparator };
                }
                else
                {
                    if (noValueAtAll)
                    {
                        // Kept for readings that ask about "no result" (ReadingCriterion.WhenNoValue); others pass over it.
                        f.EnsureReadings(f.ReadingTotal + 1);
                        f.Readings[f.ReadingTotal++] = new Reading { Event = entry.Event, Day = entry.Day, End = entry.End, Component = entry.Component, NoValue = true };
                    }

                    string unitText = q is { } qq ? UnitNormaliser.Describe(qq) ?? "(none)" : "(none)";
                    c.Run.Report(new DataQualityIssue(UnitErrors.Code(outcome), DataQualitySeverity.Warning, $"{plan.Name} reading: {UnitErrors.Message(outcome, unitText, plan.Unit)}")
                    {
                        File = e.Source?.File ?? f.Patient.Source?.File,
                        Line = e.Source?.Line,
                        Entry = e.Source?.Entry,
                        ResourceType = e.Kind.ToString(),
                        ResourceId = e.Id,
                        JsonPath = entry.Component < 0 ? $"{e.Kind}.value" : $"{e.Kind}.component[{entry.Component}].value",
                    });
                }
            }
        }

        f.ReadingStart[m] = start;
        f.ReadingCount[m] = f.ReadingTotal - start;
        f.ReadingReady[m] = f.Generation;
        return f.Readings.AsSpan(start, f.ReadingTotal - start);
    }

    /// <summary>True when a coding is in a code set bound to one of <paramref name="slots"/> (value, discharge, reason and encounter-type tests).</summary>
    public bool AnyIn(ReadOnlySpan<Coding> codings, int[] slots)
    {
        foreach (var coding in codings)
        {
            foreach (int index in Matcher.Match(coding.System, coding.Code))
            {
                if ((uint)index < (uint)HostToSlot.Length && HostToSlot[index] >= 0 && Array.IndexOf(slots, HostToSlot[index]) >= 0)
                {
                    return true;
                }
            }

            if (InlineMatcher is { } inline)
            {
                foreach (int index in inline.Match(coding.System, coding.Code))
                {
                    if ((uint)index < (uint)InlineToSlot.Length && InlineToSlot[index] >= 0 && Array.IndexOf(slots, InlineToSlot[index]) >= 0)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>Validates and compiles; throws with every problem of every definition at once.</summary>
    /// <param name="definitions">The definitions.</param>
    /// <param name="matcher">The host's matcher.</param>
    /// <param name="period">The measurement period.</param>
    /// <param name="inline">Builds (or returns a cached) <see cref="InlineCodeSets"/> for validated definitions.</param>
    public static CompiledPlan Compile(IEnumerable<IndicatorDefinition> definitions, ICodeSetMatcher matcher, MeasurementPeriod period, Func<IReadOnlyList<IndicatorDefinition>, InlineCodeSets> inline)
    {
        var defs = definitions.ToList();
        var errors = ImmutableArray.CreateBuilder<DefinitionError>();
        foreach (var group in defs.GroupBy(d => d.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add(new DefinitionError(DefinitionErrors.Duplicate, group.Key, "$.id", $"indicator '{group.Key}' is given {group.Count()} times"));
        }

        Func<string, string?>? ambiguity = matcher is Terminology terminology ? terminology.DescribeAmbiguousName : null;
        foreach (var d in defs)
        {
            errors.AddRange(IndicatorDefinitionValidator.Validate(d, name => matcher.TryGetCodeSetIndex(name, out _), ambiguity));
        }

        if (period.IsInverted)
        {
            errors.Add(new DefinitionError(DefinitionErrors.InvalidValue, null, "period", $"period start {period.Start:yyyy-MM-dd} is after period end {period.End:yyyy-MM-dd}"));
        }

        if (errors.Count > 0)
        {
            throw new IndicatorDefinitionException(errors.ToImmutable());
        }

        var plan = new CompiledPlan(inline(defs), period);
        var compiler = new Compiler(plan);
        var compiled = new List<CompiledIndicator>(defs.Count);
        foreach (var d in defs)
        {
            compiled.Add(compiler.Indicator(d));
        }

        if (compiler.Errors.Count > 0)
        {
            throw new IndicatorDefinitionException(compiler.Errors.ToImmutable());
        }

        plan.Indicators = [.. compiled];
        plan.SlotCount = compiler.SlotCount;
        plan.Measurements = [.. compiler.Measurements];
        return plan;
    }

    private sealed class Compiler(CompiledPlan plan)
    {
        private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _measurementIndex = new(StringComparer.Ordinal);
        private IndicatorDefinition _def = null!;
        private Dictionary<string, int> _localMeasurements = new(StringComparer.Ordinal);

        public ImmutableArray<DefinitionError>.Builder Errors { get; } = ImmutableArray.CreateBuilder<DefinitionError>();

        public List<MeasurementPlan> Measurements { get; } = [];

        public int SlotCount => _slots.Count;

        public CompiledIndicator Indicator(IndicatorDefinition d)
        {
            _def = d;
            _localMeasurements = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var cs in d.CodeSets)
            {
                Slot(cs.Name);
            }

            foreach (var m in d.Measurements)
            {
                int[] slots = [.. m.CodeSets.Select(Slot).Distinct()];
                string key = $"{string.Join(",", slots.Order())}|{m.Unit}|{m.Analyte}|{m.KeepComparators}";
                if (!_measurementIndex.TryGetValue(key, out int index))
                {
                    index = Measurements.Count;
                    Measurements.Add(new MeasurementPlan(m.Name, slots, m.Unit, m.Analyte, m.KeepComparators));
                    _measurementIndex[key] = index;
                }

                _localMeasurements[m.Name] = index;
            }

            var rules = new CompiledRule[d.Rules.Length];
            for (int i = 0; i < rules.Length; i++)
            {
                var r = d.Rules[i];
                var pops = PopulationMembership.None;
                foreach (var p in r.Populations)
                {
                    pops |= p switch
                    {
                        MeasurePopulation.InitialPopulation => PopulationMembership.InitialPopulation,
                        MeasurePopulation.Denominator => PopulationMembership.Denominator,
                        MeasurePopulation.DenominatorExclusion => PopulationMembership.DenominatorExclusion,
                        MeasurePopulation.DenominatorException => PopulationMembership.DenominatorException,
                        _ => PopulationMembership.Numerator,
                    };
                }

                rules[i] = new CompiledRule(r.Name, r.When is null ? null : Node(r.When, $"$.rules[{i}].when"), r.Action, pops, r.Continue);
            }

            return new CompiledIndicator(d, rules);
        }

        private int Slot(string name)
        {
            bool inline = _def.CodeSets.Any(c => c.Name == name);

            // A host set may be named two ways (a ValueSet's url or its name): one slot per resolved set, not per spelling.
            string key = inline ? $"inline:{_def.Id}:{name}"
                : plan.Matcher.TryGetCodeSetIndex(name, out int resolved) ? "host#" + resolved.ToString(System.Globalization.CultureInfo.InvariantCulture) : "host:" + name;
            if (_slots.TryGetValue(key, out int slot))
            {
                return slot;
            }

            slot = _slots.Count;
            _slots[key] = slot;
            string matcherName = inline ? InlineCodeSets.Name(_def.Id, name) : name;
            if (plan.Matcher.TryGetCodeSetIndex(matcherName, out int host))
            {
                plan.HostToSlot[host] = slot;
            }
            else if (inline && plan.InlineMatcher is { } fallback && fallback.TryGetCodeSetIndex(matcherName, out int own))
            {
                plan.InlineToSlot[own] = slot;
            }

            return slot;
        }

        private bool AgeAtStart(AgeCriterion age, string path)
        {
            if (age.At != AgeAt.PeriodStart)
            {
                return false;
            }

            if (plan.PeriodStartDay is null)
            {
                Errors.Add(new DefinitionError(DefinitionErrors.NoPeriodStart, _def.Id, path + ".age.at", "takes the age at the period start, but the run has no period start (give --period-start / MeasurementPeriod.Start)"));
            }

            return true;
        }

        private DayRange Range(EventWindow w, string path)
        {
            var r = plan.ReferenceDate;
            int rd = w.EndMonthsBefore > 0 ? MonthsBefore(r, w.EndMonthsBefore) : plan.ReferenceDay;
            switch (w.Unit)
            {
                case WindowUnit.Days:
                    return new DayRange(plan.ReferenceDay - w.Amount, rd);
                // A window reaching back before 0001-01-01 (a reference date in the first years of the calendar) covers every
                // date: its exclusive start is the day before the first one, not an ArgumentOutOfRangeException.
                case WindowUnit.Months:
                    return new DayRange(MonthsBefore(r, w.Amount), rd);
                case WindowUnit.Years:
                    return new DayRange(r.Year - 1L < w.Amount ? -1 : r.AddYears(-w.Amount).DayNumber, rd);
                case WindowUnit.Period:
                    if (plan.PeriodStartDay is { } s)
                    {
                        return new DayRange(s - 1, rd);
                    }

                    Errors.Add(new DefinitionError(DefinitionErrors.NoPeriodStart, _def.Id, path, "uses the period window, but the run has no period start (give --period-start / MeasurementPeriod.Start)"));
                    return new DayRange(int.MinValue, rd);
                default:
                    return new DayRange(int.MinValue, rd);
            }
        }

        /// <summary>The day number <paramref name="months"/> months before <paramref name="r"/>; -1 (before every date) when that is before 0001-01-01.</summary>
        private static int MonthsBefore(DateOnly r, int months) =>
            ((long)r.Year * 12) + r.Month - 13 < months ? -1 : r.AddMonths(-months).DayNumber;

        private CompiledQuery Query(EventQuery q, string path, bool notDone = false)
        {
            uint mask = 0;
            foreach (var k in q.Kinds)
            {
                mask |= 1u << (int)k;
            }

            string text = string.Join(" or ", q.CodeSets) + (q.Window.Unit == WindowUnit.Ever && q.Window.EndMonthsBefore == 0 ? string.Empty : " " + q.Window)
                + (q.Kinds.IsDefaultOrEmpty ? string.Empty : " (" + string.Join("/", q.Kinds) + ")")
                + (q.RecordedFromAge is { } age ? " recorded from age " + age.ToString(CultureInfo.InvariantCulture) : string.Empty);
            if (!q.Filter.IsEmpty)
            {
                text += " " + Describe(q.Filter);
            }

            return new CompiledQuery([.. q.CodeSets.Select(Slot).Distinct()], Range(q.Window, path + ".window"), mask, (notDone ? "not done: " : string.Empty) + text, q.Window.Relation, notDone, Filter(q.Filter), q.RecordedFromAge ?? -1);
        }

        private CompiledFilter? Filter(EventFilter f)
        {
            if (f.IsEmpty)
            {
                return null;
            }

            return new CompiledFilter(
                Strings(f.Statuses), Strings(f.Intents), Slots(f.ValueCodeSets), Slots(f.DischargeCodeSets), Slots(f.ReasonCodeSets),
                Encounter(f.Encounter), Encounter(f.NotEncounter), f.MedicationByCodeOnly);
        }

        private CompiledEncounterFilter? Encounter(EncounterFilter? e) =>
            e is null ? null : new CompiledEncounterFilter(e.Link, Strings(e.Classes), Slots(e.CodeSets), Strings(e.Statuses));

        private static string[] Strings(ImmutableArray<string> values) => values.IsDefaultOrEmpty ? [] : [.. values];

        private int[] Slots(ImmutableArray<string> names) => names.IsDefaultOrEmpty ? [] : [.. names.Select(Slot).Distinct()];

        private static string Describe(EventFilter f)
        {
            var parts = new List<string>();
            if (!f.Statuses.IsDefaultOrEmpty) { parts.Add("status " + string.Join("/", f.Statuses)); }
            if (!f.Intents.IsDefaultOrEmpty) { parts.Add("intent " + string.Join("/", f.Intents)); }
            if (!f.ValueCodeSets.IsDefaultOrEmpty) { parts.Add("value in " + string.Join(" or ", f.ValueCodeSets)); }
            if (!f.DischargeCodeSets.IsDefaultOrEmpty) { parts.Add("discharged to " + string.Join(" or ", f.DischargeCodeSets)); }
            if (!f.ReasonCodeSets.IsDefaultOrEmpty) { parts.Add("reason in " + string.Join(" or ", f.ReasonCodeSets)); }
            if (f.Encounter is { } e) { parts.Add("in an encounter " + Describe(e)); }
            if (f.NotEncounter is { } n) { parts.Add("not in an encounter " + Describe(n)); }
            if (f.MedicationByCodeOnly) { parts.Add("medication by code only"); }
            return "[" + string.Join("; ", parts) + "]";
        }

        private static string Describe(EncounterFilter e)
        {
            var parts = new List<string> { e.Link == EncounterLink.Reference ? "it names" : "it is dated in" };
            if (!e.Classes.IsDefaultOrEmpty) { parts.Add("class " + string.Join("/", e.Classes)); }
            if (!e.CodeSets.IsDefaultOrEmpty) { parts.Add("type " + string.Join(" or ", e.CodeSets)); }
            if (!e.Statuses.IsDefaultOrEmpty) { parts.Add("status " + string.Join("/", e.Statuses)); }
            return string.Join(", ", parts);
        }

        private Node Node(Criterion c, string path) => c switch
        {
            AllCriterion all => new AllNode([.. all.Items.Select((x, i) => Node(x, $"{path}.all[{i}]"))]),
            AnyCriterion any => new AnyNode([.. any.Items.Select((x, i) => Node(x, $"{path}.any[{i}]"))]),
            NotCriterion not => new NotNode(Node(not.Item, path + ".not")),
            PopulationBaseCriterion => new PopulationBaseNode(),
            AgeCriterion age => new AgeNode(age.Range, AgeAtStart(age, path)),
            SexCriterion sex => new SexNode([.. sex.Sexes]),
            RegisterCriterion reg => new RegisterNode(
                Query(new EventQuery { CodeSets = reg.CodeSets }, path + ".register"),
                reg.ResolvedBy.IsDefaultOrEmpty ? null : Query(new EventQuery { CodeSets = reg.ResolvedBy }, path + ".register")),
            ExistsCriterion ex => new ExistsNode(Query(ex.Query, path + ".exists")),
            NotDoneCriterion notDone => new ExistsNode(Query(notDone.Query, path + ".notDone", notDone: true)),
            CountCriterion count => new CountNode(Query(count.Query, path + ".count"), count.MinDaysApart > 0 ? CountDistinct.Dates : count.Distinct, count.MinDaysApart, count.Range),
            EventPickCriterion pick => new PickNode(
                pick.Pick,
                Query(pick.Query, path),
                pick.DateWithin is null ? null : Range(pick.DateWithin, path + ".dateWithin"),
                pick.DateWithin?.ToString(),
                pick.InCodeSets.IsDefaultOrEmpty ? [] : [.. pick.InCodeSets.Select(Slot).Distinct()],
                pick.InCodeSets.IsDefaultOrEmpty ? string.Empty : string.Join(" or ", pick.InCodeSets)),
            ReadingCriterion reading => new ReadingNode(
                _localMeasurements[reading.Measurement],
                Range(reading.Window, path + ".reading.window"),
                reading.Pick,
                reading.Range,
                $"{reading.Pick.ToString().ToLowerInvariant()} {reading.Measurement} reading {reading.Window}",
                [.. reading.ExcludeComparators.Select(x => ComparatorExclusion.TryParse(x, out var parsed) ? parsed : default)])
            {
                Relation = reading.Window.Relation,
                Filter = Filter(reading.Filter),
                WhenNoValue = reading.WhenNoValue,
            },
            DateComparisonCriterion cmp => new DateCompareNode(
                cmp.Left.Pick, Query(cmp.Left.Query, path + ".compareDates.left"), cmp.Relation,
                cmp.Right.Pick, Query(cmp.Right.Query, path + ".compareDates.right"), cmp.WhenRightMissing),
            TogetherCriterion together => new TogetherNode(
                Query(together.First, path + ".together.first"), Query(together.Second, path + ".together.second"), together.LessThanDaysApart),
            AnchoredCriterion anchored => new AnchoredNode(
                Query(anchored.Anchor, path + ".anchored.anchor"),
                [.. anchored.With.Select((x, i) => (
                    Query(x.Query, $"{path}.anchored.with[{i}].query"),
                    x.Before.Unit,
                    x.Before.Amount,
                    x.Before.Unit == WindowUnit.Days && x.Before.Amount == 1 ? "on the same day" : $"within {x.Before.Amount} {(x.Before.Unit == WindowUnit.Days ? "day" : "month")}{(x.Before.Amount == 1 ? string.Empty : "s")} up to it"))]),
            ScoreCriterion score => new ScoreNode([.. score.Items.Select((x, i) => (x.Weight, Node(x.When, $"{path}.score.items[{i}].when")))], score.Range),
            _ => throw new InvalidOperationException($"Unknown criterion {c.GetType().Name}."),
        };
    }
}
