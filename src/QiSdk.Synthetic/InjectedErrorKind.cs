namespace QiSdk.Synthetic;

/// <summary>The kinds of deliberately bad record the writers inject (<see cref="SyntheticPracticeOptions.Errors"/>), in rotation order.</summary>
public enum InjectedErrorKind
{
    /// <summary>A line (NDJSON) or file (Bundle) cut off in the middle of a resource.</summary>
    MalformedJson = 0,

    /// <summary>A Condition without <c>resourceType</c>.</summary>
    MissingResourceType,

    /// <summary>An Observation whose <c>effectiveDateTime</c> is not a real date (30 February).</summary>
    InvalidDate,

    /// <summary>A MedicationRequest whose subject names a Patient that is not in the export.</summary>
    UnknownPatientReference,
}
