namespace QiSdk.Privacy;

/// <summary>
/// A documented diversity test for 256-bit keys (docs/privacy.md, "Keys"). A key drawn from a cryptographic random
/// generator has about 30 distinct byte values among its 32 bytes and about 29 distinct steps between neighbours; these
/// rules reject what people type or patterns they build, with a false-rejection chance below 1e-13 for random keys:
/// fewer than 16 distinct byte values; a repeating pattern of 1-16 bytes; fewer than 16 distinct steps (counting
/// sequences such as 00 01 02 ...); or only printable ASCII (a passphrase stored as the raw key). A full entropy
/// estimate is not possible from 32 bytes; these tests catch the weak keys seen in practice.
/// </summary>
internal static class KeyStrength
{
    public const int MinimumDistinct = 16;

    /// <summary>Why the key is weak, or null when it passes.</summary>
    public static string? Problem(ReadOnlySpan<byte> key)
    {
        if (key.IndexOfAnyExcept((byte)0) < 0)
        {
            return "it is all zero bytes";
        }

        Span<bool> seen = stackalloc bool[256];
        Span<bool> steps = stackalloc bool[256];
        int distinct = 0, distinctSteps = 0;
        bool printable = true;
        for (int i = 0; i < key.Length; i++)
        {
            if (!seen[key[i]])
            {
                seen[key[i]] = true;
                distinct++;
            }

            printable &= key[i] is >= 0x20 and <= 0x7E;
            if (i > 0)
            {
                byte step = unchecked((byte)(key[i] - key[i - 1]));
                if (!steps[step])
                {
                    steps[step] = true;
                    distinctSteps++;
                }
            }
        }

        if (distinct < MinimumDistinct)
        {
            return $"it has only {distinct} distinct byte values (a random 32-byte key has about 30; at least {MinimumDistinct} are required)";
        }

        for (int period = 1; period <= key.Length / 2; period++)
        {
            if (key[period..].SequenceEqual(key[..^period]))
            {
                return $"it repeats a {period}-byte pattern";
            }
        }

        if (distinctSteps < MinimumDistinct)
        {
            return $"it is a sequence (only {distinctSteps} distinct steps between neighbouring bytes)";
        }

        if (printable)
        {
            return "every byte is printable text (a passphrase, not random bytes)";
        }

        return null;
    }
}
