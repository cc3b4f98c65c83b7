using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;

namespace QiSdk.Cli;

/// <summary>
/// Runs the qi command tree the way the tool's Main does: unusable arguments exit 2 with readable messages, and an
/// unexpected exception exits 70 with one clear line and the path of a file holding the details (never a stack trace
/// on the terminal, never exit 1, which means "check failed / release refused").
/// </summary>
internal static partial class QiCli
{
    /// <summary>Parses and runs <paramref name="args"/> against <paramref name="root"/>.</summary>
    /// <param name="root">The command tree (<see cref="QiCommand.Create"/>; tests may pass another).</param>
    /// <param name="args">The arguments.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="crashFolder">Where crash details are written; the temp folder when null.</param>
    /// <returns>The exit code (README, "Exit codes").</returns>
    public static async Task<int> RunAsync(RootCommand root, string[] args, TextWriter output, TextWriter error, string? crashFolder = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var parseError in parseResult.Errors)
            {
                await error.WriteLineAsync($"qi: {Readable(parseError.Message)}").ConfigureAwait(false);
            }

            await error.WriteLineAsync("Run 'qi --help' or 'qi <command> --help' for usage.").ConfigureAwait(false);
            return ExitCodes.UsageOrInputError;
        }

        try
        {
            return await parseResult.InvokeAsync(new InvocationConfiguration
            {
                Output = output,
                Error = error,
                EnableDefaultExceptionHandler = false,
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("qi: cancelled.").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
#pragma warning disable CA1031 // The tool's last line of defence: whatever escaped a command is reported, never a raw crash.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            string? log = WriteCrashLog(ex, args, crashFolder);
            string where = log is null ? "the details could not be written to a file" : $"details are in {log}";
            await error.WriteLineAsync($"qi: internal error ({ex.GetType().Name}: {FirstLine(ex.Message)}); {where}. Please report it with that file.").ConfigureAwait(false);
            return ExitCodes.InternalError;
        }
    }

    /// <summary>Turns System.CommandLine's .NET type names into words ("a number", not System.Nullable`1[System.Double]).</summary>
    internal static string Readable(string message) => TypeName().Replace(message, m => ": expected " + Describe(m.Groups["type"].Value));

    private static string Describe(string type)
    {
        string inner = NullableOf().Match(type) is { Success: true } n ? n.Groups["inner"].Value : type;
        return inner switch
        {
            "System.Double" or "System.Single" or "System.Decimal" => "a number (e.g. 1.5)",
            "System.Int32" or "System.Int64" or "System.Int16" => "a whole number",
            "System.Boolean" => "true or false",
            "System.DateOnly" or "System.DateTime" => "a date (YYYY-MM-DD)",
            "System.String" => "text",
            _ => inner[(inner.LastIndexOf('.') + 1)..].Replace("[]", " list", StringComparison.Ordinal),
        };
    }

    private static string FirstLine(string text)
    {
        int newline = text.IndexOfAny(['\r', '\n']);
        string line = newline < 0 ? text : text[..newline];
        return line.Length <= 200 ? line : line[..200] + "...";
    }

    private static string? WriteCrashLog(Exception ex, string[] args, string? folder)
    {
        try
        {
            string dir = folder ?? Path.GetTempPath();
            Directory.CreateDirectory(dir);
            string path = Path.Combine(dir, string.Create(CultureInfo.InvariantCulture, $"qi-crash-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}-{Guid.NewGuid():N}.log"));
            File.WriteAllText(path, string.Create(CultureInfo.InvariantCulture,
                $"qi {typeof(QiCli).Assembly.GetName().Version} on .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}\nutc: {DateTime.UtcNow:O}\nargs: {string.Join(' ', args)}\n\n{ex}\n"));
            return path;
        }
        catch (Exception logFailure) when (logFailure is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [GeneratedRegex(@" as expected type '?(?<type>[A-Za-z0-9_.`\[\]]+?)'?(?=[.\s]*$|\.\s)")]
    private static partial Regex TypeName();

    [GeneratedRegex(@"^System\.Nullable`1\[(?<inner>.+)\]$")]
    private static partial Regex NullableOf();
}
