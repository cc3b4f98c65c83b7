using System.CommandLine;
using QiSdk.Privacy;

namespace QiSdk.Cli.Commands;

/// <summary><c>qi audit-log verify FILE [--head HASH]</c>: 0 intact; 1 naming the first bad entry; 2 file missing.</summary>
internal static class AuditLogCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The audit log (e.g. qi-audit.log)." };
        var head = new Option<string>("--head") { Description = "The hash the last entry must have (printed by each 'qi disclose'); detects removal of trailing entries." };
        var verify = new Command("verify", "Check the audit log's hash chain: exits 0 when intact, 1 naming the first edited, removed, reordered or truncated entry.") { file, head };
        verify.SetAction(async (parse, cancellationToken) =>
        {
            string path = parse.GetValue(file)!;
            var result = AuditLogVerifier.Verify(path, parse.GetValue(head));
            if (result.Code == PrivacyErrors.AuditLogMissing)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"{PrivacyErrors.AuditLogMissing} {path}: audit log not found.").ConfigureAwait(false);
                return ExitCodes.UsageOrInputError;
            }

            if (!result.IsIntact)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"{result.Code} {path}: entry {result.FirstBadEntry} (line {result.FirstBadEntry}): {result.Problem}").ConfigureAwait(false);
                return ExitCodes.CheckFailed;
            }

            await parse.InvocationConfiguration.Output.WriteLineAsync($"{path}: intact, {result.EntryCount} entries, head {result.HeadHash}").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return new Command("audit-log", "Work with the disclosure audit log.") { verify };
    }
}
