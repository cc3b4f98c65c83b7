using System.Globalization;
using System.Text;

namespace QiSdk.Cli;

/// <summary>
/// Record text made safe to print on a terminal. Codes, displays, ids and file names come from the records, and a
/// terminal acts on control characters: ESC starts colour, cursor and title (OSC) sequences, BEL rings, CR overwrites the
/// line. Each such character is printed as a visible escape (<c>\e</c>, <c>\x07</c>, <c>\u009B</c>) instead, as are the
/// bidirectional overrides that reorder what a reader sees. JSON output needs none of this: its writer escapes them.
/// </summary>
internal static class TerminalText
{
    /// <summary><paramref name="text"/> with every control and bidi-override character written as a visible escape.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        int first = IndexOfUnsafe(text);
        if (first < 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            if (!IsUnsafe(c))
            {
                sb.Append(c);
            }
            else if (c == '\u001B')
            {
                sb.Append("\\e");
            }
            else if (c < 0x100)
            {
                sb.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    private static int IndexOfUnsafe(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (IsUnsafe(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>C0 controls (tab included: it reflows columns), DEL, C1 controls, and the bidi embedding/override/isolate characters.</summary>
    private static bool IsUnsafe(char c) =>
        c < 0x20 || c is >= '\u007F' and <= '\u009F' || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069';
}
