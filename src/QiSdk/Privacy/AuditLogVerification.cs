namespace QiSdk.Privacy;

/// <summary>The result of verifying an audit log.</summary>
/// <param name="IsIntact">True when every entry's hash, sequence and chain link check out (and the head matches, when given).</param>
/// <param name="EntryCount">Entries read (up to and including the first bad one).</param>
/// <param name="FirstBadEntry">1-based line of the first bad entry, or null.</param>
/// <param name="Code">Stable code of the problem (QI403x), or null.</param>
/// <param name="Problem">What is wrong with it, or null.</param>
/// <param name="HeadHash">The last good entry's hash (keep it elsewhere to detect removal of trailing entries).</param>
public sealed record AuditLogVerification(bool IsIntact, int EntryCount, int? FirstBadEntry, string? Code, string? Problem, string HeadHash);
