using QiSdk.Records;

namespace QiSdk.Indicators.Engine;

/// <summary>Per-worker evaluation context for one patient.</summary>
internal sealed class EvalContext(CompiledPlan plan, EvaluationRun run)
{
    public CompiledPlan Plan { get; } = plan;

    public EvaluationRun Run { get; } = run;

    public PatientFacts Facts { get; } = new(plan);

    /// <summary>
    /// Groups the patient's events and computes every measurement's readings up front, so every unusable reading is
    /// logged once whatever the rules go on to look at.
    /// </summary>
    public void Load(PatientRecord patient)
    {
        Facts.Load(patient, Run);
        for (int m = 0; m < Plan.Measurements.Length; m++)
        {
            Plan.ReadingsOf(this, m);
        }
    }

    /// <summary>True while explaining (criteria build their notes only then, so evaluation does not allocate).</summary>
    public bool Explaining => Evidence is not null;

    /// <summary>Non-null while explaining: criteria add what they found.</summary>
    public List<Evidence>? Evidence { get; set; }

    public void Note(string what, int ev = -1, decimal? value = null)
    {
        if (Evidence is null)
        {
            return;
        }

        if (ev < 0)
        {
            Evidence.Add(new Evidence(what, Value: value));
            return;
        }

        var e = Facts.Events[ev];
        var code = e.Codes.IsDefaultOrEmpty ? default : e.Codes[0];
        Evidence.Add(new Evidence(what, e.Id, e.EventDate?.Date, code.Code is null ? null : $"{code.System}|{code.Code}", value));
    }
}

/// <summary>An inclusive-upper, exclusive-lower day-number range.</summary>
internal readonly record struct DayRange(int LowerExclusive, int UpperInclusive)
{
    public bool Contains(int day) => day > LowerExclusive && day <= UpperInclusive;

    /// <summary>An event from <paramref name="start"/> to <paramref name="end"/> (<see cref="SlotEntry.OpenEnd"/>, <see cref="SlotEntry.UnknownEnd"/>) against this window, with the CQL meaning of <paramref name="relation"/>.</summary>
    public bool Holds(WindowRelation relation, int start, int end) => relation switch
    {
        WindowRelation.Starts => Contains(start),
        WindowRelation.Ends => end is not (SlotEntry.OpenEnd or SlotEntry.UnknownEnd) && Contains(end),
        // An unknown end makes CQL's "end of A >= start of B" null, so the overlap is never established.
        WindowRelation.Overlaps => start <= UpperInclusive && end != SlotEntry.UnknownEnd && end > LowerExclusive,
        _ => start > LowerExclusive && end is not (SlotEntry.OpenEnd or SlotEntry.UnknownEnd) && end <= UpperInclusive,
    };
}

/// <summary>
/// A compiled event query: slots, day range, how periods are tested, resource-kind filter, the event filter and
/// (<paramref name="fromAge"/> &gt;= 0) the age at recording.
/// </summary>
internal sealed class CompiledQuery(int[] slots, DayRange range, uint kindMask, string text, WindowRelation relation = WindowRelation.Starts, bool notDone = false, CompiledFilter? filter = null, int fromAge = -1)
{
    // With 'ends' events are dated by their end, so the day-sorted slots cannot be cut short when choosing.
    private readonly bool _byEnd = relation == WindowRelation.Ends;

    public int[] Slots { get; } = slots;

    public DayRange Range { get; } = range;

    public string Text { get; } = text;

    internal bool Accept(in SlotEntry entry, PatientFacts f) =>
        entry.NotDone == notDone
        && (relation == WindowRelation.Starts ? Range.Contains(entry.Day) : Range.Holds(relation, entry.Day, entry.End))
        && (kindMask == 0 || (kindMask & (1u << (int)f.Events[entry.Event].Kind)) != 0)
        && (fromAge < 0 || RecordedFromAge(entry.Day, f))
        && (filter is null || filter.Accept(f.Events[entry.Event], entry.Component, entry.Day, f));

    // Age at the event date, computed as the age criterion computes age at R (a 29 February birthday is reached on
    // 1 March in other years), and only for queries that ask for it; undated events and patients without a birth date fail.
    private bool RecordedFromAge(int day, PatientFacts f) =>
        day != int.MinValue && f.Patient.BirthDate is { } birth && PatientFacts.ComputeAge(birth, DateOnly.FromDayNumber(day)) >= fromAge;

    /// <summary>The date the event is chosen by: its end with <c>ends</c>, else its date.</summary>
    private int DateOf(in SlotEntry e) => _byEnd ? e.End : e.Day;

    /// <summary>The latest (or earliest) accepted event by <see cref="DateOf"/>, scanning every entry; -1 when none.</summary>
    private int Scan(PatientFacts f, bool latest, out int day)
    {
        int best = -1;
        day = latest ? int.MinValue : int.MaxValue;
        foreach (int slot in Slots)
        {
            foreach (ref readonly var e in f.Slot(slot))
            {
                int d = DateOf(e);
                bool better = latest ? d > day : d < day;
                if ((better || (d == day && e.Event < best)) && Accept(e, f))
                {
                    day = d;
                    best = e.Event;
                }
            }
        }

        return best;
    }

    /// <summary>The latest accepted event (lowest event index among those on the latest day); -1 when none.</summary>
    public int Latest(PatientFacts f, out int day)
    {
        if (_byEnd)
        {
            return Scan(f, latest: true, out day);
        }

        int best = -1;
        day = int.MinValue;
        foreach (int slot in Slots)
        {
            var entries = f.Slot(slot);
            for (int i = entries.Length - 1; i >= 0; i--)
            {
                ref readonly var e = ref entries[i];
                if (e.Day < day)
                {
                    break;
                }

                if (Accept(e, f) && (e.Day > day || e.Event < best))
                {
                    day = e.Day;
                    best = e.Event;
                }
            }
        }

        return best;
    }

    /// <summary>The earliest accepted event (lowest event index among those on the earliest day); -1 when none.</summary>
    public int Earliest(PatientFacts f, out int day)
    {
        if (_byEnd)
        {
            return Scan(f, latest: false, out day);
        }

        int best = -1;
        day = int.MaxValue;
        foreach (int slot in Slots)
        {
            var entries = f.Slot(slot);
            for (int i = 0; i < entries.Length; i++)
            {
                ref readonly var e = ref entries[i];
                if (e.Day > day)
                {
                    break;
                }

                if (Accept(e, f) && (e.Day < day || e.Event < best))
                {
                    day = e.Day;
                    best = e.Event;
                }
            }
        }

        return best;
    }

    public int CountEvents(PatientFacts f)
    {
        if (Slots.Length == 1)
        {
            int n = 0;
            foreach (ref readonly var e in f.Slot(Slots[0]))
            {
                if (Accept(e, f))
                {
                    n++;
                }
            }

            return n;
        }

        int stamp = f.NextEventStamp(f.Events.Length);
        int count = 0;
        foreach (int slot in Slots)
        {
            foreach (ref readonly var e in f.Slot(slot))
            {
                if (Accept(e, f) && f.MarkEvent(e.Event, stamp))
                {
                    count++;
                }
            }
        }

        return count;
    }

    /// <summary>Distinct dates, greedily from the earliest, each at least <paramref name="minDaysApart"/> after the last counted.</summary>
    public int CountDates(PatientFacts f, int minDaysApart, List<int>? counted)
    {
        int total = 0;
        foreach (int slot in Slots)
        {
            total += f.Slot(slot).Length;
        }

        var days = f.EnsureDayBuffer(total);
        int n = 0;
        foreach (int slot in Slots)
        {
            foreach (ref readonly var e in f.Slot(slot))
            {
                if (Accept(e, f))
                {
                    days[n++] = DateOf(e);
                }
            }
        }

        var span = days.AsSpan(0, n);
        if (Slots.Length > 1 || _byEnd)
        {
            span.Sort();
        }

        int count = 0;
        int last = 0;
        int gap = Math.Max(minDaysApart, 1);
        for (int i = 0; i < span.Length; i++)
        {
            if (count == 0 || span[i] - last >= gap)
            {
                count++;
                last = span[i];
                counted?.Add(span[i]);
            }
        }

        return count;
    }

    /// <summary>
    /// A pair of accepted events, one from this query and one from <paramref name="other"/>, dated fewer than
    /// <paramref name="lessThanDays"/> days apart; the closest pair is returned. Nested loops over the two queries'
    /// slot lists (a patient's events in a few code sets within a window are few), so nothing is allocated.
    /// </summary>
    public bool ClosestPair(PatientFacts f, CompiledQuery other, int lessThanDays, out int first, out int second)
    {
        first = -1;
        second = -1;
        int best = int.MaxValue;
        foreach (int slot in Slots)
        {
            foreach (ref readonly var a in f.Slot(slot))
            {
                if (!Accept(a, f))
                {
                    continue;
                }

                foreach (int otherSlot in other.Slots)
                {
                    foreach (ref readonly var b in f.Slot(otherSlot))
                    {
                        int gap = Math.Abs(a.Day - b.Day);
                        if (gap < lessThanDays && gap < best && other.Accept(b, f))
                        {
                            best = gap;
                            first = a.Event;
                            second = b.Event;
                        }
                    }
                }
            }
        }

        return first >= 0;
    }

    /// <summary>
    /// The latest accepted event dated in <c>lowerExclusive &lt; day &lt;= upperInclusive</c> (lowest event index on that
    /// day); -1 when none. Used by anchored criteria, whose range is taken back from an anchor event's date.
    /// </summary>
    public int LatestBetween(PatientFacts f, int lowerExclusive, int upperInclusive)
    {
        int best = -1;
        int bestDay = int.MinValue;
        foreach (int slot in Slots)
        {
            foreach (ref readonly var e in f.Slot(slot))
            {
                if (e.Day > lowerExclusive && e.Day <= upperInclusive && (e.Day > bestDay || (e.Day == bestDay && e.Event < best)) && Accept(e, f))
                {
                    best = e.Event;
                    bestDay = e.Day;
                }
            }
        }

        return best;
    }

    /// <summary>True when event <paramref name="ev"/> is in any of <paramref name="slots"/>.</summary>
    public static bool EventIn(PatientFacts f, int ev, int day, int[] slots)
    {
        foreach (int slot in slots)
        {
            foreach (ref readonly var e in f.Slot(slot))
            {
                if (e.Event == ev && e.Day == day)
                {
                    return true;
                }
            }
        }

        return false;
    }
}

/// <summary>A compiled criterion: bound to slot indexes and day numbers at compile time.</summary>
internal abstract class Node
{
    public abstract bool Eval(EvalContext c);
}

internal sealed class AllNode(Node[] items) : Node
{
    public override bool Eval(EvalContext c)
    {
        foreach (var item in items)
        {
            if (!item.Eval(c))
            {
                return false;
            }
        }

        return true;
    }
}

internal sealed class AnyNode(Node[] items) : Node
{
    public override bool Eval(EvalContext c)
    {
        foreach (var item in items)
        {
            if (item.Eval(c))
            {
                return true;
            }
        }

        return false;
    }
}

internal sealed class NotNode(Node item) : Node
{
    public override bool Eval(EvalContext c) => !item.Eval(c);
}

internal sealed class PopulationBaseNode : Node
{
    public override bool Eval(EvalContext c)
    {
        var p = c.Facts.Patient;
        int r = c.Plan.ReferenceDay;
        if (p.BirthDate is null)
        {
            if (c.Explaining)
            {
                c.Note("population base: no birth date");
            }

            return false;
        }

        if (p.Active == false)
        {
            if (c.Explaining)
            {
                c.Note("population base: Patient.active is false");
            }

            return false;
        }

        if (p.DeceasedBoolean == true)
        {
            if (c.Explaining)
            {
                c.Note("population base: deceasedBoolean is true");
            }

            return false;
        }

        if (p.DeceasedDate is { } d && d.DayNumber <= r)
        {
            if (c.Explaining)
            {
                c.Note($"population base: died {d.Date:yyyy-MM-dd}, on or before R");
            }

            return false;
        }

        if (c.Explaining)
        {
            c.Note("population base: has birth date, active, alive at R");
        }

        return true;
    }
}

internal sealed class AgeNode(ValueRange range, bool atPeriodStart = false) : Node
{
    public override bool Eval(EvalContext c)
    {
        int age = atPeriodStart ? c.Facts.AgeAtStart : c.Facts.Age;
        bool held = age >= 0 && range.Contains(age);
        if (c.Explaining)
        {
            c.Note(age < 0 ? "age: no birth date" : $"age at {(atPeriodStart ? "the period start" : "R")} {range}", value: age < 0 ? null : age);
        }

        return held;
    }
}

internal sealed class SexNode(AdministrativeGender[] sexes) : Node
{
    public override bool Eval(EvalContext c)
    {
        var g = c.Facts.Patient.Gender;
        if (c.Explaining)
        {
            c.Note($"sex {g.ToString().ToLowerInvariant()}");
        }

        return Array.IndexOf(sexes, g) >= 0;
    }
}

internal sealed class RegisterNode(CompiledQuery register, CompiledQuery? resolution) : Node
{
    public override bool Eval(EvalContext c)
    {
        var f = c.Facts;
        int reg = register.Latest(f, out int regDay);
        if (reg < 0)
        {
            if (c.Explaining)
            {
                c.Note($"register: no {register.Text}");
            }

            return false;
        }

        if (resolution is not null)
        {
            int res = resolution.Latest(f, out int resDay);
            if (res >= 0 && resDay > regDay)
            {
                if (c.Explaining)
                {
                    c.Note($"register: latest {register.Text}", reg);
                }

                if (c.Explaining)
                {
                    c.Note($"register: resolved by later {resolution.Text}", res);
                }

                return false;
            }
        }

        if (c.Explaining)
        {
            c.Note($"register: latest {register.Text}, not resolved after it", reg);
        }

        return true;
    }
}

internal sealed class ExistsNode(CompiledQuery query) : Node
{
    public override bool Eval(EvalContext c)
    {
        int ev = query.Latest(c.Facts, out _);
        if (ev >= 0)
        {
            if (c.Explaining)
            {
                c.Note($"latest {query.Text}", ev);
            }

            return true;
        }

        if (c.Explaining)
        {
            c.Note($"no {query.Text}");
        }

        return false;
    }
}

internal sealed class TogetherNode(CompiledQuery first, CompiledQuery second, int lessThanDays) : Node
{
    public override bool Eval(EvalContext c)
    {
        bool held = first.ClosestPair(c.Facts, second, lessThanDays, out int a, out int b);
        if (c.Explaining)
        {
            if (held)
            {
                c.Note($"{first.Text}, less than {lessThanDays} days from", a);
                c.Note($"... {second.Text}", b);
            }
            else
            {
                c.Note($"no {first.Text} less than {lessThanDays} days from {second.Text}");
            }
        }

        return held;
    }
}

/// <summary>
/// An anchor event with every companion found in its window back from the anchor's date; the latest anchor that has
/// them all is the one explained. Companion windows are <c>anchor - n days/months &lt; date &lt;= anchor</c>.
/// </summary>
internal sealed class AnchoredNode(CompiledQuery anchor, (CompiledQuery Query, WindowUnit Unit, int Amount, string Text)[] with) : Node
{
    public override bool Eval(EvalContext c)
    {
        var f = c.Facts;
        int bestAnchor = -1;
        int bestDay = int.MinValue;
        foreach (int slot in anchor.Slots)
        {
            foreach (ref readonly var e in f.Slot(slot))
            {
                if ((e.Day > bestDay || (e.Day == bestDay && e.Event < bestAnchor)) && anchor.Accept(e, f) && HasAll(c, e.Day))
                {
                    bestAnchor = e.Event;
                    bestDay = e.Day;
                }
            }
        }

        if (c.Explaining)
        {
            if (bestAnchor < 0)
            {
                c.Note($"no {anchor.Text} with " + string.Join(" and ", with.Select(w => w.Query.Text + " " + w.Text)));
            }
            else
            {
                c.Note($"{anchor.Text}, with", bestAnchor);
                foreach (var w in with)
                {
                    c.Note($"... {w.Query.Text} {w.Text}", w.Query.LatestBetween(c.Facts, Lower(w.Unit, w.Amount, bestDay), bestDay));
                }
            }
        }

        return bestAnchor >= 0;
    }

    private bool HasAll(EvalContext c, int day)
    {
        foreach (var w in with)
        {
            if (w.Query.LatestBetween(c.Facts, Lower(w.Unit, w.Amount, day), day) < 0)
            {
                return false;
            }
        }

        return true;
    }

    // Months clamp to month end, as query windows do (31 March back 1 month: after 28/29 February). A range reaching
    // back before 0001-01-01 covers every earlier date.
    private static int Lower(WindowUnit unit, int amount, int day)
    {
        if (day == int.MinValue)
        {
            return int.MaxValue; // an undated anchor has no range
        }

        if (unit == WindowUnit.Days)
        {
            return day - amount;
        }

        var d = DateOnly.FromDayNumber(day);
        return ((long)d.Year * 12) + d.Month - 13 < amount ? -1 : d.AddMonths(-amount).DayNumber;
    }
}

internal sealed class CountNode(CompiledQuery query, CountDistinct distinct, int minDaysApart, ValueRange range) : Node
{
    public override bool Eval(EvalContext c)
    {
        List<int>? counted = c.Evidence is null ? null : [];
        int n = distinct == CountDistinct.Events ? query.CountEvents(c.Facts) : query.CountDates(c.Facts, minDaysApart, counted);
        if (c.Evidence is not null)
        {
            string what = distinct == CountDistinct.Events ? "events" : minDaysApart > 0 ? $"dates at least {minDaysApart} days apart" : "distinct dates";
            if (c.Explaining)
            {
                c.Note($"count of {what}: {query.Text} {range}" + (counted is { Count: > 0 } ? " on " + string.Join(", ", counted.Select(d => DateOnly.FromDayNumber(d).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))) : string.Empty), value: n);
            }
        }

        return range.Contains(n);
    }
}

internal sealed class PickNode(EventPick pick, CompiledQuery query, DayRange? dateWithin, string? dateWithinText, int[] inSlots, string inText) : Node
{
    private readonly string _what = (pick == EventPick.Earliest ? "earliest " : "latest ") + query.Text;

    public override bool Eval(EvalContext c)
    {
        var f = c.Facts;
        int day;
        int ev = pick == EventPick.Earliest ? query.Earliest(f, out day) : query.Latest(f, out day);
        string what = _what;
        if (ev < 0)
        {
            if (c.Explaining)
            {
                c.Note("no " + query.Text);
            }

            return false;
        }

        if (dateWithin is { } w && !w.Contains(day))
        {
            if (c.Explaining)
            {
                c.Note($"{what}: not dated {dateWithinText}", ev);
            }

            return false;
        }

        if (inSlots.Length > 0)
        {
            // Any event on the chosen date that is in the target sets decides it.
            foreach (int slot in query.Slots)
            {
                foreach (ref readonly var e in f.Slot(slot))
                {
                    // A record of something not done never decides what the latest event is.
                    if (e.Day == day && !e.NotDone && CompiledQuery.EventIn(f, e.Event, day, inSlots))
                    {
                        if (c.Explaining)
                        {
                            c.Note($"{what}: is {inText}", e.Event);
                        }

                        return true;
                    }
                }
            }

            if (c.Explaining)
            {
                c.Note($"{what}: is not {inText}", ev);
            }

            return false;
        }

        if (c.Explaining)
        {
            c.Note(what + (dateWithinText is null ? string.Empty : " " + dateWithinText), ev);
        }

        return true;
    }
}

internal sealed class ReadingNode(int measurement, DayRange window, ReadingPick pick, ValueRange range, string text, ComparatorExclusion[] excluded) : Node
{
    /// <summary>How a reading's period is tested against the window (dated by its end with <c>ends</c>).</summary>
    public WindowRelation Relation { get; init; }

    public CompiledFilter? Filter { get; init; }

    /// <summary>Null: events without a value are not readings; else the result when the chosen event has no value.</summary>
    public bool? WhenNoValue { get; init; }

    public override bool Eval(EvalContext c)
    {
        var f = c.Facts;
        var readings = c.Plan.ReadingsOf(c, measurement);
        bool byEnd = Relation == WindowRelation.Ends;
        int chosen = -1;
        for (int i = 0; i < readings.Length; i++)
        {
            ref readonly var r = ref readings[i];
            if ((r.NoValue && WhenNoValue is null) || !window.Holds(Relation, r.Day, r.End)
                || (Filter is not null && !Filter.Accept(f.Events[r.Event], r.Component, r.Day, f)))
            {
                continue;
            }

            if (chosen < 0)
            {
                chosen = i;
                continue;
            }

            ref readonly var b = ref readings[chosen];
            int rd = byEnd ? r.End : r.Day;
            int bd = byEnd ? b.End : b.Day;
            // On the same date a reading with a value is preferred to one without, then the lowest value.
            bool sameDayBetter = rd == bd && (b.NoValue ? !r.NoValue : !r.NoValue && r.Value < b.Value);
            bool better = pick switch
            {
                ReadingPick.Latest => rd > bd || sameDayBetter,
                ReadingPick.Earliest => rd < bd || sameDayBetter,
                ReadingPick.Lowest => !r.NoValue && (b.NoValue || r.Value < b.Value),
                _ => !r.NoValue && (b.NoValue || r.Value > b.Value),
            };
            if (better)
            {
                chosen = i;
            }
        }

        if (chosen < 0)
        {
            if (c.Explaining)
            {
                c.Note("no " + text);
            }

            return false;
        }

        var reading = readings[chosen];
        if (reading.NoValue)
        {
            if (c.Explaining)
            {
                c.Note($"{text}: has no result", reading.Event);
            }

            return WhenNoValue ?? false;
        }

        if (reading.Comparator is { } comparator && Excluded(comparator, reading.Value))
        {
            if (c.Explaining)
            {
                c.Note($"{text}: written with comparator '{comparator}', which this criterion excludes", reading.Event, reading.Value);
            }

            return false;
        }

        bool held = range.Contains(reading.Value);
        if (c.Explaining)
        {
            c.Note($"{text} {range}: {(held ? "yes" : "no")}" + (reading.Comparator is { } kept ? $" (written '{kept}{reading.Value}')" : string.Empty), reading.Event, reading.Value);
        }

        _ = f;
        return held;
    }

    // A loop, not Array.Exists with a lambda: the closure would allocate on every evaluation.
    private bool Excluded(string comparator, decimal value)
    {
        foreach (var x in excluded)
        {
            if (x.Matches(comparator, value))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// One entry of a reading criterion's <c>excludeComparators</c>: a comparator (<c>&gt;</c>, <c>&gt;=</c>, <c>&lt;</c>,
/// <c>&lt;=</c>, <c>~</c>), optionally with the one value it applies to (<c>&lt;1</c>: only a reading written "&lt;1").
/// </summary>
internal readonly record struct ComparatorExclusion(string Comparator, decimal? Value)
{
    private static readonly string[] Symbols = ["<=", ">=", "<", ">", "~"];

    public bool Matches(string comparator, decimal value) =>
        string.Equals(comparator, Comparator, StringComparison.Ordinal) && (Value is not { } v || v == value);

    public static bool TryParse(string? text, out ComparatorExclusion exclusion)
    {
        exclusion = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        foreach (string symbol in Symbols)
        {
            if (!text.StartsWith(symbol, StringComparison.Ordinal))
            {
                continue;
            }

            string rest = text[symbol.Length..];
            if (rest.Length == 0)
            {
                exclusion = new ComparatorExclusion(symbol, null);
                return true;
            }

            if (decimal.TryParse(rest, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out decimal value))
            {
                exclusion = new ComparatorExclusion(symbol, value);
                return true;
            }

            return false;
        }

        return false;
    }
}

internal sealed class DateCompareNode(EventPick leftPick, CompiledQuery left, DateRelation relation, EventPick rightPick, CompiledQuery right, bool whenRightMissing) : Node
{
    public override bool Eval(EvalContext c)
    {
        var f = c.Facts;
        int l = leftPick == EventPick.Earliest ? left.Earliest(f, out int ld) : left.Latest(f, out ld);
        if (l < 0)
        {
            if (c.Explaining)
            {
                c.Note("no " + left.Text);
            }

            return false;
        }

        int r = rightPick == EventPick.Earliest ? right.Earliest(f, out int rd) : right.Latest(f, out rd);
        if (c.Explaining)
        {
            c.Note((leftPick == EventPick.Earliest ? "earliest " : "latest ") + left.Text, l);
        }

        if (r < 0)
        {
            if (c.Explaining)
            {
                c.Note("no " + right.Text);
            }

            return whenRightMissing;
        }

        if (c.Explaining)
        {
            c.Note((rightPick == EventPick.Earliest ? "earliest " : "latest ") + right.Text, r);
        }

        return relation switch
        {
            DateRelation.After => ld > rd,
            DateRelation.OnOrAfter => ld >= rd,
            DateRelation.Before => ld < rd,
            DateRelation.OnOrBefore => ld <= rd,
            _ => ld == rd,
        };
    }
}

internal sealed class ScoreNode((decimal Weight, Node When)[] items, ValueRange range) : Node
{
    public override bool Eval(EvalContext c)
    {
        decimal sum = 0;
        foreach (var (weight, when) in items)
        {
            if (when.Eval(c))
            {
                sum += weight;
            }
        }

        if (c.Explaining)
        {
            c.Note($"score {range}", value: sum);
        }

        return range.Contains(sum);
    }
}
