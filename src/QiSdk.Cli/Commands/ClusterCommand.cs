using System.CommandLine;
using QiSdk.Privacy;

namespace QiSdk.Cli.Commands;

/// <summary>
/// <c>qi cluster register --cluster-id ID --practices A,B,C</c> and <c>qi cluster show</c>: a cluster is a registered,
/// versioned membership (id -> practice codes); each change is a new version with an audit-log entry. Exit 0 done;
/// 2 bad arguments, damaged registry or state; 74 audit log not writable.
/// </summary>
internal static class ClusterCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var id = new Option<string>("--cluster-id") { Description = "(required) The cluster id (the reporter of its combined results).", Required = true };
        var practices = new Option<string[]>("--practices") { Description = "(required) The member practice codes: A,B,C or several values.", Required = true, AllowMultipleArgumentsPerToken = true };
        var registry = Registry();
        var auditLog = new Option<string>("--audit-log") { Description = "Audit log (default: qi-audit.log in the current folder)." };
        var releaseLedger = new Option<string>("--release-ledger") { Description = "Release ledger, checked against the audit log (default: qi-releases.jsonl beside the audit log)." };
        var register = new Command("register", "Register (or change, as a new version) a cluster's membership; the change is recorded in the audit log.")
        {
            id, practices, registry, auditLog, releaseLedger,
        };
        register.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                string audit = Path.GetFullPath(parse.GetValue(auditLog) ?? "qi-audit.log");
                string dir = Path.GetDirectoryName(audit)!;
                var file = new FileClusterRegistry(parse.GetValue(registry) ?? Path.Combine(dir, "qi-clusters.jsonl"));
                var gate = new DisclosureGate(new FileAuditLogStore(audit), new FileReleaseLedger(parse.GetValue(releaseLedger) ?? Path.Combine(dir, "qi-releases.jsonl")));
                var codes = (parse.GetValue(practices) ?? []).SelectMany(p => p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                var (membership, record) = await gate.RegisterClusterAsync(file, parse.GetValue(id)!, codes, cancellationToken).ConfigureAwait(false);
                await parse.InvocationConfiguration.Output.WriteLineAsync(record is null
                    ? $"cluster '{membership.ClusterId}' version {membership.Version} already has [{string.Join(", ", membership.Practices)}]; nothing changed."
                    : $"cluster '{membership.ClusterId}' version {membership.Version}: [{string.Join(", ", membership.Practices)}] in {file.FullPath}; audit log {audit}: entry {record.Sequence}, head {record.Hash}").ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            catch (PrivacyException ex)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
                return DiscloseCommand.ExitCodeOf(ex);
            }
            catch (OperationCanceledException)
            {
                return ExitCodes.Cancelled;
            }
        });

        var showRegistry = Registry();
        var show = new Command("show", "List every registered cluster membership version.") { showRegistry };
        show.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var file = new FileClusterRegistry(parse.GetValue(showRegistry) ?? "qi-clusters.jsonl");
                foreach (var m in await file.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    await parse.InvocationConfiguration.Output.WriteLineAsync($"{m.ClusterId} v{m.Version}: {string.Join(", ", m.Practices)}").ConfigureAwait(false);
                }

                return ExitCodes.Ok;
            }
            catch (PrivacyException ex)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
                return ExitCodes.UsageOrInputError;
            }
        });
        return new Command("cluster", "Registered, versioned cluster memberships for cluster-aggregate releases.") { register, show };
    }

    private static Option<string> Registry() =>
        new("--registry") { Description = "The cluster registry (default: qi-clusters.jsonl beside the audit log; for show, in the current folder)." };
}
