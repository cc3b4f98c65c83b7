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

    // The matchers built for the inline code sets of the last definition list compiled (per instance, swapped atomically):
    // compiling the same definitions for another period reuses the extended terminology and its warm cache.
    private InlineCodeSets? _lastInline;

    /// <summary>The options every compiled set uses.</summary>
    public IndicatorEngineOptions Options { get; } = options ?? new IndicatorEngineOptions();

    /// <summary>
    /// Validates and compiles the definitions for one measurement period: code set names are resolved against the
    /// matcher, windows become day numbers. Compile once, evaluate many patients.
    /// </summary>
    /// <remarks>
    /// Code sets written inside a definition (<see cref="IndicatorDefinition.CodeSets"/>) are matched like catalogue code
    /// sets: when the matcher is a <see cref="Terminology"/>, the engine builds (once per distinct set of inline code sets,
    /// cached in this instance) a terminology holding the host's sets plus the inline ones, with the same maps and code
    /// system registry, so system aliases, code normalisation and maps apply to inline codes too. For any other
    /// <see cref="ICodeSetMatcher"/> the inline codes get the default registry's aliases and code normalisation but no maps
    /// (the matcher's maps are not visible to the engine).
    /// </remarks>
    /// <param name="definitions">The definitions (ids unique).</param>
    /// <param name="period">The reference date R and optional period start.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="IndicatorDefinitionException">A definition is invalid or uses an unknown code set; every problem is listed.</exception>
    public CompiledIndicatorSet Compile(IEnumerable<IndicatorDefinition> definitions, MeasurementPeriod period)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        ArgumentNullException.ThrowIfNull(period);
        return new CompiledIndicatorSet(CompiledPlan.Compile(definitions, _matcher, period, InlineFor), period, Options);
    }

    private InlineCodeSets InlineFor(IReadOnlyList<IndicatorDefinition> definitions)
    {
        string key = InlineCodeSets.KeyOf(definitions);
        var last = Volatile.Read(ref _lastInline);
        if (last is not null && string.Equals(last.Key, key, StringComparison.Ordinal))
        {
            return last;
        }

        var built = InlineCodeSets.Build(_matcher, definitions, key);
        Volatile.Write(ref _lastInline, built);
        return built;
    }
}
