using QiSdk.IO;

namespace QiSdk.Privacy;

/// <summary>
/// A disclosure archive in one folder: <c>SHA256.json</c> holds the bytes (written to a temporary file, flushed to disk
/// and renamed into place) and <c>SHA256.sent</c> the release id once the sink accepted them. Content-addressed, so a
/// second store of the same bytes changes nothing.
/// </summary>
public sealed class FileDisclosureArchive : IDisclosureArchive
{
    /// <summary>Creates the archive (the folder is created on the first store).</summary>
    /// <param name="folder">The folder.</param>
    /// <exception cref="ArgumentException"><paramref name="folder"/> is empty.</exception>
    public FileDisclosureArchive(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        FullPath = Path.GetFullPath(folder);
    }

    /// <summary>The archive's folder.</summary>
    public string FullPath { get; }

    /// <inheritdoc />
    public Task StoreAsync(Disclosure disclosure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(disclosure);
        cancellationToken.ThrowIfCancellationRequested();
        string path = PathOf(disclosure.Sha256, ".json");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(FullPath);
            AtomicFile.Write(path, disclosure.Content.Span);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<byte[]?> ReadAsync(string sha256, CancellationToken cancellationToken)
    {
        string path = PathOf(sha256, ".json");
        return File.Exists(path) ? await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <inheritdoc />
    public Task MarkSentAsync(string sha256, string releaseId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(releaseId);
        cancellationToken.ThrowIfCancellationRequested();
        Directory.CreateDirectory(FullPath);
        AtomicFile.Write(PathOf(sha256, ".sent"), System.Text.Encoding.UTF8.GetBytes(releaseId + "\n"));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<bool> WasSentAsync(string sha256, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(File.Exists(PathOf(sha256, ".sent")));
    }

    private string PathOf(string sha256, string extension)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sha256);
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException($"'{sha256}' is not a lower-case hex SHA-256.", nameof(sha256));
        }

        return Path.Combine(FullPath, sha256 + extension);
    }
}
