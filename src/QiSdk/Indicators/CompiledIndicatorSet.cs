using System.Collections.Immutable;
using QiSdk.Indicators.Engine;
using QiSdk.Records;

namespace QiSdk.Indicators;

/// <summary>
/// Indicators compiled for one period and matcher (from <see cref="IndicatorEngine.Compile"/>). Immutable and
/// thread-safe; each evaluation call is independent.
/// </summary>
public sealed class CompiledIndicatorSet
{
    private const int BatchSize = 4096;
    private readonly CompiledPlan _plan;
    private readonly IndicatorEngineOptions _options;

    internal CompiledIndicatorSet(CompiledPlan plan, MeasurementPeriod period, IndicatorEngineOptions options)
    {
        _plan = plan;
        _options = options;
        Period = period;
        Definitions = [.. plan.Indicators.Select(i => i.Definition)];
    }

    /// <summary>The compiled definitions, in the order given.</summary>
    public ImmutableArray<IndicatorDefinition> Definitions { get; }

    /// <summary>The measurement period.</summary>
    public MeasurementPeriod Period { get; }

    /// <summary>Evaluates every indicator over patients held in memory, in parallel.</summary>
    /// <param name="patients">The patients.</param>
    /// <param name="log">Where data-quality problems (undated events, unusable readings) go.</param>
    /// <param name="progress">Receives the number of patients done, now and then; optional.</param>
    /// <param name="cancellationToken">Stops the evaluation.</param>
    /// <returns>One result per indicator, in definition order.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="IndicatorEvaluationException">Strict mode met a data-quality problem.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public ImmutableArray<IndicatorResult> Evaluate(IReadOnlyList<PatientRecord> patients, DataQualityLog log, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patients);
        ArgumentNullException.ThrowIfNull(log);
        var run = new EvaluationRun(_plan, log, _options);
        int done = 0;
        run.AddBatch(patients, progress, ref done, cancellationToken);
        return run.Complete(Period);
    }

    /// <summary>Evaluates every indicator over a streamed source (read in batches, each batch evaluated in parallel).</summary>
    /// <param name="source">The patients (FHIR reader or host records).</param>
    /// <param name="log">Where reading and evaluation problems go.</param>
    /// <param name="progress">Receives the number of patients done; optional.</param>
    /// <param name="cancellationToken">Stops reading and evaluation.</param>
    /// <returns>One result per indicator, in definition order.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="IndicatorEvaluationException">Strict mode met a data-quality problem.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async Task<ImmutableArray<IndicatorResult>> EvaluateAsync(IPatientRecordSource source, DataQualityLog log, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(log);
        var run = new EvaluationRun(_plan, log, _options);
        int done = 0;
        var batch = new List<PatientRecord>(BatchSize);
        await foreach (var patient in source.ReadPatientsAsync(log, cancellationToken).ConfigureAwait(false))
        {
            batch.Add(patient);
            if (batch.Count == BatchSize)
            {
                run.AddBatch(batch, progress, ref done, cancellationToken);
                batch.Clear();
            }
        }

        run.AddBatch(batch, progress, ref done, cancellationToken);
        return run.Complete(Period);
    }

    /// <summary>
    /// Explains one patient for every indicator: the populations reached, each rule evaluated and the events (id,
    /// date, code, value) that decided it. The practice's worklist.
    /// </summary>
    /// <param name="patient">The patient.</param>
    /// <param name="log">Where data-quality problems go; null discards them.</param>
    /// <exception cref="ArgumentNullException"><paramref name="patient"/> is null.</exception>
    public ImmutableArray<PatientExplanation> Explain(PatientRecord patient, DataQualityLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(patient);
        var run = new EvaluationRun(_plan, log ?? new DataQualityLog(), _options);
        var context = new EvalContext(_plan, run);
        context.Load(patient);
        var builder = ImmutableArray.CreateBuilder<PatientExplanation>(_plan.Indicators.Length);
        foreach (var indicator in _plan.Indicators)
        {
            EvaluationRun.Explain(indicator, context, out var explanation);
            builder.Add(explanation);
        }

        return builder.MoveToImmutable();
    }
}
