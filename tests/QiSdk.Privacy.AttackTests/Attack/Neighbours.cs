using QiSdk.Indicators;
using QiSdk.Records;

namespace QiSdk.Privacy.AttackTests.Attack;

/// <summary>Neighbouring practices: the same list with one patient more or less (a registration or a death).</summary>
internal static class Neighbours
{
    /// <summary>
    /// The first patient (from <paramref name="start"/>) whose removal changes <paramref name="indicator"/>'s counts at
    /// <paramref name="periodEnd"/>: a patient who is in the population, so the release really differs by one person.
    /// </summary>
    public static int InPopulation(PatientRecord[] patients, IndicatorDefinition indicator, DateOnly periodEnd, int start = 0)
    {
        for (int i = start; i < patients.Length; i++)
        {
            var one = UserReleases.Evaluate([patients[i]], [indicator], periodEnd, "probe")[0].Counts;
            if (one.InitialPopulation > 0)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"no patient of the practice is in {indicator.Id}");
    }

    public static PatientRecord[] Without(PatientRecord[] patients, int index) => [.. patients.Where((_, i) => i != index)];
}
