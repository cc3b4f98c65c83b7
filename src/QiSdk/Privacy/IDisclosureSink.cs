namespace QiSdk.Privacy;

/// <summary>
/// Where a disclosure goes (a file, an HTTP endpoint, the host's own channel). It accepts only a
/// <see cref="Disclosure"/>, which only a <see cref="DisclosurePipeline"/> can create; call it through
/// <see cref="DisclosureGate.ReleaseAsync"/> so the release is audited first. Built in: <see cref="FileDisclosureSink"/>.
/// </summary>
public interface IDisclosureSink
{
    /// <summary>Sends exactly <see cref="Disclosure.Content"/>.</summary>
    /// <param name="disclosure">The disclosure.</param>
    /// <param name="cancellationToken">Stops the transfer.</param>
    Task WriteAsync(Disclosure disclosure, CancellationToken cancellationToken);
}
