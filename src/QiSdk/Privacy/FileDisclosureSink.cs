namespace QiSdk.Privacy;

/// <summary>Writes a disclosure to <c>DIRECTORY/disclosure.json</c> (atomically: temporary file, then rename).</summary>
public sealed class FileDisclosureSink : IDisclosureSink
{
    /// <summary>Creates the sink.</summary>
    /// <param name="directory">The output folder (created when missing).</param>
    /// <param name="fileName">The file name (default <c>disclosure.json</c>).</param>
    /// <exception cref="ArgumentException">An argument is empty.</exception>
    public FileDisclosureSink(string directory, string fileName = "disclosure.json")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        Path = System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, fileName));
    }

    /// <summary>The full path written.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public Task WriteAsync(AuditedDisclosure disclosure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(disclosure);
        cancellationToken.ThrowIfCancellationRequested();
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        AtomicFile.Write(Path, disclosure.Content.Span);
        return Task.CompletedTask;
    }
}
