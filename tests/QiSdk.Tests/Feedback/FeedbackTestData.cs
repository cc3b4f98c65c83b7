using QiSdk.Reports;
using System.Collections.Immutable;
using QiSdk.Feedback;
using QiSdk.Indicators;
using QiSdk.Privacy;
using QiSdk.Records;

namespace QiSdk.Tests.Feedback;

/// <summary>Per-practice disclosures made through the real privacy pipeline (reporter set), read back as released results.</summary>
internal static class FeedbackTestData
{
    public static readonly DateOnly End = new(2025, 3, 31);

    public static IndicatorSummary Summary(string practice, string id, int denominator, int numerator, ImprovementDirection direction = ImprovementDirection.Increase,
        int exclusions = 0, DateOnly? end = null, ImmutableArray<ResourceFreshness> freshness = default) => new()
        {
            IndicatorId = id,
            Url = "https://qisdk.org/fhir/Measure/" + id,
            Version = "1.0.0",
            Title = "Title of " + id,
            Kind = IndicatorKind.Process,
            Direction = direction,
            PeriodEnd = end ?? End,
            Counts = new PopulationCounts(denominator + 10, denominator, exclusions, 0, numerator),
            Reporter = practice,
            Freshness = freshness.IsDefault ? [new ResourceFreshness("Observation", (end ?? End).AddDays(-10)), new ResourceFreshness("Condition", (end ?? End).AddDays(-40))] : freshness,
        };

    /// <summary>Runs the summaries through a real pipeline and returns the disclosure's bytes.</summary>
    public static byte[] Disclose(IDisclosurePolicy policy, params IndicatorSummary[] summaries)
    {
        var outcome = MeasureReportDisclosure.CreatePipeline([policy]).Prepare(DisclosureRequest.FromSummaries(summaries));
        Assert.That(outcome.IsRefused, Is.False, outcome.RefusalReason);
        return outcome.Disclosure!.Content.ToArray();
    }

    public static ReleasedDisclosure Released(IDisclosurePolicy policy, params IndicatorSummary[] summaries)
    {
        using var stream = new MemoryStream(Disclose(policy, summaries));
        return ReleasedResults.Read(stream, "disclosure.json");
    }

    /// <summary>
    /// Exact release (no protection) for tests that need exact counts. The built-in profiles refuse a threshold of 0
    /// outside preview (QI4012), so this is a host policy that clears every cell as it is, as a host's own policy may.
    /// </summary>
    public static IDisclosurePolicy Exact() => new ReleaseEverything();

    private sealed class ReleaseEverything : IDisclosurePolicy
    {
        public string Name => "test-release-everything";

        public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>();

        public void Apply(DisclosureDraft draft, CancellationToken cancellationToken)
        {
            foreach (var cell in draft.Indicators.SelectMany(i => i.Cells))
            {
                cell.Release(Name);
            }
        }
    }
}
