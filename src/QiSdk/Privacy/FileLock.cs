namespace QiSdk.Privacy;

/// <summary>
/// An exclusive lock held by keeping <c>PATH.lock</c> open with <see cref="FileShare.None"/> (an OS lock on Windows and
/// an advisory <c>flock</c> on Unix; both exclude other processes and other handles in this process). Waits
/// asynchronously (<see cref="Task.Delay(TimeSpan, TimeProvider, CancellationToken)"/>, doubling from 2 ms to 50 ms)
/// until the timeout; never blocks a thread while waiting.
/// </summary>
internal sealed class FileLock : IDisposable, IAsyncDisposable
{
    private readonly FileStream _stream;

    private FileLock(FileStream stream) => _stream = stream;

    public static async Task<FileLock> AcquireAsync(string path, TimeSpan timeout, CancellationToken cancellationToken, string suffix = ".lock")
    {
        string lockPath = path + suffix;
        string? dir = Path.GetDirectoryName(Path.GetFullPath(lockPath));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        var deadline = DateTime.UtcNow + timeout;
        int delay = 2;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return new FileLock(new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = Math.Min(delay * 2, 50);
            }
            catch (IOException ex)
            {
                throw new PrivacyException(PrivacyErrors.LedgerLockTimeout, $"{lockPath}: still locked by another release after {timeout.TotalSeconds:0} s.", ex);
            }
        }
    }

    public void Dispose() => _stream.Dispose();

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}

/// <summary>Replaces a file atomically: write a temporary file in the same folder, flush it to disk, rename over the target.</summary>
internal static class AtomicFile
{
    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
