using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace QiSdk.Reports;

/// <summary>
/// The one place where QiSdk turns a name into a FHIR resource id. FHIR R4 ids are 1 to 64 characters of
/// <c>[A-Za-z0-9\-\.]</c>; a name that already is one is used as it is, so short ids never change. Any other name
/// (too long, or with other characters) becomes a readable prefix (the name with other characters replaced by '-',
/// cut short) plus '-' and 12 hex digits of the SHA-256 of the whole name: deterministic (same name, same id, on every
/// machine) and, at 48 bits, free of collisions for any realistic number of reports. Writers keep the long name in
/// the resource's title or identifier. Public so that packages writing FHIR beside the core (QiSdk.Synthetic, a host's
/// own resources) give a name the same id the core would.
/// </summary>
public static class FhirIds
{
    /// <summary>The longest id FHIR R4 allows.</summary>
    public const int MaxLength = 64;

    private const int HashHexLength = 12;

    /// <summary>Whether <paramref name="id"/> is a valid FHIR R4 id: 1 to 64 of <c>[A-Za-z0-9\-\.]</c>.</summary>
    public static bool IsValid(ReadOnlySpan<char> id)
    {
        if (id.Length is 0 or > MaxLength)
        {
            return false;
        }

        foreach (char c in id)
        {
            if (!IsIdChar(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The FHIR id for <paramref name="name"/>: the name itself when it is a valid id, else a short stable one.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    public static string For(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (IsValid(name))
        {
            return name;
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(name), hash);
        string suffix = Convert.ToHexStringLower(hash[..(HashHexLength / 2)]);
        int prefixLength = Math.Min(name.Length, MaxLength - HashHexLength - 1);
        var id = new StringBuilder(MaxLength);
        foreach (char c in name.AsSpan(0, prefixLength))
        {
            id.Append(IsIdChar(c) ? c : '-');
        }

        return id.Append('-').Append(suffix).ToString();
    }

    /// <summary>Writes <c>"id": For(name)</c>: every resource id QiSdk writes goes through here.</summary>
    internal static void WriteId(Utf8JsonWriter writer, string name) => writer.WriteString("id", For(name));

    private static bool IsIdChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.';
}
