using QiSdk.Records;

namespace QiSdk.Synthetic;

/// <summary>
/// The synthetic practice as an <see cref="IPatientRecordSource"/>: patients generated on demand (no files), the way a
/// host feeds its own in-memory records. Registrable as a singleton; each read generates the same patients again.
/// </summary>
public sealed class SyntheticPatientSource : IPatientRecordSource
{
    private readonly SyntheticPracticeOptions _options;

    /// <summary>Creates a source for the given practice.</summary>
    /// <param name="options">What to generate.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public SyntheticPatientSource(SyntheticPracticeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>The practice this source generates.</summary>
    public SyntheticPracticeOptions Options => _options;

    /// <inheritdoc />
    /// <remarks>Generated records carry no data-quality problems, so nothing is added to <paramref name="log"/>.</remarks>
    public IAsyncEnumerable<PatientRecord> ReadPatientsAsync(DataQualityLog log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        return SyntheticPractice.Generate(_options, cancellationToken).ToAsyncEnumerable();
    }
}
