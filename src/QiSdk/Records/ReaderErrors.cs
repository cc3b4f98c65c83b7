using System.Globalization;

namespace QiSdk.Records;

/// <summary>
/// Every error code, skip reason and message of the FHIR reader, in one place (documented in <c>docs/error-codes.md</c>,
/// section "Records"). Codes are stable: a code is never reused for another meaning.
/// </summary>
internal static class ReaderErrors
{
    /// <summary>An input path does not exist.</summary>
    public const string PathNotFound = "QI1001";

    /// <summary>A file or stream could not be opened, read or decompressed.</summary>
    public const string Unreadable = "QI1002";

    /// <summary>The JSON is malformed (a syntax error before the end of the data).</summary>
    public const string MalformedJson = "QI1003";

    /// <summary>The JSON ends before it is complete (a truncated file or NDJSON line).</summary>
    public const string TruncatedJson = "QI1004";

    /// <summary>A resource has no <c>resourceType</c> (or it is not a string).</summary>
    public const string MissingResourceType = "QI1005";

    /// <summary>A JSON value has the wrong type (e.g. a string where an object is expected).</summary>
    public const string WrongJsonType = "QI1006";

    /// <summary>A date, dateTime or instant is not a valid FHIR date.</summary>
    public const string InvalidDate = "QI1007";

    /// <summary>A value has the right JSON type but is not allowed (e.g. an unknown gender code, a number out of range).</summary>
    public const string InvalidValue = "QI1008";

    /// <summary>A resource has no subject/patient reference.</summary>
    public const string NoPatientReference = "QI1009";

    /// <summary>A resource refers to a patient that is not in the input (or a reference that cannot name a patient).</summary>
    public const string UnknownPatient = "QI1010";

    /// <summary>A <c>medicationReference</c> names no Medication in the resource or the input.</summary>
    public const string UnresolvedMedication = "QI1011";

    /// <summary>A Patient has no id (and no <c>urn:uuid</c> fullUrl to stand for one).</summary>
    public const string PatientWithoutId = "QI1012";

    /// <summary>A second Patient resource with an id already read.</summary>
    public const string DuplicatePatient = "QI1013";

    /// <summary>A Bundle entry has no resource (e.g. a DELETE request in a transaction).</summary>
    public const string EntryWithoutResource = "QI1014";

    /// <summary>A file in a folder is not a FHIR JSON/NDJSON file by its name and was not read.</summary>
    public const string FileNotRead = "QI1015";

    /// <summary>Skip reasons, as they appear in <see cref="ResourceTypeSummary.SkippedReasons"/> and <c>qi inspect --json</c>.</summary>
    internal static class Reasons
    {
        public const string UnsupportedType = "unsupported-type";
        public const string MalformedJson = "malformed-json";
        public const string TruncatedJson = "truncated-json";
        public const string NoResourceType = "no-resource-type";
        public const string NotAnObject = "not-an-object";
        public const string NoPatientReference = "no-patient-reference";
        public const string UnknownPatient = "unknown-patient";
        public const string PatientWithoutId = "patient-without-id";
        public const string DuplicatePatient = "duplicate-patient";
    }

    /// <summary>The summary key for entries whose resource type could not be determined.</summary>
    public const string UnknownType = "(unknown)";

    public static string PathNotFoundMessage(string path) =>
        $"Input path '{path}' does not exist (expected a .json, .ndjson or .ndjson.gz file, or a folder of them).";

    public static string UnreadableMessage(string what) => $"Could not read the input: {what}.";

    public static string MalformedMessage(string detail, bool ndjsonLine) =>
        $"Malformed JSON: {detail} The rest of this {(ndjsonLine ? "line" : "file")} was not read; whatever was complete before it was kept.";

    public static string TruncatedMessage() => "The JSON ends before it is complete (truncated). Whatever was complete before that point was kept.";

    public static string MissingResourceTypeMessage() => "The resource has no 'resourceType' string; it was skipped.";

    public static string WrongTypeMessage(string expected, System.Text.Json.JsonTokenType actual) =>
        string.Create(CultureInfo.InvariantCulture, $"Expected {expected} but found {Describe(actual)}; the element was ignored.");

    public static string WrongTypeSkippedMessage(string expected, System.Text.Json.JsonTokenType actual) =>
        string.Create(CultureInfo.InvariantCulture, $"Expected {expected} but found {Describe(actual)}; it was skipped.");

    public static string InvalidDateMessage(string text) =>
        $"'{text}' is not a valid FHIR date (expected YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ss[.fff](Z|+hh:mm)); the date was ignored.";

    public static string InvalidValueMessage(string text, string expected) => $"'{text}' is not {expected}; the value was ignored.";

    public static string NoPatientReferenceMessage(string element) =>
        $"The resource has no '{element}.reference' naming a Patient; it was skipped.";

    public static string UnknownPatientMessage(string reference) =>
        $"The patient reference '{reference}' names no Patient in the input; the resource was skipped.";

    public static string NotAPatientMessage(string reference) =>
        $"The reference '{reference}' does not name a Patient (expected Patient/id, an absolute URL ending in Patient/id, or a urn:uuid a Bundle entry's fullUrl names); the resource was skipped.";

    public static string UnresolvedMedicationMessage(string reference) =>
        $"medicationReference '{reference}' names no Medication in the resource's 'contained' or in the input; the event was kept without medication codes.";

    public static string PatientWithoutIdMessage() => "The Patient has no 'id' (nor a urn:uuid fullUrl); it cannot be referenced and was skipped.";

    public static string DuplicatePatientMessage(string id, SourceLocation? first) =>
        $"A Patient with id '{id}' was already read (at {first}); this copy was skipped and its events join the first.";

    public static string EntryWithoutResourceMessage() => "The Bundle entry has no 'resource'; it was skipped.";

    public static string FileNotReadMessage() => "Not read: only *.json, *.ndjson, *.ndjson.gz and *.json.gz files in a folder are read.";

    private static string Describe(System.Text.Json.JsonTokenType t) => t switch
    {
        System.Text.Json.JsonTokenType.StartObject => "an object",
        System.Text.Json.JsonTokenType.StartArray => "an array",
        System.Text.Json.JsonTokenType.String => "a string",
        System.Text.Json.JsonTokenType.Number => "a number",
        System.Text.Json.JsonTokenType.True or System.Text.Json.JsonTokenType.False => "a boolean",
        System.Text.Json.JsonTokenType.Null => "null",
        _ => t.ToString(),
    };
}
