using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;

namespace QiSdk.Privacy;

/// <summary>
/// Registered cluster memberships in one JSON-lines file of hash-chained records (the ledgers' line format): each
/// registration of a cluster id with a different set of practices is a new version. Register through
/// <see cref="DisclosureGate.RegisterClusterAsync"/> (<c>qi cluster register</c>) so each change is audited; a
/// <c>cluster-aggregate</c> release names the current version in <see cref="ClusterAggregateOptions.Membership"/>. The
/// release ledger keeps the membership each release used, so editing this file cannot hide an earlier membership from
/// the differencing check.
/// </summary>
public sealed class FileClusterRegistry
{
    private readonly ChainedJsonLinesFile _file;

    /// <summary>Creates the registry (the file is created on the first registration).</summary>
    /// <param name="path">The registry file, e.g. <c>qi-clusters.jsonl</c>.</param>
    /// <param name="timeProvider">Clock for registration times (default system).</param>
    /// <param name="lockTimeout">How long to wait for the file lock (default 30 s).</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    public FileClusterRegistry(string path, TimeProvider? timeProvider = null, TimeSpan? lockTimeout = null)
    {
        _file = new ChainedJsonLinesFile(path, "cluster registry", timeProvider, lockTimeout);
    }

    /// <summary>The full path of the registry.</summary>
    public string FullPath => _file.FullPath;

    /// <summary>Every registered version, oldest first.</summary>
    /// <param name="cancellationToken">Stops waiting for the lock.</param>
    /// <exception cref="PrivacyException">QI4029 the registry is damaged.</exception>
    public async Task<ImmutableArray<ClusterMembership>> ReadAsync(CancellationToken cancellationToken = default)
    {
        await using var held = await _file.LockAsync(cancellationToken).ConfigureAwait(false);
        return await ReadUnlockedAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The current (latest) membership of one cluster id, or null when it was never registered.</summary>
    /// <param name="clusterId">The cluster id.</param>
    /// <param name="cancellationToken">Stops waiting for the lock.</param>
    /// <exception cref="PrivacyException">QI4029 the registry is damaged.</exception>
    public async Task<ClusterMembership?> CurrentAsync(string clusterId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clusterId);
        return (await ReadAsync(cancellationToken).ConfigureAwait(false)).LastOrDefault(m => m.ClusterId == clusterId);
    }

    /// <summary>Registers a membership: a new version when the practices differ from the current one, else the current one.</summary>
    /// <param name="clusterId">The cluster id.</param>
    /// <param name="practices">The member practice codes (at least 2, distinct).</param>
    /// <param name="cancellationToken">Stops waiting for the lock.</param>
    /// <returns>The membership now current, and whether it is new.</returns>
    /// <exception cref="PrivacyException">QI4015 invalid id or practices; QI4029 damaged; QI4026 not writable.</exception>
    internal async Task<(ClusterMembership Membership, bool IsNew)> RegisterAsync(string clusterId, IEnumerable<string> practices, CancellationToken cancellationToken)
    {
        var codes = practices.Select(p => p.Trim()).ToImmutableArray();
        if (string.IsNullOrWhiteSpace(clusterId) || codes.Any(string.IsNullOrWhiteSpace) || codes.Length < 2 || codes.Distinct(StringComparer.Ordinal).Count() != codes.Length)
        {
            throw new PrivacyException(PrivacyErrors.InvalidMinPractices, $"cluster '{clusterId}': give a non-empty id and at least two distinct practice codes (got [{string.Join(", ", codes)}]).");
        }

        codes = [.. codes.Order(StringComparer.Ordinal)];
        await using var held = await _file.LockAsync(cancellationToken).ConfigureAwait(false);
        var lines = await _file.ReadAsync(cancellationToken).ConfigureAwait(false);
        var all = Parse(lines);
        var current = all.LastOrDefault(m => m.ClusterId == clusterId);
        if (current is not null && current.Practices.SequenceEqual(codes, StringComparer.Ordinal))
        {
            return (current, false);
        }

        var membership = new ClusterMembership(clusterId, (current?.Version ?? 0) + 1, codes);
        var head = ChainedJsonLines.HeadOf(lines);
        var (line, _) = ChainedJsonLines.Format(head.Count + 1, head.Hash, w =>
        {
            w.WriteString("kind", "membership");
            w.WriteString("cluster", membership.ClusterId);
            w.WriteNumber("version", membership.Version);
            w.WriteStartArray("practices");
            foreach (string code in membership.Practices)
            {
                w.WriteStringValue(code);
            }

            w.WriteEndArray();
            w.WriteString("at", _file.Now);
        });
        await _file.AppendAsync([line]).ConfigureAwait(false);
        return (membership, true);
    }

    private async Task<ImmutableArray<ClusterMembership>> ReadUnlockedAsync(CancellationToken cancellationToken)
    {
        try
        {
            return Parse(await _file.ReadAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (PrivacyException ex) when (ex.Code == PrivacyErrors.LedgerCorrupt)
        {
            throw new PrivacyException(PrivacyErrors.ClusterRegistryCorrupt, ex.Message[(ex.Code.Length + 1)..], ex);
        }
    }

    private ImmutableArray<ClusterMembership> Parse(IReadOnlyList<ChainedJsonLines.Line> lines)
    {
        var result = ImmutableArray.CreateBuilder<ClusterMembership>();
        foreach (var line in lines)
        {
            try
            {
                var b = line.Body;
                result.Add(new ClusterMembership(b.GetProperty("cluster").GetString()!, b.GetProperty("version").GetInt32(),
                    [.. b.GetProperty("practices").EnumerateArray().Select(p => p.GetString()!)]));
            }
            catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new PrivacyException(PrivacyErrors.ClusterRegistryCorrupt, $"{_file.FullPath}:line {line.Sequence}: not a cluster membership record ({ex.Message}).", ex);
            }
        }

        return result.ToImmutable();
    }
}
