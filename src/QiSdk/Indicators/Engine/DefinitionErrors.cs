namespace QiSdk.Indicators.Engine;

/// <summary>Every indicator-definition and evaluation error code (QI30xx definitions, QI32xx evaluation), in one place.</summary>
internal static class DefinitionErrors
{
    /// <summary>The file is not valid JSON.</summary>
    public const string MalformedJson = "QI3001";

    /// <summary>A property the format does not define (often a typo).</summary>
    public const string UnknownProperty = "QI3002";

    /// <summary>A value has the wrong JSON type.</summary>
    public const string WrongType = "QI3003";

    /// <summary>A required property is missing or empty.</summary>
    public const string Missing = "QI3004";

    /// <summary>A value is not one of the allowed values or is out of range.</summary>
    public const string InvalidValue = "QI3005";

    /// <summary>A criterion object does not have exactly one known kind key.</summary>
    public const string BadCriterion = "QI3006";

    /// <summary>The id or URL is malformed, or the URL does not end in <c>/</c> + id.</summary>
    public const string BadIdentity = "QI3007";

    /// <summary>A name is defined twice (rule, inline code set, measurement, indicator id in a catalogue).</summary>
    public const string Duplicate = "QI3008";

    /// <summary>A code set name is neither inline nor known to the host's code-set catalogue.</summary>
    public const string UnknownCodeSet = "QI3010";

    /// <summary>A code set name is an alias (e.g. a ValueSet's computable name) that several loaded code sets carry.</summary>
    public const string AmbiguousCodeSet = "QI3020";

    /// <summary>A reading refers to a measurement the definition does not define.</summary>
    public const string UnknownMeasurement = "QI3011";

    /// <summary>A measurement's unit is unknown, or the analyte does not use that unit.</summary>
    public const string BadUnit = "QI3012";

    /// <summary>A range has no bound, or contradictory bounds.</summary>
    public const string BadRange = "QI3013";

    /// <summary>A rule's action and populations do not agree (select without populations, reject with populations).</summary>
    public const string BadRule = "QI3014";

    /// <summary>The definition uses the period window but no period start was given for the run.</summary>
    public const string NoPeriodStart = "QI3015";

    /// <summary>An indicator id or file given to the catalogue or CLI was not found.</summary>
    public const string UnknownIndicator = "QI3016";

    /// <summary>A filter that can never match: an empty or never-counting status, whenNoValue with a lowest/highest pick, a not-done query over a type that cannot be not done.</summary>
    public const string UnmatchableFilter = "QI3017";

    /// <summary>An event with no usable date was ignored (evaluation).</summary>
    public const string UndatedEvent = "QI3201";

    /// <summary>The latest event in the data is long before the reference date: the export may be stale (evaluation).</summary>
    public const string StaleData = "QI3202";

    /// <summary>A host-supplied code set a definition declares was not supplied: the criteria using it match nothing (evaluation, set-up).</summary>
    public const string HostCodeSetNotSupplied = "QI3203";

    public static string HostCodeSetNotSuppliedMessage(string indicatorId, HostCodeSet set) =>
        $"{indicatorId}: host-supplied code set '{set.Name}' was not supplied, so the criteria that use it match nothing and the route they serve is inactive (the indicator is still evaluated without it). {set.Description.TrimEnd('.')}. "
        + $"Supply it as a code set named '{set.Name}': qi evaluate --value-set FILE (an OpenCodelists CSV named {set.Name}.csv, a QiSdk code-set JSON or a FHIR ValueSet with that name or url), or QualityPipelineOptions.CodeSets / CodeSetFiles, or QiSdkOptions.CodeSetFiles; see docs/codes.md.";

    /// <summary>How old the latest event may be, in days before the reference date, before QI3202 is reported (about 3 months).</summary>
    public const int StaleAfterDays = 92;

    public static string StaleDataMessage(DateOnly latest, DateOnly reference) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"The latest event in the data is dated {latest:yyyy-MM-dd}, {reference.DayNumber - latest.DayNumber:N0} days (about {(reference.DayNumber - latest.DayNumber) / 30.44:0} months) before the reference date {reference:yyyy-MM-dd}: the export may be stale or cut short, and recent care would be missing from every indicator.");
}
