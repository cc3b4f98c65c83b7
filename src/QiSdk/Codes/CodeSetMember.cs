namespace QiSdk.Codes;

/// <summary>One code in a code set, as the code list gave it.</summary>
/// <param name="System">The code system: a canonical URI or any alias (canonicalised when a <see cref="Terminology"/> is built).</param>
/// <param name="Code">The code as written in the list (normalised when a <see cref="Terminology"/> is built).</param>
/// <param name="Display">The list's term for the code, if any.</param>
/// <param name="IncludeDescendants">
/// ICD-10 only: the code also stands for every code that starts with it (a 3-character code such as <c>I10</c> includes
/// <c>I10X</c>, <c>I10.0</c>, ...). Default false. Ignored, and reported, for other systems (their hierarchies are not prefix-based).
/// </param>
public readonly record struct CodeSetMember(string System, string Code, string? Display = null, bool IncludeDescendants = false);
