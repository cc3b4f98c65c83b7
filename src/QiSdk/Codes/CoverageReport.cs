using System.Collections.Immutable;
using QiSdk.Records;

namespace QiSdk.Codes;

/// <summary>
/// What the recorded codes of a set of patient records turned into: codes that belong to no code set and no map (most
/// patients first), unknown systems, codes that can never match (invalid SNOMED CT ids, malformed codes), notable
/// normalisations, and per code set which raw codes and maps fed it. Built by <see cref="Create"/>; immutable.
/// </summary>
/// <remarks>
/// Codings counted are those of <see cref="ClinicalEvent.Codes"/> and of each observation component's codes (a blood pressure
/// panel's systolic and diastolic codes). A coding repeated within one event counts once for that event.
/// </remarks>
public sealed record CoverageReport
{
    /// <summary>Patients analysed.</summary>
    public required int Patients { get; init; }

    /// <summary>Clinical events analysed.</summary>
    public required int Records { get; init; }

    /// <summary>Distinct raw codings seen.</summary>
    public required int DistinctCodings { get; init; }

    /// <summary>Every distinct coding in no code set and no map (including those that cannot match and those with unknown systems), most patients first.</summary>
    public required ImmutableArray<CodeCoverageEntry> Unmapped { get; init; }

    /// <summary>Recorded systems QiSdk does not know, most patients first.</summary>
    public required ImmutableArray<UnknownSystemEntry> UnknownSystems { get; init; }

    /// <summary>Codings that can never match: invalid or spreadsheet-rounded SNOMED CT ids, description ids, malformed Read/CTV3/ICD-10 codes, missing codes.</summary>
    public required ImmutableArray<CodeCoverageEntry> InvalidCodes { get; init; }

    /// <summary>Codings whose code was changed by a normalisation rule other than trimming whitespace, most patients first.</summary>
    public required ImmutableArray<NormalisationEntry> Normalisations { get; init; }

    /// <summary>Every code set of the terminology, in index order, with what fed it.</summary>
    public required ImmutableArray<CodeSetCoverage> CodeSets { get; init; }

    /// <summary>The report's findings as data-quality issues (<c>QI2020</c>-<c>QI2023</c>), one per distinct coding or unknown system.</summary>
    public required ImmutableArray<DataQualityIssue> Issues { get; init; }

    /// <summary>Analyses the codings of <paramref name="records"/> against <paramref name="terminology"/>.</summary>
    /// <param name="records">The patient records.</param>
    /// <param name="terminology">The code sets, maps and systems to check against (its cache is warmed as a side effect).</param>
    /// <param name="cancellationToken">Checked between patients.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static CoverageReport Create(IEnumerable<PatientRecord> records, Terminology terminology, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(terminology);
        var codings = new Dictionary<(string?, string?), Tally>();
        var setTallies = terminology.CodeSets.Select(_ => new Counter()).ToArray();
        var setSources = new Dictionary<(int, (string?, string?)), Counter>();
        var eventCodings = new HashSet<(string?, string?)>();
        var eventSets = new HashSet<int>();
        var systemTallies = new Dictionary<string, Counter>(StringComparer.Ordinal);
        var eventSystems = new HashSet<string>(StringComparer.Ordinal);
        int patients = 0, events = 0;
        foreach (var patient in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ArgumentNullException.ThrowIfNull(patient, nameof(records));
            int p = patients++;
            foreach (var e in patient.Events)
            {
                events++;
                eventCodings.Clear();
                eventSets.Clear();
                eventSystems.Clear();
                foreach (var c in e.Codes.Concat(e.Components.SelectMany(x => x.Codes)))
                {
                    var key = (c.System, c.Code);
                    if (!eventCodings.Add(key))
                    {
                        continue;
                    }

                    if (!codings.TryGetValue(key, out var tally))
                    {
                        codings[key] = tally = new Tally(terminology.Explain(c.System, c.Code));
                    }

                    tally.Display ??= c.Display;
                    tally.Count.Add(p);
                    if (!tally.Match.IsSystemKnown)
                    {
                        string system = CodeSystemRegistry.Clean(c.System ?? string.Empty);
                        if (eventSystems.Add(system))
                        {
                            if (!systemTallies.TryGetValue(system, out var st))
                            {
                                systemTallies[system] = st = new Counter();
                            }

                            st.Add(p);
                        }
                    }

                    foreach (int s in tally.Match.CodeSetIndexes)
                    {
                        if (eventSets.Add(s))
                        {
                            setTallies[s].Add(p);
                        }

                        if (!setSources.TryGetValue((s, key), out var source))
                        {
                            setSources[(s, key)] = source = new Counter();
                        }

                        source.Add(p);
                    }
                }
            }
        }

        CodeCoverageEntry Entry(Tally t) => new(t.Match.RawSystem, t.Match.RawCode, t.Display, t.Match.System?.Uri, t.Match.NormalisedCode, t.Match.Problem, t.Count.Records, t.Count.Patients);

        var byPatients = Comparer<CodeCoverageEntry>.Create((a, b) =>
            b.Patients != a.Patients ? b.Patients.CompareTo(a.Patients)
            : b.Records != a.Records ? b.Records.CompareTo(a.Records)
            : string.CompareOrdinal(a.System, b.System) is int s and not 0 ? s
            : string.CompareOrdinal(a.Code, b.Code));

        var all = codings.Values.ToList();
        var unknownSystems = all.Where(t => !t.Match.IsSystemKnown)
            .GroupBy(t => CodeSystemRegistry.Clean(t.Match.RawSystem ?? string.Empty), StringComparer.Ordinal)
            .Select(g => new UnknownSystemEntry(g.Key, g.Count(), systemTallies[g.Key].Records, systemTallies[g.Key].Patients))
            .OrderByDescending(u => u.Patients).ThenByDescending(u => u.Records).ThenBy(u => u.System, StringComparer.Ordinal)
            .ToImmutableArray();

        var sets = terminology.CodeSets.Select((set, i) => new CodeSetCoverage(set.Name, setTallies[i].Records, setTallies[i].Patients,
            [.. setSources.Where(kv => kv.Key.Item1 == i)
                .Select(kv => new CodeSetSource(Entry(codings[kv.Key.Item2]) with { Records = kv.Value.Records, Patients = kv.Value.Patients },
                    codings[kv.Key.Item2].Match.Hits.First(h => h.CodeSetIndex == i).Path))
                .OrderBy(s => s.Coding, byPatients)])).ToImmutableArray();

        var issues = ImmutableArray.CreateBuilder<DataQualityIssue>();
        foreach (var t in all.OrderBy(t => Entry(t), byPatients))
        {
            var m = t.Match;
            if (m.Problem is CodeProblem.InvalidSnomedId or CodeProblem.NotASnomedConceptId or CodeProblem.SpreadsheetRounded)
            {
                issues.Add(new DataQualityIssue(CodeErrors.CodingInvalidSnomedId, DataQualitySeverity.Warning, CodeErrors.CodingCannotMatchMessage(m, t.Count.Records, t.Count.Patients)));
            }
            else if (m.Problem is CodeProblem.MalformedCode or CodeProblem.MissingCode)
            {
                issues.Add(new DataQualityIssue(CodeErrors.CodingMalformed, DataQualitySeverity.Warning, CodeErrors.CodingCannotMatchMessage(m, t.Count.Records, t.Count.Patients)));
            }

            if (m.MapDepthLimitReached)
            {
                issues.Add(new DataQualityIssue(CodeErrors.CodingMapDepthLimit, DataQualitySeverity.Warning, CodeErrors.CodingMapDepthLimitMessage(m)));
            }
        }

        foreach (var u in unknownSystems)
        {
            issues.Add(new DataQualityIssue(CodeErrors.CodingUnknownSystem, DataQualitySeverity.Information, CodeErrors.CodingUnknownSystemMessage(u.System, u.DistinctCodes, u.Records, u.Patients)));
        }

        return new CoverageReport
        {
            Patients = patients,
            Records = events,
            DistinctCodings = codings.Count,
            Unmapped = [.. all.Where(t => t.Match.IsUnmapped).Select(Entry).OrderBy(e => e, byPatients)],
            UnknownSystems = unknownSystems,
            InvalidCodes = [.. all.Where(t => t.Match.Problem != CodeProblem.None).Select(Entry).OrderBy(e => e, byPatients)],
            Normalisations = [.. all.Where(t => (t.Match.Rules & ~NormalisationRules.Whitespace) != 0)
                .Select(t => new NormalisationEntry(Entry(t), t.Match.Rules)).OrderBy(n => n.Coding, byPatients)],
            CodeSets = sets,
            Issues = issues.ToImmutable(),
        };
    }

    /// <summary>Counts records and distinct patients; patients arrive in order, so "new patient" is "different from the last one".</summary>
    private sealed class Counter
    {
        private int _lastPatient = -1;

        public int Records { get; private set; }

        public int Patients { get; private set; }

        public void Add(int patient)
        {
            Records++;
            if (patient != _lastPatient)
            {
                Patients++;
                _lastPatient = patient;
            }
        }
    }

    private sealed class Tally(CodeMatch match)
    {
        public CodeMatch Match { get; } = match;

        public Counter Count { get; } = new();

        public string? Display { get; set; }
    }
}
