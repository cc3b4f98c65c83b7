namespace QiSdk.Cli;

/// <summary>The qi tool's documented exit codes (README, "Exit codes").</summary>
internal static class ExitCodes
{
    /// <summary>The command completed (in lenient mode, even if data-quality problems were found).</summary>
    public const int Ok = 0;

    /// <summary>A check the command performs failed (e.g. <c>audit-log verify</c> found a bad entry).</summary>
    public const int CheckFailed = 1;

    /// <summary>Unusable arguments, a missing file, or a strict-mode failure; the message is on stderr.</summary>
    public const int UsageOrInputError = 2;

    /// <summary>
    /// The audit log could not be written (disclose, budget set): nothing left the practice. Distinct from a refusal (1)
    /// and bad input (2) so a scheduler can alert on it. 74 is <c>EX_IOERR</c> in BSD <c>sysexits.h</c>.
    /// </summary>
    public const int AuditLogWriteFailed = 74;

    /// <summary>The run was cancelled (Ctrl+C).</summary>
    public const int Cancelled = 130;
}
