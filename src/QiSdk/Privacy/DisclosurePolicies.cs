using System.Collections.Immutable;

namespace QiSdk.Privacy;

/// <summary>The built-in policies by name: the public entry point for creating them (implementations are internal).</summary>
public static class DisclosurePolicies
{
    /// <summary><c>local-only</c>.</summary>
    public const string LocalOnlyName = LocalOnlyPolicy.PolicyName;

    /// <summary><c>small-number-suppression</c>.</summary>
    public const string SmallNumberSuppressionName = SmallNumberSuppressionPolicy.PolicyName;

    /// <summary><c>cluster-aggregate</c>.</summary>
    public const string ClusterAggregateName = ClusterAggregatePolicy.PolicyName;

    /// <summary><c>process-only</c>.</summary>
    public const string ProcessOnlyName = ProcessOnlyPolicy.PolicyName;

    /// <summary><c>pseudonymised-extract</c>.</summary>
    public const string PseudonymisedExtractName = PseudonymisedExtractPolicy.PolicyName;

    /// <summary><c>differential-privacy</c>.</summary>
    public const string DifferentialPrivacyName = DifferentialPrivacyPolicy.PolicyName;

    /// <summary>Every built-in policy name.</summary>
    public static ImmutableArray<string> Names { get; } =
        [LocalOnlyName, SmallNumberSuppressionName, ClusterAggregateName, ProcessOnlyName, PseudonymisedExtractName, DifferentialPrivacyName];

    /// <summary>Full local detail (incl. patient lists) for the practice's self-check; egress refused.</summary>
    public static IDisclosurePolicy LocalOnly() => new LocalOnlyPolicy();

    /// <summary>Withholds outcome indicators; process indicators pass to the next policy.</summary>
    public static IDisclosurePolicy ProcessOnly() => new ProcessOnlyPolicy();

    /// <summary>Suppress small counts, secondary suppression, check earlier releases, round.</summary>
    /// <param name="profile">The profile (default <see cref="SuppressionProfile.Nhs"/>).</param>
    public static IDisclosurePolicy SmallNumberSuppression(SuppressionProfile? profile = null) =>
        new SmallNumberSuppressionPolicy(profile ?? SuppressionProfile.Nhs);

    /// <summary>Combine across at least N practices; no per-practice rows; practice-as-attacker protection.</summary>
    /// <param name="options">Parameters (defaults when null: 3 practices, threshold 7, one attacking practice).</param>
    /// <exception cref="PrivacyException">QI4015: invalid parameters.</exception>
    public static IDisclosurePolicy ClusterAggregate(ClusterAggregateOptions? options = null) =>
        new ClusterAggregatePolicy(options ?? new ClusterAggregateOptions());

    /// <summary>Patient-level rows with HMAC-SHA256 pseudonyms under a practice-held key.</summary>
    /// <param name="options">Key, key version, fields.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="PrivacyException">QI4013: the key is not 256 bits, or the version tag is invalid.</exception>
    public static IDisclosurePolicy PseudonymisedExtract(PseudonymisedExtractOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new PseudonymisedExtractPolicy(options);
    }

    /// <summary>Discrete Laplace noise from a cryptographic RNG, with a persistent per-practice budget.</summary>
    /// <param name="options">Epsilon, total budget, ledger.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or its ledger is null.</exception>
    /// <exception cref="PrivacyException">QI4010: epsilon is not finite or not in (0, 100]; QI4011: invalid total budget.</exception>
    public static IDisclosurePolicy DifferentialPrivacy(DifferentialPrivacyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new DifferentialPrivacyPolicy(options);
    }
}
