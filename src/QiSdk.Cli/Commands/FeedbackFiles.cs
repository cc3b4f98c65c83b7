using System.CommandLine;
using System.Globalization;
using System.Text;

namespace QiSdk.Cli.Commands;

/// <summary>Shared helpers of the feedback commands (compare, trend, report): multi-value options and output files.</summary>
internal static class FeedbackFiles
{
    public static Option<string[]> Multi(string name, string description, string help) => new(name)
    {
        Description = description,
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = true,
        HelpName = help,
    };

    public static Option<string> Out() => new("--out") { Description = "Output folder (created if needed); default the current folder.", HelpName = "DIR", DefaultValueFactory = _ => "." };

    /// <summary>Writes a file atomically (temporary file, then rename), so a reader never sees half a report.</summary>
    public static string Write(string dir, string name, Action<Stream> write)
    {
        Directory.CreateDirectory(dir);
        string path = Path.GetFullPath(Path.Combine(dir, name));
        string temp = path + ".tmp";
        using (var stream = File.Create(temp))
        {
            write(stream);
        }

        File.Move(temp, path, overwrite: true);
        return path;
    }

    public static string WriteText(string dir, string name, string text) => Write(dir, name, s => s.Write(Encoding.UTF8.GetBytes(text)));

    public static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
