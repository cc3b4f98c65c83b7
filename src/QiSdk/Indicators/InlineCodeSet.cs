using System.Collections.Immutable;
using QiSdk.Records;

namespace QiSdk.Indicators;

/// <summary>A code set defined inside an indicator definition (for example LOINC HbA1c codes).</summary>
/// <param name="Name">The name rules refer to; must not clash with another inline set of the same definition.</param>
/// <param name="Codes">The member codes (system + code; display optional).</param>
public sealed record InlineCodeSet(string Name, ImmutableArray<Coding> Codes);
