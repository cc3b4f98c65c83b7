using System.Text;

namespace QiSdk.Privacy;

/// <summary>
/// Verifies a file audit log: every line's hash matches its content (edits), sequence numbers run 1, 2, 3...
/// (removals, reordering), each entry names the previous entry's hash (removals, reordering, insertions), and the
/// file ends with a newline (truncation). Removing trailing whole entries leaves a valid shorter chain: that is detected
/// only against a head hash kept elsewhere (the <c>expectedHead</c> argument).
/// </summary>
public static class AuditLogVerifier
{
    /// <summary>Verifies the log at <paramref name="path"/>.</summary>
    /// <param name="path">The log file.</param>
    /// <param name="expectedHead">Optional: the hash the last entry must have (printed by each release).</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    public static AuditLogVerification Verify(string path, string? expectedHead = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return new AuditLogVerification(false, 0, null, PrivacyErrors.AuditLogMissing, $"{path} does not exist", AuditLogFormat.Genesis);
        }

        return VerifyText(File.ReadAllText(path, Encoding.UTF8), expectedHead);
    }

    /// <summary>Verifies log text.</summary>
    /// <param name="text">The whole log.</param>
    /// <param name="expectedHead">Optional expected hash of the last entry.</param>
    internal static AuditLogVerification VerifyText(string text, string? expectedHead)
    {
        string previous = AuditLogFormat.Genesis;
        if (text.Length == 0)
        {
            // The log is created by the first release's entry, so an existing empty file means every entry was removed.
            return Bad(1, previous, PrivacyErrors.AuditLogEmpty, EmptyProblem);
        }

        string[] lines = text.Split('\n');
        bool endsWithNewline = text.EndsWith('\n');
        int count = endsWithNewline ? lines.Length - 1 : lines.Length;
        for (int i = 0; i < count; i++)
        {
            int entry = i + 1;
            if (i == count - 1 && !endsWithNewline)
            {
                return Bad(entry, previous, PrivacyErrors.AuditEntryMalformed, "the last entry is truncated (no final newline)");
            }

            var (sequence, prev, hash, code, problem) = AuditLogFormat.Check(lines[i]);
            if (code is not null)
            {
                return Bad(entry, previous, code, problem!);
            }

            if (sequence != entry)
            {
                return Bad(entry, previous, PrivacyErrors.AuditSequenceBroken, $"sequence number {sequence} where {entry} was expected (an entry was removed, inserted or moved)");
            }

            if (!string.Equals(prev, previous, StringComparison.Ordinal))
            {
                return Bad(entry, previous, PrivacyErrors.AuditChainBroken, "it does not name the previous entry's hash (an entry before it was removed, changed or moved)");
            }

            previous = hash;
        }

        return Head(count, previous, expectedHead);
    }

    /// <summary>Why an empty log is not intact.</summary>
    internal const string EmptyProblem = "the audit log exists but is empty: it is created by the first release's entry, so an empty file means its entries were removed (delete the empty file only if no release was ever made with it)";

    private static AuditLogVerification Head(int count, string head, string? expectedHead) =>
        expectedHead is not null && !string.Equals(expectedHead.Trim(), head, StringComparison.OrdinalIgnoreCase)
            ? new AuditLogVerification(false, count, count + 1, PrivacyErrors.AuditHeadMismatch, $"the log ends after entry {count} with hash {head}, not the expected head {expectedHead.Trim()} (trailing entries removed, or the wrong log)", head)
            : new AuditLogVerification(true, count, null, null, null, head);

    private static AuditLogVerification Bad(int entry, string lastGood, string code, string problem) =>
        new(false, entry, entry, code, problem, lastGood);
}
