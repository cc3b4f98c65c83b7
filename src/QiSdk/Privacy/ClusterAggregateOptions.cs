namespace QiSdk.Privacy;

/// <summary>Parameters of the <c>cluster-aggregate</c> policy.</summary>
public sealed record ClusterAggregateOptions
{
    /// <summary>The fewest distinct practices whose results may be combined (default 3, at least 2).</summary>
    public int MinPractices { get; init; } = 3;

    /// <summary>
    /// Counts from 1 to this value are protected: in the cluster total, and in what is left when any attacking
    /// practice (or coalition of up to <see cref="MaxColluders"/> practices) subtracts its own counts (default 7).
    /// </summary>
    public int Threshold { get; init; } = 7;

    /// <summary>The largest coalition of practices assumed to pool their own counts to attack the rest (default 1).</summary>
    public int MaxColluders { get; init; } = 1;

    /// <summary>The reporter written on combined results (default <c>cluster</c>).</summary>
    public string ClusterId { get; init; } = "cluster";

    /// <summary>
    /// The registered membership this release is for (<see cref="FileClusterRegistry"/>, <c>qi cluster register</c>): the
    /// results' practices must be exactly its practices. Null: the practices given, as an unregistered membership
    /// (version 0) that may never change under this id. Either way the release ledger keeps the membership, and a release
    /// over a membership that differs from an earlier one (any id) is checked as differencing.
    /// </summary>
    public ClusterMembership? Membership { get; init; }
}
