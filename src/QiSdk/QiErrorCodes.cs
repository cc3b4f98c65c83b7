// Generated from the internal *Errors classes (one per stage) by hand-run script; ErrorCodeContractTests fails when a
// code is added to a stage without being listed here and in docs/error-codes.md.
namespace QiSdk;

/// <summary>
/// The public error contract: every stable <c>QI####</c> code QiSdk reports (in <see cref="DataQualityIssue.Code"/> and
/// <see cref="QiSdkException.Code"/>), one nested class per stage. Codes are never reused for another meaning; each is
/// documented in <c>docs/error-codes.md</c>. Compare codes with these constants, not string literals.
/// </summary>
public static class QiErrorCodes
{
    /// <summary>Codes of the records stage (QI1xxx): reading FHIR.</summary>
    public static class Records
    {
        /// <summary>An input path does not exist. (<c>QI1001</c>)</summary>
        public const string PathNotFound = QiSdk.Records.ReaderErrors.PathNotFound;

        /// <summary>A file or stream could not be opened, read or decompressed. (<c>QI1002</c>)</summary>
        public const string Unreadable = QiSdk.Records.ReaderErrors.Unreadable;

        /// <summary>The JSON is malformed (a syntax error before the end of the data). (<c>QI1003</c>)</summary>
        public const string MalformedJson = QiSdk.Records.ReaderErrors.MalformedJson;

        /// <summary>The JSON ends before it is complete (a truncated file or NDJSON line). (<c>QI1004</c>)</summary>
        public const string TruncatedJson = QiSdk.Records.ReaderErrors.TruncatedJson;

        /// <summary>A resource has no <c>resourceType</c> (or it is not a string). (<c>QI1005</c>)</summary>
        public const string MissingResourceType = QiSdk.Records.ReaderErrors.MissingResourceType;

        /// <summary>A JSON value has the wrong type (e.g. a string where an object is expected). (<c>QI1006</c>)</summary>
        public const string WrongJsonType = QiSdk.Records.ReaderErrors.WrongJsonType;

        /// <summary>A date, dateTime or instant is not a valid FHIR date. (<c>QI1007</c>)</summary>
        public const string InvalidDate = QiSdk.Records.ReaderErrors.InvalidDate;

        /// <summary>A value has the right JSON type but is not allowed (e.g. an unknown gender code, a number out of range). (<c>QI1008</c>)</summary>
        public const string InvalidValue = QiSdk.Records.ReaderErrors.InvalidValue;

        /// <summary>A resource has no subject/patient reference. (<c>QI1009</c>)</summary>
        public const string NoPatientReference = QiSdk.Records.ReaderErrors.NoPatientReference;

        /// <summary>A resource refers to a patient that is not in the input (or a reference that cannot name a patient). (<c>QI1010</c>)</summary>
        public const string UnknownPatient = QiSdk.Records.ReaderErrors.UnknownPatient;

        /// <summary>A <c>medicationReference</c> names no Medication in the resource or the input. (<c>QI1011</c>)</summary>
        public const string UnresolvedMedication = QiSdk.Records.ReaderErrors.UnresolvedMedication;

        /// <summary>A Patient has no id (and no <c>urn:uuid</c> fullUrl to stand for one). (<c>QI1012</c>)</summary>
        public const string PatientWithoutId = QiSdk.Records.ReaderErrors.PatientWithoutId;

        /// <summary>A second Patient resource with an id already read. (<c>QI1013</c>)</summary>
        public const string DuplicatePatient = QiSdk.Records.ReaderErrors.DuplicatePatient;

        /// <summary>A Bundle entry has no resource (e.g. a DELETE request in a transaction). (<c>QI1014</c>)</summary>
        public const string EntryWithoutResource = QiSdk.Records.ReaderErrors.EntryWithoutResource;

        /// <summary>A file in a folder is not a FHIR JSON/NDJSON file by its name and was not read. (<c>QI1015</c>)</summary>
        public const string FileNotRead = QiSdk.Records.ReaderErrors.FileNotRead;

        /// <summary>Text that is not valid UTF-8 (or an escape naming half a surrogate pair). (<c>QI1016</c>)</summary>
        public const string InvalidUtf8 = QiSdk.Records.ReaderErrors.InvalidUtf8;

        /// <summary>A JSON property appears twice in one object; the first value wins. (<c>QI1017</c>)</summary>
        public const string DuplicateProperty = QiSdk.Records.ReaderErrors.DuplicateProperty;

        /// <summary>An NDJSON line is longer than <c>FhirReaderOptions.MaxLineBytes</c>. (<c>QI1018</c>)</summary>
        public const string LineTooLong = QiSdk.Records.ReaderErrors.LineTooLong;

        /// <summary>A link to a folder was not followed. (<c>QI1019</c>)</summary>
        public const string FolderLinkNotFollowed = QiSdk.Records.ReaderErrors.FolderLinkNotFollowed;

        /// <summary>The same file was reached twice and read once. (<c>QI1020</c>)</summary>
        public const string SameFileTwice = QiSdk.Records.ReaderErrors.SameFileTwice;

        /// <summary>A folder entry is not a regular file (FIFO, socket) and was not read. (<c>QI1021</c>)</summary>
        public const string NotARegularFile = QiSdk.Records.ReaderErrors.NotARegularFile;

        /// <summary>The input yielded no patient. (<c>QI1022</c>)</summary>
        public const string EmptyInput = QiSdk.Records.ReaderErrors.EmptyInput;

        /// <summary>With <c>FhirReaderOptions.TestCaseBundles</c>, a resource naming another subject (or none) was attributed to its Bundle's one Patient. (<c>QI1030</c>)</summary>
        public const string AttributedToBundlePatient = QiSdk.Records.ReaderErrors.AttributedToBundlePatient;
    }

    /// <summary>Codes of the codes stage (QI2xxx): code sets, maps, normalisation.</summary>
    public static class Codes
    {
        /// <summary>No recognisable code column (<c>code</c>, <c>id</c>, <c>CTV3ID</c>, <c>CTV3Code</c>, <c>ICD10</c>, <c>conceptId</c>, <c>snomedcode</c>, <c>readcode</c>). (<c>QI2001</c>)</summary>
        public const string CsvNoCodeColumn = QiSdk.Codes.CodeErrors.CsvNoCodeColumn;

        /// <summary>A row without a code. (<c>QI2002</c>)</summary>
        public const string CsvRowWithoutCode = QiSdk.Codes.CodeErrors.CsvRowWithoutCode;

        /// <summary>A quoted field never closed. (<c>QI2003</c>)</summary>
        public const string CsvUnterminatedQuote = QiSdk.Codes.CodeErrors.CsvUnterminatedQuote;

        /// <summary>Row shorter than the code column. (<c>QI2004</c>)</summary>
        public const string CsvShortRow = QiSdk.Codes.CodeErrors.CsvShortRow;

        /// <summary>Empty file. (<c>QI2005</c>)</summary>
        public const string CsvEmpty = QiSdk.Codes.CodeErrors.CsvEmpty;

        /// <summary>A <c>--value-set</c> / <c>--code-map</c> file does not exist. (<c>QI2007</c>)</summary>
        public const string FileNotFound = QiSdk.Codes.CodeErrors.FileNotFound;

        /// <summary>A code-set member can never match (invalid/rounded SNOMED id, description id, malformed code). (<c>QI2010</c>)</summary>
        public const string MemberCannotMatch = QiSdk.Codes.CodeErrors.MemberCannotMatch;

        /// <summary>A code-set member's system is not registered. (<c>QI2011</c>)</summary>
        public const string MemberUnknownSystem = QiSdk.Codes.CodeErrors.MemberUnknownSystem;

        /// <summary><c>IncludeDescendants</c> outside ICD-10. (<c>QI2012</c>)</summary>
        public const string DescendantsNotSupported = QiSdk.Codes.CodeErrors.DescendantsNotSupported;

        /// <summary>A map entry's source or target can never match. (<c>QI2014</c>)</summary>
        public const string MapEntryCannotMatch = QiSdk.Codes.CodeErrors.MapEntryCannotMatch;

        /// <summary>Maps form a cycle (the cycle is listed). (<c>QI2015</c>)</summary>
        public const string MapCycle = QiSdk.Codes.CodeErrors.MapCycle;

        /// <summary>Two different code sets share a name (the same set given twice is kept once). (<c>QI2016</c>)</summary>
        public const string DuplicateCodeSet = QiSdk.Codes.CodeErrors.DuplicateCodeSet;

        /// <summary>A recorded SNOMED CT / dm+d id is invalid (check digit, length, leading zero), rounded by a spreadsheet, or a description id. (<c>QI2020</c>)</summary>
        public const string CodingInvalidSnomedId = QiSdk.Codes.CodeErrors.CodingInvalidSnomedId;

        /// <summary>A recorded Read v2 / CTV3 / ICD-10 code is malformed, or a coding has no code. (<c>QI2021</c>)</summary>
        public const string CodingMalformed = QiSdk.Codes.CodeErrors.CodingMalformed;

        /// <summary>A recorded system is not registered (counts given). (<c>QI2022</c>)</summary>
        public const string CodingUnknownSystem = QiSdk.Codes.CodeErrors.CodingUnknownSystem;

        /// <summary>A map chain was cut at <c>TerminologyOptions.MaxMapDepth</c>. (<c>QI2023</c>)</summary>
        public const string CodingMapDepthLimit = QiSdk.Codes.CodeErrors.CodingMapDepthLimit;

        /// <summary>Not valid JSON. (<c>QI2030</c>)</summary>
        public const string JsonInvalid = QiSdk.Codes.CodeErrors.JsonInvalid;

        /// <summary>Wrong <c>resourceType</c> (e.g. a Patient where a ValueSet was expected), or a Bundle without ValueSets. (<c>QI2031</c>)</summary>
        public const string JsonWrongResource = QiSdk.Codes.CodeErrors.JsonWrongResource;

        /// <summary>Neither <c>expansion</c> nor <c>compose</c>. (<c>QI2032</c>)</summary>
        public const string ValueSetNoConcepts = QiSdk.Codes.CodeErrors.ValueSetNoConcepts;

        /// <summary>A concept without system or code. (<c>QI2033</c>)</summary>
        public const string ValueSetConceptIncomplete = QiSdk.Codes.CodeErrors.ValueSetConceptIncomplete;

        /// <summary>Include/exclude by <c>filter</c>, <c>valueSet</c> or a whole system (needs a terminology server). (<c>QI2034</c>)</summary>
        public const string ValueSetUnexpandable = QiSdk.Codes.CodeErrors.ValueSetUnexpandable;

        /// <summary>An element or a used target without a code. (<c>QI2040</c>)</summary>
        public const string ConceptMapIncomplete = QiSdk.Codes.CodeErrors.ConceptMapIncomplete;

        /// <summary>A group without <c>source</c> or <c>target</c> system. (<c>QI2041</c>)</summary>
        public const string ConceptMapGroupNoSystem = QiSdk.Codes.CodeErrors.ConceptMapGroupNoSystem;

        /// <summary>Missing or unknown equivalence. (<c>QI2042</c>)</summary>
        public const string ConceptMapUnknownEquivalence = QiSdk.Codes.CodeErrors.ConceptMapUnknownEquivalence;

        /// <summary><c>unmapped</c> mode is not applied. (<c>QI2043</c>)</summary>
        public const string ConceptMapUnmappedModeIgnored = QiSdk.Codes.CodeErrors.ConceptMapUnmappedModeIgnored;

        /// <summary>Not the <c>qisdk-codesets/1</c> format (Error), or an entry without name/code/system (Warning). (<c>QI2045</c>)</summary>
        public const string QiCodeSetInvalid = QiSdk.Codes.CodeErrors.QiCodeSetInvalid;

        /// <summary>A ConceptMap element of the wrong JSON shape (e.g. <c>"group":"x"</c>). (<c>QI2046</c>)</summary>
        public const string ConceptMapWrongShape = QiSdk.Codes.CodeErrors.ConceptMapWrongShape;

        /// <summary>Header lacks <c>source_system,source_code,target_system,target_code</c>. (<c>QI2050</c>)</summary>
        public const string MapCsvHeader = QiSdk.Codes.CodeErrors.MapCsvHeader;

        /// <summary>A row lacks a source or target. (<c>QI2051</c>)</summary>
        public const string MapRowIncomplete = QiSdk.Codes.CodeErrors.MapRowIncomplete;

        /// <summary>Header is not a TRUD Read v2 or CTV3 forward-map header. (<c>QI2052</c>)</summary>
        public const string TrudHeader = QiSdk.Codes.CodeErrors.TrudHeader;
    }

    /// <summary>Codes of the unit normalisation (QI2xxx).</summary>
    public static class Units
    {
        /// <summary>A reading's unit is not one QiSdk knows. (<c>QI3101</c>)</summary>
        public const string UnknownUnit = QiSdk.Codes.Units.UnitErrors.UnknownUnit;

        /// <summary>A reading's unit is known but does not fit the measurement (e.g. <c>mmol/L</c> for HbA1c). (<c>QI3102</c>)</summary>
        public const string UnfitUnit = QiSdk.Codes.Units.UnitErrors.UnfitUnit;

        /// <summary>A candidate reading has no numeric value. (<c>QI3103</c>)</summary>
        public const string NoValue = QiSdk.Codes.Units.UnitErrors.NoValue;

        /// <summary>A candidate reading's value is a bound (<c>&lt;</c>, <c>&gt;</c>), not a measurement. (<c>QI3104</c>)</summary>
        public const string ComparatorValue = QiSdk.Codes.Units.UnitErrors.ComparatorValue;
    }

    /// <summary>Codes of the indicators stage (QI3xxx): definitions and evaluation.</summary>
    public static class Indicators
    {
        /// <summary>The file is not valid JSON. (<c>QI3001</c>)</summary>
        public const string MalformedJson = QiSdk.Indicators.Engine.DefinitionErrors.MalformedJson;

        /// <summary>A property the format does not define (often a typo). (<c>QI3002</c>)</summary>
        public const string UnknownProperty = QiSdk.Indicators.Engine.DefinitionErrors.UnknownProperty;

        /// <summary>A value has the wrong JSON type. (<c>QI3003</c>)</summary>
        public const string WrongType = QiSdk.Indicators.Engine.DefinitionErrors.WrongType;

        /// <summary>A required property is missing or empty. (<c>QI3004</c>)</summary>
        public const string Missing = QiSdk.Indicators.Engine.DefinitionErrors.Missing;

        /// <summary>A value is not one of the allowed values or is out of range. (<c>QI3005</c>)</summary>
        public const string InvalidValue = QiSdk.Indicators.Engine.DefinitionErrors.InvalidValue;

        /// <summary>A criterion object does not have exactly one known kind key. (<c>QI3006</c>)</summary>
        public const string BadCriterion = QiSdk.Indicators.Engine.DefinitionErrors.BadCriterion;

        /// <summary>The id or URL is malformed, or the URL does not end in <c>/</c> + id. (<c>QI3007</c>)</summary>
        public const string BadIdentity = QiSdk.Indicators.Engine.DefinitionErrors.BadIdentity;

        /// <summary>A name is defined twice (rule, inline code set, measurement, indicator id in a catalogue). (<c>QI3008</c>)</summary>
        public const string Duplicate = QiSdk.Indicators.Engine.DefinitionErrors.Duplicate;

        /// <summary>A code set name is neither inline nor known to the host's code-set catalogue. (<c>QI3010</c>)</summary>
        public const string UnknownCodeSet = QiSdk.Indicators.Engine.DefinitionErrors.UnknownCodeSet;

        /// <summary>A code set name is an alias (a ValueSet's computable name) that several loaded code sets carry; name one by its url. (<c>QI3020</c>)</summary>
        public const string AmbiguousCodeSet = QiSdk.Indicators.Engine.DefinitionErrors.AmbiguousCodeSet;

        /// <summary>A reading refers to a measurement the definition does not define. (<c>QI3011</c>)</summary>
        public const string UnknownMeasurement = QiSdk.Indicators.Engine.DefinitionErrors.UnknownMeasurement;

        /// <summary>A measurement's unit is unknown, or the analyte does not use that unit. (<c>QI3012</c>)</summary>
        public const string BadUnit = QiSdk.Indicators.Engine.DefinitionErrors.BadUnit;

        /// <summary>A range has no bound, or contradictory bounds. (<c>QI3013</c>)</summary>
        public const string BadRange = QiSdk.Indicators.Engine.DefinitionErrors.BadRange;

        /// <summary>A rule's action and populations do not agree (select without populations, reject with populations). (<c>QI3014</c>)</summary>
        public const string BadRule = QiSdk.Indicators.Engine.DefinitionErrors.BadRule;

        /// <summary>The definition uses the period window but no period start was given for the run. (<c>QI3015</c>)</summary>
        public const string NoPeriodStart = QiSdk.Indicators.Engine.DefinitionErrors.NoPeriodStart;

        /// <summary>An indicator id or file given to the catalogue or CLI was not found. (<c>QI3016</c>)</summary>
        public const string UnknownIndicator = QiSdk.Indicators.Engine.DefinitionErrors.UnknownIndicator;

        /// <summary>A filter that can never match: an empty or never-counting status, whenNoValue with a lowest/highest pick, a not-done query over a type that cannot be not done. (<c>QI3017</c>)</summary>
        public const string UnmatchableFilter = QiSdk.Indicators.Engine.DefinitionErrors.UnmatchableFilter;

        /// <summary>An event with no usable date was ignored (evaluation). (<c>QI3201</c>)</summary>
        public const string UndatedEvent = QiSdk.Indicators.Engine.DefinitionErrors.UndatedEvent;

        /// <summary>The latest event in the data is more than about 3 months before the reference date. (<c>QI3202</c>)</summary>
        public const string StaleData = QiSdk.Indicators.Engine.DefinitionErrors.StaleData;

        /// <summary>A host-supplied code set an indicator declares was not supplied; the route using it is inactive. (<c>QI3203</c>)</summary>
        public const string HostCodeSetNotSupplied = QiSdk.Indicators.Engine.DefinitionErrors.HostCodeSetNotSupplied;
    }

    /// <summary>Codes of the privacy stage (QI4xxx): policies, ledgers, audit log.</summary>
    public static class Privacy
    {
        /// <summary>Nothing written (1). (<c>QI4001</c>)</summary>
        public const string EgressRefusedLocalOnly = QiSdk.Privacy.PrivacyErrors.EgressRefusedLocalOnly;

        /// <summary>Nothing written (1). (<c>QI4002</c>)</summary>
        public const string NothingReleasable = QiSdk.Privacy.PrivacyErrors.NothingReleasable;

        /// <summary>Nothing written, nothing spent (1). (<c>QI4003</c>)</summary>
        public const string BudgetExceeded = QiSdk.Privacy.PrivacyErrors.BudgetExceeded;

        /// <summary>Nothing written (2). (<c>QI4005</c>)</summary>
        public const string NoPatientLevelResults = QiSdk.Privacy.PrivacyErrors.NoPatientLevelResults;

        /// <summary>(2). (<c>QI4006</c>)</summary>
        public const string ResultsNotFound = QiSdk.Privacy.PrivacyErrors.ResultsNotFound;

        /// <summary>(2). (<c>QI4010</c>)</summary>
        public const string InvalidEpsilon = QiSdk.Privacy.PrivacyErrors.InvalidEpsilon;

        /// <summary>(2). (<c>QI4011</c>)</summary>
        public const string InvalidBudget = QiSdk.Privacy.PrivacyErrors.InvalidBudget;

        /// <summary>(2). (<c>QI4012</c>)</summary>
        public const string InvalidSuppressionProfile = QiSdk.Privacy.PrivacyErrors.InvalidSuppressionProfile;

        /// <summary>(2). (<c>QI4013</c>)</summary>
        public const string InvalidKey = QiSdk.Privacy.PrivacyErrors.InvalidKey;

        /// <summary>Code QI4014.</summary>
        public const string InvalidNhsNumber = QiSdk.Privacy.PrivacyErrors.InvalidNhsNumber;

        /// <summary>(2). (<c>QI4015</c>)</summary>
        public const string InvalidMinPractices = QiSdk.Privacy.PrivacyErrors.InvalidMinPractices;

        /// <summary>(2). (<c>QI4016</c>)</summary>
        public const string UnknownPolicy = QiSdk.Privacy.PrivacyErrors.UnknownPolicy;

        /// <summary>Nothing written (1). (<c>QI4017</c>)</summary>
        public const string DuplicateReporter = QiSdk.Privacy.PrivacyErrors.DuplicateReporter;

        /// <summary>Nothing written (1). (<c>QI4018</c>)</summary>
        public const string MissingReporter = QiSdk.Privacy.PrivacyErrors.MissingReporter;

        /// <summary>Nothing written (1). (<c>QI4019</c>)</summary>
        public const string ResultsReleasedUnderAnotherPractice = QiSdk.Privacy.PrivacyErrors.ResultsReleasedUnderAnotherPractice;

        /// <summary>(2). (<c>QI4020</c>)</summary>
        public const string LedgerCorrupt = QiSdk.Privacy.PrivacyErrors.LedgerCorrupt;

        /// <summary>(2). (<c>QI4021</c>)</summary>
        public const string LedgerLockTimeout = QiSdk.Privacy.PrivacyErrors.LedgerLockTimeout;

        /// <summary>Release ledger no longer holds the head the audit log recorded; nothing written (2). (<c>QI4022</c>)</summary>
        public const string ReleaseLedgerNotBound = QiSdk.Privacy.PrivacyErrors.ReleaseLedgerNotBound;

        /// <summary>Budget ledger no longer holds the head the audit log recorded; nothing written (2). (<c>QI4023</c>)</summary>
        public const string BudgetLedgerNotBound = QiSdk.Privacy.PrivacyErrors.BudgetLedgerNotBound;

        /// <summary>The audit log lacks entries the release ledger refers to; nothing written (2). (<c>QI4024</c>)</summary>
        public const string AuditLogBehindLedgers = QiSdk.Privacy.PrivacyErrors.AuditLogBehindLedgers;

        /// <summary>Prepared before another release was recorded; prepare again. (<c>QI4025</c>)</summary>
        public const string DisclosureStale = QiSdk.Privacy.PrivacyErrors.DisclosureStale;

        /// <summary>A ledger or the cluster registry could not be written (2). (<c>QI4026</c>)</summary>
        public const string LedgerWriteFailed = QiSdk.Privacy.PrivacyErrors.LedgerWriteFailed;

        /// <summary>The total budget differs from the recorded practice setting (2). (<c>QI4027</c>)</summary>
        public const string BudgetTotalMismatch = QiSdk.Privacy.PrivacyErrors.BudgetTotalMismatch;

        /// <summary>Cluster not registered or not the registered membership (2 / 1). (<c>QI4028</c>)</summary>
        public const string ClusterMembershipRefused = QiSdk.Privacy.PrivacyErrors.ClusterMembershipRefused;

        /// <summary>The cluster registry is damaged (2). (<c>QI4029</c>)</summary>
        public const string ClusterRegistryCorrupt = QiSdk.Privacy.PrivacyErrors.ClusterRegistryCorrupt;

        /// <summary>Verify: (1); appending refused. (<c>QI4030</c>)</summary>
        public const string AuditEntryMalformed = QiSdk.Privacy.PrivacyErrors.AuditEntryMalformed;

        /// <summary>Verify: (1). (<c>QI4031</c>)</summary>
        public const string AuditEntryHashMismatch = QiSdk.Privacy.PrivacyErrors.AuditEntryHashMismatch;

        /// <summary>Verify: (1). (<c>QI4032</c>)</summary>
        public const string AuditChainBroken = QiSdk.Privacy.PrivacyErrors.AuditChainBroken;

        /// <summary>Verify: (1). (<c>QI4033</c>)</summary>
        public const string AuditSequenceBroken = QiSdk.Privacy.PrivacyErrors.AuditSequenceBroken;

        /// <summary>Verify: (1). (<c>QI4034</c>)</summary>
        public const string AuditHeadMismatch = QiSdk.Privacy.PrivacyErrors.AuditHeadMismatch;

        /// <summary>Verify: (2). (<c>QI4035</c>)</summary>
        public const string AuditLogMissing = QiSdk.Privacy.PrivacyErrors.AuditLogMissing;

        /// <summary>The audit log exists but is empty. Verify: (1). (<c>QI4036</c>)</summary>
        public const string AuditLogEmpty = QiSdk.Privacy.PrivacyErrors.AuditLogEmpty;

        /// <summary>The audit log could not be written; nothing written (74). (<c>QI4037</c>)</summary>
        public const string AuditLogWriteFailed = QiSdk.Privacy.PrivacyErrors.AuditLogWriteFailed;

        /// <summary>The disclosure archive could not be written; nothing recorded or sent. (<c>QI4038</c>)</summary>
        public const string ArchiveWriteFailed = QiSdk.Privacy.PrivacyErrors.ArchiveWriteFailed;

        /// <summary>The archived bytes of a recorded release do not match its audit entry; nothing sent. (<c>QI4039</c>)</summary>
        public const string ArchivedDisclosureMismatch = QiSdk.Privacy.PrivacyErrors.ArchivedDisclosureMismatch;

        /// <summary>Withheld. (<c>QI4050</c>)</summary>
        public const string CellSuppressedSmall = QiSdk.Privacy.PrivacyErrors.CellSuppressedSmall;

        /// <summary>Withheld. (<c>QI4051</c>)</summary>
        public const string CellSuppressedSecondary = QiSdk.Privacy.PrivacyErrors.CellSuppressedSecondary;

        /// <summary>Altered. (<c>QI4052</c>)</summary>
        public const string CellRounded = QiSdk.Privacy.PrivacyErrors.CellRounded;

        /// <summary>Withheld. (<c>QI4053</c>)</summary>
        public const string CellWithheldOutcome = QiSdk.Privacy.PrivacyErrors.CellWithheldOutcome;

        /// <summary>Withheld. (<c>QI4054</c>)</summary>
        public const string CellWithheldDifferencing = QiSdk.Privacy.PrivacyErrors.CellWithheldDifferencing;

        /// <summary>Withheld. (<c>QI4055</c>)</summary>
        public const string CellWithheldClusterDifferencing = QiSdk.Privacy.PrivacyErrors.CellWithheldClusterDifferencing;

        /// <summary>Altered. (<c>QI4056</c>)</summary>
        public const string CellNoised = QiSdk.Privacy.PrivacyErrors.CellNoised;

        /// <summary>Withheld. (<c>QI4057</c>)</summary>
        public const string CellDeniedByDefault = QiSdk.Privacy.PrivacyErrors.CellDeniedByDefault;

        /// <summary>Withheld. (<c>QI4058</c>)</summary>
        public const string RateWithheld = QiSdk.Privacy.PrivacyErrors.RateWithheld;

        /// <summary>Withheld. (<c>QI4059</c>)</summary>
        public const string RowWithheldInvalidId = QiSdk.Privacy.PrivacyErrors.RowWithheldInvalidId;

        /// <summary>Withheld. (<c>QI4060</c>)</summary>
        public const string IndicatorWithheldTooFewPractices = QiSdk.Privacy.PrivacyErrors.IndicatorWithheldTooFewPractices;

        /// <summary>Withheld. (<c>QI4061</c>)</summary>
        public const string IndicatorWithheldMembershipDifference = QiSdk.Privacy.PrivacyErrors.IndicatorWithheldMembershipDifference;
    }

    /// <summary>Codes of the reports stage (QI5xxx): MeasureReport files.</summary>
    public static class Reports
    {
        /// <summary>Code QI5001.</summary>
        public const string MalformedJson = QiSdk.Reports.ReportErrors.MalformedJson;

        /// <summary>Code QI5002.</summary>
        public const string NotABundle = QiSdk.Reports.ReportErrors.NotABundle;

        /// <summary>Code QI5003.</summary>
        public const string NotAMeasureReport = QiSdk.Reports.ReportErrors.NotAMeasureReport;

        /// <summary>Code QI5004.</summary>
        public const string MissingField = QiSdk.Reports.ReportErrors.MissingField;

        /// <summary>Code QI5005.</summary>
        public const string InvalidValue = QiSdk.Reports.ReportErrors.InvalidValue;

        /// <summary>Code QI5006.</summary>
        public const string WrongType = QiSdk.Reports.ReportErrors.WrongType;
    }

    /// <summary>Codes of the feedback stage (QI51xx): peer comparison, trends and pairing from released results.</summary>
    public static class Feedback
    {
        /// <summary>Code QI5101.</summary>
        public const string InvalidReleasedCount = QiSdk.Feedback.FeedbackErrors.InvalidReleasedCount;

        /// <summary>Code QI5102.</summary>
        public const string NothingToCompare = QiSdk.Feedback.FeedbackErrors.NothingToCompare;

        /// <summary>Code QI5103.</summary>
        public const string PeriodsDiffer = QiSdk.Feedback.FeedbackErrors.PeriodsDiffer;

        /// <summary>Code QI5104.</summary>
        public const string ClusterTooLargeToPair = QiSdk.Feedback.FeedbackErrors.ClusterTooLargeToPair;

        /// <summary>Code QI5105.</summary>
        public const string DuplicatePractice = QiSdk.Feedback.FeedbackErrors.DuplicatePractice;

        /// <summary>Code QI5106.</summary>
        public const string InvalidArgument = QiSdk.Feedback.FeedbackErrors.InvalidArgument;
    }
}
