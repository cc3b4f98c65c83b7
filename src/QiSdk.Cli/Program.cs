using QiSdk.Cli;

return await QiCommand.Create().Parse(args).InvokeAsync().ConfigureAwait(false);
