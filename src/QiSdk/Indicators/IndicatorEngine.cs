using QiSdk.Codes;
using QiSdk.Indicators.Engine;

namespace QiSdk.Indicators;

/// <summary>
/// Compiles indicator definitions into fast evaluators bound to one code-set matcher. Thread-safe; holds no
/// per-run state, so one instance can be registered as a singleton and used by several audits at once.
/// </summary>
/// <param name="matcher">The host's code-set matcher (code sets, normalisation and maps).</param>
/// <param name="options">Evaluation options; defaults when null.</param>
public sealed class IndicatorEngine(ICodeSetMatcher matcher, IndicatorEngineOptions? options = null)
{
    private readonly ICodeSetMatcher _matcher = matcher ?? throw new ArgumentNullException(nameof(matcher));

    /// <summary>The options every compiled set uses.</summary>
    public IndicatorEngineOptions Options { get; } = options ?? new IndicatorEngineOptions();

    /// <summary>
    /// Validates and compiles the definitions for one measurement period: code set names are resolved against the
    /// matcher, windows become day numbers. Compile once, evaluate many patients.
    /// </summary>
    /// <param name="definitions">The definitions (ids unique).</param>
    /// <param name="period">The reference date R and optional period start.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="IndicatorDefinitionException">A definition is invalid or uses an unknown code set; every problem is listed.</exception>
    public CompiledIndicatorSet Compile(IEnumerable<IndicatorDefinition> definitions, MeasurementPeriod period)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        ArgumentNullException.ThrowIfNull(period);
        return new CompiledIndicatorSet(CompiledPlan.Compile(definitions, _matcher, period), period, Options);
    }
}
