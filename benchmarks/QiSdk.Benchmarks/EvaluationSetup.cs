using QiSdk.Codes;
using QiSdk.Indicators;
using QiSdk.Records;
using QiSdk.Synthetic;

namespace QiSdk.Benchmarks;

/// <summary>
/// What the evaluation benchmarks run: the WHOLE built-in catalogue (<see cref="IndicatorCatalogue.BuiltIn"/>) compiled
/// against the shipped code sets plus the synthetic practice's code map (Read v2, CTV3 and local codes -> SNOMED CT), over
/// <see cref="SyntheticPractice"/> patients (reference date 2025-03-31, period start 2024-04-01).
/// </summary>
internal static class EvaluationSetup
{
    public static readonly SyntheticPracticeOptions Practice = new();

    public static readonly MeasurementPeriod Period = new(Practice.ReferenceDate, Practice.ReferenceDate.AddYears(-1).AddDays(1));

    public static SyntheticPracticeOptions Options(int patients) => Practice with { Patients = patients };

    public static Terminology Terminology()
    {
        using var map = new StringWriter();
        SyntheticPractice.WriteCodeMap(Practice.PracticeCode, map);
        var codeMap = CodeMapCsv.Read(new StringReader(map.ToString()), "synthetic-practice-map", sourceName: null);
        return Codes.Terminology.Create(BuiltInCodeSets.Load(), [codeMap]);
    }

    public static IReadOnlyList<IndicatorDefinition> Definitions() => IndicatorCatalogue.BuiltIn().Definitions;

    public static CompiledIndicatorSet Compile(bool aggregateOnly) =>
        new IndicatorEngine(Terminology(), new IndicatorEngineOptions { IncludePatientResults = !aggregateOnly }).Compile(Definitions(), Period);

    public static PatientRecord[] Patients(int count) => SyntheticPractice.GenerateAll(Options(count));
}
