using System.Collections.Immutable;

namespace QiSdk.Privacy;

/// <summary>
/// Exactly what may leave the practice: the bytes produced by a <see cref="DisclosurePipeline"/> (a FHIR Bundle of
/// summary MeasureReports, no subject lists; pseudonymised individual reports only under <c>pseudonymised-extract</c>),
/// with the facts the audit log records. Only the pipeline can create one, and a sink accepts only the
/// <see cref="AuditedDisclosure"/> that <see cref="DisclosureGate"/> issues after writing the audit entry, so neither raw
/// results nor an unaudited disclosure can be handed to an <see cref="IDisclosureSink"/>.
/// </summary>
public sealed class Disclosure
{
    private readonly byte[] _content;

    internal Disclosure(string releaseId, DateTimeOffset createdAt, byte[] content, ImmutableArray<PolicyRecord> policies,
        ImmutableArray<string> indicators, ImmutableArray<string> strata, int pseudonymisedRows, ImmutableArray<ReleasedCell> cells)
    {
        ReleaseId = releaseId;
        CreatedAt = createdAt;
        _content = content;
        Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
        Policies = policies;
        Indicators = indicators;
        Strata = strata;
        PseudonymisedRows = pseudonymisedRows;
        Cells = cells;
    }

    /// <summary>The release id (also in the audit log and the ledgers).</summary>
    public string ReleaseId { get; }

    /// <summary>When the disclosure was prepared (from the pipeline's clock).</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>The bytes that leave (UTF-8 FHIR JSON).</summary>
    public ReadOnlyMemory<byte> Content => _content;

    /// <summary>The media type of <see cref="Content"/>: <c>application/fhir+json</c>.</summary>
    public string MediaType => "application/fhir+json";

    /// <summary>Lower-case hex SHA-256 of exactly <see cref="Content"/>.</summary>
    public string Sha256 { get; }

    /// <summary>The policies applied, in order, with their parameters.</summary>
    public ImmutableArray<PolicyRecord> Policies { get; }

    /// <summary>The indicator ids with at least one released value.</summary>
    public ImmutableArray<string> Indicators { get; }

    /// <summary>The strata released (<c>stratifier=value</c>).</summary>
    public ImmutableArray<string> Strata { get; }

    /// <summary>The number of pseudonymised patient-level rows.</summary>
    public int PseudonymisedRows { get; }

    /// <summary>The practices whose results were used, with the SHA-256 of their content.</summary>
    public ImmutableArray<PracticeContribution> Practices { get; init; } = [];

    /// <summary>The registered cluster membership released for (<c>cluster-aggregate</c>), or null.</summary>
    public ClusterMembership? Cluster { get; init; }

    /// <summary>The released counts, for the release ledger (local only; holds the original counts too).</summary>
    internal ImmutableArray<ReleasedCell> Cells { get; }

    /// <summary>The release-ledger head the policies checked against (null when prepared without a ledger).</summary>
    internal LedgerHead? CheckedAgainst { get; init; }

    /// <summary>The budget ledger a differential-privacy policy spent from, or null.</summary>
    internal IPrivacyBudgetLedger? BudgetLedger { get; init; }
}
