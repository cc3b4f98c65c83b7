namespace QiSdk.Codes;

/// <summary>
/// Every error code and message of the codes stage (QI2xxx), in one place. Documented in <c>docs/error-codes.md</c>,
/// section "Codes". Codes are stable: never reuse one for another meaning.
/// </summary>
internal static class CodeErrors
{
    // Code list CSV files.
    public const string CsvNoCodeColumn = "QI2001";
    public const string CsvRowWithoutCode = "QI2002";
    public const string CsvUnterminatedQuote = "QI2003";
    public const string CsvShortRow = "QI2004";
    public const string CsvEmpty = "QI2005";
    public const string FileNotFound = "QI2007";

    // Building a Terminology.
    public const string MemberCannotMatch = "QI2010";
    public const string MemberUnknownSystem = "QI2011";
    public const string DescendantsNotSupported = "QI2012";
    public const string MapEntryCannotMatch = "QI2014";
    public const string MapCycle = "QI2015";
    public const string DuplicateCodeSet = "QI2016";

    // Recorded codings (coverage report).
    public const string CodingInvalidSnomedId = "QI2020";
    public const string CodingMalformed = "QI2021";
    public const string CodingUnknownSystem = "QI2022";
    public const string CodingMapDepthLimit = "QI2023";

    // JSON files (ValueSet, ConceptMap, QiSdk code sets).
    public const string JsonInvalid = "QI2030";
    public const string JsonWrongResource = "QI2031";
    public const string ValueSetNoConcepts = "QI2032";
    public const string ValueSetConceptIncomplete = "QI2033";
    public const string ValueSetUnexpandable = "QI2034";
    public const string ConceptMapIncomplete = "QI2040";
    public const string ConceptMapGroupNoSystem = "QI2041";
    public const string ConceptMapUnknownEquivalence = "QI2042";
    public const string ConceptMapUnmappedModeIgnored = "QI2043";
    public const string QiCodeSetInvalid = "QI2045";

    // Map CSV and TRUD map files.
    public const string MapCsvHeader = "QI2050";
    public const string MapRowIncomplete = "QI2051";
    public const string TrudHeader = "QI2052";

    public static DataQualityIssue At(string code, DataQualitySeverity severity, string message, string? file, int? line = null, string? jsonPath = null) =>
        new(code, severity, message) { File = file, Line = line, JsonPath = jsonPath };

    // Messages -----------------------------------------------------------------------------------------------------------

    public static string NoCodeColumn(string header) =>
        $"no code column in the header '{header}' (expected one of: code, id, CTV3ID, CTV3Code, ICD10, conceptId, snomedcode, readcode); the file was not loaded";

    public static string RowWithoutCode() => "the row has no code; the row was skipped";

    public static string UnterminatedQuote() => "a quoted field is not closed before the end of the file; the rest of the file was not loaded";

    public static string ShortRow(int columns, int needed) => $"the row has {columns} column(s) but the code is in column {needed}; the row was skipped";

    public static string Empty() => "the file is empty (no header row); nothing was loaded";

    public static string DuplicateCodeSetMessage(string name, string? first, string? second) =>
        $"two different code sets are named '{name}' ({first ?? "(no source)"} and {second ?? "(no source)"}); rename one, or give the same set once";

    public static string MemberCannotMatchMessage(string codeSet, CodeSetMember m, string detail) =>
        $"code set '{codeSet}': member {m.System}|{m.Code} can never match ({detail}); it was left out";

    public static string MemberUnknownSystemMessage(string codeSet, CodeSetMember m) =>
        $"code set '{codeSet}': member {m.System}|{m.Code} has a system QiSdk does not know; it matches only codings with the same system and code as written";

    public static string DescendantsNotSupportedMessage(string codeSet, CodeSetMember m) =>
        $"code set '{codeSet}': member {m.System}|{m.Code} declares IncludeDescendants, which only ICD-10 supports; it matches the code itself only";

    public static string MapEntryCannotMatchMessage(string map, CodeMapEntry e, string side, string detail) =>
        $"code map '{map}': entry {e.SourceSystem}|{e.SourceCode} -> {e.TargetSystem}|{e.TargetCode}: the {side} code can never match ({detail}); the entry was left out";

    public static string JsonInvalidMessage(string detail) => $"the file is not valid JSON ({detail}); nothing was loaded from it";

    public static string WrongResourceMessage(string? found, string expected) =>
        $"expected {expected} but found {(found is null ? "no resourceType" : "resourceType '" + found + "'")}; it was not loaded";

    public static string ValueSetNoConceptsMessage() =>
        "the ValueSet has neither expansion.contains nor compose.include.concept, so its codes cannot be listed without a terminology server; it was not loaded";

    public static string ValueSetConceptIncompleteMessage(string what) => $"the concept has no {what}; it was skipped";

    public static string ValueSetUnexpandableMessage(string what) =>
        $"compose.include uses {what}, which needs a terminology server to expand; that part was skipped (supply an expanded ValueSet)";

    public static string ConceptMapIncompleteMessage(string what) => $"{what}; it was skipped";

    public static string ConceptMapGroupNoSystemMessage(string side) => $"the group has no {side} system; the group was skipped";

    public static string ConceptMapUnknownEquivalenceMessage(string? value) =>
        value is null ? "the target has no equivalence (required in FHIR R4); it was not used" : $"the equivalence '{value}' is not a FHIR R4 ConceptMapEquivalence; the target was not used";

    public static string ConceptMapUnmappedModeMessage(string mode) =>
        $"group.unmapped (mode '{mode}') is not applied: codes the map does not list stay as recorded";

    public static string QiCodeSetInvalidMessage(string what) => $"{what}; it was skipped";

    public static string MapCsvHeaderMessage(string header) =>
        $"the header '{header}' lacks one of the columns source_system, source_code, target_system, target_code; the file was not loaded";

    public static string MapRowIncompleteMessage(string what) => $"the row {what}; it was skipped";

    public static string TrudHeaderMessage(string header) =>
        $"the header '{header}' is not a TRUD Read v2 (MapId, ReadCode, TermCode, ConceptId, ...) or CTV3 (MAPID, CTV3_CONCEPTID, ..., SCT_CONCEPTID, ...) map header; the file was not loaded";

    public static string CodingCannotMatchMessage(CodeMatch m, int records, int patients) =>
        $"{m.RawSystem}|{m.RawCode} can never match ({m.ProblemDetail}); seen in {records} record(s) of {patients} patient(s)";

    public static string CodingMapDepthLimitMessage(CodeMatch m) =>
        $"{m.RawSystem}|{m.RawCode}: the map chain was cut at the depth limit; more maps could apply (raise TerminologyOptions.MaxMapDepth or shorten the chain)";

    public static string CodingUnknownSystemMessage(string system, int codes, int records, int patients) =>
        $"the system '{(system.Length == 0 ? "(none)" : system)}' is not a registered code system: {codes} distinct code(s) in {records} record(s) of {patients} patient(s) were kept as recorded (add an alias if it names a known system)";

    public static string MapCycleMessage(string path) =>
        $"code maps form a cycle ({path}); lookups stop at the first repeated code";
}
