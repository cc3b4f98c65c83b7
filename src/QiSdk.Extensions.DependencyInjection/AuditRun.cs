using System.Collections.Immutable;
using QiSdk.Indicators;

namespace QiSdk.Hosting;

/// <summary>
/// The local result of one audit: every indicator's result (with patient-level detail) and every data-quality problem.
/// Local: nothing in it leaves the practice except through <see cref="QualityAuditService.DiscloseAsync"/>.
/// </summary>
public sealed record AuditRun
{
    /// <summary>The period evaluated (R = period end, inclusive).</summary>
    public required MeasurementPeriod Period { get; init; }

    /// <summary>How many patients were evaluated.</summary>
    public required int Patients { get; init; }

    /// <summary>One result per indicator, in catalogue order.</summary>
    public required ImmutableArray<IndicatorResult> Results { get; init; }

    /// <summary>Every problem found while setting up, reading and evaluating, located.</summary>
    public required ImmutableArray<DataQualityIssue> Problems { get; init; }
}
