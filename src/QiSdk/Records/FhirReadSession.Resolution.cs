using System.Collections.Immutable;

namespace QiSdk.Records;

/// <summary>Turning a read resource into the model, resolving references, counting and reporting.</summary>
internal sealed partial class FhirReadSession
{
    private string? _lastFile;
    private int _lastFileIndex;
    private string? _lastReference;
    private string? _lastPatientId;
    private PatientSlot? _lastSlot;

    /// <summary>Builds the patient, Medication or event from the scratch, once the resource (and its Bundle entry) is read.</summary>
    private void Commit(string? fullUrl)
    {
        string type = _r.TypeName;
        var location = new SourceLocation(_file, _line, _entry);
        switch (_r.Kind)
        {
            case ResourceKind.Patient:
                CommitPatient(type, fullUrl, location);
                break;
            case ResourceKind.Medication:
                var codes = _codings.Intern(_r.Codes);
                if (_r.Id is not null)
                {
                    _medications.TryAdd(_r.Id, codes);
                }

                if (fullUrl is not null && _inBundle)
                {
                    _bundleMedications.TryAdd(fullUrl, codes);
                }

                Counter(type).Kept++;
                break;
            default:
                CommitEvent(type, location);
                break;
        }

        _currentType = null;
        FlushResourceIssues(_r.Id);
    }

    private void CommitPatient(string type, string? fullUrl, SourceLocation location)
    {
        string? id = _r.Id;
        if (id is null && fullUrl is not null && fullUrl.StartsWith("urn:uuid:", StringComparison.OrdinalIgnoreCase))
        {
            id = fullUrl["urn:uuid:".Length..];
        }

        if (id is null)
        {
            Skip(type, ReaderErrors.Reasons.PatientWithoutId);
            ReportResource(ReaderErrors.PatientWithoutId, DataQualitySeverity.Error, ReaderErrors.PatientWithoutIdMessage(), "id", null);
            return;
        }

        id = _strings.Intern(id);
        var slot = GetSlot(id);
        if (fullUrl is not null && _inBundle)
        {
            _bundlePatients.TryAdd(fullUrl, id);
        }

        if (_testCaseBundles && _inBundle)
        {
            _bundlePatientIds.Add((id, fullUrl));
        }

        if (slot.Patient is not null)
        {
            Skip(type, ReaderErrors.Reasons.DuplicatePatient);
            ReportResource(ReaderErrors.DuplicatePatient, DataQualitySeverity.Warning, ReaderErrors.DuplicatePatientMessage(id, slot.Patient.Source), "id", null);
            _chunk?.NoteDuplicate(_problems.Count + _resourceIssues.Count - 1, slot);
            return;
        }

        slot.Patient = new PatientRecord
        {
            Id = id,
            Identifiers = _r.Identifiers.Count == 0 ? [] : [.. _r.Identifiers],
            BirthDate = _r.BirthDate,
            Gender = _r.Gender,
            DeceasedBoolean = _r.DeceasedBoolean,
            DeceasedDate = _r.DeceasedDate,
            Active = _r.Active,
            GeneralPractitioners = _r.GeneralPractitioners.Count == 0 ? [] : [.. _r.GeneralPractitioners],
            ManagingOrganization = _r.ManagingOrganization,
            Source = location,
        };
        _patientOrder.Add(slot);
        _chunk?.NotePatient(_problems.Count + _resourceIssues.Count, _r.Id is not null);
        Counter(type).Kept++;
    }

    private void CommitEvent(string type, SourceLocation location)
    {
        var codes = _codings.Intern(_r.Codes);
        string? medicationReference = _r.MedicationReference;
        if (medicationReference is not null)
        {
            if (medicationReference.StartsWith('#'))
            {
                codes = [];
                bool found = false;
                for (int i = 0; i < _r.ContainedUsed; i++)
                {
                    var (id, medicationCodes) = _r.ContainedMedications[i];
                    if (medicationReference.AsSpan(1).SequenceEqual(id))
                    {
                        codes = _codings.Intern(medicationCodes);
                        found = true;
                        break;
                    }
                }

                if (!found)
                {
                    ReportResource(ReaderErrors.UnresolvedMedication, DataQualitySeverity.Warning, ReaderErrors.UnresolvedMedicationMessage(medicationReference), "medicationReference.reference", null);
                }

                medicationReference = null;
            }
            else if (IsUrn(medicationReference) && !_inBundle)
            {
                ReportResource(ReaderErrors.UnresolvedMedication, DataQualitySeverity.Warning, ReaderErrors.UnresolvedMedicationMessage(medicationReference), "medicationReference.reference", null);
                medicationReference = null;
            }
        }

        // One row of plain values in the session's store, not an object (issue 18).
        var (idStart, idLength) = _store.AddId(_r.Id);
        int ev = _store.Add(new EventRow
        {
            Next = -1,
            Kind = _r.Kind,
            IdStart = idStart,
            IdLength = idLength,
            Codes = _store.Shared(codes),
            HasDate = _r.Date.HasValue,
            Date = _r.Date.GetValueOrDefault(),
            Period = _periods.Index(_r.Period, _store),
            HasRecordedDate = _r.RecordedDate.HasValue,
            RecordedDate = _r.RecordedDate.GetValueOrDefault(),
            AbatementDate = _dates.Index(_r.AbatementDate, _store),
            Status = _store.Shared(_r.Status),
            ClinicalStatus = _store.Shared(_r.ClinicalStatus),
            VerificationStatus = _store.Shared(_r.VerificationStatus),
            Intent = _store.Shared(_r.Intent),
            DoNotPerform = _r.DoNotPerform == true,
            Value = _quantities.Index(_r.Value, _store),
            ValueCodes = _store.Shared(_codings.Intern(_r.ValueCodes)),
            Components = _r.Components.Count == 0 ? 0 : _store.Unique(_r.Components.ToArray()),
            Categories = _store.Shared(_codings.Intern(_r.Categories)),
            Details = Details(),
            File = FileIndex(location.File),
            Line = location.Line ?? EventRow.None,
            Entry = location.Entry ?? EventRow.None,
        });

        string element = SubjectElement(_r.Kind);
        string? reference = _r.SubjectReference;
        if (_testCaseBundles && _inBundle)
        {
            // Attributed when the Bundle ends, once it is known whether it holds exactly one Patient.
            _bundleTestCaseEvents.Add(new PendingEvent(ev, reference ?? string.Empty, medicationReference));
            return;
        }

        if (reference is null)
        {
            Skip(type, ReaderErrors.Reasons.NoPatientReference);
            ReportResource(ReaderErrors.NoPatientReference, DataQualitySeverity.Error, ReaderErrors.NoPatientReferenceMessage(element), element, null);
            return;
        }

        if (IsUrn(reference))
        {
            if (_inBundle)
            {
                _bundlePendingEvents.Add(new PendingEvent(ev, reference, medicationReference));
            }
            else
            {
                Skip(type, ReaderErrors.Reasons.UnknownPatient);
                ReportResource(ReaderErrors.UnknownPatient, DataQualitySeverity.Error, ReaderErrors.UnknownPatientMessage(reference), element, "reference");
            }

            return;
        }

        // Consecutive resources usually name the same patient (bulk exports are often sorted by patient).
        string? patientId;
        if (ReferenceEquals(reference, _lastReference))
        {
            patientId = _lastPatientId;
        }
        else if (!_patientIdByReference.TryGetValue(reference, out patientId))
        {
            string? parsed = IdAfter(reference, "Patient/");
            patientId = parsed is null ? null : _strings.Intern(parsed);
            _patientIdByReference.Add(reference, patientId);
        }

        _lastReference = reference;
        _lastPatientId = patientId;

        if (patientId is null)
        {
            Skip(type, ReaderErrors.Reasons.UnknownPatient);
            ReportResource(ReaderErrors.UnknownPatient, DataQualitySeverity.Error, ReaderErrors.NotAPatientMessage(reference), element, "reference");
            return;
        }

        Place(ev, patientId, medicationReference);
    }

    /// <summary>The store index of the file name (the last one remembered: events of one file come together).</summary>
    private int FileIndex(string? file)
    {
        if (!ReferenceEquals(file, _lastFile))
        {
            _lastFile = file;
            _lastFileIndex = _store.Shared(file);
        }

        return _lastFileIndex;
    }

    /// <summary>The store index of the shared box of the resource's encounter link, class, discharge disposition,
    /// reasons and medication reference; 0 when it has none.</summary>
    private int Details()
    {
        if (_r.EncounterReference is null && _r.Class is null && _r.DischargeDisposition.Count == 0 && _r.ReasonCodes.Count == 0
            && _r.MedicationReference is null)
        {
            return 0;
        }

        // Looked up by a key struct, so the common case (a combination seen before) allocates nothing.
        var key = new DetailsKey(_r.EncounterReference, _r.Class, _codings.Intern(_r.DischargeDisposition), _codings.Intern(_r.ReasonCodes), _r.MedicationReference);
        ref int index = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_details, key, out bool exists);
        if (!exists)
        {
            index = _store.Unique(new EventDetails
            {
                EncounterReference = key.EncounterReference,
                Class = key.Class,
                DischargeDisposition = key.DischargeDisposition,
                ReasonCodes = key.ReasonCodes,
                MedicationReference = key.MedicationReference,
            });
        }

        return index;
    }

    /// <summary>The value of an <see cref="EventDetails"/> (coding arrays are interned, so compared by reference, as there).</summary>
    private readonly record struct DetailsKey(string? EncounterReference, Coding? Class, ImmutableArray<Coding> DischargeDisposition, ImmutableArray<Coding> ReasonCodes, string? MedicationReference);

    private void Place(int ev, string patientId, string? medicationReference)
    {
        var slot = ReferenceEquals(patientId, _lastSlot?.Id) ? _lastSlot! : GetSlot(patientId);
        _lastSlot = slot;
        AppendToSlot(slot, ev);
        if (medicationReference is not null)
        {
            var pending = new PendingMedication(slot, ev, medicationReference);
            (IsUrn(medicationReference) ? _bundlePendingMedications : _pendingMedications).Add(pending);
        }
    }

    /// <summary>Links a row of the store at the end of the slot's events.</summary>
    private void AppendToSlot(PatientSlot slot, int ev)
    {
        if (slot.Tail < 0)
        {
            slot.Head = ev;
        }
        else
        {
            _store.Row(slot.Tail).Next = ev;
        }

        slot.Tail = ev;
        slot.Count++;
    }

    /// <summary>Resolves the urn:uuid references of the Bundle just read against its entries' fullUrls.</summary>
    private void EndBundle()
    {
        if (!_inBundle)
        {
            return;
        }

        _inBundle = false;
        if (_bundleTestCaseEvents.Count > 0)
        {
            AttributeTestCaseEvents();
        }

        foreach (var pending in _bundlePendingEvents)
        {
            if (_bundlePatients.TryGetValue(pending.Urn, out string? patientId))
            {
                Place(pending.Row, patientId, pending.MedicationReference);
            }
            else
            {
                var kind = _store.Row(pending.Row).Kind;
                Skip(KindNames[(int)kind], ReaderErrors.Reasons.UnknownPatient);
                Report(Located(pending.Row, ReaderErrors.UnknownPatient, DataQualitySeverity.Error,
                    ReaderErrors.UnknownPatientMessage(pending.Urn), SubjectElement(kind) + ".reference"));
            }
        }

        foreach (var pending in _bundlePendingMedications)
        {
            if (_bundleMedications.TryGetValue(pending.Reference, out var codes))
            {
                _store.Row(pending.Row).Codes = _store.Shared(codes);
            }
            else
            {
                ReportUnresolvedMedication(pending.Row, pending.Reference);
            }
        }

        _bundlePendingEvents.Clear();
        _bundlePendingMedications.Clear();
        _bundleTestCaseEvents.Clear();
        _bundlePatientIds.Clear();
        _bundlePatients.Clear();
        _bundleMedications.Clear();
    }

    /// <summary>
    /// <see cref="FhirReaderOptions.TestCaseBundles"/>: a Bundle with exactly one Patient gives it every event read in the
    /// Bundle (each whose reference named someone else, or no one, reported as QI1030); otherwise each event is attributed
    /// by its reference as without the option (urn:uuid references join the Bundle's pending ones).
    /// </summary>
    private void AttributeTestCaseEvents()
    {
        // One Patient: one id, however often it is repeated (a repeat is QI1013 already).
        string? only = _bundlePatientIds.Count > 0 && _bundlePatientIds.TrueForAll(p => ReferenceEquals(p.Id, _bundlePatientIds[0].Id)) ? _bundlePatientIds[0].Id : null;
        string? onlyUrl = only is null ? null : _bundlePatientIds[0].FullUrl;
        foreach (var pending in _bundleTestCaseEvents)
        {
            int ev = pending.Row;
            var kind = _store.Row(ev).Kind;
            string reference = pending.Urn;
            string element = SubjectElement(kind);
            if (only is not null)
            {
                bool names = reference.Length > 0
                    && (string.Equals(reference, onlyUrl, StringComparison.Ordinal)
                        || string.Equals(IdAfter(reference, "Patient/"), only, StringComparison.Ordinal));
                if (!names)
                {
                    Report(Located(ev, ReaderErrors.AttributedToBundlePatient, DataQualitySeverity.Information,
                        ReaderErrors.AttributedMessage(reference.Length == 0 ? null : reference, only), element + (reference.Length == 0 ? string.Empty : ".reference")));
                }

                Place(ev, only, pending.MedicationReference);
                continue;
            }

            string type = KindNames[(int)kind];
            if (reference.Length == 0)
            {
                Skip(type, ReaderErrors.Reasons.NoPatientReference);
                Report(Located(ev, ReaderErrors.NoPatientReference, DataQualitySeverity.Error, ReaderErrors.NoPatientReferenceMessage(element), element));
            }
            else if (IsUrn(reference))
            {
                _bundlePendingEvents.Add(pending);
            }
            else if (IdAfter(reference, "Patient/") is { } id)
            {
                Place(ev, _strings.Intern(id), pending.MedicationReference);
            }
            else
            {
                Skip(type, ReaderErrors.Reasons.UnknownPatient);
                Report(Located(ev, ReaderErrors.UnknownPatient, DataQualitySeverity.Error, ReaderErrors.NotAPatientMessage(reference), element + ".reference"));
            }
        }
    }

    private void ReportUnresolvedMedication(int ev, string reference) =>
        Report(Located(ev, ReaderErrors.UnresolvedMedication, DataQualitySeverity.Warning,
            ReaderErrors.UnresolvedMedicationMessage(reference), "medicationReference.reference"));

    private PatientSlot GetSlot(string patientId)
    {
        if (!_slots.TryGetValue(patientId, out var slot))
        {
            slot = new PatientSlot(patientId);
            _slots.Add(patientId, slot);
            _slotOrder.Add(slot);
        }

        return slot;
    }

    private static bool IsUrn(string reference) => reference.StartsWith("urn:", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The id in <c>Type/id</c>, an absolute URL ending in <c>Type/id</c>, or either with <c>/_history/n</c>; null otherwise.
    /// </summary>
    internal static string? IdAfter(string reference, string typeSlash)
    {
        var span = reference.AsSpan();
        int history = span.IndexOf("/_history/", StringComparison.Ordinal);
        if (history >= 0)
        {
            span = span[..history];
        }

        int at = span.LastIndexOf(typeSlash, StringComparison.Ordinal);
        if (at < 0 || (at > 0 && span[at - 1] != '/'))
        {
            return null;
        }

        var id = span[(at + typeSlash.Length)..];
        return id.IsEmpty || id.Contains('/') ? null : id.ToString();
    }

    private static string SubjectElement(ResourceKind kind) =>
        kind is ResourceKind.Immunization or ResourceKind.AllergyIntolerance or ResourceKind.EpisodeOfCare ? "patient" : "subject";

    private TypeCounter Counter(string type)
    {
        if (!_counters.TryGetValue(type, out var counter))
        {
            counter = new TypeCounter();
            _counters.Add(type, counter);
        }

        return counter;
    }

    private void Skip(string type, string reason)
    {
        var skipped = Counter(type).Skipped;
        skipped[reason] = skipped.GetValueOrDefault(reason) + 1;
    }

    private void CountUnknown(string reason) => CountSkipped(ReaderErrors.UnknownType, reason);

    /// <summary>Counts a resource that was read and skipped whole, without reading into it.</summary>
    private void CountSkipped(string type, string reason)
    {
        Counter(type).Read++;
        Skip(type, reason);
    }

    /// <summary>A problem at the reader's current position, outside any resource.</summary>
    private DataQualityIssue Here(string code, DataQualitySeverity severity, string message, string? path) =>
        new(code, severity, message) { File = _file, Line = _line, Entry = _entry, JsonPath = path };

    /// <summary>A problem with an event found after its resource was read (it carries its own location).</summary>
    private DataQualityIssue Located(int ev, string code, DataQualitySeverity severity, string message, string element)
    {
        ref readonly var row = ref _store.Row(ev);
        string type = KindNames[(int)row.Kind];
        return new DataQualityIssue(code, severity, message)
        {
            File = row.File < 0 ? null : _store.String(row.File),
            Line = row.File < 0 || row.Line == EventRow.None ? null : row.Line,
            Entry = row.File < 0 || row.Entry == EventRow.None ? null : row.Entry,
            ResourceType = type,
            ResourceId = _store.Id(row),
            JsonPath = type + "." + element,
        };
    }

    /// <summary>The day number of the date the row's event counts on (<see cref="ClinicalEvent.EventDate"/>), or null.</summary>
    private int? EventDay(in EventRow row)
    {
        if (row.HasDate)
        {
            return row.Date.DayNumber;
        }

        if (row.Period != 0 && ((Period)_store.Object(row.Period)!).Start is { } start)
        {
            return start.DayNumber;
        }

        bool recordedCounts = row.Kind is ResourceKind.Condition or ResourceKind.Observation or ResourceKind.MedicationStatement
            or ResourceKind.AllergyIntolerance or ResourceKind.AdverseEvent;
        return recordedCounts && row.HasRecordedDate ? row.RecordedDate.DayNumber : null;
    }

    /// <summary>Queues a problem in the resource being read; it is reported (with the resource id) when the resource ends.</summary>
    private void ReportResource(string code, DataQualitySeverity severity, string message, string element, string? sub)
    {
        var path = new System.Text.StringBuilder(_r.TypeName);
        if (_nestName is not null)
        {
            path.Append('.').Append(_nestName).Append('[').Append(_nestIndex).Append(']');
        }

        if (element.Length > 0)
        {
            path.Append('.').Append(element);
        }

        if (sub is not null)
        {
            path.Append('.').Append(sub);
        }

        _resourceIssues.Add(new DataQualityIssue(code, severity, message)
        {
            File = _file,
            Line = _line,
            Entry = _entry,
            ResourceType = _r.TypeName,
            JsonPath = path.ToString(),
        });
    }

    private void FlushResourceIssues(string? id)
    {
        if (_resourceIssues.Count == 0)
        {
            return;
        }

        // Copy first: in strict mode Report throws at the first one.
        DataQualityIssue[] issues = [.. _resourceIssues];
        _resourceIssues.Clear();
        foreach (var issue in issues)
        {
            Report(issue with { ResourceId = id });
        }
    }

    private void ReportFileProblem(string code, string message, Exception? exception) =>
        Report(new DataQualityIssue(code, DataQualitySeverity.Error, message) { File = _file, Line = _line }, exception);

    private void Report(DataQualityIssue issue, Exception? exception = null)
    {
        _problems.Add(issue);
        _log?.Add(issue);
        if (_strict && issue.Severity >= DataQualitySeverity.Warning)
        {
            throw new FhirReadException(issue, exception);
        }
    }
}
