using System.Text;

namespace QiSdk.Codes;

/// <summary>
/// A small RFC 4180 reader (quoted fields, doubled quotes, line breaks inside quotes) for code lists and maps, with the
/// 1-based line each record starts on. Hand-written because the framework has no CSV reader and the core library takes no
/// third-party dependencies. Tab-separated files (TRUD) use the same reader with <c>'\t'</c> and quoting off.
/// </summary>
internal sealed class DelimitedReader(TextReader reader, char separator = ',', bool quoting = true)
{
    private readonly StringBuilder _field = new();
    private int _line;

    /// <summary>Reads the next record; false at the end of input.</summary>
    /// <exception cref="UnterminatedQuoteException">A quoted field is not closed before the end of input (the message names the line it opened on).</exception>
    public bool TryRead(out int line, out List<string> fields)
    {
        fields = [];
        string? text = reader.ReadLine();
        if (text is null)
        {
            line = _line;
            return false;
        }

        line = ++_line;
        int i = 0;
        while (true)
        {
            _field.Clear();
            if (quoting && i < text.Length && text[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        string? next = reader.ReadLine() ?? throw new UnterminatedQuoteException(line);
                        _line++;
                        _field.Append('\n');
                        text = next;
                        i = 0;
                        continue;
                    }

                    char c = text[i++];
                    if (c == '"')
                    {
                        if (i < text.Length && text[i] == '"')
                        {
                            _field.Append('"');
                            i++;
                            continue;
                        }

                        break;
                    }

                    _field.Append(c);
                }

                // Anything between the closing quote and the separator is kept (lenient, as spreadsheets write it).
                while (i < text.Length && text[i] != separator)
                {
                    _field.Append(text[i++]);
                }
            }
            else
            {
                int end = text.IndexOf(separator, i);
                if (end < 0)
                {
                    end = text.Length;
                }

                _field.Append(text, i, end - i);
                i = end;
            }

            fields.Add(_field.ToString());
            if (i >= text.Length)
            {
                return true;
            }

            i++; // the separator
            if (i == text.Length)
            {
                fields.Add(string.Empty);
                return true;
            }
        }
    }
}

/// <summary>A quoted field was still open at the end of input.</summary>
/// <param name="line">The 1-based line the record started on.</param>
internal sealed class UnterminatedQuoteException(int line) : Exception($"A quoted field opened on line {line} is not closed.")
{
    public int Line { get; } = line;
}
