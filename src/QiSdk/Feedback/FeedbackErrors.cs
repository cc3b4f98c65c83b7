namespace QiSdk.Feedback;

/// <summary>Stable error codes of the feedback stage (QI51xx, in the reports range); documented in docs/error-codes.md.</summary>
internal static class FeedbackErrors
{
    /// <summary>A released count is neither a non-negative integer nor marked withheld, or a rounding range is malformed.</summary>
    public const string InvalidReleasedCount = "QI5101";

    /// <summary>No disclosures, or none with a released indicator.</summary>
    public const string NothingToCompare = "QI5102";

    /// <summary>Practices report different periods for one indicator: they are never compared.</summary>
    public const string PeriodsDiffer = "QI5103";

    /// <summary>Pairing asked for more practices than the exact matching handles.</summary>
    public const string ClusterTooLargeToPair = "QI5104";

    /// <summary>A practice appears twice for one indicator and period, or has no reporter.</summary>
    public const string DuplicatePractice = "QI5105";

    /// <summary>An argument to a feedback analysis is unusable (unknown headline indicator, empty date range, bad reference rate).</summary>
    public const string InvalidArgument = "QI5106";
}
