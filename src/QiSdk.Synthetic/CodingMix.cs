namespace QiSdk.Synthetic;

/// <summary>
/// Relative weights of the code systems the synthetic practice records its clinical events in. A concept that has no code
/// in the chosen system (for example a QOF exception code, which exists only in SNOMED CT) is written in SNOMED CT, so
/// the realised shares of Read v2, CTV3 and local codes are lower than the weights.
/// </summary>
/// <param name="Snomed">Weight of SNOMED CT (or dm+d / LOINC for medicines and LOINC-coded tests). Default 0.70.</param>
/// <param name="ReadV2">Weight of Read v2 (mostly 7-character, sometimes 5-character and EMIS short forms). Default 0.15.</param>
/// <param name="Ctv3">Weight of CTV3. Default 0.10.</param>
/// <param name="Local">Weight of practice-local codes (some deliberately without a map entry). Default 0.05.</param>
public readonly record struct CodingMix(double Snomed = 0.70, double ReadV2 = 0.15, double Ctv3 = 0.10, double Local = 0.05)
{
    /// <summary>The default mix: 70% SNOMED CT, 15% Read v2, 10% CTV3, 5% practice-local.</summary>
    public static CodingMix Default => new(0.70, 0.15, 0.10, 0.05);

    /// <summary>Every event in SNOMED CT (no Read v2, CTV3 or local codes).</summary>
    public static CodingMix SnomedOnly => new(1, 0, 0, 0);

    /// <summary>The sum of the weights.</summary>
    public double Total => Snomed + ReadV2 + Ctv3 + Local;
}
