using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace QiSdk.Records;

/// <summary>
/// Shares one <see cref="ImmutableArray{Coding}"/> between every event of a run that carries the same codings (most
/// observations of one kind do), so a large export costs one array per distinct code, not one per resource.
/// </summary>
internal sealed class CodingArrayInterner
{
    private readonly Dictionary<int, List<ImmutableArray<Coding>>> _buckets = [];

    public ImmutableArray<Coding> Intern(List<Coding> codings)
    {
        if (codings.Count == 0)
        {
            return [];
        }

        ReadOnlySpan<Coding> span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(codings);
        int hash = Hash(span);
        if (_buckets.TryGetValue(hash, out var bucket))
        {
            foreach (var candidate in bucket)
            {
                if (SameAs(candidate.AsSpan(), span))
                {
                    return candidate;
                }
            }
        }
        else
        {
            bucket = new List<ImmutableArray<Coding>>(1);
            _buckets.Add(hash, bucket);
        }

        ImmutableArray<Coding> created = [.. span];
        bucket.Add(created);
        return created;
    }

    private static int Hash(ReadOnlySpan<Coding> codings)
    {
        var hash = default(HashCode);
        foreach (var c in codings)
        {
            // Strings are interned, so identity hashing is enough and avoids rehashing text.
            hash.Add(RuntimeHelpers.GetHashCode(c.System ?? string.Empty));
            hash.Add(RuntimeHelpers.GetHashCode(c.Code ?? string.Empty));
            hash.Add(RuntimeHelpers.GetHashCode(c.Display ?? string.Empty));
        }

        return hash.ToHashCode();
    }

    private static bool SameAs(ReadOnlySpan<Coding> a, ReadOnlySpan<Coding> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            if (!ReferenceEquals(a[i].System, b[i].System) || !ReferenceEquals(a[i].Code, b[i].Code) || !ReferenceEquals(a[i].Display, b[i].Display))
            {
                return false;
            }
        }

        return true;
    }
}
