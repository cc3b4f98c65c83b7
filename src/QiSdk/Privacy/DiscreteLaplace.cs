using System.Numerics;

namespace QiSdk.Privacy;

/// <summary>
/// Exact sampler for the discrete Laplace distribution P(x) ∝ exp(-|x| s / t) over the integers, following
/// C. L. Canonne, G. Kamath, T. Steinke, "The Discrete Gaussian for Differential Privacy" (NeurIPS 2020), Algorithms 1
/// and 2: only integer arithmetic and uniform integers, so no floating-point value ever decides the output. Floating
/// point Laplace samplers leak the true value through the low bits of the result (I. Mironov, "On Significance of the
/// Least Significant Bits for Differential Privacy", CCS 2012), which is why this is hand-written here: the framework
/// has no exact sampler.
/// </summary>
internal sealed class DiscreteLaplace
{
    private readonly IRandomSource _random;
    private readonly BigInteger _s;
    private readonly BigInteger _t;

    /// <summary>Scale t/s (noise for sensitivity Δ and privacy ε: t/s = Δ/ε).</summary>
    public DiscreteLaplace(IRandomSource random, BigInteger s, BigInteger t)
    {
        if (s.Sign <= 0 || t.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(s), "The scale t/s must have positive integer parts.");
        }

        _random = random;
        _s = s;
        _t = t;
    }

    /// <summary>One draw (CKS 2020, Algorithm 2).</summary>
    public BigInteger Sample()
    {
        while (true)
        {
            var u = _random.UniformBelow(_t);
            if (!BernoulliExpNeg(u, _t))
            {
                continue;
            }

            var v = BigInteger.Zero;
            while (BernoulliExpNeg(BigInteger.One, BigInteger.One))
            {
                v += 1;
            }

            var x = u + (_t * v);
            var y = x / _s;
            bool negative = Bernoulli(BigInteger.One, 2);
            if (negative && y.IsZero)
            {
                continue;
            }

            return negative ? -y : y;
        }
    }

    /// <summary>Bernoulli(n/d): true with probability n/d exactly.</summary>
    private bool Bernoulli(BigInteger n, BigInteger d) => _random.UniformBelow(d) < n;

    /// <summary>Bernoulli(exp(-n/d)) for n &gt;= 0, d &gt; 0 (CKS 2020, Algorithm 1).</summary>
    private bool BernoulliExpNeg(BigInteger n, BigInteger d)
    {
        if (n <= d)
        {
            var k = BigInteger.One;
            while (Bernoulli(n, d * k))
            {
                k += 1;
            }

            return !k.IsEven;
        }

        var whole = n / d;
        for (var i = BigInteger.Zero; i < whole; i += 1)
        {
            if (!BernoulliExpNeg(BigInteger.One, BigInteger.One))
            {
                return false;
            }
        }

        return BernoulliExpNeg(n % d, d);
    }
}
