using System.Collections.Immutable;
using QiSdk.Codes;
using QiSdk.Indicators;
using QiSdk.Records;

namespace QiSdk;

/// <summary>
/// The one composition of QiSdk's stages: code sets and maps loaded (with the indicators' inline code sets and the
/// vendor's own code systems) into one <see cref="Codes.Terminology"/>, indicator definitions read with the code-set
/// check into one <see cref="IndicatorCatalogue"/>, and the engines that evaluate and explain them. The DI service, every
/// <c>qi</c> command and the examples build their audits through it, so the same inputs give the same results and the
/// same data-quality counts everywhere. Immutable and thread-safe once created: many audits may run on one pipeline.
/// </summary>
public sealed class QualityPipeline
{
    private readonly IndicatorEngine _runEngine;
    private readonly IndicatorEngine _explainEngine;
    private readonly CodeSetNameIndex _loadedCodeSets;

    private QualityPipeline(QualityPipelineOptions options, Terminology terminology, IndicatorCatalogue catalogue, ImmutableArray<DataQualityIssue> issues, CodeSetNameIndex loadedCodeSets)
    {
        Options = options;
        Terminology = terminology;
        Catalogue = catalogue;
        SetupIssues = issues;
        _loadedCodeSets = loadedCodeSets;

        // One engine per purpose, built once: each keeps its inline-code-set terminology (and its warm cache) across runs.
        _runEngine = new IndicatorEngine(terminology, options.Evaluation);
        _explainEngine = new IndicatorEngine(terminology, options.Evaluation with { IncludeExplanations = true, IncludePatientResults = true, Strict = false });
    }

    /// <summary>The options the pipeline was built from.</summary>
    public QualityPipelineOptions Options { get; }

    /// <summary>The code sets (loaded, built-in and the catalogue's inline sets) and maps in use.</summary>
    public Terminology Terminology { get; }

    /// <summary>The indicators available (built-in, files, in-memory and plug-ins).</summary>
    public IndicatorCatalogue Catalogue { get; }

    /// <summary>Every problem found while loading code sets, maps and definitions and building the terminology, located.</summary>
    public ImmutableArray<DataQualityIssue> SetupIssues { get; }

    /// <summary>
    /// Loads and checks everything the options name and builds the pipeline. Nothing is cached between calls: a call that
    /// failed (e.g. on a briefly unreadable file) may simply be repeated.
    /// </summary>
    /// <param name="options">What to compose.</param>
    /// <param name="onIssue">Receives every setup problem as it is found (a host forwards them to its log); optional.</param>
    /// <param name="cancellationToken">Stops between files.</param>
    /// <returns>The pipeline; its <see cref="SetupIssues"/> hold the problems also passed to <paramref name="onIssue"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="FileNotFoundException">A named file does not exist.</exception>
    /// <exception cref="TerminologyException">A code-set or map file cannot be used, or two different code sets share a name.</exception>
    /// <exception cref="IndicatorDefinitionException">A definition is invalid (e.g. names a code set that is not loaded) or an id is defined twice.</exception>
    public static QualityPipeline Create(QualityPipelineOptions options, Action<DataQualityIssue>? onIssue = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var log = new DataQualityLog();
        var fileLog = options.StrictCodeFiles ? null : log; // no log: the loaders throw at the first problem

        // 1. Code sets: built-in, files, the host's own and plug-ins; the same set (same name, same members) given twice is kept once.
        var codeSets = new CodeSetList();
        if (options.IncludeBuiltInCodeSets)
        {
            codeSets.AddRange(BuiltInCodeSets.Load());
        }

        foreach (string file in options.CodeSetFiles.Distinct(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            codeSets.AddRange(CodeFiles.LoadCodeSets(ResolvePath(options, file), fileLog));
        }

        codeSets.AddRange(options.CodeSets);
        foreach (var provider in options.CodeSetProviders)
        {
            codeSets.AddRange(provider.GetCodeSets(log));
        }

        // 2. Maps: files, the host's own and plug-ins.
        var maps = new List<CodeMap>();
        foreach (string file in options.CodeMapFiles.Distinct(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            maps.Add(CodeFiles.LoadCodeMap(ResolvePath(options, file), fileLog));
        }

        maps.AddRange(options.CodeMaps);
        foreach (var provider in options.CodeMapProviders)
        {
            maps.AddRange(provider.GetCodeMaps(log));
        }

        // 3. Definitions: built-in, the host's own, plug-ins, then files read with the code-set check (a definition that
        // names a code set nobody loaded fails here, at set-up, not at the first run).
        // A definition may name a set by its name or by an alias only it carries (an eCQM ValueSet by url or by name).
        var loadedNames = new CodeSetNameIndex([.. codeSets.Sets]);
        var definitions = new List<IndicatorDefinition>();
        if (options.IncludeBuiltInIndicators)
        {
            definitions.AddRange(IndicatorCatalogue.BuiltIn().Definitions);
        }

        definitions.AddRange(options.Indicators);
        foreach (var provider in options.IndicatorProviders)
        {
            definitions.AddRange(provider.GetIndicators());
        }

        foreach (string file in options.IndicatorFiles.Distinct(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            definitions.Add(ReadDefinitionFile(ResolvePath(options, file), file, loadedNames));
        }

        var catalogue = IndicatorCatalogue.Create(definitions);

        // 4. One terminology: every code set plus the catalogue's inline sets (so coverage reports count inline-set codes
        // as used, and the engines find them ready), with the vendor's own code systems registered.
        codeSets.AddRange(catalogue.InlineCodeSets());
        var registry = CodeSystemRegistry.CreateDefault();
        foreach (var system in options.CodeSystems)
        {
            registry.AddSystem(system);
        }

        var terminology = Terminology.Create(codeSets.Sets, maps, registry, new TerminologyOptions { MaxMapDepth = options.MaxMapDepth });
        foreach (var issue in terminology.Issues)
        {
            log.Add(issue);
        }

        var issues = log.Snapshot();
        if (onIssue is not null)
        {
            foreach (var issue in issues)
            {
                onIssue(issue);
            }
        }

        return new QualityPipeline(options, terminology, catalogue, issues, loadedNames);
    }

    /// <summary>A record reader with the pipeline's reading options.</summary>
    public FhirRecordReader CreateReader() =>
        new(new FhirReaderOptions { Strict = Options.StrictReading, ValidateSkippedResources = Options.ValidateSkippedResources, MaxLineBytes = Options.MaxLineBytes, TestCaseBundles = Options.TestCaseBundles, MaxDegreeOfParallelism = Options.ReadingThreads });

    /// <summary>A new log for one run that already holds the <see cref="SetupIssues"/>, so every run reports the same set-up problems.</summary>
    public DataQualityLog CreateRunLog()
    {
        var log = new DataQualityLog();
        foreach (var issue in SetupIssues)
        {
            log.Add(issue);
        }

        return log;
    }

    /// <summary>The catalogue's definitions with the given ids, in the order given (duplicates once); all of them for null.</summary>
    /// <param name="indicatorIds">Indicator ids, or null for the whole catalogue.</param>
    /// <exception cref="IndicatorDefinitionException">An id is not in the catalogue (code <c>QI3050</c>).</exception>
    public ImmutableArray<IndicatorDefinition> Select(IEnumerable<string>? indicatorIds) =>
        indicatorIds is null ? Catalogue.Definitions : [.. indicatorIds.Distinct(StringComparer.Ordinal).Select(Catalogue.Get)];

    /// <summary>
    /// Resolves what a user named: <c>all</c> (the whole catalogue), a definition file (read with the code-set check), or
    /// an indicator id. Duplicates are kept once, in the order named.
    /// </summary>
    /// <param name="idsOrFiles">Ids, <c>.json</c> definition files, or <c>all</c>.</param>
    /// <exception cref="FileNotFoundException">A definition file does not exist.</exception>
    /// <exception cref="IndicatorDefinitionException">A definition is invalid, or an id is not in the catalogue.</exception>
    public ImmutableArray<IndicatorDefinition> Resolve(IEnumerable<string> idsOrFiles)
    {
        ArgumentNullException.ThrowIfNull(idsOrFiles);
        var result = new List<IndicatorDefinition>();
        foreach (string item in idsOrFiles)
        {
            if (string.Equals(item, "all", StringComparison.Ordinal))
            {
                result.AddRange(Catalogue.Definitions);
            }
            else if (item.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || File.Exists(ResolvePath(Options, item)))
            {
                result.Add(ReadDefinitionFile(ResolvePath(Options, item), item, _loadedCodeSets));
            }
            else
            {
                result.Add(Catalogue.Get(item));
            }
        }

        return [.. result.DistinctBy(d => d.Id, StringComparer.Ordinal)];
    }

    /// <summary>Compiles definitions for a period with the run engine (the pipeline's evaluation options).</summary>
    /// <param name="definitions">The definitions (e.g. from <see cref="Select"/> or <see cref="Resolve"/>).</param>
    /// <param name="period">The period; R = its end, inclusive.</param>
    /// <exception cref="IndicatorDefinitionException">A definition does not compile against the terminology.</exception>
    public CompiledIndicatorSet Compile(IEnumerable<IndicatorDefinition> definitions, MeasurementPeriod period) => _runEngine.Compile(definitions, period);

    /// <summary>Compiles definitions for a period with explanations on (patient-level results and the deciding rule per patient).</summary>
    /// <param name="definitions">The definitions.</param>
    /// <param name="period">The period; R = its end, inclusive.</param>
    /// <exception cref="IndicatorDefinitionException">A definition does not compile against the terminology.</exception>
    public CompiledIndicatorSet CompileWithExplanations(IEnumerable<IndicatorDefinition> definitions, MeasurementPeriod period) => _explainEngine.Compile(definitions, period);

    /// <summary>Reads one indicator definition file, checking every code set it names against the loaded code sets.</summary>
    /// <param name="path">The file (relative paths against <see cref="QualityPipelineOptions.BaseDirectory"/>).</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="IndicatorDefinitionException">The definition is invalid; every problem is listed.</exception>
    public IndicatorDefinition ReadDefinition(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return ReadDefinitionFile(ResolvePath(Options, path), path, _loadedCodeSets);
    }

    /// <summary>Reads one indicator definition from a stream, checking every code set it names against the loaded code sets.</summary>
    /// <param name="utf8Json">The definition JSON.</param>
    /// <param name="sourceName">The name used in error locations.</param>
    /// <exception cref="IndicatorDefinitionException">The definition is invalid; every problem is listed.</exception>
    public IndicatorDefinition ReadDefinition(Stream utf8Json, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        return IndicatorDefinitionJson.Read(utf8Json, sourceName, _loadedCodeSets.Contains, _loadedCodeSets.DescribeAmbiguity);
    }

    private static IndicatorDefinition ReadDefinitionFile(string fullPath, string shownName, CodeSetNameIndex loaded)
    {
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"indicator definition file '{shownName}' does not exist.", fullPath);
        }

        using var stream = File.OpenRead(fullPath);
        return IndicatorDefinitionJson.Read(stream, shownName, loaded.Contains, loaded.DescribeAmbiguity);
    }

    private static string ResolvePath(QualityPipelineOptions options, string path) =>
        options.BaseDirectory is { } root && !Path.IsPathRooted(path) ? Path.Combine(root, path) : path;

    /// <summary>Code sets by name: the same set given twice (same members, e.g. one ValueSet in several measure bundles) is kept once.</summary>
    private sealed class CodeSetList
    {
        private readonly Dictionary<string, CodeSet> _byName = new(StringComparer.Ordinal);

        public List<CodeSet> Sets { get; } = [];

        public void AddRange(IEnumerable<CodeSet> sets)
        {
            foreach (var set in sets)
            {
                if (_byName.TryGetValue(set.Name, out var first))
                {
                    if (!first.Members.SequenceEqual(set.Members))
                    {
                        throw new TerminologyException([new DataQualityIssue(CodeErrors.DuplicateCodeSet, DataQualitySeverity.Error, CodeErrors.DuplicateCodeSetMessage(set.Name, first.Source, set.Source)) { File = set.Source }]);
                    }

                    continue;
                }

                _byName[set.Name] = set;
                Sets.Add(set);
            }
        }
    }
}
