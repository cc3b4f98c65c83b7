namespace QiSdk.Records;

/// <summary>A FHIR <c>Identifier</c> (for example an NHS number with system <c>https://fhir.nhs.uk/Id/nhs-number</c>).</summary>
/// <param name="System">The namespace of the identifier.</param>
/// <param name="Value">The identifier value as written.</param>
public readonly record struct Identifier(string? System, string? Value);
