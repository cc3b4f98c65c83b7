namespace QiSdk.Records;

/// <summary>Turns the paths a user gives into inputs: files as given, folders expanded recursively in a stable order.</summary>
internal static class FhirInputDiscovery
{
    /// <summary>
    /// Every path is checked before anything is read, so a typo fails fast. Files in folders that are not FHIR JSON by
    /// name are reported (information) and not read; a file given explicitly is read whatever its name (JSON unless it
    /// ends in .ndjson, .ndjson.gz or .json.gz).
    /// </summary>
    public static List<FhirInput> Expand(IEnumerable<string> paths, FhirReadSession session)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var given = paths.ToList();
        if (given.Count == 0)
        {
            throw new ArgumentException("At least one input path is needed.", nameof(paths));
        }

        foreach (string path in given)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                throw new ArgumentException("An input path is empty.", nameof(paths));
            }

            if (!File.Exists(path) && !Directory.Exists(path))
            {
                var issue = new DataQualityIssue(ReaderErrors.PathNotFound, DataQualitySeverity.Error, ReaderErrors.PathNotFoundMessage(path)) { File = path };
                throw new FhirReadException(issue);
            }
        }

        var inputs = new List<FhirInput>();
        foreach (string path in given)
        {
            if (File.Exists(path))
            {
                inputs.Add(FhirInput.FromFile(path));
                continue;
            }

            var files = Directory.EnumerateFiles(path, "*", new EnumerationOptions
            {
                RecurseSubdirectories = true,
                IgnoreInaccessible = false,
                AttributesToSkip = FileAttributes.None,
            })
            .Select(f => (Full: f, Relative: Path.GetRelativePath(path, f).Replace('\\', '/')))
            .OrderBy(f => f.Relative, StringComparer.Ordinal);
            foreach (var (full, _) in files)
            {
                if (FhirInput.FormatFromName(full) is { } format)
                {
                    inputs.Add(FhirInput.FromFile(full, format));
                }
                else
                {
                    session.ReportInputProblem(ReaderErrors.FileNotRead, DataQualitySeverity.Information, full, ReaderErrors.FileNotReadMessage());
                }
            }
        }

        return inputs;
    }
}
