using System.CommandLine;
using System.Globalization;
using QiSdk.Privacy;

namespace QiSdk.Cli.Commands;

/// <summary>
/// <c>qi budget set --practice CODE --total X</c> and <c>qi budget show --practice CODE</c>: the practice's total
/// differential-privacy budget (epsilon) is a practice setting, recorded at first use; changing it is this audited
/// command, never a per-release option. Exit 0 done; 2 bad arguments, damaged or unbound ledgers; 74 audit log not writable.
/// </summary>
internal static class BudgetCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var practice = new Option<string>("--practice") { Description = "(required) The practice code (the reporter in its results).", Required = true };
        var total = new Option<decimal>("--total") { Description = "(required) The new total epsilon across all releases (> 0).", Required = true };
        var (auditLog, budgetLedger, releaseLedger) = StateOptions();
        var set = new Command("set", "Record a new total privacy budget (epsilon) for a practice, with an audit-log entry (policy 'budget-set').")
        {
            practice, total, auditLog, budgetLedger, releaseLedger,
        };
        set.SetAction(async (parse, cancellationToken) =>
        {
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                var gate = Gate(parse, auditLog, budgetLedger, releaseLedger, out string audit);
                var record = await gate.SetBudgetTotalAsync(parse.GetValue(practice)!, parse.GetValue(total), cancellationToken).ConfigureAwait(false);
                await parse.InvocationConfiguration.Output.WriteLineAsync(
                    $"{parse.GetValue(practice)}: total epsilon {parse.GetValue(total).ToString(CultureInfo.InvariantCulture)}; audit log {audit}: entry {record.Sequence}, head {record.Hash}").ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            catch (PrivacyException ex)
            {
                await stderr.WriteLineAsync(ex.Message).ConfigureAwait(false);
                return DiscloseCommand.ExitCodeOf(ex);
            }
            catch (OperationCanceledException)
            {
                return ExitCodes.Cancelled;
            }
        });

        var showPractice = new Option<string>("--practice") { Description = "(required) The practice code.", Required = true };
        var (showAudit, showBudget, showReleases) = StateOptions();
        var show = new Command("show", "Show a practice's spent and total privacy budget, after checking the ledgers against the audit log.")
        {
            showPractice, showAudit, showBudget, showReleases,
        };
        show.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var gate = Gate(parse, showAudit, showBudget, showReleases, out _);
                await gate.VerifyStateAsync(cancellationToken).ConfigureAwait(false);
                string code = parse.GetValue(showPractice)!;
                var account = await new FilePrivacyBudgetLedger(BudgetPath(parse, showAudit, showBudget)).GetAccountAsync(code, cancellationToken).ConfigureAwait(false);
                await parse.InvocationConfiguration.Output.WriteLineAsync(
                    $"{code}: spent {account.Spent.ToString(CultureInfo.InvariantCulture)} of {(account.Total is { } t ? t.ToString(CultureInfo.InvariantCulture) : "(no total recorded yet; 1.0 at first use)")}").ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            catch (PrivacyException ex)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
                return DiscloseCommand.ExitCodeOf(ex);
            }
        });
        return new Command("budget", "The practice's differential-privacy budget (a practice setting; changes are audited).") { set, show };
    }

    private static (Option<string> AuditLog, Option<string> BudgetLedger, Option<string> ReleaseLedger) StateOptions() => (
        new Option<string>("--audit-log") { Description = "Audit log (default: qi-audit.log in the current folder)." },
        new Option<string>("--budget-ledger") { Description = "Budget ledger (default: qi-budget.jsonl beside the audit log)." },
        new Option<string>("--release-ledger") { Description = "Release ledger, checked against the audit log (default: qi-releases.jsonl beside the audit log)." });

    private static string BudgetPath(ParseResult parse, Option<string> auditLog, Option<string> budgetLedger) =>
        parse.GetValue(budgetLedger) ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(parse.GetValue(auditLog) ?? "qi-audit.log"))!, "qi-budget.jsonl");

    private static DisclosureGate Gate(ParseResult parse, Option<string> auditLog, Option<string> budgetLedger, Option<string> releaseLedger, out string audit)
    {
        audit = Path.GetFullPath(parse.GetValue(auditLog) ?? "qi-audit.log");
        string releases = parse.GetValue(releaseLedger) ?? Path.Combine(Path.GetDirectoryName(audit)!, "qi-releases.jsonl");
        return new DisclosureGate(new FileAuditLogStore(audit), new FileReleaseLedger(releases), budgetLedger: new FilePrivacyBudgetLedger(BudgetPath(parse, auditLog, budgetLedger)));
    }
}
