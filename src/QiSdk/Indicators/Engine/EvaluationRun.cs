using System.Collections.Immutable;
using QiSdk.Records;

namespace QiSdk.Indicators.Engine;

/// <summary>
/// One evaluation over one or more batches of patients: partition-local accumulators merged under a lock (sums, so
/// the result does not depend on scheduling), patient results kept in input order.
/// </summary>
internal sealed class EvaluationRun
{
    public static readonly string[] AgeBands = ["0-15", "16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75-84", "85+", "unknown"];
    public static readonly string[] Sexes = ["female", "male", "other", "unknown"];
    private const int Populations = 5;
    private const int Groups = 1 + 10 + 4; // overall, age bands, sexes

    private readonly CompiledPlan _plan;
    private readonly DataQualityLog _log;
    private readonly IndicatorEngineOptions _options;
    private readonly Lock _gate = new();
    private readonly long[] _counts;
    private readonly List<PatientResult>[] _patients;
    private readonly List<PatientExplanation>[] _explanations;
    private int _latestEventDay = -1;

    public EvaluationRun(CompiledPlan plan, DataQualityLog log, IndicatorEngineOptions options)
    {
        _plan = plan;
        _log = log;
        _options = options;
        int k = plan.Indicators.Length;
        _counts = new long[k * Groups * Populations];
        _patients = [.. Enumerable.Range(0, k).Select(_ => new List<PatientResult>())];
        _explanations = [.. Enumerable.Range(0, k).Select(_ => new List<PatientExplanation>())];
    }

    public void Report(DataQualityIssue issue)
    {
        if (_options.Strict)
        {
            throw new IndicatorEvaluationException(issue);
        }

        _log.Add(issue);
    }

    public void AddBatch(IReadOnlyList<PatientRecord> patients, IProgress<int>? progress, ref int done, CancellationToken cancellationToken)
    {
        int k = _plan.Indicators.Length;
        int n = patients.Count;
        bool keep = _options.IncludePatientResults;
        bool explain = _options.IncludeExplanations;
        byte[]? memberships = keep ? new byte[n * k] : null;
        PatientExplanation?[]? explanations = explain ? new PatientExplanation?[n * k] : null;
        int doneLocal = done;
        var parallel = new ParallelOptions
        {
            CancellationToken = cancellationToken,
            MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism ?? -1,
        };
        try
        {
            Parallel.For(
                0,
                n,
                parallel,
                () => new Worker(new EvalContext(_plan, this), new long[_counts.Length]),
                (i, state, w) =>
                {
                    if ((i & 255) == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    var patient = patients[i];
                    w.Context.Load(patient);
                    foreach (var ev in w.Context.Facts.Events)
                    {
                        if (ev.EventDate is { } date && date.Date.DayNumber > w.LatestDay)
                        {
                            w.LatestDay = date.Date.DayNumber;
                        }
                    }

                    int age = w.Context.Facts.Age;
                    int band = age < 0 ? 9 : age < 16 ? 0 : age < 25 ? 1 : age < 85 ? Math.Min(8, 2 + ((age - 25) / 10)) : 8;
                    int sex = patient.Gender switch
                    {
                        AdministrativeGender.Female => 0,
                        AdministrativeGender.Male => 1,
                        AdministrativeGender.Other => 2,
                        _ => 3,
                    };
                    for (int j = 0; j < k; j++)
                    {
                        PatientExplanation? explanation = null;
                        var m = explain
                            ? Explain(_plan.Indicators[j], w.Context, out explanation)
                            : Evaluate(_plan.Indicators[j], w.Context);
                        if (m == PopulationMembership.None)
                        {
                            continue;
                        }

                        int baseIndex = j * Groups * Populations;
                        Add(w.Counts, baseIndex, m);
                        Add(w.Counts, baseIndex + ((1 + band) * Populations), m);
                        Add(w.Counts, baseIndex + ((11 + sex) * Populations), m);
                        if (memberships is not null)
                        {
                            memberships[(i * k) + j] = (byte)m;
                        }

                        if (explanations is not null)
                        {
                            explanations[(i * k) + j] = explanation;
                        }
                    }

                    int total = Interlocked.Increment(ref doneLocal);
                    if (progress is not null && (total & 1023) == 0)
                    {
                        progress.Report(total);
                    }

                    return w;
                },
                w =>
                {
                    lock (_gate)
                    {
                        _latestEventDay = Math.Max(_latestEventDay, w.LatestDay);
                        for (int x = 0; x < _counts.Length; x++)
                        {
                            _counts[x] += w.Counts[x];
                        }
                    }
                });
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0 && ex.InnerExceptions[0] is IndicatorEvaluationException or OperationCanceledException)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
        }

        done = doneLocal;
        progress?.Report(done);
        if (memberships is not null)
        {
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < k; j++)
                {
                    var m = (PopulationMembership)memberships[(i * k) + j];
                    if (m != PopulationMembership.None)
                    {
                        _patients[j].Add(new PatientResult(patients[i].Id, m));
                    }
                }
            }
        }

        if (explanations is not null)
        {
            for (int i = 0; i < explanations.Length; i++)
            {
                if (explanations[i] is { } e)
                {
                    _explanations[i % k].Add(e);
                }
            }
        }
    }

    public ImmutableArray<IndicatorResult> Complete(MeasurementPeriod period)
    {
        // Data freshness: an export whose latest event is months before R gives low scores that are not the practice's.
        if (_latestEventDay >= 0 && _latestEventDay < period.End.DayNumber - DefinitionErrors.StaleAfterDays)
        {
            Report(new DataQualityIssue(DefinitionErrors.StaleData, DataQualitySeverity.Warning,
                DefinitionErrors.StaleDataMessage(DateOnly.FromDayNumber(_latestEventDay), period.End)));
        }

        var results = ImmutableArray.CreateBuilder<IndicatorResult>(_plan.Indicators.Length);
        for (int j = 0; j < _plan.Indicators.Length; j++)
        {
            var d = _plan.Indicators[j].Definition;
            int baseIndex = j * Groups * Populations;
            var strata = ImmutableArray.CreateBuilder<StratumCounts>();
            for (int g = 1; g < Groups; g++)
            {
                var counts = Counts(baseIndex + (g * Populations));
                if (counts.InitialPopulation == 0 && counts.Denominator == 0)
                {
                    continue;
                }

                strata.Add(g <= 10 ? new StratumCounts("age-band", AgeBands[g - 1], counts) : new StratumCounts("sex", Sexes[g - 11], counts));
            }

            results.Add(new IndicatorResult
            {
                Summary = new IndicatorSummary
                {
                    IndicatorId = d.Id,
                    Url = d.Url,
                    Version = d.Version,
                    Title = d.Title,
                    Kind = d.Kind,
                    Direction = d.Direction,
                    PeriodStart = period.Start,
                    PeriodEnd = period.End,
                    Counts = Counts(baseIndex),
                    Strata = strata.ToImmutable(),
                    Reporter = _options.Reporter,
                },
                Patients = [.. _patients[j]],
                Explanations = [.. _explanations[j]],
            });
        }

        return results.MoveToImmutable();
    }

    private PopulationCounts Counts(int offset) => new(
        checked((int)_counts[offset]),
        checked((int)_counts[offset + 1]),
        checked((int)_counts[offset + 2]),
        checked((int)_counts[offset + 3]),
        checked((int)_counts[offset + 4]));

    private static void Add(long[] counts, int offset, PopulationMembership m)
    {
        if ((m & PopulationMembership.InitialPopulation) != 0) { counts[offset]++; }
        if ((m & PopulationMembership.Denominator) != 0) { counts[offset + 1]++; }
        if ((m & PopulationMembership.DenominatorExclusion) != 0) { counts[offset + 2]++; }
        if ((m & PopulationMembership.DenominatorException) != 0) { counts[offset + 3]++; }
        if ((m & PopulationMembership.Numerator) != 0) { counts[offset + 4]++; }
    }

    /// <summary>Runs the cascade (no allocation).</summary>
    public static PopulationMembership Evaluate(CompiledIndicator indicator, EvalContext c)
    {
        var m = PopulationMembership.None;
        foreach (var rule in indicator.Rules)
        {
            if (rule.When is not null && !rule.When.Eval(c))
            {
                continue;
            }

            if (rule.Action == RuleAction.Reject)
            {
                break;
            }

            m |= rule.Populations;
            if (!rule.Continue)
            {
                break;
            }
        }

        return Normalise(m);
    }

    /// <summary>Runs the cascade collecting evidence for each rule.</summary>
    public static PopulationMembership Explain(CompiledIndicator indicator, EvalContext c, out PatientExplanation explanation)
    {
        var m = PopulationMembership.None;
        var traces = ImmutableArray.CreateBuilder<RuleTrace>();
        string? decidedBy = null;
        foreach (var rule in indicator.Rules)
        {
            c.Evidence = [];
            bool held = rule.When is null || rule.When.Eval(c);
            traces.Add(new RuleTrace(rule.Name, held, rule.Action, [.. c.Evidence]));
            c.Evidence = null;
            if (!held)
            {
                continue;
            }

            if (rule.Action == RuleAction.Reject)
            {
                decidedBy = rule.Name;
                break;
            }

            m |= rule.Populations;
            if (!rule.Continue)
            {
                decidedBy = rule.Name;
                break;
            }
        }

        m = Normalise(m);
        explanation = new PatientExplanation(indicator.Definition.Id, c.Facts.Patient.Id, m, decidedBy, traces.ToImmutable());
        return m;
    }

    /// <summary>FHIR proportion semantics: denominator implies initial population; the rest only within the denominator; an exclusion removes numerator and exception; an exception never applies to a numerator patient.</summary>
    public static PopulationMembership Normalise(PopulationMembership m)
    {
        const PopulationMembership inner = PopulationMembership.DenominatorExclusion | PopulationMembership.DenominatorException | PopulationMembership.Numerator;
        if ((m & PopulationMembership.Denominator) != 0)
        {
            m |= PopulationMembership.InitialPopulation;
        }
        else
        {
            m &= ~inner;
        }

        if ((m & PopulationMembership.DenominatorExclusion) != 0)
        {
            m &= ~(PopulationMembership.Numerator | PopulationMembership.DenominatorException);
        }

        if ((m & PopulationMembership.Numerator) != 0)
        {
            m &= ~PopulationMembership.DenominatorException;
        }

        return m;
    }

    private sealed record Worker(EvalContext Context, long[] Counts)
    {
        public int LatestDay { get; set; } = -1;
    }
}
