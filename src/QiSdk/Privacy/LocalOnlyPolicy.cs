using System.Collections.Immutable;

namespace QiSdk.Privacy;

/// <summary>
/// <c>local-only</c>: the practice's self-check. The full detail (every count, every patient list in
/// <see cref="DisclosureDraft.PatientResults"/>) stays available in the local outcome; egress is refused.
/// </summary>
internal sealed class LocalOnlyPolicy : IDisclosurePolicy
{
    public const string PolicyName = "local-only";

    public string Name => PolicyName;

    public IReadOnlyDictionary<string, string> Parameters { get; } = ImmutableDictionary<string, string>.Empty;

    public void Apply(DisclosureDraft draft, CancellationToken cancellationToken) =>
        draft.Refuse(PrivacyErrors.EgressRefusedLocalOnly, "local-only: results are for the practice's own self-check and may not leave the practice.");
}
