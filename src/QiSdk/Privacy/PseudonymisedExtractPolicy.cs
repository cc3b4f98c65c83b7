using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using QiSdk.Indicators;

namespace QiSdk.Privacy;

/// <summary>
/// <c>pseudonymised-extract</c>: patient-level rows (the named populations per patient and indicator) with the patient
/// identifier replaced by <c>HMAC-SHA256(key, canonical id)</c> under a practice-held 256-bit key, tagged with the key
/// version. Same key gives the same pseudonym (linkage within one research project); a different key gives unlinkable
/// pseudonyms. Plain or publicly salted hashes are not offered: NHS numbers are 10 digits with a check digit, so all
/// ~900 million valid numbers can be hashed and matched in minutes on one machine (see docs/privacy.md).
/// </summary>
internal sealed class PseudonymisedExtractPolicy : IDisclosurePolicy
{
    public const string PolicyName = "pseudonymised-extract";
    private readonly byte[] _key;
    private readonly PseudonymisedExtractOptions _options;

    public PseudonymisedExtractPolicy(PseudonymisedExtractOptions options)
    {
        if (options.Key.Length != 32)
        {
            throw new PrivacyException(PrivacyErrors.InvalidKey, $"pseudonymised-extract: the key must be exactly 256 bits (32 bytes); got {options.Key.Length} bytes.");
        }

        if (KeyStrength.Problem(options.Key.Span) is { } weak)
        {
            throw new PrivacyException(PrivacyErrors.InvalidKey, $"pseudonymised-extract: the key is low-entropy: {weak}. Generate a random key, e.g. 'openssl rand -hex 32 > key.hex'.");
        }

        if (string.IsNullOrWhiteSpace(options.KeyVersion) || options.KeyVersion.Any(c => char.IsWhiteSpace(c) || c == ':'))
        {
            throw new PrivacyException(PrivacyErrors.InvalidKey, "pseudonymised-extract: the key version tag must be non-empty, without spaces or ':'.");
        }

        if (options.Fields.IsDefaultOrEmpty)
        {
            throw new PrivacyException(PrivacyErrors.InvalidKey, "pseudonymised-extract: name at least one field (population) to extract.");
        }

        _key = options.Key.ToArray();
        _options = options;
        Parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["keyVersion"] = options.KeyVersion,
            ["algorithm"] = "HMAC-SHA256",
            ["identifier"] = options.IdentifierKind == PatientIdentifierKind.NhsNumber ? "nhs-number" : "local-id",
            ["fields"] = string.Join(",", options.Fields.Select(IndicatorTerms.Code)),
        }.ToImmutableDictionary(StringComparer.Ordinal);
    }

    public string Name => PolicyName;

    public IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>The pseudonym of one canonical identifier: <c>VERSION:hex(HMAC-SHA256(key, "qisdk-pseudonym:v1:" + kind + ":" + id))</c>.</summary>
    internal string Pseudonym(string canonicalId)
    {
        string kind = _options.IdentifierKind == PatientIdentifierKind.NhsNumber ? "nhs" : "local";
        byte[] mac = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"qisdk-pseudonym:v1:{kind}:{canonicalId}"));
        return _options.KeyVersion + ":" + Convert.ToHexStringLower(mac);
    }

    public void Apply(DisclosureDraft draft, CancellationToken cancellationToken)
    {
        if (draft.PatientResults.IsDefaultOrEmpty)
        {
            draft.Refuse(PrivacyErrors.NoPatientLevelResults, "pseudonymised-extract needs patient-level results (IndicatorResult with patients); summary results (such as qi evaluate's measure-reports.json) hold none.");
            return;
        }

        var mask = _options.Fields.Aggregate(PopulationMembership.None, (m, p) => m | IndicatorTerms.Flag(p));
        var open = draft.Indicators.Where(i => !i.IsWithheld)
            .Select(i => (i.Summary.IndicatorId, i.Summary.PeriodEnd, i.Summary.Reporter))
            .ToHashSet();
        int invalid = 0;
        foreach (var result in draft.PatientResults)
        {
            var s = result.Summary;
            if (!open.Contains((s.IndicatorId, s.PeriodEnd, s.Reporter)))
            {
                continue;
            }

            foreach (var patient in result.Patients)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if ((patient.Populations & mask) == PopulationMembership.None)
                {
                    continue;
                }

                string id = patient.PatientId;
                if (_options.IdentifierKind == PatientIdentifierKind.NhsNumber)
                {
                    string? nhs = _options.NhsNumberOf is { } lookup ? lookup(patient.PatientId) : patient.PatientId;
                    if (!NhsNumber.TryCanonicalise(nhs, out id))
                    {
                        invalid++;
                        continue;
                    }
                }

                draft.Rows.Add(new PseudonymisedRow(s, Pseudonym(id), _options.KeyVersion, _options.Fields, patient.Populations & mask));
            }
        }

        if (invalid > 0)
        {
            draft.AddNote($"{PrivacyErrors.RowWithheldInvalidId} pseudonymised-extract: {invalid} patient row(s) withheld because the NHS number was missing or failed the modulus-11 check.");
        }

        draft.AddNote($"pseudonymised-extract: {draft.Rows.Count} patient row(s) pseudonymised with key version {_options.KeyVersion}.");
    }
}
