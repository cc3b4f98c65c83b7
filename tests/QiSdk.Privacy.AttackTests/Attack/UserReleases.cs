using QiSdk.Reports;
using QiSdk.Codes;
using QiSdk.Indicators;
using QiSdk.Records;
using QiSdk.Privacy.OrTools;
using QiSdk.Synthetic;

namespace QiSdk.Privacy.AttackTests.Attack;

/// <summary>
/// Produces releases the way a user does, through QiSdk's public API only: evaluate a practice with the engine,
/// then <c>DisclosurePipeline.Prepare</c> and <c>DisclosureGate.ReleaseAsync</c> to a <c>FileDisclosureSink</c>,
/// with the practice's file release ledger and audit log. Returns the path of disclosure.json (null when refused).
/// </summary>
internal static class UserReleases
{
    /// <summary>The two ways a user can configure the checker: the core package alone, or with the exact CP-SAT solver package.</summary>
    public const string Core = "core", Exact = "exact";

    private static readonly Lazy<Terminology> Terminology = new(() => QiSdk.Codes.Terminology.Create(BuiltInCodeSets.Load()));

    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>A synthetic practice (the project's generator, SNOMED-only coding so no code map is needed).</summary>
    public static PatientRecord[] Practice(int patients, long seed, string code = "Y99001") =>
        SyntheticPractice.GenerateAll(new SyntheticPracticeOptions { Patients = patients, Seed = seed, CodingMix = CodingMix.SnomedOnly, PracticeCode = code });

    /// <summary>A published catalogue definition, loaded as a user would load it, with its published JSON text.</summary>
    public static (IndicatorDefinition Definition, PublishedDefinition Published) Catalogue(string id)
    {
        string json = File.ReadAllText(Path.Combine(RepoRoot, "src", "QiSdk", "Resources", "Indicators", id + ".json"));
        return (IndicatorCatalogue.BuiltIn().Get(id), PublishedDefinition.Parse(json));
    }

    /// <summary>A custom definition file a developer writes (here: a published one with another minimum age).</summary>
    public static (IndicatorDefinition Definition, PublishedDefinition Published) WithMinimumAge(string id, int age, string newId)
    {
        string json = File.ReadAllText(Path.Combine(RepoRoot, "src", "QiSdk", "Resources", "Indicators", id + ".json"));
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        node["id"] = newId;
        node["url"] = "https://example.org/fhir/Measure/" + newId;
        foreach (var rule in node["rules"]!.AsArray())
        {
            if (rule!["when"]?["not"]?["age"]?["atLeast"] is not null)
            {
                rule["when"]!["not"]!["age"]!["atLeast"] = age;
            }
        }

        string text = node.ToJsonString();
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
        return (IndicatorDefinitionJson.Read(stream, newId + ".json"), PublishedDefinition.Parse(text));
    }

    public static IReadOnlyList<IndicatorSummary> Evaluate(IEnumerable<PatientRecord> patients, IEnumerable<IndicatorDefinition> definitions, DateOnly periodEnd, string reporter)
    {
        var set = new IndicatorEngine(Terminology.Value, new IndicatorEngineOptions { IncludePatientResults = false, Reporter = reporter, MaxDegreeOfParallelism = 1 })
            .Compile(definitions, new MeasurementPeriod(periodEnd));
        return [.. set.Evaluate([.. patients], new DataQualityLog()).Select(r => r.Summary)];
    }

    /// <summary>Policies for a profile name of the attack: nhs, cms, midpoint6, custom:..., cluster:T (alone), cluster+PROFILE, dp.</summary>
    public static IReadOnlyList<IDisclosurePolicy> Policies(string profile, string stateDir, string clusterId = "cluster", double epsilon = 1.0)
    {
        if (profile == "dp")
        {
            return [DisclosurePolicies.DifferentialPrivacy(new DifferentialPrivacyOptions
            {
                Epsilon = epsilon,
                TotalBudget = 100_000m,
                BudgetLedger = new FilePrivacyBudgetLedger(Path.Combine(stateDir, "budget.json")),
            })];
        }

        if (profile.StartsWith("cluster:", StringComparison.Ordinal))
        {
            return [DisclosurePolicies.ClusterAggregate(new ClusterAggregateOptions { ClusterId = clusterId })];
        }

        if (profile.StartsWith("cluster+", StringComparison.Ordinal))
        {
            return [DisclosurePolicies.ClusterAggregate(new ClusterAggregateOptions { ClusterId = clusterId }),
                DisclosurePolicies.SmallNumberSuppression(SuppressionProfile.Parse(profile["cluster+".Length..]))];
        }

        return [DisclosurePolicies.SmallNumberSuppression(SuppressionProfile.Parse(profile))];
    }

    /// <summary>The attacker's rule for a profile name of <see cref="Policies"/>.</summary>
    public static ProfileRule Rule(string profile) =>
        profile.StartsWith("cluster+", StringComparison.Ordinal) ? ProfileRule.Parse(profile["cluster+".Length..]) : ProfileRule.Parse(profile);

    /// <summary>Releases through pipeline and gate, with the ledger and audit log kept in <paramref name="stateDir"/>.</summary>
    public static async Task<string?> ReleaseAsync(IEnumerable<IndicatorSummary> summaries, IReadOnlyList<IDisclosurePolicy> policies, string stateDir, string checker = Core)
    {
        Directory.CreateDirectory(stateDir);
        var ledger = new FileReleaseLedger(Path.Combine(stateDir, "releases.jsonl"));
        var options = new DisclosurePipelineOptions { ReleaseLedger = ledger, BoundSolver = checker == Exact ? OrToolsBoundSolver.Instance : null };
        var outcome = MeasureReportDisclosure.CreatePipeline(policies, options)
            .Prepare(DisclosureRequest.FromSummaries(summaries));
        if (outcome.IsRefused || outcome.Disclosure is null)
        {
            return null;
        }

        string outDir = Path.Combine(stateDir, "out-" + outcome.ReleaseId);
        var sink = new FileDisclosureSink(outDir);
        await new DisclosureGate(new FileAuditLogStore(Path.Combine(stateDir, "audit.log")), ledger).ReleaseAsync(outcome.Disclosure, sink);
        return sink.Path;
    }

    public static string NewFolder()
    {
        string dir = Path.Combine(Path.GetTempPath(), "qisdk-attack", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "QiSdk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("QiSdk.sln not found above the test assembly.");
    }
}
