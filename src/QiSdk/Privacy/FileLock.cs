namespace QiSdk.Privacy;

/// <summary>
/// An exclusive lock held by keeping <c>PATH.lock</c> open with <see cref="FileShare.None"/> (an OS lock on Windows and
/// an advisory <c>flock</c> on Unix; both exclude other processes and other handles in this process). Waits
/// asynchronously (<c>Task.Delay</c>, doubling from 2 ms to 50 ms)
/// until the timeout; never blocks a thread while waiting. Kept in Privacy (not QiSdk.IO) because only the privacy
/// stores lock, and a lock that stays held is their error (QI4021).
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
