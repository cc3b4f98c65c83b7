using System.Text.Json;

namespace QiSdk.Codes;

/// <summary>
/// Loads code-set and code-map files by recognising their format, so the CLI, the DI package and hosts all accept the
/// same files: code sets from FHIR ValueSet JSON (or a Bundle of them), QiSdk's code-set JSON, or an OpenCodelists CSV;
/// maps from FHIR ConceptMap JSON, the NHS TRUD Read/CTV3 -> SNOMED CT map layout (tab-separated), or QiSdk's map CSV
/// (<c>source_system,source_code,target_system,target_code</c>).
/// </summary>
public static class CodeFiles
{
    /// <summary>
    /// Loads the code sets in one file. A <c>.csv</c> is an OpenCodelists code list named after the file (upper case,
    /// e.g. <c>dm_cod.csv</c> -> <c>DM_COD</c>); JSON with a top-level <c>format</c> property is QiSdk's code-set JSON;
    /// other JSON is a FHIR ValueSet or a Bundle of ValueSets.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="log">Where located problems in the file are recorded.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="TerminologyException">The file cannot be used at all; the message says where.</exception>
    public static IReadOnlyList<CodeSet> LoadCodeSets(string path, DataQualityLog? log = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Code-set file '{path}' does not exist.", path);
        }

        if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return [CodeListCsv.Load(path, Path.GetFileNameWithoutExtension(path).ToUpperInvariant())];
        }

        using var stream = File.OpenRead(path);
        return ReadCodeSets(stream, path, log);
    }

    /// <summary>
    /// Reads the code sets in one stream, recognising the format as <see cref="LoadCodeSets(string, DataQualityLog?)"/>
    /// does (by <paramref name="fileName"/>'s extension, then by the JSON's top-level <c>format</c> property). The JSON is
    /// parsed once. For hosts whose files come from an <c>IFileProvider</c>, a database or an embedded resource.
    /// </summary>
    /// <param name="stream">The file's content.</param>
    /// <param name="fileName">Its name (the extension chooses CSV or JSON; a CSV code list is named after it) and the name used in error locations.</param>
    /// <param name="log">Where located problems are recorded; null (default) for strict mode.</param>
    /// <exception cref="TerminologyException">The content cannot be used at all; the message says where.</exception>
    public static IReadOnlyList<CodeSet> ReadCodeSets(Stream stream, string fileName, DataQualityLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        if (fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            using var reader = new StreamReader(stream, leaveOpen: true);
            return [CodeListCsv.Read(reader, Path.GetFileNameWithoutExtension(fileName).ToUpperInvariant(), fileName)];
        }

        using var doc = JsonInput.Parse(stream, fileName, log);
        if (doc is null)
        {
            return [];
        }

        bool qiFormat = doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("format", out _);
        return qiFormat ? QiCodeSetJson.Read(doc, fileName, log) : ValueSetJson.Read(doc, fileName, log);
    }

    /// <summary>
    /// Loads one map file: <c>.json</c> is a FHIR ConceptMap; a file whose first line contains a tab is a TRUD map;
    /// anything else is QiSdk's map CSV.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="log">Where located problems in the file are recorded.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="TerminologyException">The file cannot be used at all; the message says where.</exception>
    public static CodeMap LoadCodeMap(string path, DataQualityLog? log = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Code-map file '{path}' does not exist.", path);
        }

        using var stream = File.OpenRead(path);
        return ReadCodeMap(stream, path, log);
    }

    /// <summary>
    /// Reads one map from a stream, recognising the format as <see cref="LoadCodeMap(string, DataQualityLog?)"/> does:
    /// a <c>.json</c> name is a FHIR ConceptMap; otherwise a first line with a tab is a TRUD map, anything else the map CSV.
    /// Read once (the first line is looked at in the same pass).
    /// </summary>
    /// <param name="stream">The file's content.</param>
    /// <param name="fileName">Its name (the extension chooses JSON; the map is named after it) and the name used in error locations.</param>
    /// <param name="log">Where located problems are recorded; null (default) for strict mode.</param>
    /// <exception cref="TerminologyException">The content cannot be used at all; the message says where.</exception>
    public static CodeMap ReadCodeMap(Stream stream, string fileName, DataQualityLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        if (fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return ConceptMapJson.Read(stream, fileName, log);
        }

        using var reader = new StreamReader(stream, leaveOpen: true);
        string first = reader.ReadLine() ?? string.Empty;
        var text = new FirstLineReader(first, reader);
        string name = Path.GetFileName(fileName);
        return first.Contains('\t', StringComparison.Ordinal)
            ? CodeMapCsv.ReadTrud(text, name, fileName, log)
            : CodeMapCsv.Read(text, name, fileName, log);
    }

    /// <summary>A reader that gives back a line already read, then the rest: the format is sniffed without reading twice.</summary>
    private sealed class FirstLineReader(string first, TextReader rest) : TextReader
    {
        private string? _pending = first + "\n";
        private int _at;

        public override int Peek() => _pending is { } p ? p[_at] : rest.Peek();

        public override int Read()
        {
            if (_pending is not { } p)
            {
                return rest.Read();
            }

            char c = p[_at++];
            if (_at == p.Length)
            {
                _pending = null;
            }

            return c;
        }

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<char> buffer)
        {
            if (_pending is not { } p)
            {
                return rest.Read(buffer);
            }

            int n = Math.Min(buffer.Length, p.Length - _at);
            p.AsSpan(_at, n).CopyTo(buffer);
            _at += n;
            if (_at == p.Length)
            {
                _pending = null;
            }

            return n;
        }

        public override string? ReadLine()
        {
            if (_pending is not { } p)
            {
                return rest.ReadLine();
            }

            string line = p[_at..^1];
            _pending = null;
            return line;
        }
    }
}
