using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;

namespace QiSdk.Feedback;

/// <summary>
/// Stable letters for peers in a copy made for one practice: the letter of a practice depends only on its code and the
/// cluster (the set of practice codes), never on input order, indicator or run. Letters are assigned in the order of
/// HMAC-SHA256(key, code) where the key is SHA-256 of the sorted cluster codes, so the same cluster always gives the same
/// letters, and a different cluster shuffles them (a letter learnt in one cluster says nothing in another).
/// </summary>
public static class PeerLetters
{
    /// <summary>Letters (A..Z, then AA, AB, ...) for every practice in the cluster.</summary>
    /// <param name="cluster">The practice codes of the cluster.</param>
    /// <exception cref="ArgumentNullException"><paramref name="cluster"/> is null.</exception>
    public static ImmutableSortedDictionary<string, string> Assign(IEnumerable<string> cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var codes = cluster.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        byte[] key = SHA256.HashData(Encoding.UTF8.GetBytes("qisdk-peer-letters:v1\n" + string.Join('\n', codes)));
        var ordered = codes
            .Select(c => (Code: c, Hash: Convert.ToHexString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(c)))))
            .OrderBy(p => p.Hash, StringComparer.Ordinal)
            .ThenBy(p => p.Code, StringComparer.Ordinal)
            .ToList();
        var result = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < ordered.Count; i++)
        {
            result[ordered[i].Code] = Letter(i);
        }

        return result.ToImmutable();
    }

    private static string Letter(int index)
    {
        var sb = new StringBuilder();
        index++;
        while (index > 0)
        {
            index--;
            sb.Insert(0, (char)('A' + (index % 26)));
            index /= 26;
        }

        return sb.ToString();
    }
}
