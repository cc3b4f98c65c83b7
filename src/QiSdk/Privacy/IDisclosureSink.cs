namespace QiSdk.Privacy;

/// <summary>
/// Where a disclosure goes (a file, an HTTP endpoint, the host's own channel). It accepts only an
/// <see cref="AuditedDisclosure"/>, which only <see cref="DisclosureGate"/> issues after the audit entry is written.
/// Built in: <see cref="FileDisclosureSink"/>.
/// </summary>
public interface IDisclosureSink
{
    /// <summary>Sends exactly <see cref="AuditedDisclosure.Content"/>.</summary>
    /// <param name="disclosure">The audited disclosure.</param>
    /// <param name="cancellationToken">Stops the transfer.</param>
    Task WriteAsync(AuditedDisclosure disclosure, CancellationToken cancellationToken);
}
