using System.Text.Json;
using System.Text.Unicode;

namespace QiSdk.Records;

/// <summary>The <see cref="Utf8JsonReader"/> walk: only the elements the model keeps are materialised; the rest is skipped.</summary>
internal sealed partial class FhirReadSession
{
    private readonly List<Coding> _tmpCodes = [];
    private readonly List<Coding> _componentCodes = [];
    private readonly List<Coding> _componentValueCodes = [];

    /// <summary>
    /// Reads one JSON document (a whole file, or one NDJSON line): a Bundle or a single resource. The bytes are checked
    /// to be UTF-8 first (vectorised, a small fraction of the parse); only when they are not is every string read checked
    /// on its own, so a bad value is reported where it is and the rest of the document is still read.
    /// </summary>
    private void ReadDocument(ReadOnlySpan<byte> json, bool ndjsonLine, CancellationToken cancellationToken)
    {
        _checkUtf8 = !Utf8.IsValid(json);
        _utf8Reports = 0;
        ReadDocumentCore(json, ndjsonLine, cancellationToken);
        if (_checkUtf8 && _utf8Reports == 0)
        {
            // The bad bytes are somewhere QiSdk does not read (a skipped element or resource): still say so.
            int at = FirstInvalidUtf8(json);
            Report(new DataQualityIssue(ReaderErrors.InvalidUtf8, DataQualitySeverity.Warning, ReaderErrors.InvalidUtf8DocumentMessage(json[at], ndjsonLine))
            {
                File = _file,
                Line = _line,
                BytePosition = at,
            });
        }

        _checkUtf8 = false;
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> data)
    {
        int i = 0;
        while (i < data.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(data[i..], out _, out int consumed) != System.Buffers.OperationStatus.Done)
            {
                return i;
            }

            i += consumed;
        }

        return 0;
    }

    private void ReadDocumentCore(ReadOnlySpan<byte> json, bool ndjsonLine, CancellationToken cancellationToken)
    {
        var reader = new Utf8JsonReader(json, _jsonOptions);
        _currentType = null;
        _nestName = null;
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                CountUnknown(ReaderErrors.Reasons.NotAnObject);
                Report(Here(ReaderErrors.WrongJsonType, DataQualitySeverity.Error,
                    ReaderErrors.WrongTypeSkippedMessage("a JSON object (a FHIR resource)", reader.TokenType), "$"));
                return;
            }

            string? type = PeekResourceType(reader);
            if (ndjsonLine && !_validateSkipped && type is not null && KindOf(type) is null && type != "Bundle" && json[^1] == (byte)'}')
            {
                // A resource type the model does not keep: counted, not parsed (FhirReaderOptions.ValidateSkippedResources).
                // A line that does not end in '}' takes the full parse below, which reports where it was cut short.
                CountSkipped(type, ReaderErrors.Reasons.UnsupportedType);
                return;
            }

            if (type == "Bundle")
            {
                ReadBundle(ref reader, cancellationToken);
            }
            else if (ReadResource(ref reader, type))
            {
                Commit(fullUrl: null);
            }

            // Anything after the top-level value makes the reader throw (malformed), after what was read is kept.
            reader.Read();
        }
        catch (JsonException ex)
        {
            HandleJsonError(ex, json, ndjsonLine);
        }

        EndBundle();
    }

    private void HandleJsonError(JsonException ex, ReadOnlySpan<byte> json, bool ndjsonLine)
    {
        bool truncated = IsTruncated(json);
        string reason = truncated ? ReaderErrors.Reasons.TruncatedJson : ReaderErrors.Reasons.MalformedJson;
        string? type = _currentType;
        string? id = null;
        if (type is not null)
        {
            id = type == ReaderErrors.UnknownType ? null : _r.Id;
            Skip(type, reason);
            _currentType = null;
            FlushResourceIssues(id);
        }

        string detail = ex.Message;
        int cut = detail.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0)
        {
            detail = detail[..cut];
        }

        var issue = new DataQualityIssue(
            truncated ? ReaderErrors.TruncatedJson : ReaderErrors.MalformedJson,
            DataQualitySeverity.Error,
            truncated ? ReaderErrors.TruncatedMessage() : ReaderErrors.MalformedMessage(detail, ndjsonLine))
        {
            File = _file,
            Line = ndjsonLine ? _line : (int?)(ex.LineNumber + 1),
            Entry = _entry,
            ResourceType = type == ReaderErrors.UnknownType ? null : type,
            ResourceId = id,
            BytePosition = ex.BytePositionInLine,
        };
        Report(issue, ex);
    }

    /// <summary>True when the data has no syntax error before it simply ends (a truncated document).</summary>
    private bool IsTruncated(ReadOnlySpan<byte> json)
    {
        var probe = new Utf8JsonReader(json, isFinalBlock: false, new JsonReaderState(_jsonOptions));
        try
        {
            while (probe.Read())
            {
            }

            return probe.CurrentDepth > 0 || probe.TokenType is JsonTokenType.None or JsonTokenType.PropertyName;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private void ReadBundle(ref Utf8JsonReader reader, CancellationToken cancellationToken)
    {
        _inBundle = true;
        bool hadEntry = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = Identify(ref reader);
            reader.Read();
            if (property != FhirProperty.Entry)
            {
                reader.Skip();
                continue;
            }

            if (hadEntry)
            {
                Report(Here(ReaderErrors.DuplicateProperty, DataQualitySeverity.Warning, ReaderErrors.DuplicatePropertyMessage("entry"), "Bundle.entry"));
                reader.Skip();
                continue;
            }

            hadEntry = true;

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                Report(Here(ReaderErrors.WrongJsonType, DataQualitySeverity.Error, ReaderErrors.WrongTypeSkippedMessage("an array", reader.TokenType), "Bundle.entry"));
                reader.Skip();
                continue;
            }

            int index = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                cancellationToken.ThrowIfCancellationRequested();
                _entry = index;
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadEntry(ref reader);
                }
                else
                {
                    CountUnknown(ReaderErrors.Reasons.NotAnObject);
                    Report(Here(ReaderErrors.WrongJsonType, DataQualitySeverity.Error, ReaderErrors.WrongTypeSkippedMessage("an object", reader.TokenType), $"Bundle.entry[{index}]"));
                    reader.Skip();
                }

                index++;
            }

            _entry = null;
        }
    }

    private void ReadEntry(ref Utf8JsonReader reader)
    {
        string? fullUrl = null;
        bool hadResource = false;
        bool parsed = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = Identify(ref reader);
            reader.Read();
            if (property == FhirProperty.FullUrl && reader.TokenType == JsonTokenType.String && fullUrl is null)
            {
                fullUrl = TryText(ref reader, out string? text) ? text : null;
            }
            else if (property == FhirProperty.Resource && !hadResource)
            {
                hadResource = true;
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    parsed = ReadResource(ref reader, PeekResourceType(reader));
                }
                else
                {
                    CountUnknown(ReaderErrors.Reasons.NotAnObject);
                    Report(Here(ReaderErrors.WrongJsonType, DataQualitySeverity.Error, ReaderErrors.WrongTypeSkippedMessage("an object", reader.TokenType), $"Bundle.entry[{_entry}].resource"));
                    reader.Skip();
                }
            }
            else
            {
                reader.Skip();
            }
        }

        if (parsed)
        {
            Commit(fullUrl);
        }
        else if (!hadResource)
        {
            Report(Here(ReaderErrors.EntryWithoutResource, DataQualitySeverity.Information, ReaderErrors.EntryWithoutResourceMessage(), $"Bundle.entry[{_entry}]"));
        }
    }

    /// <summary>The resourceType of the object the reader is on, looking ahead on a copy of the reader.</summary>
    private string? PeekResourceType(Utf8JsonReader probe)
    {
        while (probe.Read() && probe.TokenType == JsonTokenType.PropertyName)
        {
            bool isType = Identify(ref probe) == FhirProperty.ResourceType;
            probe.Read();
            if (isType)
            {
                // The first resourceType wins (a repeat is reported while the resource is read). Text that is not valid
                // UTF-8 names no type: QI1005, and the document-level QI1016 says where the bytes are.
                if (probe.TokenType != JsonTokenType.String)
                {
                    return null;
                }

                if (!_checkUtf8 && !probe.ValueIsEscaped)
                {
                    return _strings.Intern(ref probe);
                }

                return TryText(ref probe, out string? type, intern: true) ? type : null;
            }

            probe.Skip();
        }

        return null;
    }

    /// <summary>
    /// Reads a resource object into the scratch. True when it is a kept type and needs <see cref="Commit"/>; false when it
    /// was skipped (and counted).
    /// </summary>
    private bool ReadResource(ref Utf8JsonReader reader, string? type)
    {
        if (type is null)
        {
            _currentType = ReaderErrors.UnknownType;
            Counter(ReaderErrors.UnknownType).Read++;
            reader.Skip();
            Skip(ReaderErrors.UnknownType, ReaderErrors.Reasons.NoResourceType);
            _currentType = null;
            Report(Here(ReaderErrors.MissingResourceType, DataQualitySeverity.Error, ReaderErrors.MissingResourceTypeMessage(), "resourceType"));
            return false;
        }

        _currentType = type;
        Counter(type).Read++;
        ResourceKind? kind = KindOf(type);
        if (kind is null)
        {
            reader.Skip();
            Skip(type, ReaderErrors.Reasons.UnsupportedType);
            _currentType = null;
            return false;
        }

        _r.Reset(type, kind.Value);
        _resourceIssues.Clear();
        ReadResourceProperties(ref reader, kind.Value);
        return true;
    }

    private void ReadResourceProperties(ref Utf8JsonReader reader, ResourceKind kind)
    {
        FhirPropertySet seen = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = Identify(ref reader);
            reader.Read();
            if (!FirstTime(ref seen, property, ref reader, null))
            {
                continue;
            }

            switch (property)
            {
                case FhirProperty.Id:
                    _r.Id = ReadPlainString(ref reader, "id");
                    break;
                case FhirProperty.Status when kind is not ResourceKind.Patient:
                    _r.Status = ReadInterned(ref reader, "status");
                    break;
                case FhirProperty.Intent:
                    _r.Intent = ReadInterned(ref reader, "intent");
                    break;
                case FhirProperty.ClinicalStatus:
                    _r.ClinicalStatus = ReadFirstCode(ref reader, "clinicalStatus");
                    break;
                case FhirProperty.VerificationStatus:
                    _r.VerificationStatus = ReadFirstCode(ref reader, "verificationStatus");
                    break;
                case FhirProperty.Code when kind is ResourceKind.Condition or ResourceKind.Observation or ResourceKind.Procedure or ResourceKind.AllergyIntolerance or ResourceKind.Medication or ResourceKind.ServiceRequest:
                    ReadCodeableConcept(ref reader, _r.Codes, "code");
                    break;
                case FhirProperty.CodeCodeableConcept when kind is ResourceKind.DeviceRequest:
                    ReadCodeableConcept(ref reader, _r.Codes, "codeCodeableConcept");
                    break;
                case FhirProperty.Event when kind is ResourceKind.AdverseEvent:
                    ReadCodeableConcept(ref reader, _r.Codes, "event");
                    break;
                case FhirProperty.Date when kind is ResourceKind.AdverseEvent:
                    _r.Date = ReadDate(ref reader, "date", null) ?? _r.Date;
                    break;
                case FhirProperty.Encounter when kind is not (ResourceKind.Patient or ResourceKind.Medication or ResourceKind.Encounter or ResourceKind.EpisodeOfCare):
                    _r.EncounterReference = ReadReference(ref reader, "encounter");
                    break;
                case FhirProperty.Class when kind is ResourceKind.Encounter:
                    _r.Class = ReadSingleCoding(ref reader, "class");
                    break;
                case FhirProperty.Hospitalization when kind is ResourceKind.Encounter:
                    ReadHospitalization(ref reader);
                    break;
                case FhirProperty.ReasonCode when kind is ResourceKind.MedicationRequest or ResourceKind.ServiceRequest or ResourceKind.DeviceRequest
                    or ResourceKind.Procedure or ResourceKind.Encounter or ResourceKind.Immunization:
                    ReadCodeableConceptList(ref reader, _r.ReasonCodes, "reasonCode");
                    break;
                case FhirProperty.VaccineCode when kind is ResourceKind.Immunization:
                    ReadCodeableConcept(ref reader, _r.Codes, "vaccineCode");
                    break;
                case FhirProperty.Type when kind is ResourceKind.Encounter or ResourceKind.EpisodeOfCare:
                    ReadCodeableConceptList(ref reader, _r.Codes, "type");
                    break;
                case FhirProperty.MedicationCodeableConcept when kind is ResourceKind.MedicationRequest or ResourceKind.MedicationStatement:
                    ReadCodeableConcept(ref reader, _r.Codes, "medicationCodeableConcept");
                    break;
                case FhirProperty.MedicationReference when kind is ResourceKind.MedicationRequest or ResourceKind.MedicationStatement:
                    _r.MedicationReference = ReadReference(ref reader, "medicationReference");
                    break;
                case FhirProperty.Category when kind is ResourceKind.AllergyIntolerance:
                    ReadCodeList(ref reader, _r.Categories, "category", "http://hl7.org/fhir/allergy-intolerance-category");
                    break;
                case FhirProperty.Category when kind is not ResourceKind.Patient and not ResourceKind.Medication:
                    ReadCodeableConceptList(ref reader, _r.Categories, "category");
                    break;
                case FhirProperty.Subject or FhirProperty.Patient when kind is not ResourceKind.Patient and not ResourceKind.Medication:
                    _r.SubjectSeen = true;
                    _r.SubjectReference ??= ReadReference(ref reader, property == FhirProperty.Subject ? "subject" : "patient");
                    break;
                case FhirProperty.OccurrenceDateTime when kind is ResourceKind.ServiceRequest or ResourceKind.DeviceRequest:
                    // A request is dated by when it was made (authoredOn), not by when it is to happen.
                    reader.Skip();
                    break;
                case FhirProperty.OnsetDateTime or FhirProperty.EffectiveDateTime or FhirProperty.EffectiveInstant or FhirProperty.AuthoredOn
                    or FhirProperty.PerformedDateTime or FhirProperty.OccurrenceDateTime when kind is not ResourceKind.Patient:
                    _r.Date = ReadDate(ref reader, property) ?? _r.Date;
                    break;
                case FhirProperty.OnsetPeriod or FhirProperty.EffectivePeriod or FhirProperty.PerformedPeriod or FhirProperty.Period when kind is not ResourceKind.Patient:
                    _r.Period = ReadPeriod(ref reader, property) ?? _r.Period;
                    break;
                case FhirProperty.RecordedDate or FhirProperty.Issued or FhirProperty.DateAsserted or FhirProperty.Recorded when kind is not ResourceKind.Patient:
                    _r.RecordedDate = ReadDate(ref reader, property) ?? _r.RecordedDate;
                    break;
                case FhirProperty.AbatementDateTime:
                    _r.AbatementDate = ReadDate(ref reader, property) ?? _r.AbatementDate;
                    break;
                case FhirProperty.AbatementPeriod:
                    _r.AbatementDate = ReadPeriod(ref reader, property)?.Start ?? _r.AbatementDate;
                    break;
                case FhirProperty.ValueQuantity when kind is ResourceKind.Observation:
                    _r.Value = ReadQuantity(ref reader, "valueQuantity");
                    break;
                case FhirProperty.ValueInteger when kind is ResourceKind.Observation:
                    _r.Value = ReadIntegerAsQuantity(ref reader, "valueInteger");
                    break;
                case FhirProperty.ValueCodeableConcept when kind is ResourceKind.Observation:
                    ReadCodeableConcept(ref reader, _r.ValueCodes, "valueCodeableConcept");
                    break;
                case FhirProperty.Component when kind is ResourceKind.Observation:
                    ReadComponents(ref reader);
                    break;
                case FhirProperty.Contained when kind is ResourceKind.MedicationRequest or ResourceKind.MedicationStatement:
                    ReadContained(ref reader);
                    break;
                case FhirProperty.Identifier when kind is ResourceKind.Patient:
                    ReadIdentifiers(ref reader);
                    break;
                case FhirProperty.BirthDate when kind is ResourceKind.Patient:
                    _r.BirthDate = ReadDate(ref reader, property);
                    break;
                case FhirProperty.Gender when kind is ResourceKind.Patient:
                    _r.Gender = ReadGender(ref reader);
                    break;
                case FhirProperty.ModifierExtension when kind is ResourceKind.DeviceRequest:
                    ReadDoNotPerformExtension(ref reader);
                    break;
                case FhirProperty.DoNotPerform when kind is ResourceKind.MedicationRequest or ResourceKind.ServiceRequest:
                    _r.DoNotPerform = ReadBoolean(ref reader, "doNotPerform");
                    break;
                case FhirProperty.DeceasedBoolean when kind is ResourceKind.Patient:
                    _r.DeceasedBoolean = ReadBoolean(ref reader, "deceasedBoolean");
                    break;
                case FhirProperty.DeceasedDateTime when kind is ResourceKind.Patient:
                    _r.DeceasedDate = ReadDate(ref reader, property);
                    break;
                case FhirProperty.Active when kind is ResourceKind.Patient:
                    _r.Active = ReadBoolean(ref reader, "active");
                    break;
                case FhirProperty.GeneralPractitioner when kind is ResourceKind.Patient:
                    ReadReferenceList(ref reader, _r.GeneralPractitioners, "generalPractitioner");
                    break;
                case FhirProperty.ManagingOrganization when kind is ResourceKind.Patient:
                    _r.ManagingOrganization = ReadReference(ref reader, "managingOrganization");
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
    }

    /// <summary>A lone Coding (<c>Encounter.class</c>); null when it has no system, code or display.</summary>
    private Coding? ReadSingleCoding(ref Utf8JsonReader reader, string element)
    {
        if (!Expect(ref reader, JsonTokenType.StartObject, element))
        {
            return null;
        }

        _tmpCodes.Clear();
        ReadCoding(ref reader, _tmpCodes, element);
        return _tmpCodes.Count == 0 ? null : _tmpCodes[0];
    }

    /// <summary>
    /// R4's DeviceRequest has no <c>doNotPerform</c>; QI-Core (and measure test cases) say it with the modifierExtension
    /// <see cref="QiCoreDoNotPerform"/> and a valueBoolean. Other modifier extensions are skipped.
    /// </summary>
    private void ReadDoNotPerformExtension(ref Utf8JsonReader reader)
    {
        if (!Expect(ref reader, JsonTokenType.StartArray, "modifierExtension"))
        {
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!Expect(ref reader, JsonTokenType.StartObject, "modifierExtension"))
            {
                continue;
            }

            bool isDoNotPerform = false;
            bool? value = null;
            FhirPropertySet seen = default;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var property = Identify(ref reader);
                reader.Read();
                if (!FirstTime(ref seen, property, ref reader, "modifierExtension"))
                {
                    continue;
                }

                if (property == FhirProperty.Url && reader.TokenType == JsonTokenType.String)
                {
                    // ValueTextEquals throws on an escape that names half a surrogate pair: such text is checked first.
                    isDoNotPerform = (!(_checkUtf8 || reader.ValueIsEscaped) || ValidText(ref reader, "modifierExtension", "url") is not null)
                        && reader.ValueTextEquals(QiCoreDoNotPerformUtf8);
                }
                else if (property == FhirProperty.ValueBoolean)
                {
                    value = ReadBoolean(ref reader, "modifierExtension.valueBoolean");
                }
                else
                {
                    reader.Skip();
                }
            }

            if (isDoNotPerform && value is { } v)
            {
                _r.DoNotPerform = v;
            }
        }
    }

    /// <summary>QI-Core's doNotPerform modifier extension (DeviceRequest).</summary>
    internal const string QiCoreDoNotPerform = "http://hl7.org/fhir/us/qicore/StructureDefinition/qicore-doNotPerform";

    private static ReadOnlySpan<byte> QiCoreDoNotPerformUtf8 => "http://hl7.org/fhir/us/qicore/StructureDefinition/qicore-doNotPerform"u8;

    /// <summary><c>Encounter.hospitalization</c>: only <c>dischargeDisposition</c> is kept.</summary>
    private void ReadHospitalization(ref Utf8JsonReader reader)
    {
        if (!Expect(ref reader, JsonTokenType.StartObject, "hospitalization"))
        {
            return;
        }

        FhirPropertySet seen = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = Identify(ref reader);
            reader.Read();
            if (!FirstTime(ref seen, property, ref reader, "hospitalization"))
            {
                continue;
            }

            if (property == FhirProperty.DischargeDisposition)
            {
                ReadCodeableConcept(ref reader, _r.DischargeDisposition, "hospitalization.dischargeDisposition");
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private void ReadComponents(ref Utf8JsonReader reader)
    {
        if (!Expect(ref reader, JsonTokenType.StartArray, "component"))
        {
            return;
        }

        int index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            _nestName = "component";
            _nestIndex = index++;
            if (!Expect(ref reader, JsonTokenType.StartObject, string.Empty))
            {
                _nestName = null;
                continue;
            }

            _componentCodes.Clear();
            _componentValueCodes.Clear();
            Quantity? value = null;
            FhirPropertySet seen = default;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var property = Identify(ref reader);
                reader.Read();
                if (!FirstTime(ref seen, property, ref reader, null))
                {
                    continue;
                }

                switch (property)
                {
                    case FhirProperty.Code:
                        ReadCodeableConcept(ref reader, _componentCodes, "code");
                        break;
                    case FhirProperty.ValueQuantity:
                        value = ReadQuantity(ref reader, "valueQuantity");
                        break;
                    case FhirProperty.ValueInteger:
                        value = ReadIntegerAsQuantity(ref reader, "valueInteger");
                        break;
                    case FhirProperty.ValueCodeableConcept:
                        ReadCodeableConcept(ref reader, _componentValueCodes, "valueCodeableConcept");
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            _r.Components.Add(new ObservationComponent
            {
                Codes = _codings.Intern(_componentCodes),
                Value = value,
                ValueCodes = _codings.Intern(_componentValueCodes),
            });
            _nestName = null;
        }
    }

    private void ReadContained(ref Utf8JsonReader reader)
    {
        if (!Expect(ref reader, JsonTokenType.StartArray, "contained"))
        {
            return;
        }

        int index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            _nestName = "contained";
            _nestIndex = index++;
            if (!Expect(ref reader, JsonTokenType.StartObject, string.Empty))
            {
                _nestName = null;
                continue;
            }

            if (PeekResourceType(reader) != "Medication")
            {
                reader.Skip();
                _nestName = null;
                continue;
            }

            string? id = null;
            _tmpCodes.Clear();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var property = Identify(ref reader);
                reader.Read();
                if (property == FhirProperty.Id)
                {
                    id = ReadPlainString(ref reader, "id");
                }
                else if (property == FhirProperty.Code)
                {
                    ReadCodeableConcept(ref reader, _tmpCodes, "code");
                }
                else
                {
                    reader.Skip();
                }
            }

            if (id is not null)
            {
                _r.NextContained(id).AddRange(_tmpCodes);
            }

            _nestName = null;
        }
    }

    private void ReadIdentifiers(ref Utf8JsonReader reader)
    {
        if (!Expect(ref reader, JsonTokenType.StartArray, "identifier"))
        {
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!Expect(ref reader, JsonTokenType.StartObject, "identifier"))
            {
                continue;
            }

            string? system = null;
            string? value = null;
            FhirPropertySet seen = default;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var property = Identify(ref reader);
                reader.Read();
                if (!FirstTime(ref seen, property, ref reader, "identifier"))
                {
                    continue;
                }

                if (property == FhirProperty.System)
                {
                    system = ReadInterned(ref reader, "identifier.system");
                }
                else if (property == FhirProperty.Value)
                {
                    value = ReadPlainString(ref reader, "identifier.value");
                }
                else
                {
                    reader.Skip();
                }
            }

            if (system is not null || value is not null)
            {
                _r.Identifiers.Add(new Identifier(system, value));
            }
        }
    }

    private void ReadCodeableConceptList(ref Utf8JsonReader reader, List<Coding> into, string element)
    {
        // FHIR JSON writes 0..* elements as arrays; a lone object (some exports, and 0..1 elements such as
        // Procedure.category) is read the same way.
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            ReadCodeableConcept(ref reader, into, element);
            return;
        }

        if (!Expect(ref reader, JsonTokenType.StartArray, element))
        {
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            ReadCodeableConcept(ref reader, into, element);
        }
    }

    private void ReadCodeList(ref Utf8JsonReader reader, List<Coding> into, string element, string system)
    {
        if (!Expect(ref reader, JsonTokenType.StartArray, element))
        {
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            string? code = ReadInterned(ref reader, element);
            if (code is not null)
            {
                into.Add(new Coding(system, code));
            }
        }
    }

    private void ReadCodeableConcept(ref Utf8JsonReader reader, List<Coding> into, string element)
    {
        if (!Expect(ref reader, JsonTokenType.StartObject, element))
        {
            return;
        }

        FhirPropertySet seen = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = Identify(ref reader);
            reader.Read();
            if (property != FhirProperty.Coding)
            {
                reader.Skip();
                continue;
            }

            if (!FirstTime(ref seen, property, ref reader, element))
            {
                continue;
            }

            if (!Expect(ref reader, JsonTokenType.StartArray, element, "coding"))
            {
                continue;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (Expect(ref reader, JsonTokenType.StartObject, element, "coding"))
                {
                    ReadCoding(ref reader, into, element);
                }
            }
        }
    }

    private void ReadCoding(ref Utf8JsonReader reader, List<Coding> into, string element)
    {
        string? system = null;
        string? code = null;
        string? display = null;
        FhirPropertySet seen = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = Identify(ref reader);
            reader.Read();
            if (!FirstTime(ref seen, property, ref reader, element, "coding"))
            {
                continue;
            }

            switch (property)
            {
                case FhirProperty.System:
                    system = ReadInterned(ref reader, element, "coding.system");
                    break;
                case FhirProperty.Code:
                    code = ReadInterned(ref reader, element, "coding.code");
                    break;
                case FhirProperty.Display:
                    display = ReadInterned(ref reader, element, "coding.display");
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (system is not null || code is not null || display is not null)
        {
            into.Add(new Coding(system, code, display));
        }
    }

    private string? ReadFirstCode(ref Utf8JsonReader reader, string element)
    {
        _tmpCodes.Clear();
        ReadCodeableConcept(ref reader, _tmpCodes, element);
        foreach (var coding in _tmpCodes)
        {
            if (coding.Code is not null)
            {
                return coding.Code;
            }
        }

        return null;
    }

    private Quantity? ReadQuantity(ref Utf8JsonReader reader, string element)
    {
        if (!Expect(ref reader, JsonTokenType.StartObject, element))
        {
            return null;
        }

        decimal? value = null;
        string? unit = null;
        string? system = null;
        string? code = null;
        string? comparator = null;
        FhirPropertySet seen = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = Identify(ref reader);
            reader.Read();
            if (!FirstTime(ref seen, property, ref reader, element))
            {
                continue;
            }

            switch (property)
            {
                case FhirProperty.Value:
                    value = ReadDecimal(ref reader, element, "value");
                    break;
                case FhirProperty.Unit:
                    unit = ReadInterned(ref reader, element, "unit");
                    break;
                case FhirProperty.System:
                    system = ReadInterned(ref reader, element, "system");
                    break;
                case FhirProperty.Code:
                    code = ReadInterned(ref reader, element, "code");
                    break;
                case FhirProperty.Comparator:
                    comparator = ReadInterned(ref reader, element, "comparator");
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return new Quantity(value, unit, system, code, comparator);
    }

    private Quantity? ReadIntegerAsQuantity(ref Utf8JsonReader reader, string element)
    {
        decimal? value = ReadDecimal(ref reader, element, null);
        return value is null ? null : new Quantity(value, null);
    }

    private decimal? ReadDecimal(ref Utf8JsonReader reader, string element, string? sub)
    {
        if (!Expect(ref reader, JsonTokenType.Number, element, sub))
        {
            return null;
        }

        if (reader.TryGetDecimal(out decimal value))
        {
            return value;
        }

        ReportResource(ReaderErrors.InvalidValue, DataQualitySeverity.Warning,
            ReaderErrors.InvalidValueMessage(System.Text.Encoding.UTF8.GetString(reader.ValueSpan), "a decimal in range"), element, sub);
        return null;
    }

    private Period? ReadPeriod(ref Utf8JsonReader reader, FhirProperty property)
    {
        string element = ElementName(property);
        if (!Expect(ref reader, JsonTokenType.StartObject, element))
        {
            return null;
        }

        FhirDate? start = null;
        FhirDate? end = null;
        FhirPropertySet seen = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var sub = Identify(ref reader);
            reader.Read();
            if (!FirstTime(ref seen, sub, ref reader, element))
            {
                continue;
            }

            if (sub == FhirProperty.Start)
            {
                start = ReadDate(ref reader, element, "start");
            }
            else if (sub == FhirProperty.End)
            {
                end = ReadDate(ref reader, element, "end");
            }
            else
            {
                reader.Skip();
            }
        }

        return start is null && end is null ? null : new Period(start, end);
    }

    private FhirDate? ReadDate(ref Utf8JsonReader reader, FhirProperty property) => ReadDate(ref reader, ElementName(property), null);

    private FhirDate? ReadDate(ref Utf8JsonReader reader, string element, string? sub)
    {
        if (!Expect(ref reader, JsonTokenType.String, element, sub))
        {
            return null;
        }

        bool parsed;
        FhirDate value;
        if (!reader.ValueIsEscaped)
        {
            parsed = FhirDate.TryParse(reader.ValueSpan, out value);
        }
        else
        {
            Span<byte> buffer = stackalloc byte[64];
            value = default;
            try
            {
                parsed = reader.ValueSpan.Length <= 64 && FhirDate.TryParse(buffer[..reader.CopyString(buffer)], out value);
            }
            catch (InvalidOperationException)
            {
                parsed = false;
            }
        }

        if (parsed)
        {
            return value;
        }

        if (ValidText(ref reader, element, sub) is { } text)
        {
            ReportResource(ReaderErrors.InvalidDate, DataQualitySeverity.Warning, ReaderErrors.InvalidDateMessage(text), element, sub);
        }

        return null;
    }

    private AdministrativeGender ReadGender(ref Utf8JsonReader reader)
    {
        if (!Expect(ref reader, JsonTokenType.String, "gender"))
        {
            return AdministrativeGender.Unknown;
        }

        // ValueTextEquals throws on an escape that names half a surrogate pair: check such text first.
        if ((_checkUtf8 || reader.ValueIsEscaped) && ValidText(ref reader, "gender", null) is null)
        {
            return AdministrativeGender.Unknown;
        }

        if (reader.ValueTextEquals("male"u8))
        {
            return AdministrativeGender.Male;
        }

        if (reader.ValueTextEquals("female"u8))
        {
            return AdministrativeGender.Female;
        }

        if (reader.ValueTextEquals("other"u8))
        {
            return AdministrativeGender.Other;
        }

        if (!reader.ValueTextEquals("unknown"u8) && reader.GetString() is { } text)
        {
            ReportResource(ReaderErrors.InvalidValue, DataQualitySeverity.Warning,
                ReaderErrors.InvalidValueMessage(text, "a FHIR gender code (male, female, other, unknown)"), "gender", null);
        }

        return AdministrativeGender.Unknown;
    }

    private bool? ReadBoolean(ref Utf8JsonReader reader, string element)
    {
        if (reader.TokenType is JsonTokenType.True or JsonTokenType.False)
        {
            return reader.TokenType == JsonTokenType.True;
        }

        Expect(ref reader, JsonTokenType.True, element);
        return null;
    }

    private string? ReadReference(ref Utf8JsonReader reader, string element)
    {
        if (!Expect(ref reader, JsonTokenType.StartObject, element))
        {
            return null;
        }

        string? reference = null;
        FhirPropertySet seen = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = Identify(ref reader);
            reader.Read();
            if (!FirstTime(ref seen, property, ref reader, element))
            {
                continue;
            }

            if (property == FhirProperty.Reference)
            {
                reference = ReadInterned(ref reader, element, "reference");
            }
            else
            {
                reader.Skip();
            }
        }

        return reference;
    }

    private void ReadReferenceList(ref Utf8JsonReader reader, List<string> into, string element)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            if (ReadReference(ref reader, element) is { } single)
            {
                into.Add(single);
            }

            return;
        }

        if (!Expect(ref reader, JsonTokenType.StartArray, element))
        {
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (ReadReference(ref reader, element) is { } reference)
            {
                into.Add(reference);
            }
        }
    }

    private string? ReadInterned(ref Utf8JsonReader reader, string element, string? sub = null)
    {
        if (!Expect(ref reader, JsonTokenType.String, element, sub))
        {
            return null;
        }

        // The hot path: the document is valid UTF-8 and the value has no escapes, so it cannot fail to decode.
        return !_checkUtf8 && !reader.ValueIsEscaped ? _strings.Intern(ref reader) : ValidText(ref reader, element, sub, intern: true);
    }

    private string? ReadPlainString(ref Utf8JsonReader reader, string element)
    {
        if (!Expect(ref reader, JsonTokenType.String, element))
        {
            return null;
        }

        return !_checkUtf8 && !reader.ValueIsEscaped ? reader.GetString() : ValidText(ref reader, element, null);
    }

    /// <summary>
    /// The string value, or null after reporting QI1016 when it is not valid text: raw bytes that are not UTF-8, or an
    /// escape naming half a surrogate pair (<c>\ud800</c>). Never replaced with U+FFFD.
    /// </summary>
    private string? ValidText(ref Utf8JsonReader reader, string element, string? sub, bool intern = false)
    {
        if (TryText(ref reader, out string? text, intern))
        {
            return text;
        }

        _utf8Reports++;
        ReportResource(ReaderErrors.InvalidUtf8, DataQualitySeverity.Warning, ReaderErrors.InvalidUtf8Message(), element, sub);
        return null;
    }

    private bool TryText(ref Utf8JsonReader reader, out string? text, bool intern = false)
    {
        text = null;
        if (!reader.ValueIsEscaped && !Utf8.IsValid(reader.ValueSpan))
        {
            return false;
        }

        try
        {
            text = intern ? _strings.Intern(ref reader) : reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// True the first time <paramref name="property"/> is met in one JSON object. A repeat (which JSON leaves undefined)
    /// is reported (QI1017) and skipped: the first value always wins, at every level.
    /// </summary>
    private bool FirstTime(ref FhirPropertySet seen, FhirProperty property, ref Utf8JsonReader reader, string? element, string? prefix = null)
    {
        if (property == FhirProperty.Unknown || seen.Add(property))
        {
            return true;
        }

        string name = FhirProperties.NameOf(property);
        string sub = prefix is null ? name : prefix + "." + name;
        ReportResource(ReaderErrors.DuplicateProperty, DataQualitySeverity.Warning, ReaderErrors.DuplicatePropertyMessage(name), element ?? sub, element is null ? null : sub);
        reader.Skip();
        return false;
    }

    /// <summary>True when the reader is on the expected token; otherwise reports the wrong type and skips the value.</summary>
    private bool Expect(ref Utf8JsonReader reader, JsonTokenType expected, string element, string? sub = null)
    {
        if (reader.TokenType == expected)
        {
            return true;
        }

        string what = expected switch
        {
            JsonTokenType.StartObject => "an object",
            JsonTokenType.StartArray => "an array",
            JsonTokenType.String => "a string",
            JsonTokenType.Number => "a number",
            JsonTokenType.True => "a boolean",
            _ => expected.ToString(),
        };
        ReportResource(ReaderErrors.WrongJsonType, DataQualitySeverity.Warning, ReaderErrors.WrongTypeMessage(what, reader.TokenType), element, sub);
        reader.Skip();
        return false;
    }

    private static FhirProperty Identify(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return FhirProperties.Identify(reader.ValueSpan);
        }

        if (reader.ValueSpan.Length > 64)
        {
            return FhirProperty.Unknown;
        }

        Span<byte> buffer = stackalloc byte[64];
        try
        {
            int written = reader.CopyString(buffer);
            return FhirProperties.Identify(buffer[..written]);
        }
        catch (InvalidOperationException)
        {
            // An escape that names no character (half a surrogate pair): no property QiSdk reads.
            return FhirProperty.Unknown;
        }
    }

    private static string ElementName(FhirProperty property) => property switch
    {
        FhirProperty.OnsetDateTime => "onsetDateTime",
        FhirProperty.OnsetPeriod => "onsetPeriod",
        FhirProperty.EffectiveDateTime => "effectiveDateTime",
        FhirProperty.EffectiveInstant => "effectiveInstant",
        FhirProperty.EffectivePeriod => "effectivePeriod",
        FhirProperty.AuthoredOn => "authoredOn",
        FhirProperty.PerformedDateTime => "performedDateTime",
        FhirProperty.PerformedPeriod => "performedPeriod",
        FhirProperty.OccurrenceDateTime => "occurrenceDateTime",
        FhirProperty.Period => "period",
        FhirProperty.RecordedDate => "recordedDate",
        FhirProperty.Issued => "issued",
        FhirProperty.DateAsserted => "dateAsserted",
        FhirProperty.Recorded => "recorded",
        FhirProperty.AbatementDateTime => "abatementDateTime",
        FhirProperty.AbatementPeriod => "abatementPeriod",
        FhirProperty.BirthDate => "birthDate",
        FhirProperty.DeceasedDateTime => "deceasedDateTime",
        _ => property.ToString(),
    };

    private static ResourceKind? KindOf(string type) => type switch
    {
        "Patient" => ResourceKind.Patient,
        "Condition" => ResourceKind.Condition,
        "Observation" => ResourceKind.Observation,
        "MedicationRequest" => ResourceKind.MedicationRequest,
        "MedicationStatement" => ResourceKind.MedicationStatement,
        "Medication" => ResourceKind.Medication,
        "Procedure" => ResourceKind.Procedure,
        "Immunization" => ResourceKind.Immunization,
        "Encounter" => ResourceKind.Encounter,
        "AllergyIntolerance" => ResourceKind.AllergyIntolerance,
        "EpisodeOfCare" => ResourceKind.EpisodeOfCare,
        "ServiceRequest" => ResourceKind.ServiceRequest,
        "DeviceRequest" => ResourceKind.DeviceRequest,
        "AdverseEvent" => ResourceKind.AdverseEvent,
        _ => null,
    };
}
