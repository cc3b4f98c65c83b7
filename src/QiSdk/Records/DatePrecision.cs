namespace QiSdk.Records;

/// <summary>How much of a FHIR <c>date</c>, <c>dateTime</c> or <c>instant</c> was written.</summary>
public enum DatePrecision : byte
{
    /// <summary><c>YYYY</c>.</summary>
    Year = 1,

    /// <summary><c>YYYY-MM</c>.</summary>
    Month = 2,

    /// <summary><c>YYYY-MM-DD</c>.</summary>
    Day = 3,

    /// <summary><c>YYYY-MM-DDThh:mm:ss[.fff](Z|+hh:mm)</c>: a date with a time of day and (usually) an offset.</summary>
    DateTime = 4,
}
