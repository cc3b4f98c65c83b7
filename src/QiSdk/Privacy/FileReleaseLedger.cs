using System.Text;
using System.Text.Json;

namespace QiSdk.Privacy;

/// <summary>
/// A release ledger in one JSON-lines file (one released cell per line), appended and read under an exclusive lock on
/// <c>PATH.lock</c>. Local only: it holds original aggregate counts.
/// </summary>
public sealed class FileReleaseLedger : IReleaseLedger
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private readonly string _path;
    private readonly TimeSpan _lockTimeout;

    /// <summary>Creates the ledger (the file is created on the first release).</summary>
    /// <param name="path">The ledger file.</param>
    /// <param name="lockTimeout">How long to wait for another release (default 30 s).</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    public FileReleaseLedger(string path, TimeSpan? lockTimeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = Path.GetFullPath(path);
        _lockTimeout = lockTimeout ?? TimeSpan.FromSeconds(30);
    }

    /// <inheritdoc />
    public IReadOnlyList<ReleasedCell> ReleasedFor(string indicatorId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(indicatorId);
        using var held = FileLock.Acquire(_path, _lockTimeout, cancellationToken);
        if (!File.Exists(_path))
        {
            return [];
        }

        var cells = new List<ReleasedCell>();
        int lineNumber = 0;
        foreach (string line in File.ReadLines(_path))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            ReleasedCell? cell;
            try
            {
                cell = JsonSerializer.Deserialize<ReleasedCell>(line, Json);
            }
            catch (JsonException ex)
            {
                throw new PrivacyException(PrivacyErrors.LedgerCorrupt, $"{_path}:line {lineNumber}: not a released-cell record ({ex.Message}).", ex);
            }

            if (cell is null || cell.IndicatorId is null || cell.ReleaseId is null)
            {
                throw new PrivacyException(PrivacyErrors.LedgerCorrupt, $"{_path}:line {lineNumber}: not a released-cell record.");
            }

            if (cell.IndicatorId == indicatorId)
            {
                cells.Add(cell);
            }
        }

        return cells;
    }

    /// <inheritdoc />
    public void Record(IReadOnlyList<ReleasedCell> cells, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cells);
        using var held = FileLock.Acquire(_path, _lockTimeout, cancellationToken);
        var text = new StringBuilder();
        foreach (var cell in cells)
        {
            text.Append(JsonSerializer.Serialize(cell, Json)).Append('\n');
        }

        using var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read);
        stream.Write(Encoding.UTF8.GetBytes(text.ToString()));
        stream.Flush(flushToDisk: true);
    }
}
