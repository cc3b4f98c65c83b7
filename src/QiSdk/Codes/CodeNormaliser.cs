namespace QiSdk.Codes;

/// <summary>The result of normalising one code: the form it is matched in, the rules that fired, or why it cannot match.</summary>
/// <param name="Code">The normalised code; null when <paramref name="Problem"/> is not <see cref="CodeProblem.None"/>.</param>
/// <param name="Rules">Rules that changed the code.</param>
/// <param name="Problem">Why the code cannot match, if it cannot.</param>
/// <param name="Detail">A plain-words explanation of the problem.</param>
internal readonly record struct NormalisedCode(string? Code, NormalisationRules Rules, CodeProblem Problem, string? Detail)
{
    public static NormalisedCode Fail(CodeProblem problem, NormalisationRules rules, string detail) => new(null, rules, problem, detail);
}

/// <summary>
/// The per-system normalisation rules listed in the issue and documented rule by rule in <c>docs/codes.md</c>. Pure
/// functions; <see cref="Terminology"/> caches their results per distinct raw code.
/// </summary>
internal static class CodeNormaliser
{
    private const char ByteOrderMark = '\uFEFF';

    public static NormalisedCode Normalise(CodeSystemKind kind, string? raw)
    {
        var rules = NormalisationRules.None;
        string s = Clean(raw, ref rules);
        if (s.Length == 0)
        {
            return NormalisedCode.Fail(CodeProblem.MissingCode, rules, "the coding has no code");
        }

        return kind switch
        {
            CodeSystemKind.SnomedCt or CodeSystemKind.Dmd => Snomed(s, rules),
            CodeSystemKind.ReadV2 => ReadV2(s, rules),
            CodeSystemKind.Ctv3 => Ctv3(s, rules),
            CodeSystemKind.Icd10 => Icd10(s, rules),
            _ => new NormalisedCode(s, rules, CodeProblem.None, null),
        };
    }

    /// <summary>Whitespace, byte-order marks and Excel-guard <c>#</c> suffixes, in any order, at either end.</summary>
    internal static string Clean(string? raw, ref NormalisationRules rules)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return string.Empty;
        }

        ReadOnlySpan<char> s = raw;
        while (true)
        {
            int before = s.Length;
            if (s.Length > 0 && (char.IsWhiteSpace(s[0]) || char.IsWhiteSpace(s[^1])))
            {
                s = s.Trim();
                rules |= NormalisationRules.Whitespace;
            }

            if (s.Length > 0 && (s[0] == ByteOrderMark || s[^1] == ByteOrderMark))
            {
                s = s.Trim(ByteOrderMark);
                rules |= NormalisationRules.ByteOrderMark;
            }

            if (s.Length > 0 && s[^1] == '#')
            {
                s = s.TrimEnd('#');
                rules |= NormalisationRules.ExcelHashSuffix;
            }

            if (s.Length == before)
            {
                break;
            }
        }

        return s.Length == raw.Length ? raw : new string(s);
    }

    private static NormalisedCode Snomed(string s, NormalisationRules rules)
    {
        if (s.Contains("E+", StringComparison.OrdinalIgnoreCase))
        {
            return NormalisedCode.Fail(CodeProblem.SpreadsheetRounded, rules,
                $"'{s}' is a number in scientific notation (a spreadsheet rounded the id; its digits are lost)");
        }

        if (s.Length is < 6 or > 18)
        {
            return NormalisedCode.Fail(CodeProblem.InvalidSnomedId, rules, $"'{s}' is not 6 to 18 digits long");
        }

        foreach (char c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return NormalisedCode.Fail(CodeProblem.InvalidSnomedId, rules, $"'{s}' contains a character that is not a digit");
            }
        }

        if (s[0] == '0')
        {
            return NormalisedCode.Fail(CodeProblem.InvalidSnomedId, rules, $"'{s}' starts with 0");
        }

        if (!Verhoeff.IsValid(s))
        {
            // Spreadsheets keep 15 significant digits: longer ids come back with zeros at the end (and ids shown as 4.06861E+14
            // come back as 406861000000000). The id is lost either way; say so, because the fix is in the export, not the code.
            if ((s.Length > 15 && s.AsSpan(15).IndexOfAnyExcept('0') < 0) || s.EndsWith("0000", StringComparison.Ordinal))
            {
                return NormalisedCode.Fail(CodeProblem.SpreadsheetRounded, rules,
                    $"'{s}' fails the Verhoeff check digit and ends in zeros where a spreadsheet rounded it to 15 significant digits; its digits are lost");
            }

            return NormalisedCode.Fail(CodeProblem.InvalidSnomedId, rules, $"'{s}' fails the Verhoeff check digit (a digit is wrong or two are swapped)");
        }

        char format = s[^3];
        char type = s[^2];
        if (format is not ('0' or '1') || type is not ('0' or '1' or '2'))
        {
            return NormalisedCode.Fail(CodeProblem.InvalidSnomedId, rules, $"'{s}' has no valid SNOMED CT partition identifier ('{format}{type}')");
        }

        if (type != '0')
        {
            string what = type == '1' ? "description" : "relationship";
            return NormalisedCode.Fail(CodeProblem.NotASnomedConceptId, rules, $"'{s}' is a SNOMED CT {what} id, not a concept id");
        }

        return new NormalisedCode(s, rules, CodeProblem.None, null);
    }

    private static NormalisedCode ReadV2(string s, NormalisationRules rules)
    {
        string concept;
        string? term = null;
        int dash = s.LastIndexOf('-');
        if (dash >= 0)
        {
            // EMIS short form: stem (unpadded Read code) '-' term id; '-N' is term code '1N', '-NN' is 'NN' (C10E-2 = C10E.12).
            string stem = s[..dash];
            string suffix = s[(dash + 1)..];
            if (stem.Length is < 1 or > 5 || suffix.Length is < 1 or > 2 || !IsReadStem(stem) || !IsAlnum(suffix))
            {
                return Malformed(s, rules, "Read v2");
            }

            concept = stem.PadRight(5, '.');
            term = suffix.Length == 1 ? "1" + suffix : suffix;
            rules |= NormalisationRules.EmisShortForm;
        }
        else if (s.Length == 7)
        {
            concept = s[..5];
            term = s[5..];
            if (!IsAlnum(term))
            {
                return Malformed(s, rules, "Read v2");
            }

            rules |= NormalisationRules.ReadTermCode;
        }
        else if (s.Length == 5)
        {
            concept = s;
        }
        else if (s.Length is >= 1 and <= 4)
        {
            concept = s.PadRight(5, '.');
            rules |= NormalisationRules.EmisShortForm;
        }
        else
        {
            return Malformed(s, rules, "Read v2");
        }

        if (!IsReadStem(concept))
        {
            return Malformed(s, rules, "Read v2");
        }

        if (term is not null && term != "00")
        {
            rules |= NormalisationRules.ReadSynonym;
        }

        return new NormalisedCode(concept, rules, CodeProblem.None, null);
    }

    private static NormalisedCode Ctv3(string s, NormalisationRules rules)
    {
        if (s.Length > 5 || !IsReadStem(s))
        {
            return Malformed(s, rules, "CTV3");
        }

        if (s.Length < 5)
        {
            rules |= NormalisationRules.Ctv3DotPadding;
            return new NormalisedCode(s.PadRight(5, '.'), rules, CodeProblem.None, null);
        }

        return new NormalisedCode(s, rules, CodeProblem.None, null);
    }

    private static NormalisedCode Icd10(string s, NormalisationRules rules)
    {
        if (s.Length > 16)
        {
            return Malformed(s, rules, "ICD-10");
        }

        Span<char> buffer = stackalloc char[s.Length];
        int n = 0;
        foreach (char c in s)
        {
            switch (c)
            {
                case '.':
                    rules |= NormalisationRules.Icd10Dot;
                    break;
                case '\u2020' or '*' or '+':
                    rules |= NormalisationRules.Icd10DaggerAsterisk;
                    break;
                case >= 'a' and <= 'z':
                    rules |= NormalisationRules.Icd10UpperCase;
                    buffer[n++] = char.ToUpperInvariant(c);
                    break;
                default:
                    buffer[n++] = c;
                    break;
            }
        }

        var code = buffer[..n];

        // UK extracts (HES) mark dagger and asterisk codes with a 5th character D or A after the 4-character code.
        if (code.Length == 5 && code[4] is 'D' or 'A' && (char.IsAsciiDigit(code[3]) || code[3] is 'X' or '-'))
        {
            code = code[..4];
            rules |= NormalisationRules.Icd10DaggerAsterisk;
        }

        if (code.Length == 4 && code[3] is 'X' or '-')
        {
            code = code[..3];
            rules |= NormalisationRules.Icd10Filler;
        }

        if (code.Length is < 3 or > 6 || !char.IsAsciiLetterUpper(code[0]) || !char.IsAsciiDigit(code[1]) || !IsAlnum(code[2..]))
        {
            return Malformed(s, rules, "ICD-10");
        }

        return new NormalisedCode(code.SequenceEqual(s) ? s : new string(code), rules, CodeProblem.None, null);
    }

    private static NormalisedCode Malformed(string s, NormalisationRules rules, string system) =>
        NormalisedCode.Fail(CodeProblem.MalformedCode, rules, $"'{s}' does not have the shape of a {system} code");

    /// <summary>Letters and digits, then only dots (Read v2 and CTV3 pad hierarchy levels with trailing dots).</summary>
    private static bool IsReadStem(ReadOnlySpan<char> s)
    {
        bool dots = false;
        foreach (char c in s)
        {
            if (c == '.')
            {
                dots = true;
            }
            else if (dots || !char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return s.Length > 0 && s[0] != '.';
    }

    private static bool IsAlnum(ReadOnlySpan<char> s)
    {
        foreach (char c in s)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
