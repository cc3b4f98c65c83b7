namespace QiSdk.Records;

/// <summary>
/// Parallel reading (<see cref="ParallelFhirRead"/>): a chunk of the input (whole files, or a byte range of lines of one
/// NDJSON file) is read by its own session, then merged into the run's session in input order, so that the run's session
/// ends in exactly the state one session reading every input in order would have reached: the same patients in the same
/// order with their events in the same order, the same counts, the same pending references (resolved by
/// <see cref="Finish"/> as usual) and the same problems in the same order.
/// </summary>
/// <remarks>
/// What a chunk cannot know alone is only what depends on the inputs before it: whether a Patient it read was already read
/// (QI1013 at the Patient, naming the first copy), and which Medication a <c>medicationReference</c> names (resolved by
/// <see cref="Finish"/> after the merge, as it always was). Everything else a resource gives (events, located problems,
/// Bundle-scoped references) is decided within its own document, which a chunk always holds whole.
/// </remarks>
internal sealed partial class FhirReadSession
{
    private ChunkNotes? _chunk;

    /// <summary>True when the last <see cref="ReadInputAsync"/> stopped before the end of its input (unopenable, failed
    /// part-way, or a line too long that is not JSON): the rest of that input is not read.</summary>
    public bool InputStopped { get; private set; }

    /// <summary>A session that reads one chunk of a parallel read: it notes where each Patient was committed so the merge
    /// can place problems that depend on earlier chunks; it has no log (the run's session logs, in order, when merging).</summary>
    public static FhirReadSession ForChunk(FhirReaderOptions options) => new(options, log: null) { _chunk = new ChunkNotes() };

    /// <summary>
    /// Merges a chunk session (read after every chunk merged before it) into this one, as if this session had read the
    /// chunk's inputs itself; reports (and logs) the chunk's problems in order, with those that need the earlier input.
    /// </summary>
    /// <param name="chunk">The chunk's session; not used afterwards.</param>
    /// <param name="continuesInput">The chunk is a later byte range of the input the previous chunk read: not a new input.</param>
    /// <param name="failure">The strict-mode exception the chunk stopped with, rethrown as it was when its problem comes.</param>
    /// <exception cref="FhirReadException">Strict mode: the first problem in input order.</exception>
    public void Merge(FhirReadSession chunk, bool continuesInput, FhirReadException? failure)
    {
        var notes = chunk._chunk ?? throw new InvalidOperationException("Not a chunk session.");
        for (int i = continuesInput ? 1 : 0; i < chunk._inputs.Count; i++)
        {
            _inputs.Add(chunk._inputs[i]);
        }

        foreach (var (type, counter) in chunk._counters)
        {
            var mine = Counter(type);
            mine.Read += counter.Read;
            mine.Kept += counter.Kept;
            foreach (var (reason, count) in counter.Skipped)
            {
                mine.Skipped[reason] = mine.Skipped.GetValueOrDefault(reason) + count;
            }
        }

        foreach (var (id, codes) in chunk._medications)
        {
            // The first Medication with an id wins, in input order (a chunk's own map kept its first already).
            _medications.TryAdd(id, codes);
        }

        // Slots in the order the chunk first named them: after this session's, as one session would have created them.
        // The chunk's event rows are copied into this session's store, appended to the slot's list in order; each copied
        // row's Next in the chunk's store (which is not used afterwards) then holds its new handle, for the pending
        // medication references below.
        var merged = new Dictionary<PatientSlot, PatientSlot>(chunk._slotOrder.Count, ReferenceEqualityComparer.Instance);
        int[] objectMap = chunk._store.NewObjectMap();
        foreach (var local in chunk._slotOrder)
        {
            var slot = GetSlot(_strings.Intern(local.Id));
            merged.Add(local, slot);
            for (int h = local.Head; h >= 0;)
            {
                int copied = _store.Import(chunk._store, h, objectMap);
                AppendToSlot(slot, copied);
                ref var source = ref chunk._store.Row(h);
                h = source.Next;
                source.Next = copied;
            }
        }

        foreach (var pending in chunk._pendingMedications)
        {
            var slot = merged[pending.Slot];
            _pendingMedications.Add(new PendingMedication(slot, chunk._store.Row(pending.Row).Next, pending.Reference));
        }

        // Patients and problems, interleaved as they were found.
        int next = 0;
        int duplicate = 0;
        for (int p = 0; p < chunk._patientOrder.Count; p++)
        {
            var (problemIndex, hasResourceId) = notes.Patients[p];
            EmitUpTo(problemIndex);
            var local = chunk._patientOrder[p];
            var slot = merged[local];
            var patient = local.Patient!;
            if (slot.Patient is null)
            {
                slot.Patient = patient;
                _patientOrder.Add(slot);
                continue;
            }

            // Read before, in an earlier chunk: skipped here, reported where one session would have reported it.
            var counter = Counter(nameof(ResourceKind.Patient));
            counter.Kept--;
            Skip(nameof(ResourceKind.Patient), ReaderErrors.Reasons.DuplicatePatient);
            Report(new DataQualityIssue(ReaderErrors.DuplicatePatient, DataQualitySeverity.Warning, ReaderErrors.DuplicatePatientMessage(patient.Id, slot.Patient.Source))
            {
                File = patient.Source?.File,
                Line = patient.Source?.Line,
                Entry = patient.Source?.Entry,
                ResourceType = nameof(ResourceKind.Patient),
                ResourceId = hasResourceId ? patient.Id : null,
                JsonPath = "Patient.id",
            });
        }

        EmitUpTo(chunk._problems.Count);

        void EmitUpTo(int end)
        {
            end = Math.Min(end, chunk._problems.Count);
            for (; next < end; next++)
            {
                var issue = chunk._problems[next];
                if (duplicate < notes.Duplicates.Count && notes.Duplicates[duplicate].ProblemIndex == next)
                {
                    // A second copy within the chunk names the chunk's first; the first of the whole input may be earlier.
                    var local = notes.Duplicates[duplicate++].Slot;
                    var first = merged[local].Patient;
                    if (first is not null && !ReferenceEquals(first, local.Patient))
                    {
                        issue = issue with { Message = ReaderErrors.DuplicatePatientMessage(first.Id, first.Source) };
                    }
                }

                Report(issue, failure is not null && ReferenceEquals(issue, failure.Issue) ? failure.InnerException : null);
            }
        }
    }

    /// <summary>What a chunk session notes for the merge: per committed Patient (in commit order) the index its problems
    /// had reached, and the problems that report a second copy of a Patient within the chunk.</summary>
    private sealed class ChunkNotes
    {
        public List<(int ProblemIndex, bool HasResourceId)> Patients { get; } = [];

        public List<(int ProblemIndex, PatientSlot Slot)> Duplicates { get; } = [];

        public void NotePatient(int problemIndex, bool hasResourceId) => Patients.Add((problemIndex, hasResourceId));

        public void NoteDuplicate(int problemIndex, PatientSlot slot) => Duplicates.Add((problemIndex, slot));
    }
}
