using QiSdk.Privacy;

namespace QiSdk.Orleans;

/// <summary>Audited disclosures as <c>FOLDER/RELEASE-ID.json</c>, each written to a temporary file and renamed into place.</summary>
internal sealed class FileReleasedDisclosureStore(string folder) : IReleasedDisclosureStore
{
    private readonly string _folder = Path.GetFullPath(folder);

    public async Task WriteAsync(AuditedDisclosure disclosure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(disclosure);
        Directory.CreateDirectory(_folder);
        string path = PathOf(disclosure.ReleaseId);
        string temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
            {
                await stream.WriteAsync(disclosure.Content, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public async Task<byte[]?> ReadAsync(string releaseId, CancellationToken cancellationToken)
    {
        string path = PathOf(releaseId);
        return File.Exists(path) ? await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false) : null;
    }

    private string PathOf(string releaseId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(releaseId);
        if (releaseId.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) || releaseId.StartsWith('.'))
        {
            throw new ArgumentException($"release id '{releaseId}' is not usable as a file name.", nameof(releaseId));
        }

        return Path.Combine(_folder, releaseId + ".json");
    }
}
