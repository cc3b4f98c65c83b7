using System.Globalization;
using System.Text;

namespace QiSdk.Privacy;

/// <summary>
/// What a compacted release ledger keeps. Every release record is kept (release id, audit entry, practices and content
/// hashes, cluster membership: the exactly-once check, the identity check and the cluster checks read them). Cells are
/// what the differencing checks read: for one indicator they take every earlier release's cells for the same reporter,
/// release by release, work out what an attacker knows exactly from that release's original counts, and withhold a
/// current count within 1..T of a known one, naming the FIRST such release. So a release's cells for one indicator and
/// reporter that repeat, value for value and in the same order, an earlier release's cells for that indicator and
/// reporter add nothing: they yield the same known counts, later in the order, so every decision and every reason stays
/// the same. Those are left out; nothing else is. Cluster releases are kept whole (the membership-difference check reads
/// their cells by period).
/// </summary>
internal static class ReleaseLedgerCompaction
{
    /// <summary>The releases with repeated cell groups left out, and how many cells that removes.</summary>
    public static (List<ReleaseEntry> Releases, int Removed) Compact(ReleaseHistory history)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var kept = new List<ReleaseEntry>(history.Releases.Length);
        int removed = 0;
        var key = new StringBuilder();
        foreach (var release in history.Releases)
        {
            var groups = release.Cells.GroupBy(c => (c.IndicatorId, c.Reporter)).ToList();
            var drop = new HashSet<(string, string?)>();
            foreach (var group in groups)
            {
                key.Clear().Append(group.Key.IndicatorId).Append('\u001f').Append(group.Key.Reporter ?? "\u0000");
                foreach (var c in group)
                {
                    key.Append('\u001e').Append(c.Stratifier ?? "\u0000").Append('\u001f').Append(c.StratumValue ?? "\u0000")
                        .Append('\u001f').Append((int)c.Population).Append('\u001f').Append(c.OriginalValue.ToString(CultureInfo.InvariantCulture));
                }

                if (!seen.Add(key.ToString()) && release.Cluster is null)
                {
                    drop.Add(group.Key);
                }
            }

            if (drop.Count == 0)
            {
                kept.Add(release);
                continue;
            }

            var cells = release.Cells.Where(c => !drop.Contains((c.IndicatorId, c.Reporter))).ToList();
            removed += release.Cells.Length - cells.Count;
            kept.Add(release with { Cells = [.. cells] });
        }

        return (kept, removed);
    }
}
