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

    /// <summary>Text that is not valid UTF-8 (or an escape naming half a surrogate pair).</summary>
    public const string InvalidUtf8 = "QI1016";

    /// <summary>A JSON property appears twice in one object.</summary>
    public const string DuplicateProperty = "QI1017";

    /// <summary>An NDJSON line is longer than <see cref="FhirReaderOptions.MaxLineBytes"/>.</summary>
    public const string LineTooLong = "QI1018";

    /// <summary>A link to a folder inside a folder being read was not followed.</summary>
    public const string FolderLinkNotFollowed = "QI1019";

    /// <summary>The same file was reached twice (given twice, through a link, or inside a folder also given).</summary>
    public const string SameFileTwice = "QI1020";

    /// <summary>An entry of a folder is not a regular file (a FIFO, socket or device).</summary>
    public const string NotARegularFile = "QI1021";

    /// <summary>The input holds no patient.</summary>
    public const string EmptyInput = "QI1022";

    /// <summary>
    /// With <see cref="FhirReaderOptions.TestCaseBundles"/>: a resource in a Bundle with one Patient named another subject
    /// (or none) and was attributed to the Bundle's Patient.
    /// </summary>
    public const string AttributedToBundlePatient = "QI1030";

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
        public const string LineTooLong = "line-too-long";
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
        $"'{Quote(text)}' is not a valid FHIR date (expected YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ss[.fff](Z|+hh:mm)); the date was ignored.";

    public static string InvalidValueMessage(string text, string expected) => $"'{Quote(text)}' is not {expected}; the value was ignored.";

    public static string NoPatientReferenceMessage(string element) =>
        $"The resource has no '{element}.reference' naming a Patient; it was skipped.";

    public static string UnknownPatientMessage(string reference) =>
        $"The patient reference '{Quote(reference)}' names no Patient in the input; the resource was skipped.";

    public static string AttributedMessage(string? reference, string patientId) =>
        reference is null
            ? $"The resource names no patient; as a test-case Bundle (FhirReaderOptions.TestCaseBundles) it was attributed to the Bundle's Patient '{Quote(patientId)}'."
            : $"The patient reference '{Quote(reference)}' does not name the Bundle's Patient; as a test-case Bundle (FhirReaderOptions.TestCaseBundles) the resource was attributed to the Bundle's Patient '{Quote(patientId)}'.";

    public static string NotAPatientMessage(string reference) =>
        $"The reference '{Quote(reference)}' does not name a Patient (expected Patient/id, an absolute URL ending in Patient/id, or a urn:uuid a Bundle entry's fullUrl names); the resource was skipped.";

    public static string UnresolvedMedicationMessage(string reference) =>
        $"medicationReference '{Quote(reference)}' names no Medication in the resource's 'contained' or in the input; the event was kept without medication codes.";

    public static string PatientWithoutIdMessage() => "The Patient has no 'id' (nor a urn:uuid fullUrl); it cannot be referenced and was skipped.";

    public static string DuplicatePatientMessage(string id, SourceLocation? first) =>
        $"A Patient with id '{Quote(id)}' was already read (at {first}); this copy was skipped and its events join the first.";

    public static string EntryWithoutResourceMessage() => "The Bundle entry has no 'resource'; it was skipped.";

    /// <summary>Longest piece of record text quoted in a message; the rest is summarised, so a 200 MB value cannot make a 200 MB message.</summary>
    internal const int QuoteLimit = 120;

    /// <summary>Record text for a message: at most <see cref="QuoteLimit"/> characters, then how much was left out.</summary>
    public static string Quote(string text) =>
        text.Length <= QuoteLimit ? text : string.Create(CultureInfo.InvariantCulture, $"{text.AsSpan(0, QuoteLimit)}... ({text.Length:N0} characters)");

    public static string InvalidUtf8Message() =>
        "The text is not valid UTF-8 (or escapes half a surrogate pair); the value was ignored, not replaced.";

    public static string InvalidUtf8DocumentMessage(byte first, bool ndjsonLine) =>
        string.Create(CultureInfo.InvariantCulture, $"This {(ndjsonLine ? "line" : "file")} holds bytes that are not valid UTF-8 (the first, 0x{first:X2}, at the byte position given) in a part QiSdk does not read; FHIR JSON must be UTF-8. Nothing was replaced.");

    public static string DuplicatePropertyMessage(string name) =>
        $"'{name}' appears more than once in the same JSON object; the first value was used and this one ignored.";

    public static string LineTooLongMessage(int line, int limit, bool json) => json
        ? string.Create(CultureInfo.InvariantCulture, $"Line {line} is longer than the {limit:N0}-byte limit (FhirReaderOptions.MaxLineBytes, qi --max-line-bytes); that line was skipped and reading went on at the next one.")
        : string.Create(CultureInfo.InvariantCulture, $"Line {line} is longer than the {limit:N0}-byte limit and does not start with '{{': this is not NDJSON; the rest of the file was not read.");

    public static string FolderLinkMessage(string? target) =>
        $"A link to a folder{(target is null ? string.Empty : " ('" + target + "')")}: not followed, so a loop of links cannot make a read endless or count a file twice. Give the folder itself to read it.";

    public static string SameFileTwiceMessage(string first) =>
        $"The same file as '{first}' (given twice, or reached through a link or an enclosing folder); it is read once.";

    public static string NotARegularFileMessage() =>
        "Not a regular file (a FIFO, socket or device): not read, so the read cannot block on it.";

    public static string UnreadableFolderMessage(string what) => $"Could not list the folder: {what}. Its files were not read.";

    public static string EmptyInputMessage(int resources) => resources == 0
        ? "The input holds no FHIR resources (empty, or nothing that could be read): every indicator would count zero."
        : string.Create(CultureInfo.InvariantCulture, $"No patient was read from the input ({resources:N0} resource{(resources == 1 ? string.Empty : "s")} met): every indicator would count zero.");

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
