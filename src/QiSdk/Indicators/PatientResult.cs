namespace QiSdk.Indicators;

/// <summary>One patient's outcome for one indicator. Patient-level: local to the practice unless a policy releases it.</summary>
/// <param name="PatientId">The patient's logical id in the practice's records.</param>
/// <param name="Populations">The populations the patient reached.</param>
public sealed record PatientResult(string PatientId, PopulationMembership Populations);
