namespace QiSdk.Codes;

/// <summary>One mapping from a (local or older) code to a standard code. Systems may be any alias.</summary>
/// <param name="SourceSystem">The system of the code as recorded.</param>
/// <param name="SourceCode">The code as recorded.</param>
/// <param name="TargetSystem">The system of the code it stands for.</param>
/// <param name="TargetCode">The code it stands for.</param>
/// <param name="Equivalence">The relationship the map declared (ConceptMap <c>equivalence</c>, or e.g. <c>assured</c> for a TRUD row), kept for explanations; null when the map format has none.</param>
public readonly record struct CodeMapEntry(string SourceSystem, string SourceCode, string TargetSystem, string TargetCode, string? Equivalence = null);
