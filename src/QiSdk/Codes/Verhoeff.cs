namespace QiSdk.Codes;

/// <summary>
/// The Verhoeff check-digit scheme used by SNOMED CT identifiers (and so dm+d ids). Hand-written because the framework has
/// none; it is the standard dihedral-group D5 algorithm (multiplication, permutation and inverse tables) and detects every
/// single-digit error and every adjacent transposition.
/// </summary>
internal static class Verhoeff
{
    private static ReadOnlySpan<byte> Multiplication =>
    [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
        1, 2, 3, 4, 0, 6, 7, 8, 9, 5,
        2, 3, 4, 0, 1, 7, 8, 9, 5, 6,
        3, 4, 0, 1, 2, 8, 9, 5, 6, 7,
        4, 0, 1, 2, 3, 9, 5, 6, 7, 8,
        5, 9, 8, 7, 6, 0, 4, 3, 2, 1,
        6, 5, 9, 8, 7, 1, 0, 4, 3, 2,
        7, 6, 5, 9, 8, 2, 1, 0, 4, 3,
        8, 7, 6, 5, 9, 3, 2, 1, 0, 4,
        9, 8, 7, 6, 5, 4, 3, 2, 1, 0,
    ];

    private static ReadOnlySpan<byte> Permutation =>
    [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
        1, 5, 7, 6, 2, 8, 3, 0, 9, 4,
        5, 8, 0, 3, 7, 9, 6, 1, 4, 2,
        8, 9, 1, 6, 0, 4, 3, 5, 2, 7,
        9, 4, 5, 3, 1, 2, 6, 8, 7, 0,
        4, 2, 8, 6, 5, 7, 3, 9, 0, 1,
        2, 7, 9, 3, 8, 0, 6, 4, 1, 5,
        7, 0, 4, 6, 9, 1, 3, 2, 5, 8,
    ];

    private static ReadOnlySpan<byte> Inverse => [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

    /// <summary>True when <paramref name="digits"/> (ASCII digits only, check digit last) passes the Verhoeff check.</summary>
    public static bool IsValid(ReadOnlySpan<char> digits)
    {
        if (digits.IsEmpty)
        {
            return false;
        }

        int c = 0;
        for (int i = 0; i < digits.Length; i++)
        {
            int d = digits[digits.Length - 1 - i] - '0';
            if ((uint)d > 9)
            {
                return false;
            }

            c = Multiplication[(c * 10) + Permutation[((i % 8) * 10) + d]];
        }

        return c == 0;
    }

    /// <summary>The check digit to append to <paramref name="digits"/> (ASCII digits only, without a check digit).</summary>
    public static char CheckDigit(ReadOnlySpan<char> digits)
    {
        int c = 0;
        for (int i = 0; i < digits.Length; i++)
        {
            int d = digits[digits.Length - 1 - i] - '0';
            if ((uint)d > 9)
            {
                throw new ArgumentException("Only ASCII digits have a Verhoeff check digit.", nameof(digits));
            }

            c = Multiplication[(c * 10) + Permutation[(((i + 1) % 8) * 10) + d]];
        }

        return (char)('0' + Inverse[c]);
    }
}
