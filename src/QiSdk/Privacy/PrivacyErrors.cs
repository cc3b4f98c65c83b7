namespace QiSdk.Privacy;

/// <summary>
/// Stable codes (QI4xxx) for the privacy stage: refusals, invalid policy parameters, ledger and audit-log problems.
/// Documented in docs/error-codes.md under "## Privacy". Codes are never reused for another meaning.
/// </summary>
internal static class PrivacyErrors
{
    // Refusals: the gate declined to let anything leave.
    public const string EgressRefusedLocalOnly = "QI4001";
    public const string NothingReleasable = "QI4002";
    public const string BudgetExceeded = "QI4003";
    public const string NoPatientLevelResults = "QI4005";
    public const string ResultsNotFound = "QI4006";

    // Invalid parameters.
    public const string InvalidEpsilon = "QI4010";
    public const string InvalidBudget = "QI4011";
    public const string InvalidSuppressionProfile = "QI4012";
    public const string InvalidKey = "QI4013";
    public const string InvalidNhsNumber = "QI4014";
    public const string InvalidMinPractices = "QI4015";
    public const string UnknownPolicy = "QI4016";
    public const string DuplicateReporter = "QI4017";
    public const string MissingReporter = "QI4018";
    public const string ResultsReleasedUnderAnotherPractice = "QI4019";

    // Ledgers and the audit log.
    public const string LedgerCorrupt = "QI4020";
    public const string LedgerLockTimeout = "QI4021";
    public const string ReleaseLedgerNotBound = "QI4022";
    public const string BudgetLedgerNotBound = "QI4023";
    public const string AuditLogBehindLedgers = "QI4024";
    public const string DisclosureStale = "QI4025";
    public const string LedgerWriteFailed = "QI4026";
    public const string BudgetTotalMismatch = "QI4027";
    public const string ClusterMembershipRefused = "QI4028";
    public const string ClusterRegistryCorrupt = "QI4029";
    public const string AuditEntryMalformed = "QI4030";
    public const string AuditEntryHashMismatch = "QI4031";
    public const string AuditChainBroken = "QI4032";
    public const string AuditSequenceBroken = "QI4033";
    public const string AuditHeadMismatch = "QI4034";
    public const string AuditLogMissing = "QI4035";
    public const string AuditLogEmpty = "QI4036";
    public const string AuditLogWriteFailed = "QI4037";
    public const string ArchiveWriteFailed = "QI4038";
    public const string ArchivedDisclosureMismatch = "QI4039";

    // Cell-level reasons (preview): not errors, but stable so hosts can filter.
    public const string CellSuppressedSmall = "QI4050";
    public const string CellSuppressedSecondary = "QI4051";
    public const string CellRounded = "QI4052";
    public const string CellWithheldOutcome = "QI4053";
    public const string CellWithheldDifferencing = "QI4054";
    public const string CellWithheldClusterDifferencing = "QI4055";
    public const string CellNoised = "QI4056";
    public const string CellDeniedByDefault = "QI4057";
    public const string RateWithheld = "QI4058";
    public const string RowWithheldInvalidId = "QI4059";
    public const string IndicatorWithheldTooFewPractices = "QI4060";
    public const string IndicatorWithheldMembershipDifference = "QI4061";
}
