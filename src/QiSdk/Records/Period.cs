namespace QiSdk.Records;

/// <summary>A FHIR <c>Period</c>; either end may be missing.</summary>
/// <param name="Start">Start, inclusive, as written.</param>
/// <param name="End">End, inclusive, as written.</param>
public readonly record struct Period(FhirDate? Start, FhirDate? End);
