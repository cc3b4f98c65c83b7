using System.Collections.Frozen;
using System.Collections.Immutable;
using QiSdk.Codes;
using QiSdk.Codes.Units;
using QiSdk.Records;

namespace QiSdk.Indicators.Engine;

internal sealed record MeasurementPlan(string Name, int[] Slots, string Unit, Analyte Analyte);

internal sealed record CompiledRule(string Name, Node? When, RuleAction Action, PopulationMembership Populations, bool Continue);

internal sealed record CompiledIndicator(IndicatorDefinition Definition, CompiledRule[] Rules);

/// <summary>
/// Definitions compiled for one reference date against one matcher: every code set used gets a dense slot; every
/// criterion becomes a <see cref="Node"/> bound to slots and day numbers. Immutable and shared by all workers.
/// </summary>
internal sealed class CompiledPlan
{
    private static readonly FrozenDictionary<string, string> SystemAliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["http://snomed.info/sct"] = "http://snomed.info/sct",
        ["urn:oid:2.16.840.1.113883.6.96"] = "http://snomed.info/sct",
        ["SNOMED"] = "http://snomed.info/sct",
        ["SNOMED CT"] = "http://snomed.info/sct",
        ["SNOMEDCT"] = "http://snomed.info/sct",
        ["SCT"] = "http://snomed.info/sct",
        ["http://loinc.org"] = "http://loinc.org",
        ["urn:oid:2.16.840.1.113883.6.1"] = "http://loinc.org",
        ["LOINC"] = "http://loinc.org",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private FrozenDictionary<string, (string System, int[] Slots)[]> _inline;

    private CompiledPlan(ICodeSetMatcher matcher, MeasurementPeriod period)
    {
        Matcher = matcher;
        ReferenceDate = period.End;
        ReferenceDay = period.End.DayNumber;
        PeriodStartDay = period.Start?.DayNumber;
        HostToSlot = new int[matcher.CodeSetNames.Count];
        Array.Fill(HostToSlot, -1);
        _inline = FrozenDictionary<string, (string, int[])[]>.Empty;
    }

    public ICodeSetMatcher Matcher { get; }

    public int[] HostToSlot { get; }

    public bool HasInline => _inline.Count > 0;

    public int SlotCount { get; private set; }

    public MeasurementPlan[] Measurements { get; private set; } = [];

    public CompiledIndicator[] Indicators { get; private set; } = [];

    public DateOnly ReferenceDate { get; }

    public int ReferenceDay { get; }

    public int? PeriodStartDay { get; }

    public ReadOnlySpan<int> MatchInline(string? system, string? code)
    {
        if (code is null || !_inline.TryGetValue(code.Trim(), out var candidates))
        {
            return default;
        }

        string sys = Canonical(system);
        foreach (var (s, slots) in candidates)
        {
            if (string.Equals(s, sys, StringComparison.Ordinal))
            {
                return slots;
            }
        }

        return default;
    }

    private static string Canonical(string? system) =>
        system is null ? string.Empty : SystemAliases.TryGetValue(system.Trim(), out var c) ? c : system.Trim();

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
        int stamp = f.NextEventStamp(f.Patient.Events.Length);
        var events = f.Patient.Events;
        foreach (int slot in plan.Slots)
        {
            foreach (ref readonly var entry in f.Slot(slot))
            {
                if (!f.MarkEvent(entry.Event, stamp))
                {
                    continue;
                }

                var e = events[entry.Event];
                Quantity? q = entry.Component < 0 ? e.Value : e.Components[entry.Component].Value;
                decimal value = 0;
                var outcome = q is { } quantity ? UnitNormaliser.Normalise(quantity, plan.Unit, plan.Analyte, out value) : UnitOutcome.NoValue;
                if (outcome == UnitOutcome.Ok)
                {
                    f.EnsureReadings(f.ReadingTotal + 1);
                    f.Readings[f.ReadingTotal++] = new Reading { Event = entry.Event, Day = entry.Day, Value = value };
                }
                else
                {
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

    /// <summary>Validates and compiles; throws with every problem of every definition at once.</summary>
    public static CompiledPlan Compile(IEnumerable<IndicatorDefinition> definitions, ICodeSetMatcher matcher, MeasurementPeriod period)
    {
        var defs = definitions.ToList();
        var errors = ImmutableArray.CreateBuilder<DefinitionError>();
        foreach (var group in defs.GroupBy(d => d.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add(new DefinitionError(DefinitionErrors.Duplicate, group.Key, "$.id", $"indicator '{group.Key}' is given {group.Count()} times"));
        }

        foreach (var d in defs)
        {
            errors.AddRange(IndicatorDefinitionValidator.Validate(d, name => matcher.TryGetCodeSetIndex(name, out _)));
        }

        if (period.IsInverted)
        {
            errors.Add(new DefinitionError(DefinitionErrors.InvalidValue, null, "period", $"period start {period.Start:yyyy-MM-dd} is after period end {period.End:yyyy-MM-dd}"));
        }

        if (errors.Count > 0)
        {
            throw new IndicatorDefinitionException(errors.ToImmutable());
        }

        var plan = new CompiledPlan(matcher, period);
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
        var inline = new Dictionary<string, List<(string, int[])>>(StringComparer.Ordinal);
        foreach (var group in compiler.InlineMembers.GroupBy(m => (m.Code, m.System)))
        {
            var slots = group.Select(m => m.Slot).Distinct().Order().ToArray();
            if (!inline.TryGetValue(group.Key.Code, out var list))
            {
                inline[group.Key.Code] = list = [];
            }

            list.Add((group.Key.System, slots));
        }

        plan._inline = inline.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
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

        public List<(string Code, string System, int Slot)> InlineMembers { get; } = [];

        public int SlotCount => _slots.Count;

        public CompiledIndicator Indicator(IndicatorDefinition d)
        {
            _def = d;
            _localMeasurements = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var cs in d.CodeSets)
            {
                int slot = Slot(cs.Name);
                foreach (var c in cs.Codes)
                {
                    InlineMembers.Add((c.Code!.Trim(), Canonical(c.System), slot));
                }
            }

            foreach (var m in d.Measurements)
            {
                int[] slots = [.. m.CodeSets.Select(Slot).Distinct()];
                string key = $"{string.Join(",", slots.Order())}|{m.Unit}|{m.Analyte}";
                if (!_measurementIndex.TryGetValue(key, out int index))
                {
                    index = Measurements.Count;
                    Measurements.Add(new MeasurementPlan(m.Name, slots, m.Unit, m.Analyte));
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
            string key = inline ? $"inline:{_def.Id}:{name}" : "host:" + name;
            if (_slots.TryGetValue(key, out int slot))
            {
                return slot;
            }

            slot = _slots.Count;
            _slots[key] = slot;
            if (!inline && plan.Matcher.TryGetCodeSetIndex(name, out int host))
            {
                plan.HostToSlot[host] = slot;
            }

            return slot;
        }

        private DayRange Range(EventWindow w, string path)
        {
            var r = plan.ReferenceDate;
            int rd = plan.ReferenceDay;
            switch (w.Unit)
            {
                case WindowUnit.Days:
                    return new DayRange(rd - w.Amount, rd);
                case WindowUnit.Months:
                    return new DayRange(r.AddMonths(-w.Amount).DayNumber, rd);
                case WindowUnit.Years:
                    return new DayRange(r.AddYears(-w.Amount).DayNumber, rd);
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

        private CompiledQuery Query(EventQuery q, string path)
        {
            uint mask = 0;
            foreach (var k in q.Kinds)
            {
                mask |= 1u << (int)k;
            }

            string text = string.Join(" or ", q.CodeSets) + (q.Window.Unit == WindowUnit.Ever ? string.Empty : " " + q.Window)
                + (q.Kinds.IsDefaultOrEmpty ? string.Empty : " (" + string.Join("/", q.Kinds) + ")");
            return new CompiledQuery([.. q.CodeSets.Select(Slot).Distinct()], Range(q.Window, path + ".window"), mask, text);
        }

        private Node Node(Criterion c, string path) => c switch
        {
            AllCriterion all => new AllNode([.. all.Items.Select((x, i) => Node(x, $"{path}.all[{i}]"))]),
            AnyCriterion any => new AnyNode([.. any.Items.Select((x, i) => Node(x, $"{path}.any[{i}]"))]),
            NotCriterion not => new NotNode(Node(not.Item, path + ".not")),
            PopulationBaseCriterion => new PopulationBaseNode(),
            AgeCriterion age => new AgeNode(age.Range),
            SexCriterion sex => new SexNode([.. sex.Sexes]),
            RegisterCriterion reg => new RegisterNode(
                Query(new EventQuery { CodeSets = reg.CodeSets }, path + ".register"),
                reg.ResolvedBy.IsDefaultOrEmpty ? null : Query(new EventQuery { CodeSets = reg.ResolvedBy }, path + ".register")),
            ExistsCriterion ex => new ExistsNode(Query(ex.Query, path + ".exists")),
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
                $"{reading.Pick.ToString().ToLowerInvariant()} {reading.Measurement} reading {reading.Window}"),
            DateComparisonCriterion cmp => new DateCompareNode(
                cmp.Left.Pick, Query(cmp.Left.Query, path + ".compareDates.left"), cmp.Relation,
                cmp.Right.Pick, Query(cmp.Right.Query, path + ".compareDates.right"), cmp.WhenRightMissing),
            ScoreCriterion score => new ScoreNode([.. score.Items.Select((x, i) => (x.Weight, Node(x.When, $"{path}.score.items[{i}].when")))], score.Range),
            _ => throw new InvalidOperationException($"Unknown criterion {c.GetType().Name}."),
        };
    }
}
