namespace QiSdk.Privacy;

/// <summary>
/// A <see cref="Disclosure"/> whose audit-log entry has been written: the only thing an <see cref="IDisclosureSink"/>
/// accepts. Only <see cref="DisclosureGate"/> creates one, after the release ledger and the audit log were written, so
/// preview bytes or a disclosure that skipped the gate cannot reach a sink.
/// </summary>
public sealed class AuditedDisclosure
{
    internal AuditedDisclosure(Disclosure disclosure, AuditRecord auditRecord)
    {
        Disclosure = disclosure;
        AuditRecord = auditRecord;
    }

    /// <summary>The disclosure.</summary>
    public Disclosure Disclosure { get; }

    /// <summary>The audit-log entry written for it.</summary>
    public AuditRecord AuditRecord { get; }

    /// <summary>The bytes that leave (UTF-8 FHIR JSON): <see cref="Disclosure.Content"/>.</summary>
    public ReadOnlyMemory<byte> Content => Disclosure.Content;

    /// <summary>The media type of <see cref="Content"/>.</summary>
    public string MediaType => Disclosure.MediaType;

    /// <summary>Lower-case hex SHA-256 of exactly <see cref="Content"/> (as in the audit entry).</summary>
    public string Sha256 => Disclosure.Sha256;

    /// <summary>The release id.</summary>
    public string ReleaseId => Disclosure.ReleaseId;
}
