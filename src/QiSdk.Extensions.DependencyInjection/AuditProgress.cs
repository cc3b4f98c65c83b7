namespace QiSdk.Hosting;

/// <summary>Progress of an audit, for <see cref="IProgress{T}"/>.</summary>
/// <param name="Stage">The stage: <c>read</c> or <c>evaluate</c>.</param>
/// <param name="Done">Patients done in this stage so far.</param>
public readonly record struct AuditProgress(string Stage, int Done);
