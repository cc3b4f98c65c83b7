using System.Collections.Immutable;
using System.Text.RegularExpressions;
using QiSdk.Codes.Units;
using QiSdk.Indicators.Engine;
using QiSdk.Records;

namespace QiSdk.Indicators;

/// <summary>
/// Checks an <see cref="IndicatorDefinition"/> and lists every problem with its JSON path (the JSON format mirrors the
/// model, so paths point into the file the definition came from).
/// </summary>
public static partial class IndicatorDefinitionValidator
{
    /// <summary>Validates a definition.</summary>
    /// <param name="definition">The definition.</param>
    /// <param name="isKnownCodeSet">Whether a code set name is in the host's catalogue; null skips that check (inline names are always known).</param>
    /// <returns>Every problem found; empty when valid.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="definition"/> is null.</exception>
    public static ImmutableArray<DefinitionError> Validate(IndicatorDefinition definition, Func<string, bool>? isKnownCodeSet = null) =>
        Validate(definition, isKnownCodeSet, describeAmbiguous: null);

    /// <summary>Validates a definition; <paramref name="describeAmbiguous"/> explains a code set name several loaded sets carry (QI3020).</summary>
    internal static ImmutableArray<DefinitionError> Validate(IndicatorDefinition definition, Func<string, bool>? isKnownCodeSet, Func<string, string?>? describeAmbiguous)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var v = new Walker(definition, isKnownCodeSet, describeAmbiguous);
        v.Run();
        return v.Errors.ToImmutable();
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    private sealed class Walker(IndicatorDefinition d, Func<string, bool>? isKnown, Func<string, string?>? describeAmbiguous)
    {
        private readonly HashSet<string> _inline = new(StringComparer.Ordinal);
        private readonly HashSet<string> _measurements = new(StringComparer.Ordinal);

        public ImmutableArray<DefinitionError>.Builder Errors { get; } = ImmutableArray.CreateBuilder<DefinitionError>();

        public void Run()
        {
            if (string.IsNullOrEmpty(d.Id) || !IdPattern().IsMatch(d.Id))
            {
                Add(DefinitionErrors.BadIdentity, "$.id", $"id '{d.Id}' must be 1-64 lower-case letters, digits or hyphens, starting with a letter or digit");
            }

            if (!Uri.TryCreate(d.Url, UriKind.Absolute, out _))
            {
                Add(DefinitionErrors.BadIdentity, "$.url", $"url '{d.Url}' is not an absolute URL");
            }
            else if (!d.Url.EndsWith("/" + d.Id, StringComparison.Ordinal))
            {
                Add(DefinitionErrors.BadIdentity, "$.url", $"url '{d.Url}' must end in '/{d.Id}'");
            }

            if (string.IsNullOrWhiteSpace(d.Version))
            {
                Add(DefinitionErrors.Missing, "$.version", "version is required");
            }

            if (string.IsNullOrWhiteSpace(d.Title))
            {
                Add(DefinitionErrors.Missing, "$.title", "title is required");
            }

            for (int i = 0; i < d.CodeSets.Length; i++)
            {
                var cs = d.CodeSets[i];
                string path = $"$.codeSets[{i}]";
                if (string.IsNullOrWhiteSpace(cs.Name))
                {
                    Add(DefinitionErrors.Missing, path + ".name", "code set name is required");
                }
                else if (!_inline.Add(cs.Name))
                {
                    Add(DefinitionErrors.Duplicate, path + ".name", $"code set '{cs.Name}' is defined twice");
                }

                if (cs.Codes.IsDefaultOrEmpty)
                {
                    Add(DefinitionErrors.Missing, path + ".codes", $"code set '{cs.Name}' has no codes");
                    continue;
                }

                for (int j = 0; j < cs.Codes.Length; j++)
                {
                    if (string.IsNullOrWhiteSpace(cs.Codes[j].System) || string.IsNullOrWhiteSpace(cs.Codes[j].Code))
                    {
                        Add(DefinitionErrors.Missing, $"{path}.codes[{j}]", "each code needs a system and a code");
                    }
                }
            }

            for (int i = 0; i < d.Measurements.Length; i++)
            {
                var m = d.Measurements[i];
                string path = $"$.measurements[{i}]";
                if (string.IsNullOrWhiteSpace(m.Name))
                {
                    Add(DefinitionErrors.Missing, path + ".name", "measurement name is required");
                }
                else if (!_measurements.Add(m.Name))
                {
                    Add(DefinitionErrors.Duplicate, path + ".name", $"measurement '{m.Name}' is defined twice");
                }

                CodeSets(m.CodeSets, path + ".codeSets");
                if (!UnitNormaliser.TryCanonicalise(m.Unit, out var canonical) || canonical != m.Unit)
                {
                    Add(DefinitionErrors.BadUnit, path + ".unit", $"unit '{m.Unit}' is not a canonical UCUM unit QiSdk knows ({string.Join(", ", UnitNormaliser.KnownUnits)})");
                }
                else if ((m.Analyte == Analyte.Hba1c && m.Unit != "mmol/mol") || (m.Analyte == Analyte.Cholesterol && m.Unit != "mmol/L"))
                {
                    Add(DefinitionErrors.BadUnit, path + ".unit", $"analyte {m.Analyte} is compared in {(m.Analyte == Analyte.Hba1c ? "mmol/mol" : "mmol/L")}, not '{m.Unit}'");
                }
            }

            if (d.Rules.IsDefaultOrEmpty)
            {
                Add(DefinitionErrors.Missing, "$.rules", "at least one rule is required");
                return;
            }

            var names = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < d.Rules.Length; i++)
            {
                var r = d.Rules[i];
                string path = $"$.rules[{i}]";
                if (string.IsNullOrWhiteSpace(r.Name))
                {
                    Add(DefinitionErrors.Missing, path + ".name", "rule name is required");
                }
                else if (!names.Add(r.Name))
                {
                    Add(DefinitionErrors.Duplicate, path + ".name", $"rule '{r.Name}' is defined twice");
                }

                if (r.Action == RuleAction.Select && r.Populations.IsDefaultOrEmpty)
                {
                    Add(DefinitionErrors.BadRule, path + ".select", "a select rule needs at least one population");
                }
                else if (r.Action == RuleAction.Reject && (!r.Populations.IsDefaultOrEmpty || r.Continue))
                {
                    Add(DefinitionErrors.BadRule, path, "a reject rule takes no populations and cannot continue");
                }

                if (r.When is not null)
                {
                    Criterion(r.When, path + ".when");
                }
            }
        }

        private void Criterion(Criterion c, string path)
        {
            switch (c)
            {
                case AllCriterion all:
                    Items(all.Items, path + ".all");
                    break;
                case AnyCriterion any:
                    Items(any.Items, path + ".any");
                    break;
                case NotCriterion not:
                    if (not.Item is null)
                    {
                        Add(DefinitionErrors.Missing, path + ".not", "'not' needs a criterion");
                    }
                    else
                    {
                        Criterion(not.Item, path + ".not");
                    }

                    break;
                case PopulationBaseCriterion:
                    break;
                case AgeCriterion age:
                    Range(age.Range, path + ".age");
                    break;
                case SexCriterion sex:
                    if (sex.Sexes.IsDefaultOrEmpty)
                    {
                        Add(DefinitionErrors.Missing, path + ".sex", "at least one sex is required");
                    }

                    break;
                case RegisterCriterion reg:
                    CodeSets(reg.CodeSets, path + ".register.codeSets");
                    if (!reg.ResolvedBy.IsDefaultOrEmpty)
                    {
                        CodeSets(reg.ResolvedBy, path + ".register.resolvedBy");
                    }

                    break;
                case ExistsCriterion ex:
                    Query(ex.Query, path + ".exists");
                    break;
                case NotDoneCriterion notDone:
                    Query(notDone.Query, path + ".notDone");
                    foreach (var kind in notDone.Query.Kinds.IsDefault ? [] : notDone.Query.Kinds)
                    {
                        if (kind is not (ResourceKind.MedicationRequest or ResourceKind.ServiceRequest or ResourceKind.DeviceRequest or ResourceKind.Procedure or ResourceKind.Immunization or ResourceKind.MedicationStatement))
                        {
                            Add(DefinitionErrors.UnmatchableFilter, path + ".notDone.kinds", $"a {kind} cannot be recorded as not done (only MedicationRequest, ServiceRequest, DeviceRequest, Procedure, Immunization, MedicationStatement)");
                        }
                    }

                    break;
                case CountCriterion count:
                    Query(count.Query, path + ".count");
                    Range(count.Range, path + ".count");
                    if (count.MinDaysApart < 0)
                    {
                        Add(DefinitionErrors.InvalidValue, path + ".count.minDaysApart", "minDaysApart cannot be negative");
                    }

                    break;
                case EventPickCriterion pick:
                    string p = path + (pick.Pick == EventPick.Earliest ? ".earliest" : ".latest");
                    Query(pick.Query, p);
                    if (pick.DateWithin is not null)
                    {
                        Window(pick.DateWithin, p + ".dateWithin");
                    }

                    if (!pick.InCodeSets.IsDefaultOrEmpty)
                    {
                        CodeSets(pick.InCodeSets, p + ".inCodeSets");
                    }

                    break;
                case ReadingCriterion reading:
                    if (!_measurements.Contains(reading.Measurement ?? string.Empty))
                    {
                        Add(DefinitionErrors.UnknownMeasurement, path + ".reading.measurement", $"measurement '{reading.Measurement}' is not defined in $.measurements");
                    }

                    Window(reading.Window, path + ".reading.window");
                    Range(reading.Range, path + ".reading");
                    Filter(reading.Filter, path + ".reading");
                    if (reading.WhenNoValue is not null && reading.Pick is not (ReadingPick.Latest or ReadingPick.Earliest))
                    {
                        Add(DefinitionErrors.UnmatchableFilter, path + ".reading.whenNoValue", $"whenNoValue needs pick latest or earliest (a reading without a value has no place in pick {reading.Pick.ToString().ToLowerInvariant()})");
                    }

                    ExcludedComparators(reading, path + ".reading.excludeComparators");
                    break;
                case TogetherCriterion together:
                    Query(together.First, path + ".together.first");
                    Query(together.Second, path + ".together.second");
                    if (together.LessThanDaysApart <= 0)
                    {
                        Add(DefinitionErrors.InvalidValue, path + ".together.lessThanDaysApart", $"must be positive, not {together.LessThanDaysApart}");
                    }

                    break;
                case AnchoredCriterion anchored:
                    Query(anchored.Anchor, path + ".anchored.anchor");
                    if (anchored.With.IsDefaultOrEmpty)
                    {
                        Add(DefinitionErrors.Missing, path + ".anchored.with", "an anchored criterion needs at least one companion");
                    }
                    else
                    {
                        for (int i = 0; i < anchored.With.Length; i++)
                        {
                            string cp = $"{path}.anchored.with[{i}]";
                            Query(anchored.With[i].Query, cp + ".query");
                            var before = anchored.With[i].Before;
                            if (before is null || before.Unit is not (WindowUnit.Days or WindowUnit.Months) || before.Amount <= 0 || before.EndMonthsBefore != 0 || before.Relation != WindowRelation.Starts)
                            {
                                Add(DefinitionErrors.InvalidValue, cp + ".before", "must be {\"days\": n} or {\"months\": n} with n positive, back from the anchor's date ({\"days\": 1} is the anchor's own day)");
                            }
                        }
                    }

                    break;
                case DateComparisonCriterion cmp:
                    Query(cmp.Left.Query, path + ".compareDates.left");
                    Query(cmp.Right.Query, path + ".compareDates.right");
                    break;
                case ScoreCriterion score:
                    if (score.Items.IsDefaultOrEmpty)
                    {
                        Add(DefinitionErrors.Missing, path + ".score.items", "a score needs at least one item");
                    }
                    else
                    {
                        for (int i = 0; i < score.Items.Length; i++)
                        {
                            Criterion(score.Items[i].When, $"{path}.score.items[{i}].when");
                        }
                    }

                    Range(score.Range, path + ".score");
                    break;
                default:
                    Add(DefinitionErrors.BadCriterion, path, "unknown criterion");
                    break;
            }
        }

        private void Items(ImmutableArray<Criterion> items, string path)
        {
            if (items.IsDefaultOrEmpty)
            {
                Add(DefinitionErrors.Missing, path, "needs at least one criterion");
                return;
            }

            for (int i = 0; i < items.Length; i++)
            {
                Criterion(items[i], $"{path}[{i}]");
            }
        }

        private void Query(EventQuery q, string path)
        {
            CodeSets(q.CodeSets, path + ".codeSets");
            Window(q.Window, path + ".window");
            Filter(q.Filter, path);
        }

        // Statuses no event can have once the never-count rule (docs/semantics.md) has dropped it.
        private static readonly string[] NeverCounting = ["entered-in-error", "cancelled", "refuted"];

        private void Filter(EventFilter? f, string path)
        {
            if (f is null || f.IsEmpty)
            {
                return;
            }

            Words(f.Statuses, path + ".statuses", NeverCounting);
            Words(f.Intents, path + ".intents", []);
            OptionalCodeSets(f.ValueCodeSets, path + ".valueCodeSets");
            OptionalCodeSets(f.DischargeCodeSets, path + ".dischargeCodeSets");
            OptionalCodeSets(f.ReasonCodeSets, path + ".reasonCodeSets");
            Encounter(f.Encounter, path + ".encounter");
            Encounter(f.NotEncounter, path + ".notEncounter");
        }

        private void Encounter(EncounterFilter? e, string path)
        {
            if (e is null)
            {
                return;
            }

            Words(e.Classes, path + ".classes", []);
            Words(e.Statuses, path + ".statuses", NeverCounting);
            OptionalCodeSets(e.CodeSets, path + ".codeSets");
        }

        private void OptionalCodeSets(ImmutableArray<string> names, string path)
        {
            if (!names.IsDefaultOrEmpty)
            {
                CodeSets(names, path);
            }
        }

        private void Words(ImmutableArray<string> words, string path, string[] never)
        {
            if (words.IsDefaultOrEmpty)
            {
                return;
            }

            for (int i = 0; i < words.Length; i++)
            {
                if (string.IsNullOrWhiteSpace(words[i]))
                {
                    Add(DefinitionErrors.UnmatchableFilter, $"{path}[{i}]", "an empty value matches nothing");
                }
                else if (System.Array.IndexOf(never, words[i]) >= 0)
                {
                    Add(DefinitionErrors.UnmatchableFilter, $"{path}[{i}]", $"'{words[i]}' never matches: events with that status never count (docs/semantics.md)");
                }
            }
        }

        private void Window(EventWindow w, string path)
        {
            bool needsAmount = w.Unit is WindowUnit.Days or WindowUnit.Months or WindowUnit.Years;
            if (needsAmount && w.Amount <= 0)
            {
                Add(DefinitionErrors.InvalidValue, path, $"window amount must be positive, not {w.Amount}");
            }

            if (w.EndMonthsBefore < 0)
            {
                Add(DefinitionErrors.InvalidValue, path + ".endMonthsBefore", $"must be zero or positive, not {w.EndMonthsBefore}");
            }
            else if (w.EndMonthsBefore > 0 && w.Amount > 0 && !EndsAfterItStarts(w))
            {
                Add(DefinitionErrors.InvalidValue, path + ".endMonthsBefore", $"the window ({w}) ends before it starts, so no date is in it");
            }
        }

        // Months and years compare exactly; days against the longest possible months (31 days each).
        private static bool EndsAfterItStarts(EventWindow w) => w.Unit switch
        {
            WindowUnit.Months => w.Amount > w.EndMonthsBefore,
            WindowUnit.Years => w.Amount * 12 > w.EndMonthsBefore,
            WindowUnit.Days => w.Amount > w.EndMonthsBefore * 31,
            _ => true,
        };

        private void ExcludedComparators(ReadingCriterion reading, string path)
        {
            if (reading.ExcludeComparators.IsDefaultOrEmpty)
            {
                return;
            }

            for (int i = 0; i < reading.ExcludeComparators.Length; i++)
            {
                if (!Engine.ComparatorExclusion.TryParse(reading.ExcludeComparators[i], out _))
                {
                    Add(DefinitionErrors.InvalidValue, $"{path}[{i}]", $"'{reading.ExcludeComparators[i]}' is not a comparator (<, <=, >, >=, ~), optionally followed by a number");
                }
            }

            if (d.Measurements.FirstOrDefault(m => m.Name == reading.Measurement) is { KeepComparators: false })
            {
                Add(DefinitionErrors.InvalidValue, path, $"measurement '{reading.Measurement}' does not keep comparator readings (\"keepComparators\": true), so there is nothing to exclude");
            }
        }

        private void Range(ValueRange r, string path)
        {
            if (r is null || r.IsEmpty)
            {
                Add(DefinitionErrors.BadRange, path, "needs at least one of atLeast, atMost, above, below");
                return;
            }

            decimal lo = Math.Max(r.AtLeast ?? decimal.MinValue, r.Above ?? decimal.MinValue);
            decimal hi = Math.Min(r.AtMost ?? decimal.MaxValue, r.Below ?? decimal.MaxValue);
            if (lo > hi || (lo == hi && (r.Above is not null || r.Below is not null)))
            {
                Add(DefinitionErrors.BadRange, path, $"the bounds ({r}) can never hold");
            }
        }

        private void CodeSets(ImmutableArray<string> names, string path)
        {
            if (names.IsDefaultOrEmpty)
            {
                Add(DefinitionErrors.Missing, path, "at least one code set is required");
                return;
            }

            for (int i = 0; i < names.Length; i++)
            {
                string name = names[i];
                if (string.IsNullOrWhiteSpace(name))
                {
                    Add(DefinitionErrors.Missing, $"{path}[{i}]", "code set name is empty");
                }
                else if (!_inline.Contains(name) && describeAmbiguous?.Invoke(name) is { } ambiguity)
                {
                    Add(DefinitionErrors.AmbiguousCodeSet, $"{path}[{i}]", ambiguity);
                }
                else if (!_inline.Contains(name) && isKnown is not null && !isKnown(name))
                {
                    Add(DefinitionErrors.UnknownCodeSet, $"{path}[{i}]", $"code set '{name}' is neither defined in $.codeSets nor in the code-set catalogue");
                }
            }
        }

        private void Add(string code, string path, string message) => Errors.Add(new DefinitionError(code, d.Id, path, message));
    }
}
