using Spectre.Console;

namespace QiSdk.Cli;

/// <summary>Spectre.Console bound to a command's output: colours and live progress only on a real terminal, plain text otherwise.</summary>
internal static class CliConsole
{
    /// <summary>True when <paramref name="output"/> is the process's own stdout and that is a terminal (not redirected).</summary>
    public static bool IsTerminal(TextWriter output) => ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;

    /// <summary>A console writing to <paramref name="output"/>; 160 columns wide when not a terminal so tables do not wrap in logs.</summary>
    public static IAnsiConsole Create(TextWriter output)
    {
        bool terminal = IsTerminal(output);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal)
        {
            console.Profile.Width = 160;
        }

        return console;
    }

    /// <summary>
    /// Runs <paramref name="work"/> with a progress bar on a terminal, or with one plain line per step otherwise.
    /// A <paramref name="total"/> of 0 or less means the total is not known in advance (streamed input): the bar is
    /// indeterminate and shows the count so far.
    /// </summary>
    public static async Task<T> WithProgressAsync<T>(TextWriter output, string description, int total, Func<IProgress<int>, Task<T>> work)
    {
        if (!IsTerminal(output))
        {
            output.WriteLine($"{description}...");
            return await work(new Progress<int>(_ => { })).ConfigureAwait(false);
        }

        T result = default!;
        await Create(output).Progress().AutoClear(true).StartAsync(async context =>
        {
            var task = context.AddTask(description, maxValue: Math.Max(1, total));
            task.IsIndeterminate = total <= 0;
            var progress = new SynchronousProgress(done =>
            {
                if (total <= 0)
                {
                    task.Description = $"{description}: {done:N0} patients";
                }
                else
                {
                    task.Value = Math.Min(done, task.MaxValue);
                }
            });
            result = await work(progress).ConfigureAwait(false);
            task.Value = task.MaxValue;
        }).ConfigureAwait(false);
        return result;
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; posts to the thread pool, which a live bar does not need).</summary>
    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
