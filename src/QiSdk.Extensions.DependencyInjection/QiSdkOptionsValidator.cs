using Microsoft.Extensions.Options;

namespace QiSdk.Hosting;

/// <summary>Checks every option and reports every problem at once (not only the first).</summary>
internal sealed class QiSdkOptionsValidator : IValidateOptions<QiSdkOptions>
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

        if (string.IsNullOrWhiteSpace(options.AuditLogPath))
        {
            failures.Add("QiSdkOptions.AuditLogPath is empty: every disclosure must be recorded in an audit log.");
        }

        if (string.IsNullOrWhiteSpace(options.ReleaseLedgerPath))
        {
            failures.Add("QiSdkOptions.ReleaseLedgerPath is empty: the release ledger is what refuses differencing across releases.");
        }

        CheckFiles(nameof(QiSdkOptions.CodeSetFiles), options.CodeSetFiles, failures);
        CheckFiles(nameof(QiSdkOptions.CodeMapFiles), options.CodeMapFiles, failures);
        CheckFiles(nameof(QiSdkOptions.IndicatorFiles), options.IndicatorFiles, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckFiles(string property, IList<string> files, List<string> failures)
    {
        for (int i = 0; i < files.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(files[i]))
            {
                failures.Add($"QiSdkOptions.{property}[{i}] is empty.");
            }
            else if (!File.Exists(files[i]))
            {
                failures.Add($"QiSdkOptions.{property}[{i}]: file '{files[i]}' does not exist.");
            }
        }
    }
}
