using System.Collections.Immutable;
using QiSdk.Indicators;

namespace QiSdk.Privacy;

/// <summary>
/// Parameters of the <c>pseudonymised-extract</c> policy. The key never appears in <c>ToString()</c> (the record prints
/// its version only); the policy copies the key and writes only <see cref="KeyVersion"/> to output and the audit log.
/// </summary>
public sealed record PseudonymisedExtractOptions
{
    /// <summary>The practice-held 256-bit HMAC-SHA256 key (exactly 32 bytes). Required.</summary>
    public required ReadOnlyMemory<byte> Key { get; init; }

    /// <summary>A tag naming the key (e.g. <c>2026-1</c>), written beside every pseudonym so re-keying is visible. Required.</summary>
    public required string KeyVersion { get; init; }

    /// <summary>The populations written per row (default all five).</summary>
    public ImmutableArray<MeasurePopulation> Fields { get; init; } =
        [MeasurePopulation.InitialPopulation, MeasurePopulation.Denominator, MeasurePopulation.DenominatorExclusion, MeasurePopulation.DenominatorException, MeasurePopulation.Numerator];

    /// <summary>What is pseudonymised (default <see cref="PatientIdentifierKind.NhsNumber"/>).</summary>
    public PatientIdentifierKind IdentifierKind { get; init; } = PatientIdentifierKind.NhsNumber;

    /// <summary>
    /// Looks up a patient's NHS number from the patient id in the results (default: the patient id is the NHS number).
    /// Return null when unknown (the row is withheld and counted).
    /// </summary>
    public Func<string, string?>? NhsNumberOf { get; init; }

    /// <summary>Prints the key's version and the fields, never the key.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"KeyVersion = {KeyVersion}, Key = (hidden), Fields = [{string.Join(", ", Fields)}], IdentifierKind = {IdentifierKind}");
        return true;
    }

    /// <summary>
    /// Reads a key file: 64 hexadecimal characters, or base64 of 32 bytes (surrounding whitespace ignored), or exactly
    /// 32 raw bytes. Errors name the file, never its content. Weak keys are rejected when the policy is created (QI4013).
    /// </summary>
    /// <param name="path">The key file.</param>
    /// <exception cref="PrivacyException">QI4013: missing file or not a 256-bit key.</exception>
    public static byte[] ReadKeyFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] raw;
        try
        {
            raw = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PrivacyException(PrivacyErrors.InvalidKey, $"{path}: cannot read the pseudonymisation key file ({ex.GetType().Name}).", ex);
        }

        try
        {
            if (raw.Length == 32)
            {
                return [.. raw]; // a copy: 'raw' is cleared below
            }

            string text = System.Text.Encoding.ASCII.GetString(raw).Trim();
            if (text.Length == 64 && text.All(Uri.IsHexDigit))
            {
                return Convert.FromHexString(text);
            }

            byte[] buffer = new byte[48];
            if (Convert.TryFromBase64String(text, buffer, out int written) && written == 32)
            {
                return buffer[..32];
            }

            throw new PrivacyException(PrivacyErrors.InvalidKey, $"{path}: not a 256-bit key (expected 64 hex characters, base64 of 32 bytes, or 32 raw bytes; found {raw.Length} bytes).");
        }
        finally
        {
            Array.Clear(raw);
        }
    }
}
