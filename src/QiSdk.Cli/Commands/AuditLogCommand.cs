using System.CommandLine;
using QiSdk.Privacy;

namespace QiSdk.Cli.Commands;

/// <summary>
/// <c>qi audit-log verify FILE [--head HASH] [--release-ledger FILE] [--budget-ledger FILE]</c>: 0 intact (chain, head,
/// and the ledgers still hold what the log recorded); 1 naming the first bad entry or the unbound ledger; 2 file missing.
/// </summary>
internal static class AuditLogCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The audit log (e.g. qi-audit.log)." };
        var head = new Option<string>("--head") { Description = "The hash the last entry must have (printed by each 'qi disclose'); detects removal of trailing entries." };
        var releaseLedger = new Option<string>("--release-ledger") { Description = "Release ledger to check against the log (default: qi-releases.jsonl beside the log, when present)." };
        var budgetLedger = new Option<string>("--budget-ledger") { Description = "Budget ledger to check against the log (default: qi-budget.jsonl beside the log, when present)." };
        var verify = new Command("verify", "Check the audit log's hash chain and that the ledgers still hold the heads it recorded: exits 0 when intact, 1 naming the first edited, removed, reordered or truncated entry or the unbound ledger.")
        {
            file, head, releaseLedger, budgetLedger,
        };
        verify.SetAction(async (parse, cancellationToken) =>
        {
            var stderr = parse.InvocationConfiguration.Error;
            string path = parse.GetValue(file)!;
            var result = AuditLogVerifier.Verify(path, parse.GetValue(head));
            if (result.Code == QiErrorCodes.Privacy.AuditLogMissing)
            {
                await stderr.WriteLineAsync($"{QiErrorCodes.Privacy.AuditLogMissing} {path}: audit log not found.").ConfigureAwait(false);
                return ExitCodes.UsageOrInputError;
            }

            if (!result.IsIntact)
            {
                await stderr.WriteLineAsync($"{result.Code} {path}: entry {result.FirstBadEntry} (line {result.FirstBadEntry}): {result.Problem}").ConfigureAwait(false);
                return ExitCodes.CheckFailed;
            }

            string dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
            string? Ledger(Option<string> option, string name) =>
                parse.GetValue(option) ?? (File.Exists(Path.Combine(dir, name)) ? Path.Combine(dir, name) : null);
            string? releases = Ledger(releaseLedger, "qi-releases.jsonl");
            string? budget = Ledger(budgetLedger, "qi-budget.jsonl");
            try
            {
                var gate = new DisclosureGate(new FileAuditLogStore(path), releases is null ? null : new FileReleaseLedger(releases),
                    budgetLedger: budget is null ? null : new FilePrivacyBudgetLedger(budget));
                await gate.VerifyStateAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PrivacyException ex)
            {
                await stderr.WriteLineAsync(ex.Message).ConfigureAwait(false);
                return ExitCodes.CheckFailed;
            }

            string ledgers = (releases, budget) switch
            {
                (null, null) => string.Empty,
                _ => $"; ledgers hold what it recorded ({string.Join(", ", new[] { releases, budget }.Where(l => l is not null))})",
            };
            await parse.InvocationConfiguration.Output.WriteLineAsync($"{path}: intact, {result.EntryCount} entries, head {result.HeadHash}{ledgers}").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return new Command("audit-log", "Work with the disclosure audit log.") { verify };
    }
}
