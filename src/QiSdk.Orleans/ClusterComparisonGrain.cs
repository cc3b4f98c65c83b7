using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Options;
using QiSdk.Feedback;

namespace QiSdk.Orleans;

/// <summary>
/// A cluster's comparison for one period: keeps the audited disclosures its practices' grains send (bytes only, in
/// memory), asks a member's grain for its release when it is missing (after a silo failure, say), and compares them with
/// the existing <see cref="ClusterComparer"/>. It never sees records or unreleased counts.
/// </summary>
internal sealed class ClusterComparisonGrain(IPracticeHost host, IOptions<QiSdkOrleansOptions> options) : Grain, IClusterComparisonGrain
{
    private readonly Dictionary<string, PracticeRelease> _received = new(StringComparer.Ordinal);

    public Task SubmitAsync(PracticeRelease release)
    {
        ArgumentNullException.ThrowIfNull(release);
        var (_, periodEnd) = Key();
        if (release.Content is null || release.Status == PracticeReleaseStatus.Refused || release.PeriodEnd != periodEnd)
        {
            throw new ArgumentException($"cluster comparison {this.GetPrimaryKeyString()} takes released disclosures for the period ending {periodEnd:yyyy-MM-dd}; practice '{release.PracticeCode}' sent {release.Status} for {release.PeriodEnd:yyyy-MM-dd}.", nameof(release));
        }

        if (!_received.TryGetValue(release.PracticeCode, out var earlier) || earlier.AuditSequence <= release.AuditSequence)
        {
            _received[release.PracticeCode] = release;
        }

        return Task.CompletedTask;
    }

    public async Task<ClusterComparisonSnapshot> CompareAsync(CancellationToken cancellationToken = default)
    {
        var (clusterId, periodEnd) = Key();
        var members = (await host.GetPracticesAsync(cancellationToken).ConfigureAwait(true))
            .Where(p => string.Equals(p.ClusterId, clusterId, StringComparison.Ordinal))
            .Select(p => p.PracticeCode).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var missing = ImmutableArray.CreateBuilder<string>();
        var disclosures = new List<ReleasedDisclosure>();
        var compared = ImmutableArray.CreateBuilder<string>();
        foreach (string practice in members)
        {
            if (!_received.TryGetValue(practice, out var release))
            {
                // Not received (the member's silo failed before sending, or this grain was re-activated): read it back.
                release = await GrainFactory.GetPracticeAudit(practice).GetReleaseAsync(periodEnd, cancellationToken).ConfigureAwait(true);
                if (release?.Content is not null)
                {
                    _received[practice] = release;
                }
            }

            if (release?.Content is not { } content)
            {
                missing.Add(practice);
                continue;
            }

            using var stream = new MemoryStream(content, writable: false);
            disclosures.Add(ReleasedResults.Read(stream, $"{practice}/{release.ReleaseId}"));
            compared.Add(practice);
        }

        var snapshot = new ClusterComparisonSnapshot { ClusterId = clusterId, PeriodEnd = periodEnd, Compared = compared.ToImmutable(), Missing = missing.ToImmutable() };
        try
        {
            var comparison = ClusterComparer.Compare(disclosures, options.Value.Comparison, cancellationToken);
            using var output = new MemoryStream();
            FeedbackJson.WriteComparison(output, comparison);
            return snapshot with { ComparisonJson = output.ToArray() };
        }
        catch (FeedbackException ex)
        {
            return snapshot with { Problem = $"{ex.Code} {ex.Message}" };
        }
    }

    private (string ClusterId, DateOnly PeriodEnd) Key()
    {
        string key = this.GetPrimaryKeyString();
        int slash = key.LastIndexOf('/');
        return (key[..slash], DateOnly.ParseExact(key[(slash + 1)..], "yyyy-MM-dd", CultureInfo.InvariantCulture));
    }
}
