using System.Numerics;
using System.Security.Cryptography;

namespace QiSdk.Privacy;

/// <summary>
/// Where noise randomness comes from. Production always uses <see cref="CryptoRandomSource"/> (the operating system's
/// cryptographic generator); tests substitute a seeded source through internal access only, so a host cannot
/// configure a predictable one.
/// </summary>
internal interface IRandomSource
{
    void Fill(Span<byte> buffer);
}

/// <summary>The operating system's cryptographic random number generator.</summary>
internal sealed class CryptoRandomSource : IRandomSource
{
    public static CryptoRandomSource Instance { get; } = new();

    public void Fill(Span<byte> buffer) => RandomNumberGenerator.Fill(buffer);
}

/// <summary>Exact uniform integers from an <see cref="IRandomSource"/> by rejection sampling (no modulo bias, no floating point).</summary>
internal static class RandomSourceExtensions
{
    /// <summary>A uniform integer in [0, n) for n &gt;= 1.</summary>
    public static BigInteger UniformBelow(this IRandomSource random, BigInteger n)
    {
        if (n <= BigInteger.One)
        {
            return BigInteger.Zero;
        }

        int bits = (int)(n - 1).GetBitLength();
        int bytes = (bits + 7) / 8;
        int topMask = bits % 8 == 0 ? 0xFF : (1 << (bits % 8)) - 1;
        Span<byte> buffer = bytes <= 64 ? stackalloc byte[bytes + 1] : new byte[bytes + 1];
        while (true)
        {
            random.Fill(buffer[..bytes]);
            buffer[bytes - 1] &= (byte)topMask;
            buffer[bytes] = 0;
            var candidate = new BigInteger(buffer, isUnsigned: true, isBigEndian: false);
            if (candidate < n)
            {
                return candidate;
            }
        }
    }
}
