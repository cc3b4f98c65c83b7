using System.Collections.Concurrent;
using QiSdk.Records;

namespace QiSdk.Synthetic;

/// <summary>
/// The built-in synthetic general practice: a deterministic, realistic registered list (UK age/sex structure, QOF-like
/// prevalences, coding in SNOMED CT, Read v2, CTV3 and practice-local codes) for demos, tests and benchmarks.
/// Generated in memory as <see cref="PatientRecord"/>s (the host-fed path) or written as FHIR R4 NDJSON or Bundles.
/// See <c>docs/synthetic-practice.md</c>.
/// </summary>
public static class SyntheticPractice
{
    /// <summary>
    /// Generates the practice lazily, one patient at a time, in list order. Patient <c>i</c> depends only on the seed,
    /// the reference date, the practice code, the coding mix and <c>i</c>, so any prefix of a larger practice is identical
    /// to the smaller practice.
    /// </summary>
    /// <param name="options">What to generate.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The patients, exactly as a reader of the files <see cref="Export"/> writes should produce them (without <see cref="PatientRecord.Source"/> locations).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range (<see cref="SyntheticPracticeOptions.Validate"/>).</exception>
    public static IEnumerable<PatientRecord> Generate(SyntheticPracticeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return Iterate(options, cancellationToken);
    }

    /// <summary>Generates the whole practice in memory using every core; the result equals <see cref="Generate"/>'s, in the same order.</summary>
    /// <param name="options">What to generate.</param>
    /// <param name="cancellationToken">Stops the generation (throws <see cref="OperationCanceledException"/>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static PatientRecord[] GenerateAll(SyntheticPracticeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var codes = new PracticeCodings(options.PracticeCode, options.CodingMix);
        var result = new PatientRecord[options.Patients];
        Parallel.ForEach(
            Partitioner.Create(0, options.Patients, 2048),
            new ParallelOptions { CancellationToken = cancellationToken },
            () => new PatientGenerator(options, codes),
            (range, _, generator) =>
            {
                for (int i = range.Item1; i < range.Item2; i++)
                {
                    result[i] = generator.Generate(i, withHints: false).Record;
                }

                return generator;
            },
            static _ => { });
        return result;
    }

    /// <summary>
    /// Writes the practice as FHIR R4 files (streaming: patients are generated and written one at a time) plus its code map,
    /// and any deliberately bad records <see cref="SyntheticPracticeOptions.Errors"/> asks for. The same options write the
    /// same bytes.
    /// </summary>
    /// <param name="options">What to generate.</param>
    /// <param name="export">Where and how to write it.</param>
    /// <param name="cancellationToken">Stops the export (files already written stay, possibly incomplete).</param>
    /// <returns>The files written, resource counts and the locations of the injected bad records.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="IOException">A file could not be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder is not writable.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static SyntheticExportResult Export(SyntheticPracticeOptions options, SyntheticExportOptions export, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(export);
        options.Validate();
        if (string.IsNullOrWhiteSpace(export.Directory))
        {
            throw new ArgumentException("SyntheticExportOptions.Directory must name a folder.", nameof(export));
        }

        return new SyntheticExporter(options, export).Run(cancellationToken);
    }

    /// <summary>
    /// Writes the practice's code map as CSV (<c>source_system,source_code,target_system,target_code</c>, <c>\n</c> line
    /// ends): its Read v2, CTV3 and local codes to SNOMED CT. Some local codes deliberately have no row.
    /// </summary>
    /// <param name="practiceCode">The practice code (it names the local code system).</param>
    /// <param name="writer">Where to write.</param>
    /// <returns>The number of rows written (header excluded).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static int WriteCodeMap(string practiceCode, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(practiceCode);
        ArgumentNullException.ThrowIfNull(writer);
        return CodeMapWriter.Write(practiceCode, writer);
    }

    /// <summary>The URI of a practice's local code system, as written in its records and code map.</summary>
    /// <param name="practiceCode">The practice code.</param>
    /// <exception cref="ArgumentNullException"><paramref name="practiceCode"/> is null.</exception>
    public static string LocalCodeSystem(string practiceCode)
    {
        ArgumentNullException.ThrowIfNull(practiceCode);
        return SyntheticCodeSystems.Local(practiceCode);
    }

    private static IEnumerable<PatientRecord> Iterate(SyntheticPracticeOptions options, CancellationToken cancellationToken)
    {
        var generator = new PatientGenerator(options, new PracticeCodings(options.PracticeCode, options.CodingMix));
        for (int i = 0; i < options.Patients; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return generator.Generate(i, withHints: false).Record;
        }
    }
}
