using System.Collections.Immutable;

namespace QiSdk.Codes;

/// <summary>
/// Loads code maps from delimited text: QiSdk's CSV layout <c>source_system,source_code,target_system,target_code</c> (more
/// columns allowed; an <c>equivalence</c> column, when present, is filtered like a ConceptMap's), and the NHS TRUD "NHS Data
/// Migration" forward maps as distributed to licensed users (tab-separated, with a header):
/// Read v2 <c>rcsctmap2_uk_*.txt</c> (<c>MapId, ReadCode, TermCode, ConceptId, DescriptionId, IS_ASSURED, EffectiveDate, MapStatus</c>)
/// and CTV3 <c>ctv3sctmap2_uk_*.txt</c> (<c>MAPID, CTV3_CONCEPTID, ..., SCT_CONCEPTID, ..., MAPSTATUS, EFFECTIVEDATE, IS_ASSURED</c>).
/// </summary>
public static class CodeMapCsv
{
    /// <summary>Loads a map in QiSdk's CSV layout.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="log">Lenient mode: bad rows are logged and skipped. Default null: strict, the first bad row throws.</param>
    /// <returns>The map, named after the file.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="TerminologyException">Strict mode and the header or a row cannot be used (QI2050, QI2051, with file and line).</exception>
    public static CodeMap Load(string path, DataQualityLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        return Read(reader, Path.GetFileName(path), path, log);
    }

    /// <summary>Reads a map in QiSdk's CSV layout.</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="name">The map's name.</param>
    /// <param name="sourceName">The file or stream name for error locations.</param>
    /// <param name="log">Lenient mode log, or null (default) for strict mode.</param>
    /// <returns>The map.</returns>
    /// <exception cref="TerminologyException">Strict mode and the header or a row cannot be used.</exception>
    public static CodeMap Read(TextReader reader, string name, string? sourceName, DataQualityLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(name);
        var csv = new DelimitedReader(reader);
        var entries = new List<CodeMapEntry>();
        var skipped = new SortedDictionary<string, int>(StringComparer.Ordinal);
        try
        {
            if (!csv.TryRead(out _, out var header))
            {
                CodeListCsv.Report(log, CodeErrors.At(CodeErrors.MapCsvHeader, DataQualitySeverity.Error, CodeErrors.MapCsvHeaderMessage(string.Empty), sourceName, 1));
                return CodeMap.Create(name, entries, sourceName, ImmutableSortedDictionary<string, int>.Empty);
            }

            var cols = Columns(header);
            int ss = cols.GetValueOrDefault("source_system", -1), sc = cols.GetValueOrDefault("source_code", -1);
            int ts = cols.GetValueOrDefault("target_system", -1), tc = cols.GetValueOrDefault("target_code", -1);
            int eq = cols.GetValueOrDefault("equivalence", -1);
            if (ss < 0 || sc < 0 || ts < 0 || tc < 0)
            {
                CodeListCsv.Report(log, CodeErrors.At(CodeErrors.MapCsvHeader, DataQualitySeverity.Error, CodeErrors.MapCsvHeaderMessage(string.Join(",", header)), sourceName, 1));
                return CodeMap.Create(name, entries, sourceName, ImmutableSortedDictionary<string, int>.Empty);
            }

            while (csv.TryRead(out int line, out var f))
            {
                if (f.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }

                string? Field(int i) => i < f.Count && !string.IsNullOrWhiteSpace(f[i]) ? f[i].Trim() : null;
                string? equivalence = eq >= 0 ? Field(eq) : null;
                if (equivalence is not null && !ConceptMapJson.Maps(equivalence))
                {
                    skipped[$"equivalence={equivalence}"] = skipped.GetValueOrDefault($"equivalence={equivalence}") + 1;
                    continue;
                }

                if (Field(ss) is not { } sourceSystem || Field(sc) is not { } sourceCode || Field(ts) is not { } targetSystem || Field(tc) is not { } targetCode)
                {
                    CodeListCsv.Report(log, CodeErrors.At(CodeErrors.MapRowIncomplete, DataQualitySeverity.Warning, CodeErrors.MapRowIncompleteMessage("lacks a source or target system or code"), sourceName, line));
                    skipped["incomplete row"] = skipped.GetValueOrDefault("incomplete row") + 1;
                    continue;
                }

                entries.Add(new CodeMapEntry(sourceSystem, sourceCode, targetSystem, targetCode, equivalence));
            }
        }
        catch (UnterminatedQuoteException ex)
        {
            CodeListCsv.Report(log, CodeErrors.At(CodeErrors.CsvUnterminatedQuote, DataQualitySeverity.Error, CodeErrors.UnterminatedQuote(), sourceName, ex.Line));
        }

        return CodeMap.Create(name, entries, sourceName, skipped.ToImmutableSortedDictionary(StringComparer.Ordinal));
    }

    /// <summary>Loads a TRUD Read v2 or CTV3 to SNOMED CT forward map file (tab-separated, header row), recognised by its header.</summary>
    /// <param name="path">The <c>rcsctmap2_uk_*.txt</c> or <c>ctv3sctmap2_uk_*.txt</c> file.</param>
    /// <param name="log">Lenient mode: bad rows are logged and skipped. Default null: strict, the first bad row throws.</param>
    /// <returns>
    /// The map, named after the file. Only the latest revision (by effective date) of each map id is considered, and of those
    /// only rows that are active (<c>MapStatus = 1</c>) and clinically assured (<c>IS_ASSURED = 1</c>) map; the rest are
    /// counted in <see cref="CodeMap.SkippedEntries"/>.
    /// </returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="TerminologyException">Strict mode and the header or a row cannot be used (QI2051, QI2052, with file and line).</exception>
    public static CodeMap LoadTrud(string path, DataQualityLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        return ReadTrud(reader, Path.GetFileName(path), path, log);
    }

    /// <summary>Reads a TRUD Read v2 or CTV3 to SNOMED CT forward map (tab-separated, header row).</summary>
    /// <param name="reader">The file's text.</param>
    /// <param name="name">The map's name.</param>
    /// <param name="sourceName">The file or stream name for error locations.</param>
    /// <param name="log">Lenient mode log, or null (default) for strict mode.</param>
    /// <returns>The map (see <see cref="LoadTrud"/> for which rows map).</returns>
    /// <exception cref="TerminologyException">Strict mode and the header or a row cannot be used.</exception>
    public static CodeMap ReadTrud(TextReader reader, string name, string? sourceName, DataQualityLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(name);
        var tsv = new DelimitedReader(reader, '\t', quoting: false);
        var skipped = new SortedDictionary<string, int>(StringComparer.Ordinal);
        void Skip(string reason) => skipped[reason] = skipped.GetValueOrDefault(reason) + 1;

        if (!tsv.TryRead(out _, out var header))
        {
            CodeListCsv.Report(log, CodeErrors.At(CodeErrors.TrudHeader, DataQualitySeverity.Error, CodeErrors.TrudHeaderMessage(string.Empty), sourceName, 1));
            return CodeMap.Create(name, [], sourceName, ImmutableSortedDictionary<string, int>.Empty);
        }

        var cols = Columns(header);
        bool read2 = cols.ContainsKey("readcode");
        int source = read2 ? cols["readcode"] : cols.GetValueOrDefault("ctv3_conceptid", -1);
        int target = cols.TryGetValue("conceptid", out int c) ? c : cols.GetValueOrDefault("sct_conceptid", -1);
        int id = cols.GetValueOrDefault("mapid", -1), date = cols.GetValueOrDefault("effectivedate", -1);
        int status = cols.GetValueOrDefault("mapstatus", -1), assured = cols.GetValueOrDefault("is_assured", -1);
        if (source < 0 || target < 0 || id < 0 || date < 0 || status < 0)
        {
            CodeListCsv.Report(log, CodeErrors.At(CodeErrors.TrudHeader, DataQualitySeverity.Error, CodeErrors.TrudHeaderMessage(string.Join("\t", header)), sourceName, 1));
            return CodeMap.Create(name, [], sourceName, ImmutableSortedDictionary<string, int>.Empty);
        }

        int needed = new[] { source, target, id, date, status, assured }.Max() + 1;
        string sourceSystem = read2 ? CodeSystems.ReadV2 : CodeSystems.Ctv3;
        var latest = new Dictionary<string, (string Date, List<string> Row)>(StringComparer.Ordinal);
        while (tsv.TryRead(out int line, out var f))
        {
            if (f.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            if (f.Count < needed || string.IsNullOrWhiteSpace(f[id]) || string.IsNullOrWhiteSpace(f[source]))
            {
                CodeListCsv.Report(log, CodeErrors.At(CodeErrors.MapRowIncomplete, DataQualitySeverity.Warning,
                    CodeErrors.MapRowIncompleteMessage($"has {f.Count} column(s) (needs {needed}) or lacks the map id or source code"), sourceName, line));
                Skip("incomplete row");
                continue;
            }

            // Rows are versioned: a MapId repeats across revisions; only the latest effective date counts.
            string effective = new([.. f[date].Where(char.IsAsciiDigit)]);
            if (latest.TryGetValue(f[id], out var seen))
            {
                Skip("superseded revision");
                if (string.CompareOrdinal(effective, seen.Date) <= 0)
                {
                    continue;
                }
            }

            latest[f[id]] = (effective, f);
        }

        var entries = new List<CodeMapEntry>();
        foreach (var (_, (_, f)) in latest)
        {
            if (f[status].Trim() != "1")
            {
                Skip("MapStatus=" + f[status].Trim());
                continue;
            }

            if (assured >= 0 && f[assured].Trim() != "1")
            {
                Skip("IS_ASSURED=" + f[assured].Trim());
                continue;
            }

            if (string.IsNullOrWhiteSpace(f[target]) || f[target].StartsWith('_'))
            {
                Skip("no target concept");
                continue;
            }

            entries.Add(new CodeMapEntry(sourceSystem, f[source].Trim(), CodeSystems.SnomedCt, f[target].Trim(), "assured"));
        }

        return CodeMap.Create(name, entries, sourceName, skipped.ToImmutableSortedDictionary(StringComparer.Ordinal));
    }

    private static Dictionary<string, int> Columns(List<string> header)
    {
        var cols = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < header.Count; i++)
        {
            cols.TryAdd(header[i].Trim().Trim('\uFEFF'), i);
        }

        return cols;
    }
}
