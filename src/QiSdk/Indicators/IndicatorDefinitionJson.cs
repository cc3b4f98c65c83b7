using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using QiSdk.Codes.Units;
using QiSdk.Indicators.Engine;
using QiSdk.Records;

namespace QiSdk.Indicators;

/// <summary>
/// Reads and writes the JSON form of <see cref="IndicatorDefinition"/> (schema: <c>schemas/indicator-definition.schema.json</c>,
/// guide: <c>docs/indicator-format.md</c>). Reading reports every problem at once, each with its JSON path.
/// </summary>
public static class IndicatorDefinitionJson
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Parses and validates one definition.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="sourceName">File name for messages (optional).</param>
    /// <param name="isKnownCodeSet">Host catalogue check for code set names; null skips it.</param>
    /// <exception cref="IndicatorDefinitionException">The JSON or the definition is invalid; every problem is listed.</exception>
    public static IndicatorDefinition Parse(string json, string? sourceName = null, Func<string, bool>? isKnownCodeSet = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        return TryParse(Encoding.UTF8.GetBytes(json), sourceName, isKnownCodeSet, out var definition, out var errors)
            ? definition!
            : throw new IndicatorDefinitionException(errors);
    }

    /// <summary>Reads and validates one definition from a stream of UTF-8 JSON.</summary>
    /// <param name="utf8Json">The stream (not closed).</param>
    /// <param name="sourceName">File name for messages (optional).</param>
    /// <param name="isKnownCodeSet">Host catalogue check for code set names; null skips it.</param>
    /// <exception cref="IndicatorDefinitionException">The JSON or the definition is invalid; every problem is listed.</exception>
    public static IndicatorDefinition Read(Stream utf8Json, string? sourceName = null, Func<string, bool>? isKnownCodeSet = null)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        using var buffer = new MemoryStream();
        utf8Json.CopyTo(buffer);
        return TryParse(buffer.ToArray(), sourceName, isKnownCodeSet, out var definition, out var errors)
            ? definition!
            : throw new IndicatorDefinitionException(errors);
    }

    /// <summary>Parses and validates one definition without throwing.</summary>
    /// <param name="utf8Json">The JSON bytes.</param>
    /// <param name="sourceName">File name for messages (optional).</param>
    /// <param name="isKnownCodeSet">Host catalogue check for code set names; null skips it.</param>
    /// <param name="definition">The definition when valid.</param>
    /// <param name="errors">Every problem found; empty when valid.</param>
    /// <returns>True when the definition is valid.</returns>
    public static bool TryParse(ReadOnlyMemory<byte> utf8Json, string? sourceName, Func<string, bool>? isKnownCodeSet, out IndicatorDefinition? definition, out ImmutableArray<DefinitionError> errors) =>
        TryParse(utf8Json, sourceName, isKnownCodeSet, describeAmbiguous: null, out definition, out errors);

    /// <summary>Reads one definition, checking code set names against the loaded sets (unknown: QI3010; ambiguous alias: QI3020).</summary>
    internal static IndicatorDefinition Read(Stream utf8Json, string? sourceName, Func<string, bool> isKnownCodeSet, Func<string, string?> describeAmbiguous)
    {
        using var buffer = new MemoryStream();
        utf8Json.CopyTo(buffer);
        return TryParse(buffer.ToArray(), sourceName, isKnownCodeSet, describeAmbiguous, out var definition, out var errors)
            ? definition!
            : throw new IndicatorDefinitionException(errors);
    }

    private static bool TryParse(ReadOnlyMemory<byte> utf8Json, string? sourceName, Func<string, bool>? isKnownCodeSet, Func<string, string?>? describeAmbiguous, out IndicatorDefinition? definition, out ImmutableArray<DefinitionError> errors)
    {
        definition = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            errors = [new DefinitionError(DefinitionErrors.MalformedJson, null, ex.Path ?? "$", $"not valid JSON: {ex.Message}") { File = sourceName, Line = ex.LineNumber + 1 }];
            return false;
        }

        using (document)
        {
            var reader = new Reader();
            var parsed = reader.Definition(document.RootElement);
            var all = reader.Errors;
            if (parsed is not null && all.Count == 0)
            {
                all.AddRange(IndicatorDefinitionValidator.Validate(parsed, isKnownCodeSet, describeAmbiguous));
            }

            string? id = parsed?.Id ?? reader.Id;
            errors = [.. all.Select(e => e with { File = sourceName, IndicatorId = e.IndicatorId ?? id })];
            if (errors.IsEmpty)
            {
                definition = parsed;
                return true;
            }

            return false;
        }
    }

    /// <summary>Writes a definition as indented JSON (the same form <see cref="Parse"/> reads).</summary>
    /// <param name="definition">The definition.</param>
    /// <exception cref="ArgumentNullException"><paramref name="definition"/> is null.</exception>
    public static string Write(IndicatorDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        using var stream = new MemoryStream();
        Write(stream, definition);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes a definition as indented UTF-8 JSON to a stream.</summary>
    /// <param name="output">The stream (not closed).</param>
    /// <param name="definition">The definition.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void Write(Stream output, IndicatorDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(definition);
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        new Writer(w).Definition(definition);
    }

    internal static string KindCode(IndicatorKind kind) => IndicatorTerms.Code(kind);

    internal static string DirectionCode(ImprovementDirection d) => IndicatorTerms.Code(d);

    internal static string PopulationCode(MeasurePopulation p) => IndicatorTerms.Code(p);

    private static readonly (string Code, ResourceKind Kind)[] KindNames =
    [
        ("Condition", ResourceKind.Condition), ("Observation", ResourceKind.Observation),
        ("MedicationRequest", ResourceKind.MedicationRequest), ("MedicationStatement", ResourceKind.MedicationStatement),
        ("Procedure", ResourceKind.Procedure), ("Immunization", ResourceKind.Immunization), ("Encounter", ResourceKind.Encounter),
        ("AllergyIntolerance", ResourceKind.AllergyIntolerance), ("EpisodeOfCare", ResourceKind.EpisodeOfCare),
        ("ServiceRequest", ResourceKind.ServiceRequest), ("DeviceRequest", ResourceKind.DeviceRequest), ("AdverseEvent", ResourceKind.AdverseEvent),
    ];

    private static readonly (string Code, WindowRelation Value)[] RelationNames =
        [("starts", WindowRelation.Starts), ("ends", WindowRelation.Ends), ("overlaps", WindowRelation.Overlaps), ("during", WindowRelation.During)];

    private static readonly (string Code, EncounterLink Value)[] LinkNames = [("reference", EncounterLink.Reference), ("during", EncounterLink.During)];

    private static readonly (string Code, AgeAt Value)[] AgeAtNames = [("periodEnd", AgeAt.PeriodEnd), ("periodStart", AgeAt.PeriodStart)];

    /// <summary>The JSON keys of an <see cref="EventFilter"/>, allowed in a query and in a reading.</summary>
    private static readonly string[] FilterKeys = ["statuses", "intents", "valueCodeSets", "dischargeCodeSets", "reasonCodeSets", "encounter", "notEncounter", "medicationByCodeOnly"];

    private static string AnalyteCode(Analyte a) => a switch
    {
        Analyte.Hba1c => "hba1c",
        Analyte.Cholesterol => "cholesterol",
        _ => "general",
    };

    private static string SexCode(AdministrativeGender g) => g.ToString().ToLowerInvariant();

    private sealed class Reader
    {
        public List<DefinitionError> Errors { get; } = [];

        public string? Id { get; private set; }

        public IndicatorDefinition? Definition(JsonElement root)
        {
            if (!Object(root, "$"))
            {
                return null;
            }

            Known(root, "$", "$schema", "resourceType", "url", "id", "version", "title", "description", "kind", "improvement", "codeSets", "measurements", "rules", "references", "notes");
            Id = OptString(root, "$", "id");
            var def = new IndicatorDefinition
            {
                Url = ReqString(root, "$", "url") ?? string.Empty,
                Id = Id ?? Missing("$", "id"),
                Version = ReqString(root, "$", "version") ?? string.Empty,
                Title = ReqString(root, "$", "title") ?? string.Empty,
                Description = OptString(root, "$", "description") ?? string.Empty,
                Kind = Enum(root, "$", "kind", true, [(IndicatorTerms.Code(IndicatorKind.Process), IndicatorKind.Process), (IndicatorTerms.Code(IndicatorKind.Outcome), IndicatorKind.Outcome)], IndicatorKind.Process),
                Direction = Enum(root, "$", "improvement", true, [(IndicatorTerms.Code(ImprovementDirection.Increase), ImprovementDirection.Increase), (IndicatorTerms.Code(ImprovementDirection.Decrease), ImprovementDirection.Decrease)], ImprovementDirection.Increase),
                CodeSets = Array(root, "$", "codeSets", false, CodeSet),
                Measurements = Array(root, "$", "measurements", false, Measurement),
                Rules = Array(root, "$", "rules", true, Rule),
                References = Array(root, "$", "references", false, (e, p) => StringValue(e, p)),
                Notes = Array(root, "$", "notes", false, (e, p) => StringValue(e, p)),
            };
            return def;
        }

        private InlineCodeSet CodeSet(JsonElement e, string path)
        {
            if (!Object(e, path))
            {
                return new InlineCodeSet(string.Empty, []);
            }

            Known(e, path, "name", "description", "codes");
            return new InlineCodeSet(
                ReqString(e, path, "name") ?? string.Empty,
                Array(e, path, "codes", true, (c, p) =>
                {
                    if (!Object(c, p))
                    {
                        return default;
                    }

                    Known(c, p, "system", "code", "display");
                    return new Coding(ReqString(c, p, "system"), ReqString(c, p, "code"), OptString(c, p, "display"));
                }));
        }

        private MeasurementDefinition Measurement(JsonElement e, string path)
        {
            if (!Object(e, path))
            {
                return new MeasurementDefinition(string.Empty, [], string.Empty);
            }

            Known(e, path, "name", "description", "codeSets", "unit", "analyte", "keepComparators");
            return new MeasurementDefinition(
                ReqString(e, path, "name") ?? string.Empty,
                Names(e, path, "codeSets", true),
                ReqString(e, path, "unit") ?? string.Empty,
                Enum(e, path, "analyte", false, [("general", Analyte.General), ("hba1c", Analyte.Hba1c), ("cholesterol", Analyte.Cholesterol)], Analyte.General))
            {
                KeepComparators = Bool(e, path, "keepComparators") ?? false,
            };
        }

        private IndicatorRule Rule(JsonElement e, string path)
        {
            if (!Object(e, path))
            {
                return new IndicatorRule { Name = string.Empty, Action = RuleAction.Reject };
            }

            Known(e, path, "name", "description", "when", "reject", "select", "continue");
            bool hasReject = e.TryGetProperty("reject", out var reject);
            bool hasSelect = e.TryGetProperty("select", out _);
            if (hasReject == hasSelect)
            {
                Errors.Add(new DefinitionError(DefinitionErrors.BadRule, null, path, "a rule needs exactly one of \"reject\": true or \"select\": [populations]"));
            }
            else if (hasReject && reject.ValueKind != JsonValueKind.True)
            {
                Errors.Add(new DefinitionError(DefinitionErrors.BadRule, null, path + ".reject", "\"reject\" must be true (leave the rule out instead of false)"));
            }

            return new IndicatorRule
            {
                Name = ReqString(e, path, "name") ?? string.Empty,
                Description = OptString(e, path, "description") ?? string.Empty,
                When = e.TryGetProperty("when", out var when) ? Criterion(when, path + ".when") : null,
                Action = hasSelect ? RuleAction.Select : RuleAction.Reject,
                Populations = hasSelect ? Array(e, path, "select", true, (p, pp) => EnumValue(p, pp, PopulationNames, MeasurePopulation.Numerator)) : [],
                Continue = Bool(e, path, "continue") ?? false,
            };
        }

        private static readonly (string, MeasurePopulation)[] PopulationNames = [.. IndicatorTerms.Populations.Select(p => (IndicatorTerms.Code(p), p))];

        private static readonly string[] CriterionKinds =
            ["all", "any", "not", "populationBase", "age", "sex", "register", "exists", "notDone", "count", "earliest", "latest", "reading", "compareDates", "together", "anchored", "score"];

        private Criterion Criterion(JsonElement e, string path)
        {
            var fallback = new AllCriterion([]);
            if (!Object(e, path))
            {
                return fallback;
            }

            var props = e.EnumerateObject().ToList();
            if (props.Count != 1 || System.Array.IndexOf(CriterionKinds, props[0].Name) < 0)
            {
                Errors.Add(new DefinitionError(DefinitionErrors.BadCriterion, null, path,
                    $"a criterion is an object with exactly one of {string.Join(", ", CriterionKinds)}; found {(props.Count == 0 ? "none" : string.Join(", ", props.Select(p => p.Name)))}"));
                return fallback;
            }

            string kind = props[0].Name;
            var v = props[0].Value;
            string p = path + "." + kind;
            switch (kind)
            {
                case "all":
                    return new AllCriterion(Items(v, p));
                case "any":
                    return new AnyCriterion(Items(v, p));
                case "not":
                    return new NotCriterion(Criterion(v, p));
                case "populationBase":
                    if (v.ValueKind != JsonValueKind.True)
                    {
                        Errors.Add(new DefinitionError(DefinitionErrors.InvalidValue, null, p, "\"populationBase\" must be true (use \"not\" to negate)"));
                    }

                    return new PopulationBaseCriterion();
                case "age":
                    if (!Object(v, p))
                    {
                        return fallback;
                    }

                    Known(v, p, "atLeast", "atMost", "above", "below", "at");
                    return new AgeCriterion(Range(v, p)) { At = Enum(v, p, "at", false, AgeAtNames, AgeAt.PeriodEnd) };
                case "sex":
                    return new SexCriterion(Items(v, p, (x, xp) => EnumValue(x, xp, [("male", AdministrativeGender.Male), ("female", AdministrativeGender.Female), ("other", AdministrativeGender.Other), ("unknown", AdministrativeGender.Unknown)], AdministrativeGender.Unknown)));
                case "register":
                    if (!Object(v, p))
                    {
                        return fallback;
                    }

                    Known(v, p, "codeSets", "resolvedBy");
                    return new RegisterCriterion(Names(v, p, "codeSets", true), Names(v, p, "resolvedBy", false));
                case "exists":
                    if (!Object(v, p))
                    {
                        return fallback;
                    }

                    Known(v, p, QueryKeys);
                    return new ExistsCriterion(Query(v, p));
                case "notDone":
                    if (!Object(v, p))
                    {
                        return fallback;
                    }

                    Known(v, p, QueryKeys);
                    return new NotDoneCriterion(Query(v, p));
                case "count":
                    if (!Object(v, p))
                    {
                        return fallback;
                    }

                    Known(v, p, [.. QueryKeys, "distinct", "minDaysApart", "atLeast", "atMost", "above", "below"]);
                    int minDays = Int(v, p, "minDaysApart") ?? 0;
                    var distinct = Enum(v, p, "distinct", false, [("events", CountDistinct.Events), ("dates", CountDistinct.Dates)], minDays > 0 ? CountDistinct.Dates : CountDistinct.Events);
                    return new CountCriterion(Query(v, p), distinct, minDays, Range(v, p));
                case "earliest":
                case "latest":
                    if (!Object(v, p))
                    {
                        return fallback;
                    }

                    Known(v, p, [.. QueryKeys, "dateWithin", "inCodeSets"]);
                    return new EventPickCriterion(
                        kind == "earliest" ? EventPick.Earliest : EventPick.Latest,
                        Query(v, p),
                        v.TryGetProperty("dateWithin", out var dw) ? Window(dw, p + ".dateWithin") : null,
                        Names(v, p, "inCodeSets", false));
                case "reading":
                    if (!Object(v, p))
                    {
                        return fallback;
                    }

                    Known(v, p, ["measurement", "window", "pick", "atLeast", "atMost", "above", "below", "excludeComparators", "whenNoValue", .. FilterKeys]);
                    return new ReadingCriterion(
                        ReqString(v, p, "measurement") ?? string.Empty,
                        v.TryGetProperty("window", out var rw) ? Window(rw, p + ".window") : EventWindow.Ever,
                        Enum(v, p, "pick", false, [("latest", ReadingPick.Latest), ("earliest", ReadingPick.Earliest), ("lowest", ReadingPick.Lowest), ("highest", ReadingPick.Highest)], ReadingPick.Latest),
                        Range(v, p))
                    {
                        ExcludeComparators = Names(v, p, "excludeComparators", false),
                        Filter = Filter(v, p),
                        WhenNoValue = Bool(v, p, "whenNoValue"),
                    };
                case "compareDates":
                    if (!Object(v, p))
                    {
                        return fallback;
                    }

                    Known(v, p, "left", "relation", "right", "whenRightMissing");
                    return new DateComparisonCriterion(
                        Operand(v, p, "left"),
                        Enum(v, p, "relation", true, [("after", DateRelation.After), ("onOrAfter", DateRelation.OnOrAfter), ("before", DateRelation.Before), ("onOrBefore", DateRelation.OnOrBefore), ("sameDay", DateRelation.SameDay)], DateRelation.After),
                        Operand(v, p, "right"),
                        Bool(v, p, "whenRightMissing") ?? false);
                case "together":
                    if (!Object(v, p))
                    {
                        return fallback;
                    }

                    Known(v, p, "first", "second", "lessThanDaysApart");
                    return new TogetherCriterion(
                        SubQuery(v, p, "first"),
                        SubQuery(v, p, "second"),
                        Int(v, p, "lessThanDaysApart") ?? MissingInt(p, "lessThanDaysApart"));
                case "anchored":
                    if (!Object(v, p))
                    {
                        return fallback;
                    }

                    Known(v, p, "anchor", "with");
                    return new AnchoredCriterion(
                        SubQuery(v, p, "anchor"),
                        Array(v, p, "with", true, (item, ip) =>
                        {
                            if (!Object(item, ip))
                            {
                                return new AnchoredCompanion(new EventQuery { CodeSets = [] }, EventWindow.Days(1));
                            }

                            Known(item, ip, "query", "before");
                            var before = item.TryGetProperty("before", out var b) ? Window(b, ip + ".before") : MissingWindow(ip, "before");
                            return new AnchoredCompanion(SubQuery(item, ip, "query"), before);
                        }));
                default: // "score"
                    if (!Object(v, p))
                    {
                        return fallback;
                    }

                    Known(v, p, "items", "atLeast", "atMost", "above", "below");
                    return new ScoreCriterion(
                        Array(v, p, "items", true, (item, ip) =>
                        {
                            if (!Object(item, ip))
                            {
                                return new ScoreItem(0, fallback);
                            }

                            Known(item, ip, "name", "weight", "when");
                            decimal weight = Decimal(item, ip, "weight") ?? MissingDecimal(ip, "weight");
                            var when = item.TryGetProperty("when", out var we) ? Criterion(we, ip + ".when") : MissingCriterion(ip, "when");
                            return new ScoreItem(weight, when, OptString(item, ip, "name"));
                        }),
                        Range(v, p));
            }
        }

        private static readonly string[] QueryKeys = ["codeSets", "window", "kinds", "recordedFromAge", .. FilterKeys];

        private EventQuery SubQuery(JsonElement e, string path, string name)
        {
            string p = path + "." + name;
            if (!e.TryGetProperty(name, out var o))
            {
                Missing(path, name);
                return new EventQuery { CodeSets = [] };
            }

            if (!Object(o, p))
            {
                return new EventQuery { CodeSets = [] };
            }

            Known(o, p, QueryKeys);
            return Query(o, p);
        }

        private EventWindow MissingWindow(string path, string name)
        {
            Missing(path, name);
            return EventWindow.Days(1);
        }

        private int MissingInt(string path, string name)
        {
            Missing(path, name);
            return 0;
        }

        private DateOperand Operand(JsonElement e, string path, string name)
        {
            string p = path + "." + name;
            if (!e.TryGetProperty(name, out var o))
            {
                Missing(path, name);
                return new DateOperand(EventPick.Latest, new EventQuery { CodeSets = [] });
            }

            if (!Object(o, p))
            {
                return new DateOperand(EventPick.Latest, new EventQuery { CodeSets = [] });
            }

            Known(o, p, "earliest", "latest");
            bool hasEarliest = o.TryGetProperty("earliest", out var earliest);
            bool hasLatest = o.TryGetProperty("latest", out var latest);
            if (hasEarliest == hasLatest)
            {
                Errors.Add(new DefinitionError(DefinitionErrors.BadCriterion, null, p, "a date operand is {\"earliest\": {query}} or {\"latest\": {query}}"));
                return new DateOperand(EventPick.Latest, new EventQuery { CodeSets = [] });
            }

            var q = hasEarliest ? earliest : latest;
            string qp = p + (hasEarliest ? ".earliest" : ".latest");
            if (!Object(q, qp))
            {
                return new DateOperand(EventPick.Latest, new EventQuery { CodeSets = [] });
            }

            Known(q, qp, QueryKeys);
            return new DateOperand(hasEarliest ? EventPick.Earliest : EventPick.Latest, Query(q, qp));
        }

        private EventQuery Query(JsonElement e, string path) => new()
        {
            CodeSets = Names(e, path, "codeSets", true),
            Window = e.TryGetProperty("window", out var w) ? Window(w, path + ".window") : EventWindow.Ever,
            Kinds = Array(e, path, "kinds", false, (k, kp) => EnumValue(k, kp, KindNames, ResourceKind.Condition)),
            Filter = Filter(e, path),
            RecordedFromAge = FromAge(e, path),
        };

        private int? FromAge(JsonElement e, string path)
        {
            if (!e.TryGetProperty("recordedFromAge", out var v))
            {
                return null;
            }

            if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out int age) || age < 0 || age > 150)
            {
                Errors.Add(new DefinitionError(DefinitionErrors.WrongType, null, path + ".recordedFromAge", "must be a whole number of years from 0 to 150"));
                return null;
            }

            return age;
        }

        private EventFilter Filter(JsonElement e, string path)
        {
            var filter = new EventFilter
            {
                Statuses = Names(e, path, "statuses", false),
                Intents = Names(e, path, "intents", false),
                ValueCodeSets = Names(e, path, "valueCodeSets", false),
                DischargeCodeSets = Names(e, path, "dischargeCodeSets", false),
                ReasonCodeSets = Names(e, path, "reasonCodeSets", false),
                Encounter = e.TryGetProperty("encounter", out var enc) ? EncounterFilter(enc, path + ".encounter") : null,
                NotEncounter = e.TryGetProperty("notEncounter", out var notEnc) ? EncounterFilter(notEnc, path + ".notEncounter") : null,
                MedicationByCodeOnly = Bool(e, path, "medicationByCodeOnly") ?? false,
            };
            return filter.IsEmpty ? EventFilter.None : filter;
        }

        private EncounterFilter? EncounterFilter(JsonElement e, string path)
        {
            if (!Object(e, path))
            {
                return null;
            }

            Known(e, path, "link", "classes", "codeSets", "statuses");
            return new EncounterFilter
            {
                Link = Enum(e, path, "link", false, LinkNames, EncounterLink.Reference),
                Classes = Names(e, path, "classes", false),
                CodeSets = Names(e, path, "codeSets", false),
                Statuses = Names(e, path, "statuses", false),
            };
        }

        private EventWindow Window(JsonElement e, string path)
        {
            if (!Object(e, path))
            {
                return EventWindow.Ever;
            }

            Known(e, path, "days", "months", "years", "period", "ever", "endMonthsBefore", "relation");
            int end = 0;
            if (e.TryGetProperty("endMonthsBefore", out var endValue))
            {
                if (endValue.ValueKind != JsonValueKind.Number || !endValue.TryGetInt32(out end))
                {
                    Errors.Add(new DefinitionError(DefinitionErrors.WrongType, null, path + ".endMonthsBefore", "must be a whole number"));
                    end = 0;
                }
            }

            var relation = Enum(e, path, "relation", false, RelationNames, WindowRelation.Starts);
            var props = e.EnumerateObject().Where(x => x.Name is not ("endMonthsBefore" or "relation")).ToList();
            if (props.Count != 1)
            {
                Errors.Add(new DefinitionError(DefinitionErrors.InvalidValue, null, path, "a window is exactly one of {\"days\": n}, {\"months\": n}, {\"years\": n}, {\"period\": true}, {\"ever\": true}, optionally with \"endMonthsBefore\": n and \"relation\": starts|ends|overlaps|during"));
                return EventWindow.Ever;
            }

            return WindowUnitOf(props[0], path) with { EndMonthsBefore = end, Relation = relation };
        }

        private EventWindow WindowUnitOf(JsonProperty prop, string path)
        {
            string p = path + "." + prop.Name;
            switch (prop.Name)
            {
                case "period":
                case "ever":
                    if (prop.Value.ValueKind != JsonValueKind.True)
                    {
                        Errors.Add(new DefinitionError(DefinitionErrors.InvalidValue, null, p, $"\"{prop.Name}\" must be true"));
                    }

                    return prop.Name == "period" ? EventWindow.Period : EventWindow.Ever;
                default:
                    if (prop.Value.ValueKind != JsonValueKind.Number || !prop.Value.TryGetInt32(out int n))
                    {
                        Errors.Add(new DefinitionError(DefinitionErrors.WrongType, null, p, "must be a whole number"));
                        return EventWindow.Ever;
                    }

                    return prop.Name switch
                    {
                        "days" => EventWindow.Days(n),
                        "months" => EventWindow.Months(n),
                        _ => EventWindow.Years(n),
                    };
            }
        }

        private ValueRange Range(JsonElement e, string path) =>
            new(Decimal(e, path, "atLeast"), Decimal(e, path, "atMost"), Decimal(e, path, "above"), Decimal(e, path, "below"));

        private ImmutableArray<Criterion> Items(JsonElement e, string path) => Items(e, path, Criterion);

        private ImmutableArray<T> Items<T>(JsonElement e, string path, Func<JsonElement, string, T> item)
        {
            if (e.ValueKind != JsonValueKind.Array)
            {
                Errors.Add(new DefinitionError(DefinitionErrors.WrongType, null, path, $"must be an array, not {Describe(e.ValueKind)}"));
                return [];
            }

            var b = ImmutableArray.CreateBuilder<T>();
            int i = 0;
            foreach (var x in e.EnumerateArray())
            {
                b.Add(item(x, $"{path}[{i++}]"));
            }

            return b.ToImmutable();
        }

        private ImmutableArray<T> Array<T>(JsonElement parent, string path, string name, bool required, Func<JsonElement, string, T> item)
        {
            if (!parent.TryGetProperty(name, out var e))
            {
                if (required)
                {
                    Missing(path, name);
                }

                return [];
            }

            return Items(e, path + "." + name, item);
        }

        private ImmutableArray<string> Names(JsonElement parent, string path, string name, bool required) =>
            Array(parent, path, name, required, (e, p) => StringValue(e, p));

        private string StringValue(JsonElement e, string path)
        {
            if (e.ValueKind != JsonValueKind.String)
            {
                Errors.Add(new DefinitionError(DefinitionErrors.WrongType, null, path, $"must be a string, not {Describe(e.ValueKind)}"));
                return string.Empty;
            }

            return e.GetString()!;
        }

        private T EnumValue<T>(JsonElement e, string path, (string Code, T Value)[] values, T fallback)
        {
            string s = StringValue(e, path);
            foreach (var (code, value) in values)
            {
                if (string.Equals(code, s, StringComparison.Ordinal))
                {
                    return value;
                }
            }

            if (e.ValueKind == JsonValueKind.String)
            {
                Errors.Add(new DefinitionError(DefinitionErrors.InvalidValue, null, path, $"'{s}' is not one of {string.Join(", ", values.Select(v => v.Code))}"));
            }

            return fallback;
        }

        private T Enum<T>(JsonElement parent, string path, string name, bool required, (string Code, T Value)[] values, T fallback)
        {
            if (!parent.TryGetProperty(name, out var e))
            {
                if (required)
                {
                    Missing(path, name);
                }

                return fallback;
            }

            return EnumValue(e, path + "." + name, values, fallback);
        }

        private string? ReqString(JsonElement parent, string path, string name)
        {
            if (!parent.TryGetProperty(name, out _))
            {
                Missing(path, name);
                return null;
            }

            return OptString(parent, path, name);
        }

        private string? OptString(JsonElement parent, string path, string name) =>
            parent.TryGetProperty(name, out var e) ? StringValue(e, path + "." + name) : null;

        private bool? Bool(JsonElement parent, string path, string name)
        {
            if (!parent.TryGetProperty(name, out var e))
            {
                return null;
            }

            if (e.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                return e.GetBoolean();
            }

            Errors.Add(new DefinitionError(DefinitionErrors.WrongType, null, path + "." + name, $"must be true or false, not {Describe(e.ValueKind)}"));
            return null;
        }

        private decimal? Decimal(JsonElement parent, string path, string name)
        {
            if (!parent.TryGetProperty(name, out var e))
            {
                return null;
            }

            if (e.ValueKind == JsonValueKind.Number && e.TryGetDecimal(out decimal d))
            {
                return d;
            }

            Errors.Add(new DefinitionError(DefinitionErrors.WrongType, null, path + "." + name, $"must be a number, not {Describe(e.ValueKind)}"));
            return null;
        }

        private int? Int(JsonElement parent, string path, string name)
        {
            if (!parent.TryGetProperty(name, out var e))
            {
                return null;
            }

            if (e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out int n))
            {
                return n;
            }

            Errors.Add(new DefinitionError(DefinitionErrors.WrongType, null, path + "." + name, $"must be a whole number, not {Describe(e.ValueKind)}"));
            return null;
        }

        private bool Object(JsonElement e, string path)
        {
            if (e.ValueKind == JsonValueKind.Object)
            {
                return true;
            }

            Errors.Add(new DefinitionError(DefinitionErrors.WrongType, null, path, $"must be an object, not {Describe(e.ValueKind)}"));
            return false;
        }

        private void Known(JsonElement e, string path, params string[] names)
        {
            foreach (var prop in e.EnumerateObject())
            {
                if (System.Array.IndexOf(names, prop.Name) < 0)
                {
                    Errors.Add(new DefinitionError(DefinitionErrors.UnknownProperty, null, path + "." + prop.Name, $"unknown property '{prop.Name}' (allowed here: {string.Join(", ", names)})"));
                }
            }
        }

        private string Missing(string path, string name)
        {
            Errors.Add(new DefinitionError(DefinitionErrors.Missing, null, path + "." + name, $"'{name}' is required"));
            return string.Empty;
        }

        private decimal MissingDecimal(string path, string name)
        {
            Missing(path, name);
            return 0;
        }

        private AllCriterion MissingCriterion(string path, string name)
        {
            Missing(path, name);
            return new AllCriterion([]);
        }

        private static string Describe(JsonValueKind kind) => kind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            JsonValueKind.Null => "null",
            _ => "nothing",
        };
    }

    private sealed class Writer(Utf8JsonWriter w)
    {
        public void Definition(IndicatorDefinition d)
        {
            w.WriteStartObject();
            w.WriteString("url", d.Url);
            w.WriteString("id", d.Id);
            w.WriteString("version", d.Version);
            w.WriteString("title", d.Title);
            if (d.Description.Length > 0)
            {
                w.WriteString("description", d.Description);
            }

            w.WriteString("kind", KindCode(d.Kind));
            w.WriteString("improvement", DirectionCode(d.Direction));
            if (!d.CodeSets.IsDefaultOrEmpty)
            {
                w.WriteStartArray("codeSets");
                foreach (var cs in d.CodeSets)
                {
                    w.WriteStartObject();
                    w.WriteString("name", cs.Name);
                    w.WriteStartArray("codes");
                    foreach (var c in cs.Codes)
                    {
                        w.WriteStartObject();
                        w.WriteString("system", c.System);
                        w.WriteString("code", c.Code);
                        if (c.Display is not null)
                        {
                            w.WriteString("display", c.Display);
                        }

                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            if (!d.Measurements.IsDefaultOrEmpty)
            {
                w.WriteStartArray("measurements");
                foreach (var m in d.Measurements)
                {
                    w.WriteStartObject();
                    w.WriteString("name", m.Name);
                    Strings("codeSets", m.CodeSets);
                    w.WriteString("unit", m.Unit);
                    if (m.Analyte != Analyte.General)
                    {
                        w.WriteString("analyte", AnalyteCode(m.Analyte));
                    }

                    if (m.KeepComparators)
                    {
                        w.WriteBoolean("keepComparators", true);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteStartArray("rules");
            foreach (var r in d.Rules)
            {
                w.WriteStartObject();
                w.WriteString("name", r.Name);
                if (r.Description.Length > 0)
                {
                    w.WriteString("description", r.Description);
                }

                if (r.When is not null)
                {
                    w.WritePropertyName("when");
                    Criterion(r.When);
                }

                if (r.Action == RuleAction.Reject)
                {
                    w.WriteBoolean("reject", true);
                }
                else
                {
                    Strings("select", [.. r.Populations.Select(PopulationCode)]);
                    if (r.Continue)
                    {
                        w.WriteBoolean("continue", true);
                    }
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (!d.References.IsDefaultOrEmpty)
            {
                Strings("references", d.References);
            }

            if (!d.Notes.IsDefaultOrEmpty)
            {
                Strings("notes", d.Notes);
            }

            w.WriteEndObject();
        }

        private void Criterion(Criterion c)
        {
            w.WriteStartObject();
            switch (c)
            {
                case AllCriterion all:
                    List("all", all.Items);
                    break;
                case AnyCriterion any:
                    List("any", any.Items);
                    break;
                case NotCriterion not:
                    w.WritePropertyName("not");
                    Criterion(not.Item);
                    break;
                case PopulationBaseCriterion:
                    w.WriteBoolean("populationBase", true);
                    break;
                case AgeCriterion age:
                    w.WriteStartObject("age");
                    Range(age.Range);
                    if (age.At == AgeAt.PeriodStart)
                    {
                        w.WriteString("at", "periodStart");
                    }

                    w.WriteEndObject();
                    break;
                case SexCriterion sex:
                    Strings("sex", [.. sex.Sexes.Select(SexCode)]);
                    break;
                case RegisterCriterion reg:
                    w.WriteStartObject("register");
                    Strings("codeSets", reg.CodeSets);
                    if (!reg.ResolvedBy.IsDefaultOrEmpty)
                    {
                        Strings("resolvedBy", reg.ResolvedBy);
                    }

                    w.WriteEndObject();
                    break;
                case ExistsCriterion ex:
                    w.WriteStartObject("exists");
                    Query(ex.Query);
                    w.WriteEndObject();
                    break;
                case NotDoneCriterion notDone:
                    w.WriteStartObject("notDone");
                    Query(notDone.Query);
                    w.WriteEndObject();
                    break;
                case CountCriterion count:
                    w.WriteStartObject("count");
                    Query(count.Query);
                    w.WriteString("distinct", count.Distinct == CountDistinct.Dates ? "dates" : "events");
                    if (count.MinDaysApart > 0)
                    {
                        w.WriteNumber("minDaysApart", count.MinDaysApart);
                    }

                    Range(count.Range);
                    w.WriteEndObject();
                    break;
                case EventPickCriterion pick:
                    w.WriteStartObject(pick.Pick == EventPick.Earliest ? "earliest" : "latest");
                    Query(pick.Query);
                    if (pick.DateWithin is not null)
                    {
                        w.WritePropertyName("dateWithin");
                        Window(pick.DateWithin);
                    }

                    if (!pick.InCodeSets.IsDefaultOrEmpty)
                    {
                        Strings("inCodeSets", pick.InCodeSets);
                    }

                    w.WriteEndObject();
                    break;
                case ReadingCriterion reading:
                    w.WriteStartObject("reading");
                    w.WriteString("measurement", reading.Measurement);
                    if (reading.Window != EventWindow.Ever)
                    {
                        w.WritePropertyName("window");
                        Window(reading.Window);
                    }

                    if (reading.Pick != ReadingPick.Latest)
                    {
                        w.WriteString("pick", reading.Pick.ToString().ToLowerInvariant());
                    }

                    Range(reading.Range);
                    if (!reading.ExcludeComparators.IsDefaultOrEmpty)
                    {
                        Strings("excludeComparators", reading.ExcludeComparators);
                    }

                    if (reading.WhenNoValue is { } whenNoValue)
                    {
                        w.WriteBoolean("whenNoValue", whenNoValue);
                    }

                    Filter(reading.Filter);

                    w.WriteEndObject();
                    break;
                case DateComparisonCriterion cmp:
                    w.WriteStartObject("compareDates");
                    Operand("left", cmp.Left);
                    w.WriteString("relation", cmp.Relation switch
                    {
                        DateRelation.After => "after",
                        DateRelation.OnOrAfter => "onOrAfter",
                        DateRelation.Before => "before",
                        DateRelation.OnOrBefore => "onOrBefore",
                        _ => "sameDay",
                    });
                    Operand("right", cmp.Right);
                    if (cmp.WhenRightMissing)
                    {
                        w.WriteBoolean("whenRightMissing", true);
                    }

                    w.WriteEndObject();
                    break;
                case TogetherCriterion together:
                    w.WriteStartObject("together");
                    w.WriteStartObject("first");
                    Query(together.First);
                    w.WriteEndObject();
                    w.WriteStartObject("second");
                    Query(together.Second);
                    w.WriteEndObject();
                    w.WriteNumber("lessThanDaysApart", together.LessThanDaysApart);
                    w.WriteEndObject();
                    break;
                case AnchoredCriterion anchored:
                    w.WriteStartObject("anchored");
                    w.WriteStartObject("anchor");
                    Query(anchored.Anchor);
                    w.WriteEndObject();
                    w.WriteStartArray("with");
                    foreach (var companion in anchored.With)
                    {
                        w.WriteStartObject();
                        w.WriteStartObject("query");
                        Query(companion.Query);
                        w.WriteEndObject();
                        w.WritePropertyName("before");
                        Window(companion.Before);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                    break;
                case ScoreCriterion score:
                    w.WriteStartObject("score");
                    w.WriteStartArray("items");
                    foreach (var item in score.Items)
                    {
                        w.WriteStartObject();
                        if (item.Name is not null)
                        {
                            w.WriteString("name", item.Name);
                        }

                        w.WriteNumber("weight", item.Weight);
                        w.WritePropertyName("when");
                        Criterion(item.When);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    Range(score.Range);
                    w.WriteEndObject();
                    break;
                default:
                    throw new InvalidOperationException($"Unknown criterion type {c.GetType().Name}.");
            }

            w.WriteEndObject();
        }

        private void Operand(string name, DateOperand o)
        {
            w.WriteStartObject(name);
            w.WriteStartObject(o.Pick == EventPick.Earliest ? "earliest" : "latest");
            Query(o.Query);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        private void List(string name, ImmutableArray<Criterion> items)
        {
            w.WriteStartArray(name);
            foreach (var item in items)
            {
                Criterion(item);
            }

            w.WriteEndArray();
        }

        private void Query(EventQuery q)
        {
            Strings("codeSets", q.CodeSets);
            if (q.Window != EventWindow.Ever)
            {
                w.WritePropertyName("window");
                Window(q.Window);
            }

            if (!q.Kinds.IsDefaultOrEmpty)
            {
                Strings("kinds", [.. q.Kinds.Select(k => k.ToString())]);
            }

            if (q.RecordedFromAge is { } age)
            {
                w.WriteNumber("recordedFromAge", age);
            }

            Filter(q.Filter);
        }

        private void Filter(EventFilter f)
        {
            OptionalStrings("statuses", f.Statuses);
            OptionalStrings("intents", f.Intents);
            OptionalStrings("valueCodeSets", f.ValueCodeSets);
            OptionalStrings("dischargeCodeSets", f.DischargeCodeSets);
            OptionalStrings("reasonCodeSets", f.ReasonCodeSets);
            EncounterFilter("encounter", f.Encounter);
            EncounterFilter("notEncounter", f.NotEncounter);
            if (f.MedicationByCodeOnly)
            {
                w.WriteBoolean("medicationByCodeOnly", true);
            }
        }

        private void EncounterFilter(string name, EncounterFilter? e)
        {
            if (e is null)
            {
                return;
            }

            w.WriteStartObject(name);
            if (e.Link != EncounterLink.Reference)
            {
                w.WriteString("link", "during");
            }

            OptionalStrings("classes", e.Classes);
            OptionalStrings("codeSets", e.CodeSets);
            OptionalStrings("statuses", e.Statuses);
            w.WriteEndObject();
        }

        private void OptionalStrings(string name, ImmutableArray<string> values)
        {
            if (!values.IsDefaultOrEmpty)
            {
                Strings(name, values);
            }
        }

        private void Window(EventWindow win)
        {
            w.WriteStartObject();
            switch (win.Unit)
            {
                case WindowUnit.Ever: w.WriteBoolean("ever", true); break;
                case WindowUnit.Period: w.WriteBoolean("period", true); break;
                default: w.WriteNumber(win.Unit.ToString().ToLowerInvariant(), win.Amount); break;
            }

            if (win.EndMonthsBefore != 0)
            {
                w.WriteNumber("endMonthsBefore", win.EndMonthsBefore);
            }

            if (win.Relation != WindowRelation.Starts)
            {
                w.WriteString("relation", win.Relation.ToString().ToLowerInvariant());
            }

            w.WriteEndObject();
        }

        private void Range(ValueRange r)
        {
            if (r.AtLeast is { } a) { w.WriteNumber("atLeast", a); }
            if (r.AtMost is { } m) { w.WriteNumber("atMost", m); }
            if (r.Above is { } b) { w.WriteNumber("above", b); }
            if (r.Below is { } c) { w.WriteNumber("below", c); }
        }

        private void Strings(string name, ImmutableArray<string> values)
        {
            w.WriteStartArray(name);
            foreach (var v in values)
            {
                w.WriteStringValue(v);
            }

            w.WriteEndArray();
        }
    }
}
