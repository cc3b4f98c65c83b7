namespace QiSdk.Codes;

/// <summary>A canonical code system: the URI every alias resolves to, a short name, and the rules its codes follow.</summary>
/// <param name="Uri">The canonical system URI (e.g. <c>http://snomed.info/sct</c>).</param>
/// <param name="Name">A short human-readable name (e.g. <c>SNOMED CT</c>).</param>
/// <param name="Kind">Which normalisation rules apply.</param>
public sealed record CodeSystem(string Uri, string Name, CodeSystemKind Kind)
{
    /// <summary>
    /// The URI of the id space codes of this system are matched in. SNOMED CT and dm+d share one id space (dm+d ids are
    /// SNOMED CT format ids of the UK drug extension), so a dm+d id sent under the SNOMED system, or a SNOMED id sent under
    /// the dm+d system, is the same concept. For every other system this is <see cref="Uri"/>.
    /// </summary>
    public string MatchSpace => Kind is CodeSystemKind.Dmd ? CodeSystems.SnomedCt : Uri;
}
