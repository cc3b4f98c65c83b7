namespace QiSdk.Privacy;

/// <summary>
/// One privacy policy: a step in a <see cref="DisclosurePipeline"/>. It reads and narrows a <see cref="DisclosureDraft"/>:
/// withholding, altering or clearing cells, or refusing egress. Policies run in the order given; nothing is released
/// unless some policy clears it (deny by default). Implementations must be safe to reuse across runs.
/// </summary>
public interface IDisclosurePolicy
{
    /// <summary>The policy's registered name, e.g. <c>small-number-suppression</c>.</summary>
    string Name { get; }

    /// <summary>The parameters recorded in the audit log (never secrets: a key version, not a key).</summary>
    IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>Applies the policy to the draft.</summary>
    /// <param name="draft">The disclosure being prepared.</param>
    /// <param name="cancellationToken">Stops long work.</param>
    void Apply(DisclosureDraft draft, CancellationToken cancellationToken);
}

/// <summary>A built-in policy whose step does I/O (a budget ledger): the pipeline awaits it instead of calling <see cref="IDisclosurePolicy.Apply"/>.</summary>
internal interface IAsyncDisclosurePolicy : IDisclosurePolicy
{
    Task ApplyAsync(DisclosureDraft draft, CancellationToken cancellationToken);
}
