using Microsoft.Extensions.Options;
using QiSdk.Codes;
using QiSdk.Indicators;

namespace QiSdk.Hosting;

/// <summary>
/// Checks every option and reports every problem at once (not only the first); when the options themselves are sound,
/// warms up: builds the pipeline (loads every code set, map and definition the first run would), so a bad map or
/// definition (QI2xxx, QI3007, QI3010, ...) fails at start-up under <c>ValidateOnStart</c>, not at the first run.
/// </summary>
internal sealed class QiSdkOptionsValidator(QiSdkPipelineCache pipelines) : IValidateOptions<QiSdkOptions>
{
    public ValidateOptionsResult Validate(string? name, QiSdkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.PracticeCode is { } code && string.IsNullOrWhiteSpace(code))
        {
            failures.Add("QiSdkOptions.PracticeCode is blank: leave it null or give the practice's code.");
        }

        if (options.MaxMapDepth is < 1 or > 16)
        {
            failures.Add($"QiSdkOptions.MaxMapDepth is {options.MaxMapDepth}: it must be 1 to 16.");
        }

        if (options.MaxDegreeOfParallelism is < 1)
        {
            failures.Add($"QiSdkOptions.MaxDegreeOfParallelism is {options.MaxDegreeOfParallelism}: it must be at least 1, or null.");
        }

        if (options.DataDirectory is { } data && string.IsNullOrWhiteSpace(data))
        {
            failures.Add("QiSdkOptions.DataDirectory is blank: leave it null or give a folder.");
        }

        if (options.AuditLogPath is { } log && string.IsNullOrWhiteSpace(log))
        {
            failures.Add("QiSdkOptions.AuditLogPath is blank: every disclosure must be recorded in an audit log (leave it null to use qi-audit.log in DataDirectory).");
        }

        if (options.ReleaseLedgerPath is { } ledger && string.IsNullOrWhiteSpace(ledger))
        {
            failures.Add("QiSdkOptions.ReleaseLedgerPath is blank: the release ledger is what refuses differencing across releases (leave it null to use qi-releases.jsonl in DataDirectory).");
        }

        CheckFiles(options, nameof(QiSdkOptions.CodeSetFiles), options.CodeSetFiles, failures);
        CheckFiles(options, nameof(QiSdkOptions.CodeMapFiles), options.CodeMapFiles, failures);
        CheckFiles(options, nameof(QiSdkOptions.IndicatorFiles), options.IndicatorFiles, failures);
        if (failures.Count == 0)
        {
            WarmUp(options, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void WarmUp(QiSdkOptions options, List<string> failures)
    {
        try
        {
            pipelines.Get(options);
        }
        catch (QiSdkException ex)
        {
            failures.AddRange(ex.Issues.IsDefaultOrEmpty ? [ex.Message] : ex.Issues.Select(i => i.ToString()));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            failures.Add($"QiSdk could not load its code sets, maps or definitions: {ex.Message}");
        }
    }

    private void CheckFiles(QiSdkOptions options, string property, IList<string> files, List<string> failures)
    {
        for (int i = 0; i < files.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(files[i]))
            {
                failures.Add($"QiSdkOptions.{property}[{i}] is empty.");
            }
            else if (pipelines.Resolve(options, files[i]) is var path && !File.Exists(path))
            {
                failures.Add($"QiSdkOptions.{property}[{i}]: file '{files[i]}' does not exist{(path == files[i] ? string.Empty : $" (resolved to '{path}')")}.");
            }
        }
    }
}
