using QiSdk.Cli;

// Exit codes: README, "Exit codes" (0 ok, 1 check failed / release refused, 2 bad input or usage, 70 internal error,
// 74 audit-log write failure, 130 cancelled).
return await QiCli.RunAsync(QiCommand.Create(), args, Console.Out, Console.Error).ConfigureAwait(false);
