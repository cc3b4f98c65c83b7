namespace QiSdk.Codes;

/// <summary>
/// Answers "which code sets contain this recorded coding?" after the coding's system alias is resolved, its code
/// normalised, and local codes mapped to standard codes. Implementations cache per distinct raw (system, code) and are
/// safe to call from many threads at once.
/// </summary>
public interface ICodeSetMatcher
{
    /// <summary>The code sets this matcher knows, by index.</summary>
    IReadOnlyList<string> CodeSetNames { get; }

    /// <summary>Finds a code set's index by name (ordinal, case-sensitive, e.g. <c>DM_COD</c>).</summary>
    /// <param name="name">The code set name.</param>
    /// <param name="index">Its index into <see cref="CodeSetNames"/>.</param>
    bool TryGetCodeSetIndex(string name, out int index);

    /// <summary>The indexes (ascending, distinct) of every code set that contains the coding; empty when none does.</summary>
    /// <param name="system">The coding's system as recorded.</param>
    /// <param name="code">The coding's code as recorded.</param>
    ReadOnlySpan<int> Match(string? system, string? code);
}
