using QiSdk.Records;

namespace QiSdk.Indicators.Engine;

/// <summary>One matched event in one code-set slot.</summary>
internal struct SlotEntry
{
    /// <summary><see cref="End"/> of an event with no end (ongoing).</summary>
    public const int OpenEnd = int.MaxValue;

    /// <summary><see cref="End"/> of an event that ended at an unknown time (a Condition no longer active, without an abatement).</summary>
    public const int UnknownEnd = int.MinValue;

    public int Event;
    public int Day;
    public int End; // the last day of the event's period (== Day for a single date); OpenEnd or UnknownEnd
    public int Component; // -1 when the event's own code matched; else the component index that matched
    public bool NotDone; // a record of something not done (EventCounting.IsNotDone): only notDone criteria see it
}

/// <summary>One usable reading of a measurement.</summary>
internal struct Reading
{
    public int Event;
    public int Day;
    public int End;
    public int Component;
    public decimal Value;

    /// <summary>The event has no value at all (taken into account only by readings with whenNoValue).</summary>
    public bool NoValue;

    /// <summary>The comparator the value was written with (only for measurements that keep comparator readings).</summary>
    public string? Comparator;
}

/// <summary>
/// A worker's reusable per-patient state: the patient's counting, dated events grouped by the code-set slots the
/// compiled indicators use (sorted by date), and lazily computed readings per measurement. Buffers grow and are
/// reused across patients, so the hot path does not allocate.
/// </summary>
internal sealed class PatientFacts
{
    private readonly CompiledPlan _plan;
    private (int Slot, SlotEntry Entry)[] _pairs = new (int, SlotEntry)[64];
    private int _pairCount;
    private int[] _slotStamp;
    private int _stamp;
    private int[] _eventStamp = new int[64];
    private int _eventStampValue;

    public PatientFacts(CompiledPlan plan)
    {
        _plan = plan;
        SlotStart = new int[plan.SlotCount + 1];
        _slotStamp = new int[plan.SlotCount];
        ReadingStart = new int[plan.Measurements.Length];
        ReadingCount = new int[plan.Measurements.Length];
        ReadingReady = new int[plan.Measurements.Length];
    }

    public PatientRecord Patient { get; private set; } = null!;

    /// <summary>
    /// The patient's events, read once per patient: a record from the reader keeps them as compact rows and
    /// <see cref="PatientRecord.Events"/> builds the objects on each call, so every use here goes through this copy
    /// (short-lived: it dies with the patient, in the youngest GC generation).
    /// </summary>
    public System.Collections.Immutable.ImmutableArray<ClinicalEvent> Events { get; private set; } = [];

    public SlotEntry[] Entries { get; private set; } = new SlotEntry[64];

    public int[] SlotStart { get; }

    public Reading[] Readings { get; private set; } = new Reading[16];

    public int[] ReadingStart { get; }

    public int[] ReadingCount { get; }

    /// <summary>Per measurement: equals <see cref="Generation"/> when its readings are computed for this patient.</summary>
    public int[] ReadingReady { get; }

    public int ReadingTotal { get; set; }

    public int Generation { get; private set; }

    /// <summary>Age at R in completed years; -1 without a birth date.</summary>
    public int Age { get; private set; }

    /// <summary>Age at the period start in completed years; -1 without a birth date or a period start.</summary>
    public int AgeAtStart { get; private set; }

    public CompiledPlan Plan => _plan;

    public int[] DayBuffer { get; private set; } = new int[32];

    public ReadOnlySpan<SlotEntry> Slot(int slot) => Entries.AsSpan(SlotStart[slot], SlotStart[slot + 1] - SlotStart[slot]);

    public int NextEventStamp(int eventCount)
    {
        if (_eventStamp.Length < eventCount)
        {
            _eventStamp = new int[Math.Max(eventCount, _eventStamp.Length * 2)];
        }

        return unchecked(++_eventStampValue);
    }

    /// <summary>Marks an event for the current stamp; returns false when it was already marked.</summary>
    public bool MarkEvent(int ev, int stamp)
    {
        if (_eventStamp[ev] == stamp)
        {
            return false;
        }

        _eventStamp[ev] = stamp;
        return true;
    }

    public int[] EnsureDayBuffer(int n)
    {
        if (DayBuffer.Length < n)
        {
            DayBuffer = new int[Math.Max(n, DayBuffer.Length * 2)];
        }

        return DayBuffer;
    }

    public void EnsureReadings(int n)
    {
        if (Readings.Length < n)
        {
            var grown = Readings;
            Array.Resize(ref grown, Math.Max(n, Readings.Length * 2));
            Readings = grown;
        }
    }

    /// <summary>Groups the patient's events by slot (one matcher lookup per coding).</summary>
    public void Load(PatientRecord patient, EvaluationRun run)
    {
        Patient = patient;
        Generation = unchecked(Generation + 1);
        ReadingTotal = 0;
        Age = ComputeAge(patient.BirthDate, _plan.ReferenceDate);
        AgeAtStart = _plan.PeriodStartDay is { } startDay ? ComputeAge(patient.BirthDate, DateOnly.FromDayNumber(startDay)) : -1;
        _pairCount = 0;
        var events = patient.Events;
        Events = events;
        int r = _plan.ReferenceDay;
        for (int i = 0; i < events.Length; i++)
        {
            var e = events[i];
            bool notDone = false;
            if (!EventCounting.Counts(e))
            {
                if (!EventCounting.IsNotDone(e))
                {
                    continue;
                }

                notDone = true;
            }

            var date = e.EventDate;
            int day;
            if (date is { } d)
            {
                day = d.DayNumber;
                if (day > r)
                {
                    continue;
                }
            }
            else
            {
                day = int.MinValue;
            }

            int before = _pairCount;
            _stamp = unchecked(_stamp + 1);
            int end = day == int.MinValue ? day : EndDay(e, day);
            MatchCodings(e.Codes.AsSpan(), i, day, end, -1, notDone);
            var components = e.Components;
            for (int c = 0; c < components.Length; c++)
            {
                MatchCodings(components[c].Codes.AsSpan(), i, day, end, c, notDone);
            }

            if (day == int.MinValue && _pairCount > before)
            {
                _pairCount = before;
                run.Report(new DataQualityIssue(DefinitionErrors.UndatedEvent, DataQualitySeverity.Warning, "the event has no usable date (onset/effective/authoredOn/...); it was ignored by every indicator")
                {
                    File = e.Source?.File ?? patient.Source?.File,
                    Line = e.Source?.Line,
                    Entry = e.Source?.Entry,
                    ResourceType = e.Kind.ToString(),
                    ResourceId = e.Id,
                });
            }
        }

        // Counting sort of the pairs by slot, then insertion sort of each slot by (day, event).
        var start = SlotStart;
        Array.Clear(start);
        for (int i = 0; i < _pairCount; i++)
        {
            start[_pairs[i].Slot + 1]++;
        }

        for (int s = 1; s < start.Length; s++)
        {
            start[s] += start[s - 1];
        }

        if (Entries.Length < _pairCount)
        {
            Entries = new SlotEntry[Math.Max(_pairCount, Entries.Length * 2)];
        }

        Span<int> fill = _slotStamp.AsSpan(); // reused as write cursors; restored below
        for (int s = 0; s < fill.Length; s++)
        {
            fill[s] = start[s];
        }

        for (int i = 0; i < _pairCount; i++)
        {
            ref var p = ref _pairs[i];
            Entries[fill[p.Slot]++] = p.Entry;
        }

        fill.Clear();
        _stamp = 0;
        for (int s = 0; s < start.Length - 1; s++)
        {
            SortByDay(Entries.AsSpan(start[s], start[s + 1] - start[s]));
        }
    }

    /// <summary>
    /// The last day of the event's period (docs/semantics.md, "Periods"): a Condition's prevalence ends at its abatement,
    /// is ongoing while clinicalStatus is active, recurrence or relapse, and otherwise ended at an unknown time; an event
    /// with a period ends at its end (ongoing without one); a single date ends on itself.
    /// </summary>
    internal static int EndDay(ClinicalEvent e, int day)
    {
        if (e.Kind == ResourceKind.Condition)
        {
            if (e.AbatementDate is { } abatement)
            {
                return abatement.DayNumber;
            }

            return e.ClinicalStatus is "active" or "recurrence" or "relapse" ? SlotEntry.OpenEnd : SlotEntry.UnknownEnd;
        }

        if (e.Date is null && e.Period is { } period)
        {
            return period.End is { } end ? Math.Max(end.DayNumber, day) : SlotEntry.OpenEnd;
        }

        return day;
    }

    private void MatchCodings(ReadOnlySpan<Coding> codings, int ev, int day, int end, int component, bool notDone)
    {
        var hostToSlot = _plan.HostToSlot;
        foreach (var coding in codings)
        {
            foreach (int index in _plan.Matcher.Match(coding.System, coding.Code))
            {
                if ((uint)index < (uint)hostToSlot.Length && hostToSlot[index] >= 0)
                {
                    Add(hostToSlot[index], ev, day, end, component, notDone);
                }
            }

            if (_plan.InlineMatcher is { } inline)
            {
                var inlineToSlot = _plan.InlineToSlot;
                foreach (int index in inline.Match(coding.System, coding.Code))
                {
                    if ((uint)index < (uint)inlineToSlot.Length && inlineToSlot[index] >= 0)
                    {
                        Add(inlineToSlot[index], ev, day, end, component, notDone);
                    }
                }
            }
        }
    }

    private void Add(int slot, int ev, int day, int end, int component, bool notDone)
    {
        if (_slotStamp[slot] == _stamp)
        {
            return;
        }

        _slotStamp[slot] = _stamp;
        if (_pairCount == _pairs.Length)
        {
            Array.Resize(ref _pairs, _pairs.Length * 2);
        }

        _pairs[_pairCount++] = (slot, new SlotEntry { Event = ev, Day = day, End = end, Component = component, NotDone = notDone });
    }

    private static void SortByDay(Span<SlotEntry> span)
    {
        for (int i = 1; i < span.Length; i++)
        {
            var x = span[i];
            int j = i - 1;
            while (j >= 0 && (span[j].Day > x.Day || (span[j].Day == x.Day && span[j].Event > x.Event)))
            {
                span[j + 1] = span[j];
                j--;
            }

            span[j + 1] = x;
        }
    }

    /// <summary>Age at <paramref name="r"/>: year difference, minus one if (month, day) of R is before that of the birth date.</summary>
    internal static int ComputeAge(FhirDate? birthDate, DateOnly r)
    {
        if (birthDate is not { } b)
        {
            return -1;
        }

        var d = b.Date;
        int age = r.Year - d.Year;
        if (r.Month < d.Month || (r.Month == d.Month && r.Day < d.Day))
        {
            age--;
        }

        return age;
    }
}
