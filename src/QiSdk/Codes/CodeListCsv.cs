namespace QiSdk.Codes;

/// <summary>
/// Loads a code list CSV file as published by OpenCodelists (<c>code,term</c> or <c>id,term</c>) and the other layouts in
/// the wild: <c>CTV3ID,CTV3PreferredTermDesc,CTV3Source</c> (a code repeated once per source is kept once),
/// <c>ClusterId,ClusterName,CTV3Code,Description</c> (CTV3 QOF cluster extracts), <c>type,id,bnf_code,nm</c> (dm+d),
/// <c>ICD10,Term_description</c>, and any list with a <c>system</c> column. Header names are matched ignoring case.
/// </summary>
public static class CodeListCsv
{
    private static readonly string[] CodeColumns = ["code", "id", "ctv3id", "ctv3code", "icd10", "conceptid", "snomedcode", "snomed_conceptid", "readcode", "read_code"];
    private static readonly string[] TermColumns = ["term", "description", "ctv3preferredtermdesc", "nm", "term_description", "display", "term_snomed", "term_readcode"];

    /// <summary>Loads a code list file.</summary>
    /// <param name="path">The CSV file (UTF-8, with or without a byte-order mark).</param>
    /// <param name="name">The code set's name (e.g. <c>DM_COD</c>).</param>
    /// <param name="options">How to read it (default: system from the header).</param>
    /// <param name="log">
    /// Lenient mode: bad rows are skipped and reported here (file, line, code). Default null: strict mode, the first bad row
    /// throws a <see cref="TerminologyException"/> carrying the same details.
    /// </param>
    /// <returns>The code set; <see cref="CodeSet.Source"/> is <paramref name="path"/>.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="TerminologyException">Strict mode and a row or the header cannot be used (QI2001-QI2005, with file and line).</exception>
    public static CodeSet Load(string path, string name, CodeListCsvOptions? options = null, DataQualityLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        return Read(reader, name, path, options, log);
    }

    /// <summary>Reads a code list from text.</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="name">The code set's name.</param>
    /// <param name="sourceName">The file or stream name used in error locations and <see cref="CodeSet.Source"/>.</param>
    /// <param name="options">How to read it (default: system from the header).</param>
    /// <param name="log">Lenient mode: bad rows are skipped and reported here. Default null: strict mode, the first bad row throws.</param>
    /// <returns>The code set.</returns>
    /// <exception cref="TerminologyException">Strict mode and a row or the header cannot be used (QI2001-QI2005, with file and line).</exception>
    public static CodeSet Read(TextReader reader, string name, string? sourceName, CodeListCsvOptions? options = null, DataQualityLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(name);
        options ??= new CodeListCsvOptions();
        var csv = new DelimitedReader(reader);
        var members = new List<CodeSetMember>();
        var registry = options.Icd10ThreeCharacterCodesIncludeChildren ? CodeSystemRegistry.CreateDefault() : null;
        try
        {
            if (!csv.TryRead(out _, out var header))
            {
                Report(log, CodeErrors.At(CodeErrors.CsvEmpty, DataQualitySeverity.Error, CodeErrors.Empty(), sourceName, 1));
                return CodeSet.Create(name, members, options.Title, sourceName);
            }

            var columns = header.Select(h => h.Trim().Trim('\uFEFF').ToLowerInvariant()).ToList();
            int codeColumn = CodeColumns.Select(c => columns.IndexOf(c)).FirstOrDefault(i => i >= 0, -1);
            if (codeColumn < 0)
            {
                Report(log, CodeErrors.At(CodeErrors.CsvNoCodeColumn, DataQualitySeverity.Error, CodeErrors.NoCodeColumn(string.Join(",", header)), sourceName, 1));
                return CodeSet.Create(name, members, options.Title, sourceName);
            }

            int termColumn = TermColumns.Select(c => columns.IndexOf(c)).FirstOrDefault(i => i >= 0, -1);
            int systemColumn = columns.IndexOf("system");
            int clusterColumn = columns.IndexOf("clusterid");
            string defaultSystem = options.System ?? columns[codeColumn] switch
            {
                "ctv3id" or "ctv3code" => CodeSystems.Ctv3,
                "icd10" => CodeSystems.Icd10,
                "readcode" or "read_code" => CodeSystems.ReadV2,
                _ => CodeSystems.SnomedCt,
            };

            while (csv.TryRead(out int line, out var fields))
            {
                if (fields.All(string.IsNullOrWhiteSpace))
                {
                    continue; // a blank line carries nothing
                }

                if (fields.Count <= codeColumn)
                {
                    Report(log, CodeErrors.At(CodeErrors.CsvShortRow, DataQualitySeverity.Warning, CodeErrors.ShortRow(fields.Count, codeColumn + 1), sourceName, line));
                    continue;
                }

                if (options.ClusterId is not null && clusterColumn >= 0 && (clusterColumn >= fields.Count || !string.Equals(fields[clusterColumn].Trim(), options.ClusterId, StringComparison.Ordinal)))
                {
                    continue; // another cluster of the same extract, deliberately not wanted
                }

                string code = fields[codeColumn];
                if (string.IsNullOrWhiteSpace(code.Trim('\uFEFF', '#')))
                {
                    Report(log, CodeErrors.At(CodeErrors.CsvRowWithoutCode, DataQualitySeverity.Warning, CodeErrors.RowWithoutCode(), sourceName, line));
                    continue;
                }

                string system = options.System ?? (systemColumn >= 0 && systemColumn < fields.Count && !string.IsNullOrWhiteSpace(fields[systemColumn]) ? fields[systemColumn].Trim() : defaultSystem);
                string? term = termColumn >= 0 && termColumn < fields.Count && fields[termColumn].Length > 0 ? fields[termColumn] : null;
                bool descendants = registry is not null && code.Trim().TrimEnd('#').Length == 3
                    && registry.TryResolve(system, out var cs) && cs.Kind == CodeSystemKind.Icd10;
                members.Add(new CodeSetMember(system, code, term, descendants));
            }
        }
        catch (UnterminatedQuoteException ex)
        {
            Report(log, CodeErrors.At(CodeErrors.CsvUnterminatedQuote, DataQualitySeverity.Error, CodeErrors.UnterminatedQuote(), sourceName, ex.Line));
        }

        return CodeSet.Create(name, members, options.Title, sourceName);
    }

    internal static void Report(DataQualityLog? log, DataQualityIssue issue)
    {
        if (log is null)
        {
            throw new TerminologyException([issue]);
        }

        log.Add(issue);
    }
}
