using System.Globalization;
using System.Text.RegularExpressions;

namespace QiSdk.Synthetic;

/// <summary>What synthetic practice to generate. The same options always give the same patients (and the same bytes when written).</summary>
public sealed record SyntheticPracticeOptions
{
    /// <summary>Number of registered patients (deceased and inactive ones included). Default 1,000; 0 to 10,000,000.</summary>
    public int Patients { get; init; } = 1000;

    /// <summary>Seed of the deterministic generator. Default 42.</summary>
    public long Seed { get; init; } = 42;

    /// <summary>
    /// The audit reference date R the practice's history is built around (events cluster around the 12-month, 9-month and
    /// 3-month windows before it; a few are dated after it). Default 2025-03-31 (the end of QOF year 2024/25).
    /// </summary>
    public DateOnly ReferenceDate { get; init; } = new(2025, 3, 31);

    /// <summary>The practice's ODS-style code: names the managing Organization, the patient ids and the local code system. Default <c>Y99001</c>.</summary>
    public string PracticeCode { get; init; } = "Y99001";

    /// <summary>The share of events coded in SNOMED CT, Read v2, CTV3 and practice-local codes. Default <see cref="CodingMix.Default"/>.</summary>
    public CodingMix CodingMix { get; init; } = CodingMix.Default;

    /// <summary>
    /// Number of deliberately bad records the writers add (malformed JSON, missing <c>resourceType</c>, invalid date,
    /// reference to an unknown patient, in that rotation), spread evenly over the list; at most <see cref="Patients"/>.
    /// Default 0. In-memory generation is never affected.
    /// </summary>
    public int Errors { get; init; }

    /// <summary>Checks every option and reports every problem at once.</summary>
    /// <exception cref="ArgumentException">One or more options are out of range; the message lists each one.</exception>
    public void Validate()
    {
        var problems = new List<string>();
        if (Patients is < 0 or > 10_000_000)
        {
            problems.Add($"Patients must be between 0 and 10,000,000 (was {Patients.ToString(CultureInfo.InvariantCulture)}).");
        }

        if (ReferenceDate.Year is < 1950 or > 2200)
        {
            problems.Add($"ReferenceDate must be between 1950 and 2200 (was {ReferenceDate:yyyy-MM-dd}).");
        }

        if (string.IsNullOrEmpty(PracticeCode) || !Regex.IsMatch(PracticeCode, "^[A-Za-z0-9]{1,16}$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
        {
            problems.Add($"PracticeCode must be 1 to 16 letters or digits (was '{PracticeCode}').");
        }

        var mix = CodingMix;
        if (mix.Snomed < 0 || mix.ReadV2 < 0 || mix.Ctv3 < 0 || mix.Local < 0 || !double.IsFinite(mix.Total) || mix.Total <= 0)
        {
            problems.Add($"CodingMix weights must be finite, non-negative and not all zero (was {mix}).");
        }

        if (Errors < 0 || Errors > Patients)
        {
            problems.Add($"Errors must be between 0 and the number of patients, {Patients.ToString(CultureInfo.InvariantCulture)} (was {Errors.ToString(CultureInfo.InvariantCulture)}).");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid synthetic practice options: " + string.Join(" ", problems));
        }
    }
}
