using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using QiSdk.Indicators;
using QiSdk.Privacy;
using QiSdk.Reports;

namespace QiSdk.Cli.Commands;

/// <summary>
/// <c>qi disclose</c>: runs privacy policies over <c>qi evaluate</c> output and, unless <c>--preview</c>, writes
/// <c>OUT/disclosure.json</c> and appends the audit log. Exit codes: 0 released (or previewed), 1 refused by a policy,
/// 2 bad arguments / unreadable input / damaged or unbound ledgers, 74 the audit log could not be written, 130 cancelled.
/// </summary>
internal static class DiscloseCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var policies = new Option<string[]>("--policy")
        {
            Description = "Policies, applied in order: " + string.Join(", ", DisclosurePolicies.Names) + ". Repeat or list several.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var results = new Option<string[]>("--results")
        {
            Description = "Output folder(s) of 'qi evaluate' (each holds measure-reports.json). Several folders for cluster-aggregate.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var preview = new Option<bool>("--preview") { Description = "Show what would leave and why each cell is withheld or altered; write nothing, spend no budget." };
        var output = new Option<string>("--out") { Description = "Folder for disclosure.json (default: current folder)." };
        var auditLog = new Option<string>("--audit-log") { Description = "Audit log to append to (default: qi-audit.log in the current folder)." };
        var releaseLedger = new Option<string>("--release-ledger") { Description = "Ledger of earlier releases, checked for differencing (default: qi-releases.jsonl beside the audit log)." };
        var profile = new Option<string>("--suppression-profile") { Description = "small-number-suppression profile: nhs (1-7 suppressed, round to 5; default), cms (1-10 suppressed), midpoint6, or custom:T[:B[:midpoint]]." };
        var minPractices = new Option<int?>("--min-practices") { Description = "cluster-aggregate: fewest practices to combine (default 3)." };
        var clusterId = new Option<string>("--cluster-id") { Description = "cluster-aggregate: the registered cluster id, written as the reporter of combined results (default 'cluster')." };
        var clusterRegistry = new Option<string>("--cluster-registry") { Description = "cluster-aggregate: registry of cluster memberships ('qi cluster register'; default: qi-clusters.jsonl beside the audit log). A release needs the cluster registered with exactly the practices given." };
        var epsilon = new Option<double?>("--epsilon") { Description = "differential-privacy: epsilon spent by this release (required for that policy; finite, > 0, <= 100)." };
        var budget = new Option<decimal?>("--budget") { Description = "differential-privacy: the practice's total epsilon, recorded at first use (default 1.0); afterwards it must match the recorded total (change it with 'qi budget set')." };
        var budgetLedger = new Option<string>("--budget-ledger") { Description = "differential-privacy: budget ledger file (default: qi-budget.jsonl beside the audit log)." };
        var practice = new Option<string>("--practice") { Description = "differential-privacy: check that the results' practice (the budget account) is this code." };
        var keyFile = new Option<string>("--key-file") { Description = "pseudonymised-extract: 256-bit key file (64 hex chars, base64, or 32 raw bytes). Never printed or logged." };
        var keyVersion = new Option<string>("--key-version") { Description = "pseudonymised-extract: key version tag written beside each pseudonym (required with --key-file)." };

        var command = new Command("disclose", "Apply privacy policies to 'qi evaluate' results; preview, or write OUT/disclosure.json and append the audit log. "
            + "The CLI reads summaries only: pseudonymised-extract and local-only patient lists need patient-level results through the API.")
        {
            policies, results, preview, output, auditLog, releaseLedger, profile, minPractices, clusterId, clusterRegistry, epsilon, budget, budgetLedger, practice, keyFile, keyVersion,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                string audit = Path.GetFullPath(parse.GetValue(auditLog) ?? "qi-audit.log");
                string auditDir = Path.GetDirectoryName(audit)!;
                var releases = new FileReleaseLedger(parse.GetValue(releaseLedger) ?? Path.Combine(auditDir, "qi-releases.jsonl"));
                FilePrivacyBudgetLedger? budgetFile = null;
                bool isPreview = parse.GetValue(preview);
                string cluster = parse.GetValue(clusterId) ?? "cluster";
                ClusterMembership? membership = null;
                if ((parse.GetValue(policies) ?? []).Contains(DisclosurePolicies.ClusterAggregateName))
                {
                    var registry = new FileClusterRegistry(parse.GetValue(clusterRegistry) ?? Path.Combine(auditDir, "qi-clusters.jsonl"));
                    membership = await registry.CurrentAsync(cluster, cancellationToken).ConfigureAwait(false);
                    if (membership is null && !isPreview)
                    {
                        await stderr.WriteLineAsync($"{QiErrorCodes.Privacy.ClusterMembershipRefused} cluster '{cluster}' is not registered in {registry.FullPath}: register its practices first with 'qi cluster register --cluster-id {cluster} --practices CODE,CODE,... --registry {registry.FullPath}'.").ConfigureAwait(false);
                        return ExitCodes.UsageOrInputError;
                    }
                }

                var built = new List<IDisclosurePolicy>();
                foreach (string name in parse.GetValue(policies) ?? [])
                {
                    built.Add(name switch
                    {
                        DisclosurePolicies.LocalOnlyName => DisclosurePolicies.LocalOnly(),
                        DisclosurePolicies.ProcessOnlyName => DisclosurePolicies.ProcessOnly(),
                        DisclosurePolicies.SmallNumberSuppressionName => DisclosurePolicies.SmallNumberSuppression(
                            parse.GetValue(profile) is { } p ? SuppressionProfile.Parse(p) : SuppressionProfile.Nhs),
                        DisclosurePolicies.ClusterAggregateName => DisclosurePolicies.ClusterAggregate(new ClusterAggregateOptions
                        {
                            MinPractices = parse.GetValue(minPractices) ?? 3,
                            ClusterId = cluster,
                            Membership = membership,
                        }),
                        DisclosurePolicies.DifferentialPrivacyName => DisclosurePolicies.DifferentialPrivacy(new DifferentialPrivacyOptions
                        {
                            Epsilon = parse.GetValue(epsilon) ?? throw new PrivacyException(QiErrorCodes.Privacy.InvalidEpsilon, "differential-privacy needs --epsilon."),
                            TotalBudget = parse.GetValue(budget),
                            BudgetLedger = budgetFile = new FilePrivacyBudgetLedger(parse.GetValue(budgetLedger) ?? Path.Combine(auditDir, "qi-budget.jsonl")),
                            PracticeId = parse.GetValue(practice),
                        }),
                        DisclosurePolicies.PseudonymisedExtractName => DisclosurePolicies.PseudonymisedExtract(new PseudonymisedExtractOptions
                        {
                            Key = PseudonymisedExtractOptions.ReadKeyFile(parse.GetValue(keyFile) ?? throw new PrivacyException(QiErrorCodes.Privacy.InvalidKey, "pseudonymised-extract needs --key-file.")),
                            KeyVersion = parse.GetValue(keyVersion) ?? throw new PrivacyException(QiErrorCodes.Privacy.InvalidKey, "pseudonymised-extract needs --key-version."),
                        }),
                        _ => throw new PrivacyException(QiErrorCodes.Privacy.UnknownPolicy, $"unknown policy '{name}'; known: {string.Join(", ", DisclosurePolicies.Names)}."),
                    });
                }

                var summaries = ImmutableArray.CreateBuilder<IndicatorSummary>();
                foreach (string dir in parse.GetValue(results) ?? [])
                {
                    string file = Path.Combine(dir, "measure-reports.json");
                    if (!File.Exists(file))
                    {
                        await stderr.WriteLineAsync($"{QiErrorCodes.Privacy.ResultsNotFound} {file}: not found ('--results' must be an output folder of 'qi evaluate').").ConfigureAwait(false);
                        return ExitCodes.UsageOrInputError;
                    }

                    if (MeasureReportFiles.CheckComplete(dir) is { } incomplete)
                    {
                        await stderr.WriteLineAsync($"{QiErrorCodes.Privacy.ResultsNotFound} {incomplete}").ConfigureAwait(false);
                        return ExitCodes.UsageOrInputError;
                    }

                    await using var stream = File.OpenRead(file);
                    foreach (var s in MeasureReportJson.ReadSummaryBundle(stream, file))
                    {
                        // The practice identity comes from the results, never from a folder name: a copy under another
                        // name must not get a fresh budget or skip the differencing check.
                        if (string.IsNullOrWhiteSpace(s.Reporter))
                        {
                            await stderr.WriteLineAsync($"{QiErrorCodes.Privacy.MissingReporter} {Path.GetFullPath(file)}: the MeasureReport for {s.IndicatorId} names no practice (reporter); releases are kept per practice identity, so run 'qi evaluate --practice CODE' again.").ConfigureAwait(false);
                            return ExitCodes.UsageOrInputError;
                        }

                        summaries.Add(s);
                    }
                }

                // One place builds the pipeline options, so a further setting (e.g. a bound solver) is one more line here.
                var pipelineOptions = new DisclosurePipelineOptions
                {
                    ReleaseLedger = releases,
                    // The tool checks with exact integer bounds (CP-SAT); the core alone withholds more (docs/privacy.md).
                    BoundSolver = QiSdk.Privacy.OrTools.OrToolsBoundSolver.Instance,
                };
                var pipeline = MeasureReportDisclosure.CreatePipeline(built, pipelineOptions);
                var request = DisclosureRequest.FromSummaries(summaries);
                if (isPreview)
                {
                    var previewed = await pipeline.PreviewAsync(request, cancellationToken).ConfigureAwait(false);
                    await WritePreviewAsync(stdout, previewed).ConfigureAwait(false);
                    return await RefusedAsync(stderr, previewed).ConfigureAwait(false) ?? ExitCodes.Ok;
                }

                var sink = new FileDisclosureSink(parse.GetValue(output) ?? Directory.GetCurrentDirectory());
                var gate = new DisclosureGate(new FileAuditLogStore(audit), releases, budgetLedger: budgetFile);
                var result = await gate.ReleaseAsync(pipeline, request, sink, cancellationToken).ConfigureAwait(false);
                var outcome = result.Outcome;
                await WritePreviewAsync(stdout, outcome).ConfigureAwait(false);
                if (await RefusedAsync(stderr, outcome).ConfigureAwait(false) is { } refused)
                {
                    return refused;
                }

                var record = result.AuditRecord!;
                await stdout.WriteLineAsync($"wrote {sink.Path} ({outcome.Disclosure!.Content.Length} bytes, sha256 {outcome.Disclosure.Sha256})").ConfigureAwait(false);
                await stdout.WriteLineAsync($"audit log {audit}: entry {record.Sequence}, head {record.Hash}").ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            catch (OperationCanceledException)
            {
                return ExitCodes.Cancelled;
            }
            catch (PrivacyException ex)
            {
                await stderr.WriteLineAsync(ex.Message).ConfigureAwait(false);
                return ExitCodeOf(ex);
            }
            catch (ReportFormatException ex)
            {
                await stderr.WriteLineAsync(ex.Message).ConfigureAwait(false);
                return ExitCodes.UsageOrInputError;
            }
        });
        return command;
    }

    /// <summary>74 when the audit log could not be written, otherwise 2 (bad input, damaged or unbound state).</summary>
    internal static int ExitCodeOf(PrivacyException ex) =>
        ex.Code == QiErrorCodes.Privacy.AuditLogWriteFailed ? ExitCodes.AuditLogWriteFailed : ExitCodes.UsageOrInputError;

    private static async Task<int?> RefusedAsync(TextWriter stderr, DisclosureOutcome outcome)
    {
        if (!outcome.IsRefused)
        {
            return null;
        }

        await stderr.WriteLineAsync($"{outcome.RefusalCode} refused: {outcome.RefusalReason}").ConfigureAwait(false);
        return outcome.RefusalCode == QiErrorCodes.Privacy.NoPatientLevelResults ? ExitCodes.UsageOrInputError : ExitCodes.CheckFailed;
    }

    private static async Task WritePreviewAsync(TextWriter output, DisclosureOutcome outcome)
    {
        await output.WriteLineAsync(outcome.IsPreview ? $"preview of release {outcome.ReleaseId} (nothing written)" : $"release {outcome.ReleaseId}").ConfigureAwait(false);
        foreach (var group in outcome.Cells.GroupBy(c => (c.IndicatorId, c.Reporter)))
        {
            await output.WriteLineAsync($"{group.Key.IndicatorId} ({group.Key.Reporter ?? "no reporter"})").ConfigureAwait(false);
            foreach (var c in group)
            {
                string leaves = c.ReleasedValue is { } v ? v.ToString(CultureInfo.InvariantCulture) : "withheld";
                string why = c.State is CellState.Withheld or CellState.Altered ? $"  [{c.ReasonCode} {c.Policy}: {c.Reason}]" : string.Empty;
                await output.WriteLineAsync($"  {c.Column,-24} {IndicatorTerms.Code(c.Population),-22} {c.OriginalValue,7} -> {leaves,-8}{why}").ConfigureAwait(false);
            }

            foreach (var r in outcome.Rates.Where(r => r.IndicatorId == group.Key.IndicatorId && r.Reporter == group.Key.Reporter))
            {
                string leaves = r.ReleasedScore is { } s ? s.ToString("0.####", CultureInfo.InvariantCulture) : "withheld";
                await output.WriteLineAsync($"  {r.Column,-24} {"score",-22} {(r.OriginalScore is { } o ? o.ToString("0.####", CultureInfo.InvariantCulture) : "-"),7} -> {leaves}{(r.Reason is null ? string.Empty : "  [" + r.Reason + "]")}").ConfigureAwait(false);
            }
        }

        foreach (string note in outcome.Notes)
        {
            await output.WriteLineAsync("note: " + note).ConfigureAwait(false);
        }
    }
}
