namespace QiSdk.Privacy;

/// <summary>NHS numbers: canonical form (10 digits, no spaces or hyphens) and the modulus-11 check digit.</summary>
public static class NhsNumber
{
    /// <summary>
    /// Canonicalises (removes spaces and hyphens) and validates: exactly 10 digits and a correct modulus-11 check digit
    /// (weights 10..2 on the first nine digits; check = 11 - sum mod 11, 11 becomes 0, 10 is never valid).
    /// </summary>
    /// <param name="text">The NHS number as written, e.g. <c>943 476 5919</c>.</param>
    /// <param name="canonical">The ten digits when valid, otherwise empty.</param>
    /// <returns>True when valid.</returns>
    public static bool TryCanonicalise(string? text, out string canonical)
    {
        canonical = string.Empty;
        if (text is null)
        {
            return false;
        }

        Span<char> digits = stackalloc char[10];
        int n = 0;
        foreach (char ch in text)
        {
            if (ch is ' ' or '-')
            {
                continue;
            }

            if (ch is < '0' or > '9' || n == 10)
            {
                return false;
            }

            digits[n++] = ch;
        }

        if (n != 10 || !HasValidCheckDigit(digits))
        {
            return false;
        }

        canonical = new string(digits);
        return true;
    }

    /// <summary>True when ten digits carry a correct modulus-11 check digit.</summary>
    /// <param name="digits">Exactly ten ASCII digits.</param>
    public static bool HasValidCheckDigit(ReadOnlySpan<char> digits)
    {
        if (digits.Length != 10)
        {
            return false;
        }

        int sum = 0;
        for (int i = 0; i < 9; i++)
        {
            if (digits[i] is < '0' or > '9')
            {
                return false;
            }

            sum += (digits[i] - '0') * (10 - i);
        }

        int check = 11 - (sum % 11);
        if (check == 11)
        {
            check = 0;
        }

        return check != 10 && digits[9] - '0' == check;
    }
}
