using QiSdk.Cli;

var parseResult = QiCommand.Create().Parse(args);
if (parseResult.Errors.Count > 0)
{
    // Unusable arguments exit 2 (README, "Exit codes"), one line per problem on stderr, then a pointer to --help.
    foreach (var error in parseResult.Errors)
    {
        await Console.Error.WriteLineAsync($"qi: {error.Message}").ConfigureAwait(false);
    }

    await Console.Error.WriteLineAsync("Run 'qi --help' or 'qi <command> --help' for usage.").ConfigureAwait(false);
    return ExitCodes.UsageOrInputError;
}

return await parseResult.InvokeAsync().ConfigureAwait(false);
