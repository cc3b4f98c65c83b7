using QiSdk.Codes;

namespace QiSdk.Tests.Codes;

/// <summary>Reads the reference CSV files in ../shared/reference as dictionaries (header name -> value) with line numbers.</summary>
internal static class ReferenceCsv
{
    public static IReadOnlyList<(int Line, Dictionary<string, string> Row)> Read(params string[] parts)
    {
        string path = TestPaths.Reference(parts);
        using var reader = new StreamReader(path);
        var csv = new DelimitedReader(reader);
        var rows = new List<(int, Dictionary<string, string>)>();
        if (!csv.TryRead(out _, out var header))
        {
            return rows;
        }

        while (csv.TryRead(out int line, out var fields))
        {
            if (fields.All(string.IsNullOrEmpty))
            {
                continue;
            }

            var row = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < header.Count && i < fields.Count; i++)
            {
                if (header[i].Length > 0)
                {
                    row[header[i]] = fields[i];
                }
            }

            rows.Add((line, row));
        }

        return rows;
    }

    public static IEnumerable<string> Files(string folder, string pattern = "*.csv") =>
        Directory.EnumerateFiles(TestPaths.Reference(folder), pattern).Order(StringComparer.Ordinal);
}
