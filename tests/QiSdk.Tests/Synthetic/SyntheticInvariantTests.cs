using FsCheck;
using FsCheck.Fluent;
using QiSdk.Records;
using QiSdk.Synthetic;

namespace QiSdk.Tests.Synthetic;

/// <summary>Invariants that hold for any seed and reference date (FsCheck picks them).</summary>
public sealed class SyntheticInvariantTests
{
    private static readonly Arbitrary<(long Seed, int DayOffset)> Inputs =
        Gen.Choose(0, int.MaxValue).Zip(Gen.Choose(0, 20 * 366)).Select(t => ((long)t.Item1, t.Item2)).ToArbitrary();

    private static SyntheticPracticeOptions Options((long Seed, int DayOffset) input) => new()
    {
        Patients = 150,
        Seed = input.Seed,
        ReferenceDate = new DateOnly(2010, 1, 1).AddDays(input.DayOffset),
    };

    [FsCheck.NUnit.Property(MaxTest = 25)]
    public Property Every_patient_is_well_formed_for_any_seed_and_reference_date() => Prop.ForAll(Inputs, input =>
    {
        var options = Options(input);
        var r = options.ReferenceDate;
        foreach (var p in SyntheticPractice.Generate(options))
        {
            if (p.BirthDate is { } b && (b.Date > r || b.Date < r.AddYears(-101)))
            {
                return false.Label($"{p.Id}: birth date {b} outside 0-100 years before {r}");
            }

            int? deathDay = p.DeceasedDate?.DayNumber;
            foreach (var e in p.Events)
            {
                if (e.Codes.IsDefaultOrEmpty || e.Codes.Any(c => string.IsNullOrEmpty(c.System) || string.IsNullOrEmpty(c.Code)))
                {
                    return false.Label($"{e.Id}: missing coding");
                }

                if (deathDay is { } dd && e.EventDate is { } d && d.DayNumber > dd)
                {
                    return false.Label($"{e.Id}: dated {d} after death {p.DeceasedDate}");
                }

                if (p.BirthDate is { } birth && e.EventDate is { } ed && ed.DayNumber < birth.DayNumber)
                {
                    return false.Label($"{e.Id}: dated {ed} before birth {birth}");
                }

                if (e.Kind == ResourceKind.Condition && e.VerificationStatus == "entered-in-error" && e.ClinicalStatus is not null)
                {
                    return false.Label($"{e.Id}: entered-in-error Condition with a clinicalStatus (FHIR con-5)");
                }

                if (e.Kind == ResourceKind.MedicationRequest && (e.Intent is null || e.Status is null || e.Date is null))
                {
                    return false.Label($"{e.Id}: MedicationRequest without intent, status or authoredOn");
                }

                if (e.Kind == ResourceKind.Observation && e.Status is null)
                {
                    return false.Label($"{e.Id}: Observation without status");
                }

                if (!e.Components.IsDefaultOrEmpty && (e.Components.Length != 2 || e.Components.Any(c => c.Value?.Value is null)))
                {
                    return false.Label($"{e.Id}: a BP panel needs a systolic and a diastolic value");
                }

                if (e.Components.Length == 2 && e.Components[0].Value!.Value.Value <= e.Components[1].Value!.Value.Value)
                {
                    return false.Label($"{e.Id}: systolic not above diastolic");
                }
            }
        }

        return true.ToProperty();
    });

    [FsCheck.NUnit.Property(MaxTest = 10)]
    public Property Generation_is_a_pure_function_of_the_options() => Prop.ForAll(Inputs, input =>
    {
        var options = Options(input);
        var a = SyntheticPractice.Generate(options).Select(SyntheticPracticeTests.Fingerprint).ToArray();
        var b = SyntheticPractice.GenerateAll(options).Select(SyntheticPracticeTests.Fingerprint).ToArray();
        return a.SequenceEqual(b, StringComparer.Ordinal);
    });
}
