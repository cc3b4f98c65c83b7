using System.Buffers;
using System.Collections.Immutable;
using System.IO.Compression;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using QiSdk.Records;
using QiSdk.Reports;

namespace QiSdk.Synthetic;

/// <summary>Streams a synthetic practice to NDJSON files or Bundles, one patient at a time.</summary>
internal sealed class SyntheticExporter
{
    private static readonly string[] NdjsonTypes = ["Patient", "Condition", "Observation", "MedicationRequest", "MedicationStatement", "Medication"];
    // Relaxed escaping keeps '+' in UTC offsets readable ("+01:00", not "\u002B01:00"); these are data files, never HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly SyntheticPracticeOptions _options;
    private readonly SyntheticExportOptions _export;
    private readonly PracticeCodings _codes;
    private readonly string _final;
    private readonly string _dir;
    private readonly List<InjectedError> _injected = [];
    private readonly SortedDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public SyntheticExporter(SyntheticPracticeOptions options, SyntheticExportOptions export)
    {
        _options = options;
        _export = export;
        _codes = new PracticeCodings(options.PracticeCode, options.CodingMix);
        _final = Path.TrimEndingDirectorySeparator(Path.GetFullPath(export.Directory));
        string parent = Path.GetDirectoryName(_final) ?? throw new ArgumentException($"'{export.Directory}' is a root folder; export into a folder below it.", nameof(export));
        // Written here, then renamed to _final in one step: an interrupted export never looks like a complete one.
        _dir = Path.Combine(parent, "." + Path.GetFileName(_final) + ".partial-" + Guid.NewGuid().ToString("N"));
    }

    public SyntheticExportResult Run(CancellationToken cancellationToken)
    {
        CheckReplaceable(_final);
        Directory.CreateDirectory(_dir);
        try
        {
            var files = _export.Format == SyntheticOutputFormat.Bundle
                ? WriteBundles(cancellationToken)
                : WriteNdjson(_export.Format == SyntheticOutputFormat.NdjsonGzip, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();

            string? codeMapPath = null;
            SyntheticFile? mapFile = null;
            if (_export.WriteCodeMap)
            {
                codeMapPath = _export.CodeMapPath is { } custom ? Path.GetFullPath(custom) : _final + "-code-map.csv";
                if (Path.GetDirectoryName(codeMapPath) is { Length: > 0 } mapDir)
                {
                    Directory.CreateDirectory(mapDir);
                }

                // The map is not records: it may be in place a moment before the folder is.
                string temp = codeMapPath + ".tmp-" + Guid.NewGuid().ToString("N");
                int rows;
                using (var writer = new StreamWriter(temp, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
                {
                    rows = CodeMapWriter.Write(_options.PracticeCode, writer);
                }

                File.Move(temp, codeMapPath, overwrite: true);
                mapFile = new SyntheticFile(codeMapPath, null, rows, new FileInfo(codeMapPath).Length);
            }

            Publish();
            var published = files.Select(f => f with { Path = Rebase(f.Path) }).ToList();
            if (mapFile is not null)
            {
                published.Add(mapFile);
            }

            return new SyntheticExportResult
            {
                Directory = _final,
                Format = _export.Format,
                Patients = _options.Patients,
                Files = [.. published],
                ResourceCounts = _counts.ToImmutableSortedDictionary(StringComparer.Ordinal),
                InjectedErrors = [.. _injected.Select(e => e with { File = Rebase(e.File) })],
                CodeMapPath = codeMapPath,
            };
        }
        catch
        {
            if (Directory.Exists(_dir))
            {
                Directory.Delete(_dir, recursive: true);
            }

            throw;
        }
    }

    private string Rebase(string path) =>
        path.StartsWith(_dir, StringComparison.Ordinal) ? _final + path[_dir.Length..] : path;

    /// <summary>An existing target is replaced only when it is empty or holds an earlier export's files and nothing else.</summary>
    private static void CheckReplaceable(string target)
    {
        if (File.Exists(target))
        {
            throw new IOException($"'{target}' is a file; the export needs a folder.");
        }

        if (!Directory.Exists(target))
        {
            return;
        }

        foreach (string entry in Directory.EnumerateFileSystemEntries(target))
        {
            string name = Path.GetFileName(entry);
            bool ours = File.Exists(entry) && (Records.FhirInput.FormatFromName(name) is not null || name == "code-map.csv");
            if (!ours)
            {
                throw new IOException($"'{target}' already holds '{name}', which is not part of a synthetic export; choose a new or empty folder.");
            }
        }
    }

    /// <summary>Puts the finished export in place: one rename, after moving an earlier export aside.</summary>
    private void Publish()
    {
        if (!Directory.Exists(_final))
        {
            Directory.Move(_dir, _final);
            return;
        }

        string old = Path.Combine(Path.GetDirectoryName(_final)!, "." + Path.GetFileName(_final) + ".replaced-" + Guid.NewGuid().ToString("N"));
        Directory.Move(_final, old);
        Directory.Move(_dir, _final);
        Directory.Delete(old, recursive: true);
    }

    /// <summary>The patient index after whose resources bad record <paramref name="k"/> is written (spread evenly).</summary>
    private int ErrorPatient(int k) => (int)Math.Min(_options.Patients - 1, (long)((k + 0.5) * _options.Patients / _options.Errors));

    private void Count(string type, int n = 1) => _counts[type] = _counts.GetValueOrDefault(type) + n;

    private string BadId(int patientIndex, int k) => FhirIds.For(PatientGenerator.PatientId(_options.PracticeCode, patientIndex) + "-bad" + (k + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));

    private string MissingPatientId(int k) => FhirIds.For(_options.PracticeCode + "-missing-" + (k + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static string InvalidDate(DateOnly r) => r.Year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture) + "-02-30";

    // ---------------------------------------------------------------------------------------------------------------
    // NDJSON

    private List<SyntheticFile> WriteNdjson(bool gzip, CancellationToken cancellationToken)
    {
        var sinks = new Dictionary<string, NdjsonSink>(StringComparer.Ordinal);
        try
        {
            foreach (string type in NdjsonTypes)
            {
                sinks[type] = new NdjsonSink(Path.Combine(_dir, type + (gzip ? ".ndjson.gz" : ".ndjson")), gzip);
            }

            var medications = sinks["Medication"];
            foreach (var medicine in CodePalette.Medicines)
            {
                FhirResourceWriter.WriteMedication(medications.Writer, medicine, _codes.Standard(medicine));
                medications.EndLine();
                Count("Medication");
            }

            var generator = new PatientGenerator(_options, _codes);
            int nextError = 0;
            for (int i = 0; i < _options.Patients; i++)
            {
                if ((i & 255) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var patient = generator.Generate(i, withHints: true);
                var record = patient.Record;
                var patientSink = sinks["Patient"];
                FhirResourceWriter.WritePatient(patientSink.Writer, record);
                patientSink.EndLine();
                Count("Patient");

                string subject = "Patient/" + record.Id;
                for (int e = 0; e < record.Events.Length; e++)
                {
                    var ev = record.Events[e];
                    string type = FhirResourceWriter.TypeName(ev.Kind);
                    var sink = sinks[type];
                    FhirResourceWriter.WriteEvent(sink.Writer, ev, patient.Hints[e], subject);
                    sink.EndLine();
                    Count(type);
                }

                while (nextError < _options.Errors && ErrorPatient(nextError) == i)
                {
                    InjectNdjson(sinks, nextError, i, record.Id);
                    nextError++;
                }
            }

            foreach (var sink in sinks.Values)
            {
                sink.Dispose();
            }

            return [.. NdjsonTypes.Select(t => new SyntheticFile(sinks[t].Path, t, sinks[t].Lines, new FileInfo(sinks[t].Path).Length))];
        }
        finally
        {
            foreach (var sink in sinks.Values)
            {
                sink.Dispose();
            }
        }
    }

    private void InjectNdjson(Dictionary<string, NdjsonSink> sinks, int k, int patientIndex, string patientId)
    {
        var kind = (InjectedErrorKind)(k % 4);
        string id = BadId(patientIndex, k);
        switch (kind)
        {
            case InjectedErrorKind.MalformedJson:
            {
                var sink = sinks["Observation"];
                int line = sink.WriteRawLine(Encoding.UTF8.GetBytes(
                    "{\"resourceType\":\"Observation\",\"id\":\"" + id + "\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"271649006\""));
                _injected.Add(new InjectedError(kind, sink.Path, line, null, id, "malformed JSON: the line ends in the middle of an Observation"));
                break;
            }

            case InjectedErrorKind.MissingResourceType:
            {
                var sink = sinks["Condition"];
                WriteConditionWithoutType(sink.Writer, id, "Patient/" + patientId);
                int line = sink.EndLine();
                _injected.Add(new InjectedError(kind, sink.Path, line, null, id, "a Condition without resourceType"));
                break;
            }

            case InjectedErrorKind.InvalidDate:
            {
                var sink = sinks["Observation"];
                WriteObservationWithInvalidDate(sink.Writer, id, "Patient/" + patientId);
                int line = sink.EndLine();
                _injected.Add(new InjectedError(kind, sink.Path, line, null, id, $"Observation.effectiveDateTime '{InvalidDate(_options.ReferenceDate)}' is not a valid date"));
                break;
            }

            default:
            {
                var sink = sinks["MedicationRequest"];
                string missing = MissingPatientId(k);
                WriteRequestForUnknownPatient(sink.Writer, id, "Patient/" + missing);
                int line = sink.EndLine();
                _injected.Add(new InjectedError(kind, sink.Path, line, null, id, $"MedicationRequest.subject refers to Patient/{missing}, which is not in the export"));
                break;
            }
        }
    }

    private void WriteConditionWithoutType(Utf8JsonWriter w, string id, string subject)
    {
        w.WriteStartObject();
        FhirResourceWriter.WriteId(w, id);
        FhirResourceWriter.WriteCodeableConcept(w, "code", _codes.Standard(CodePalette.DiabetesType2));
        FhirResourceWriter.WriteReference(w, "subject", subject);
        w.WriteString("onsetDateTime", _options.ReferenceDate.AddYears(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        w.WriteEndObject();
    }

    private void WriteObservationWithInvalidDate(Utf8JsonWriter w, string id, string subject)
    {
        w.WriteStartObject();
        w.WriteString("resourceType", "Observation");
        FhirResourceWriter.WriteId(w, id);
        w.WriteString("status", "final");
        FhirResourceWriter.WriteCodeableConcept(w, "code", _codes.Standard(CodePalette.HbA1cIfcc));
        FhirResourceWriter.WriteReference(w, "subject", subject);
        w.WriteString("effectiveDateTime", InvalidDate(_options.ReferenceDate));
        w.WriteStartObject("valueQuantity");
        w.WriteNumber("value", 48);
        w.WriteString("unit", "mmol/mol");
        w.WriteString("system", SyntheticCodeSystems.Ucum);
        w.WriteString("code", "mmol/mol");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private void WriteRequestForUnknownPatient(Utf8JsonWriter w, string id, string subject)
    {
        w.WriteStartObject();
        w.WriteString("resourceType", "MedicationRequest");
        FhirResourceWriter.WriteId(w, id);
        w.WriteString("status", "active");
        w.WriteString("intent", "order");
        FhirResourceWriter.WriteCodeableConcept(w, "medicationCodeableConcept", _codes.Standard(CodePalette.Ibuprofen));
        FhirResourceWriter.WriteReference(w, "subject", subject);
        w.WriteString("authoredOn", _options.ReferenceDate.AddDays(-10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        w.WriteEndObject();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Bundles

    private List<SyntheticFile> WriteBundles(CancellationToken cancellationToken)
    {
        var files = new List<SyntheticFile>();
        bool transaction = _export.BundleType == SyntheticBundleType.Transaction;
        string bundleType = transaction ? "transaction" : "collection";
        var generator = new PatientGenerator(_options, _codes);
        int nextError = 0;

        if (_export.SingleBundle)
        {
            string path = Path.Combine(_dir, "bundle.json");
            int entries = 0;
            using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            using (var w = new Utf8JsonWriter(stream, WriterOptions))
            {
                StartBundle(w, "practice-" + _options.PracticeCode, bundleType);
                entries += WriteMedicationEntries(w, transaction);
                for (int i = 0; i < _options.Patients; i++)
                {
                    if ((i & 255) == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    var patient = generator.Generate(i, withHints: true);
                    entries += WritePatientEntries(w, patient, transaction);
                    while (nextError < _options.Errors && ErrorPatient(nextError) == i)
                    {
                        entries += InjectBundle(w, nextError, patient, path, entries, transaction, files);
                        nextError++;
                    }

                    if ((i & 63) == 0)
                    {
                        w.Flush();
                    }
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            files.Insert(0, new SyntheticFile(path, null, entries, new FileInfo(path).Length));
            return files;
        }

        string medicationPath = Path.Combine(_dir, "medications.json");
        using (var stream = new FileStream(medicationPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        using (var w = new Utf8JsonWriter(stream, WriterOptions))
        {
            StartBundle(w, "medications-" + _options.PracticeCode, bundleType);
            int n = WriteMedicationEntries(w, transaction);
            w.WriteEndArray();
            w.WriteEndObject();
            w.Flush();
            files.Add(new SyntheticFile(medicationPath, null, n, stream.Length));
        }

        for (int i = 0; i < _options.Patients; i++)
        {
            if ((i & 255) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var patient = generator.Generate(i, withHints: true);
            string path = Path.Combine(_dir, "bundle-" + patient.Record.Id + ".json");
            int entries;
            var extra = new List<SyntheticFile>();
            using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 14))
            using (var w = new Utf8JsonWriter(stream, WriterOptions))
            {
                StartBundle(w, "bundle-" + patient.Record.Id, bundleType);
                entries = WritePatientEntries(w, patient, transaction);
                while (nextError < _options.Errors && ErrorPatient(nextError) == i)
                {
                    entries += InjectBundle(w, nextError, patient, path, entries, transaction, extra);
                    nextError++;
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            files.Add(new SyntheticFile(path, null, entries, new FileInfo(path).Length));
            files.AddRange(extra);
        }

        return files;
    }

    private static void StartBundle(Utf8JsonWriter w, string id, string type)
    {
        w.WriteStartObject();
        w.WriteString("resourceType", "Bundle");
        FhirResourceWriter.WriteId(w, id);
        w.WriteString("type", type);
        w.WriteStartArray("entry");
    }

    private int WriteMedicationEntries(Utf8JsonWriter w, bool transaction)
    {
        int n = 0;
        for (int m = 0; m < CodePalette.Medicines.Length; m++)
        {
            var medicine = CodePalette.Medicines[m];
            StartEntry(w, Uuid(-1, m));
            FhirResourceWriter.WriteMedication(w, medicine, _codes.Standard(medicine));
            EndEntry(w, transaction, "Medication");
            Count("Medication");
            n++;
        }

        return n;
    }

    private int WritePatientEntries(Utf8JsonWriter w, SyntheticPatient patient, bool transaction)
    {
        var record = patient.Record;
        string subject = "urn:uuid:" + Uuid(patient.Index, 0);
        StartEntry(w, subject["urn:uuid:".Length..]);
        FhirResourceWriter.WritePatient(w, record);
        EndEntry(w, transaction, "Patient");
        Count("Patient");
        for (int e = 0; e < record.Events.Length; e++)
        {
            var ev = record.Events[e];
            string type = FhirResourceWriter.TypeName(ev.Kind);
            StartEntry(w, Uuid(patient.Index, e + 1));
            FhirResourceWriter.WriteEvent(w, ev, patient.Hints[e], subject);
            EndEntry(w, transaction, type);
            Count(type);
        }

        return record.Events.Length + 1;
    }

    private int InjectBundle(Utf8JsonWriter w, int k, SyntheticPatient patient, string path, int entryIndex, bool transaction, List<SyntheticFile> extraFiles)
    {
        var kind = (InjectedErrorKind)(k % 4);
        string id = BadId(patient.Index, k);
        string subject = "urn:uuid:" + Uuid(patient.Index, 0);
        string uuid = Uuid(patient.Index, 1_000_000 + k);
        switch (kind)
        {
            case InjectedErrorKind.MalformedJson:
            {
                string bad = Path.Combine(_dir, "malformed-" + (k + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + ".json");
                string text = "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"fullUrl\":\"urn:uuid:" + uuid
                    + "\",\"resource\":{\"resourceType\":\"Observation\",\"id\":\"" + id + "\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"271649006\"";
                File.WriteAllText(bad, text, new UTF8Encoding(false));
                extraFiles.Add(new SyntheticFile(bad, null, 1, new FileInfo(bad).Length));
                _injected.Add(new InjectedError(kind, bad, null, null, id, "malformed JSON: the file ends in the middle of a Bundle entry"));
                return 0;
            }

            case InjectedErrorKind.MissingResourceType:
                StartEntry(w, uuid);
                WriteConditionWithoutType(w, id, subject);
                EndEntry(w, transaction, "Condition");
                _injected.Add(new InjectedError(kind, path, null, entryIndex, id, "a Condition without resourceType"));
                return 1;

            case InjectedErrorKind.InvalidDate:
                StartEntry(w, uuid);
                WriteObservationWithInvalidDate(w, id, subject);
                EndEntry(w, transaction, "Observation");
                _injected.Add(new InjectedError(kind, path, null, entryIndex, id, $"Observation.effectiveDateTime '{InvalidDate(_options.ReferenceDate)}' is not a valid date"));
                return 1;

            default:
                string missing = MissingPatientId(k);
                StartEntry(w, uuid);
                WriteRequestForUnknownPatient(w, id, "Patient/" + missing);
                EndEntry(w, transaction, "MedicationRequest");
                _injected.Add(new InjectedError(kind, path, null, entryIndex, id, $"MedicationRequest.subject refers to Patient/{missing}, which is not in the export"));
                return 1;
        }
    }

    private static void StartEntry(Utf8JsonWriter w, string uuid)
    {
        w.WriteStartObject();
        w.WriteString("fullUrl", "urn:uuid:" + uuid);
        w.WritePropertyName("resource");
    }

    private static void EndEntry(Utf8JsonWriter w, bool transaction, string type)
    {
        if (transaction)
        {
            w.WriteStartObject("request");
            w.WriteString("method", "POST");
            w.WriteString("url", type);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    /// <summary>A deterministic version-4-shaped UUID for (practice seed, patient index, resource ordinal).</summary>
    private string Uuid(int patientIndex, int ordinal)
    {
        var rng = SplitMix64.For(_options.Seed ^ 0x5EED_0F_B0D1EL, patientIndex, (ulong)(uint)ordinal);
        Span<byte> b = stackalloc byte[16];
        BitConverter.TryWriteBytes(b, rng.NextUInt64());
        BitConverter.TryWriteBytes(b[8..], rng.NextUInt64());
        b[7] = (byte)((b[7] & 0x0F) | 0x40);
        b[8] = (byte)((b[8] & 0x3F) | 0x80);
        return new Guid(b).ToString("D");
    }

    /// <summary>One NDJSON file: resources are written to a buffer with one <see cref="Utf8JsonWriter"/>, then a newline.</summary>
    private sealed class NdjsonSink : IDisposable
    {
        private const int FlushThreshold = 1 << 18;
        private readonly Stream _stream;
        private readonly ArrayBufferWriter<byte> _buffer = new(FlushThreshold + 4096);
        private bool _disposed;

        public NdjsonSink(string path, bool gzip)
        {
            Path = path;
            var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            _stream = gzip ? new GZipStream(file, CompressionLevel.Fastest, leaveOpen: false) : file;
            Writer = new Utf8JsonWriter(_buffer, WriterOptions);
        }

        public string Path { get; }

        public int Lines { get; private set; }

        public Utf8JsonWriter Writer { get; }

        /// <summary>Ends the current resource's line; returns its 1-based line number.</summary>
        public int EndLine()
        {
            Writer.Flush();
            Writer.Reset();
            return NewLine();
        }

        public int WriteRawLine(ReadOnlySpan<byte> text)
        {
            _buffer.Write(text);
            return NewLine();
        }

        private int NewLine()
        {
            _buffer.GetSpan(1)[0] = (byte)'\n';
            _buffer.Advance(1);
            Lines++;
            if (_buffer.WrittenCount >= FlushThreshold)
            {
                _stream.Write(_buffer.WrittenSpan);
                _buffer.ResetWrittenCount();
            }

            return Lines;
        }

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            Writer.Flush();
            _stream.Write(_buffer.WrittenSpan);
            _buffer.Clear();
            Writer.Dispose();
            _stream.Dispose();
        }
    }
}
