using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using QiSdk.Indicators;

namespace QiSdk.Privacy;

/// <summary>One practice's part in a release: its code and the SHA-256 of its results' content (not of any path).</summary>
/// <param name="PracticeCode">The reporter (practice code, e.g. an ODS code).</param>
/// <param name="ContentSha256">Lower-case hex SHA-256 of the practice's summaries with the reporter left out (see <see cref="ReleaseHistory.ContentHash"/>).</param>
public sealed record PracticeContribution(string PracticeCode, string ContentSha256);

/// <summary>A registered cluster membership: which practices one version of a cluster id stands for.</summary>
/// <param name="ClusterId">The cluster id (the reporter written on combined results).</param>
/// <param name="Version">1 for the first registration of the id, then +1 per change.</param>
/// <param name="Practices">The member practice codes, sorted ordinally.</param>
public sealed record ClusterMembership(string ClusterId, int Version, ImmutableArray<string> Practices);

/// <summary>One release as the release ledger keeps it.</summary>
/// <param name="ReleaseId">The release id (also in the audit log).</param>
/// <param name="AuditSequence">The sequence number its audit-log entry has (or was to have).</param>
/// <param name="Cells">The released cells.</param>
/// <param name="Practices">The practices whose results it used, with their content hashes.</param>
/// <param name="Cluster">The cluster membership it was released for (<c>cluster-aggregate</c>), or null.</param>
public sealed record ReleaseEntry(string ReleaseId, long AuditSequence, ImmutableArray<ReleasedCell> Cells, ImmutableArray<PracticeContribution> Practices, ClusterMembership? Cluster);

/// <summary>
/// Everything a release ledger holds, read once per release: policies look up earlier cells with
/// <see cref="ReleasedFor"/>; the gate checks the ledger still holds the head the audit log recorded.
/// </summary>
public sealed class ReleaseHistory
{
    private readonly ImmutableArray<string> _recordHashes;
    private readonly Dictionary<string, List<ReleasedCell>> _byIndicator = new(StringComparer.Ordinal);

    /// <summary>Creates a history (for <see cref="IReleaseLedger"/> implementations).</summary>
    /// <param name="releases">The releases, oldest first.</param>
    /// <param name="recordHashes">The hash of every ledger record in order (the chain); the last is the head.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public ReleaseHistory(IEnumerable<ReleaseEntry> releases, IEnumerable<string> recordHashes)
    {
        ArgumentNullException.ThrowIfNull(releases);
        ArgumentNullException.ThrowIfNull(recordHashes);
        Releases = [.. releases];
        _recordHashes = [.. recordHashes];
        Head = _recordHashes.IsEmpty ? LedgerHead.Empty : new LedgerHead(_recordHashes.Length, _recordHashes[^1]);
        foreach (var cell in Releases.SelectMany(r => r.Cells))
        {
            if (!_byIndicator.TryGetValue(cell.IndicatorId, out var list))
            {
                _byIndicator[cell.IndicatorId] = list = [];
            }

            list.Add(cell);
        }
    }

    /// <summary>An empty history.</summary>
    public static ReleaseHistory Empty { get; } = new([], []);

    /// <summary>The releases, oldest first.</summary>
    public ImmutableArray<ReleaseEntry> Releases { get; }

    /// <summary>The ledger's head.</summary>
    public LedgerHead Head { get; }

    /// <summary>The compaction the ledger starts with, or null when it was never compacted.</summary>
    public LedgerCompactionRecord? Compaction { get; init; }

    /// <summary>Cell records across all releases.</summary>
    public int CellCount => Releases.Sum(r => r.Cells.Length);

    /// <summary>Every cell released earlier for one indicator (any reporter, period or stratum).</summary>
    /// <param name="indicatorId">The indicator id.</param>
    /// <param name="cancellationToken">Unused (the history is in memory); kept so policies read it like a ledger.</param>
    public IReadOnlyList<ReleasedCell> ReleasedFor(string indicatorId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(indicatorId);
        return _byIndicator.TryGetValue(indicatorId, out var list) ? list : [];
    }

    /// <summary>True when the ledger still holds <paramref name="head"/>: its record number <c>Count</c> has that hash.</summary>
    /// <param name="head">A head recorded in the audit log.</param>
    public bool Contains(LedgerHead head)
    {
        ArgumentNullException.ThrowIfNull(head);
        return head.Count == 0 || (head.Count <= _recordHashes.Length && string.Equals(_recordHashes[(int)head.Count - 1], head.Hash, StringComparison.Ordinal));
    }

    /// <summary>
    /// The content hash of one practice's summaries: SHA-256 over every indicator's id, version, period, five counts and
    /// strata, sorted, with the reporter left out, so the same results under another folder or another code hash alike.
    /// </summary>
    /// <param name="summaries">One practice's summaries.</param>
    public static string ContentHash(IEnumerable<IndicatorSummary> summaries)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        var text = new StringBuilder("qisdk-results:v1\n");
        static void Counts(StringBuilder sb, PopulationCounts c) => sb.Append(CultureInfo.InvariantCulture,
            $"{c.InitialPopulation},{c.Denominator},{c.DenominatorExclusion},{c.DenominatorException},{c.Numerator}");
        foreach (var s in summaries.OrderBy(s => s.IndicatorId, StringComparer.Ordinal).ThenBy(s => s.Version, StringComparer.Ordinal)
                     .ThenBy(s => s.PeriodStart).ThenBy(s => s.PeriodEnd))
        {
            text.Append(CultureInfo.InvariantCulture, $"{s.IndicatorId}|{s.Version}|{s.PeriodStart:yyyy-MM-dd}|{s.PeriodEnd:yyyy-MM-dd}|");
            Counts(text, s.Counts);
            foreach (var st in s.Strata.OrderBy(x => x.Stratifier, StringComparer.Ordinal).ThenBy(x => x.Value, StringComparer.Ordinal))
            {
                text.Append('|').Append(st.Stratifier).Append('=').Append(st.Value).Append(':');
                Counts(text, st.Counts);
            }

            text.Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
