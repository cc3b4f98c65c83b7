using FsCheck;
using FsCheck.Fluent;
using QiSdk.Codes;
using QiSdk.Indicators;
using QiSdk.Records;
using QiSdk.Synthetic;

namespace QiSdk.Tests.Indicators;

/// <summary>
/// Partitioned evaluation (<c>qi evaluate --partitions</c>, one practice spread over machines) rests on one property:
/// evaluating any partition of the patients and combining the summaries gives exactly the whole-population summary,
/// counts and strata, for every built-in indicator. FsCheck picks the patients and the partition.
/// </summary>
public sealed class PartitionMergePropertyTests
{
    private static readonly Lazy<PatientRecord[]> Practice = new(() =>
        SyntheticPractice.GenerateAll(new SyntheticPracticeOptions { Patients = 1500, Seed = 20261129 }));

    private static readonly Lazy<CompiledIndicatorSet> Compiled = new(() =>
    {
        var options = new SyntheticPracticeOptions();
        using var map = new StringWriter();
        SyntheticPractice.WriteCodeMap(options.PracticeCode, map);
        var codeMap = CodeMapCsv.Read(new StringReader(map.ToString()), "synthetic-practice-map", sourceName: null);
        var terminology = Terminology.Create(BuiltInCodeSets.Load(), [codeMap]);
        var period = new MeasurementPeriod(options.ReferenceDate, options.ReferenceDate.AddYears(-1).AddDays(1));
        return new IndicatorEngine(terminology, new IndicatorEngineOptions { IncludePatientResults = false, Reporter = "Y99001" })
            .Compile(IndicatorCatalogue.BuiltIn().Definitions, period);
    });

    /// <summary>How many patients (0 to all), how many parts (1 to 7), and which part each patient goes to.</summary>
    private static readonly Arbitrary<(int[] Parts, int PartCount)> Partitions =
        Gen.Choose(1, 7).SelectMany(k => Gen.Choose(0, 1500).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, k - 1), n).Select(parts => (parts, k))))
            .ToArbitrary();

    [FsCheck.NUnit.Property(MaxTest = 30)]
    public Property Combining_the_summaries_of_any_partition_gives_the_whole_population_summary() => Prop.ForAll(Partitions, input =>
    {
        var patients = Practice.Value.AsSpan(0, input.Parts.Length).ToArray();
        var compiled = Compiled.Value;
        var whole = compiled.Evaluate(patients, new DataQualityLog());
        var perPart = Enumerable.Range(0, input.PartCount)
            .Select(k => compiled.Evaluate([.. patients.Where((_, i) => input.Parts[i] == k)], new DataQualityLog()))
            .ToList();

        for (int j = 0; j < whole.Length; j++)
        {
            var expected = whole[j].Summary;
            var combined = IndicatorSummary.Combine(perPart.Select(r => r[j].Summary));
            if (combined.Counts != expected.Counts)
            {
                return false.Label($"{expected.IndicatorId}: counts {combined.Counts} != {expected.Counts}");
            }

            if (!combined.Strata.SequenceEqual(expected.Strata))
            {
                return false.Label($"{expected.IndicatorId}: strata [{string.Join(", ", combined.Strata)}] != [{string.Join(", ", expected.Strata)}]");
            }

            if (combined with { Strata = expected.Strata, Freshness = expected.Freshness } != expected)
            {
                return false.Label($"{expected.IndicatorId}: identity fields differ");
            }
        }

        return (whole.Length == IndicatorCatalogue.BuiltIn().Definitions.Length).Label("every built-in indicator evaluated");
    });

    [Test]
    public void Summaries_of_different_indicators_are_not_combined()
    {
        var results = Compiled.Value.Evaluate(Practice.Value[..50], new DataQualityLog());

        Assert.Throws<ArgumentException>(() => IndicatorSummary.Combine([results[0].Summary, results[1].Summary]));
        Assert.Throws<ArgumentException>(() => IndicatorSummary.Combine([]));
    }

    [Test]
    public void Freshness_is_the_latest_date_per_resource_type()
    {
        var s = Compiled.Value.Evaluate(Practice.Value[..10], new DataQualityLog())[0].Summary;
        var a = s with { Freshness = [new ResourceFreshness("Observation", new DateOnly(2024, 1, 1)), new ResourceFreshness("Condition", new DateOnly(2025, 1, 1))] };
        var b = s with { Freshness = [new ResourceFreshness("Observation", new DateOnly(2024, 6, 1))] };

        var combined = IndicatorSummary.Combine([a, b]);

        Assert.That(combined.Freshness, Is.EqualTo(new[]
        {
            new ResourceFreshness("Condition", new DateOnly(2025, 1, 1)),
            new ResourceFreshness("Observation", new DateOnly(2024, 6, 1)),
        }));
    }
}
