namespace QiSdk.Synthetic;

/// <summary>
/// A tiny deterministic pseudo-random generator (SplitMix64, Steele, Lea and Flood 2014), one per patient.
/// </summary>
/// <remarks>
/// Hand-written on purpose (about 30 lines): <see cref="Random"/> with a seed does not promise the same sequence across
/// runtime versions, and the generator must write the same bytes for the same seed everywhere; it is also a struct, so a
/// stream per patient (seeded from the practice seed and the patient's index) costs no allocation and lets patients be
/// generated in parallel and in any order with identical results.
/// </remarks>
internal struct SplitMix64
{
    private ulong _state;

    public SplitMix64(ulong seed) => _state = seed;

    /// <summary>A stream for one item of a larger sequence: independent of every other (seed, index) pair.</summary>
    public static SplitMix64 For(long seed, long index, ulong salt = 0)
    {
        unchecked
        {
            ulong s = Mix((ulong)seed ^ 0x9E3779B97F4A7C15UL) ^ Mix(((ulong)index * 0xD1B54A32D192ED03UL) + salt);
            return new SplitMix64(s);
        }
    }

    public static ulong Mix(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    public ulong NextUInt64()
    {
        unchecked
        {
            _state += 0x9E3779B97F4A7C15UL;
            return Mix(_state);
        }
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, maxExclusive).</summary>
    public int Next(int maxExclusive) => maxExclusive <= 1 ? 0 : (int)(NextDouble() * maxExclusive);

    /// <summary>Uniform in [min, maxInclusive].</summary>
    public int Between(int min, int maxInclusive) => min + Next(maxInclusive - min + 1);

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Chance(double p) => NextDouble() < p;

    /// <summary>A normal deviate (Box-Muller; one value per call, the partner is discarded for simplicity).</summary>
    public double Normal(double mean, double sd)
    {
        double u1 = 1.0 - NextDouble();
        double u2 = NextDouble();
        return mean + (sd * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }

    /// <summary>Picks one item.</summary>
    public T Pick<T>(ReadOnlySpan<T> items) => items[Next(items.Length)];
}
