using System.Collections.Frozen;

namespace QiSdk.Codes;

/// <summary>
/// Canonical code systems and every alias that resolves to one. Aliases are compared ignoring case and surrounding
/// whitespace, and a trailing <c>/</c> is ignored (<c>SNOMED</c>, <c>snomed</c> and <c>http://snomed.info/sct/</c> are
/// all SNOMED CT; so is an edition URI <c>http://snomed.info/sct/[module]/version/[date]</c> sent as a system). A system nobody registered is "unknown": its codes are kept as they are.
/// </summary>
/// <remarks>
/// Configure the registry (add systems and aliases) before passing it to <see cref="Terminology.Create(IEnumerable{CodeSet}, IEnumerable{CodeMap}?, CodeSystemRegistry?)"/>;
/// the terminology takes a snapshot, so later changes do not affect it. Not safe for concurrent modification.
/// </remarks>
public sealed class CodeSystemRegistry
{
    // An edition/version URI (http://snomed.info/sct/[module]/version/[date]) sometimes arrives as Coding.system.
    internal const string SnomedEditionPrefix = CodeSystems.SnomedCt + "/";

    private readonly Dictionary<string, CodeSystem> _byAlias = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, CodeSystem> _byUri = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates an empty registry (no systems at all); most hosts want <see cref="CreateDefault"/>.</summary>
    public CodeSystemRegistry()
    {
    }

    /// <summary>
    /// A registry holding SNOMED CT, dm+d, Read v2, CTV3, ICD-10, LOINC, BNF, UCUM and EMIS-local codes with every alias
    /// listed in <c>docs/codes.md</c>. Each call returns a new instance the caller may extend.
    /// </summary>
    public static CodeSystemRegistry CreateDefault()
    {
        var r = new CodeSystemRegistry();
        r.AddSystem(new CodeSystem(CodeSystems.SnomedCt, "SNOMED CT", CodeSystemKind.SnomedCt),
            "urn:oid:2.16.840.1.113883.6.96", "SNOMED", "SNOMEDCT", "SNOMED CT", "SNOMED-CT", "SCT", "https://snomed.info/sct");
        r.AddSystem(new CodeSystem(CodeSystems.Dmd, "dm+d", CodeSystemKind.Dmd),
            "dm+d", "dmd", "http://dmd.nhs.uk");
        r.AddSystem(new CodeSystem(CodeSystems.ReadV2, "Read v2", CodeSystemKind.ReadV2),
            "http://terminology.hl7.org/CodeSystem/rcV2", "urn:oid:2.16.840.1.113883.6.29", "Read", "ReadV2", "Read v2", "Read2",
            "Read 2", "RCV2");
        r.AddSystem(new CodeSystem(CodeSystems.Ctv3, "CTV3", CodeSystemKind.Ctv3),
            "urn:oid:2.16.840.1.113883.6.6", "CTV3", "Read3", "ReadV3", "Read v3", "Read 3");
        r.AddSystem(new CodeSystem(CodeSystems.Icd10, "ICD-10", CodeSystemKind.Icd10),
            "http://hl7.org/fhir/sid/icd-10-uk", "urn:oid:2.16.840.1.113883.6.3", "ICD10", "ICD-10", "ICD 10", "ICD10UK", "ICD-10-UK");
        r.AddSystem(new CodeSystem(CodeSystems.Loinc, "LOINC", CodeSystemKind.Loinc), "urn:oid:2.16.840.1.113883.6.1", "LOINC");
        r.AddSystem(new CodeSystem(CodeSystems.Bnf, "BNF", CodeSystemKind.Bnf), "BNF", "http://www.bnf.org", "https://bnf.nice.org.uk");
        r.AddSystem(new CodeSystem(CodeSystems.Ucum, "UCUM", CodeSystemKind.Ucum), "urn:oid:2.16.840.1.113883.6.8", "UCUM");
        r.AddSystem(new CodeSystem(CodeSystems.EmisLocal, "EMIS local", CodeSystemKind.Local), "EMIS", "EMIS-local", "EMIS local", "EMISLOCAL");
        return r;
    }

    /// <summary>Every canonical system registered, in registration order.</summary>
    public IReadOnlyList<CodeSystem> Systems => [.. _byUri.Values];

    /// <summary>Registers a canonical system (or replaces the definition of one with the same URI) and its aliases.</summary>
    /// <param name="system">The system; its <see cref="CodeSystem.Uri"/> is itself an alias.</param>
    /// <param name="aliases">Further names that resolve to it.</param>
    /// <returns>This registry, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="system"/> is null.</exception>
    /// <exception cref="ArgumentException">The URI or an alias is empty, or an alias already names a different system.</exception>
    public CodeSystemRegistry AddSystem(CodeSystem system, params string[] aliases)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(aliases);
        string uri = Clean(system.Uri);
        if (uri.Length == 0)
        {
            throw new ArgumentException("A code system needs a non-empty URI.", nameof(system));
        }

        foreach (string alias in aliases)
        {
            EnsureFree(alias, uri);
        }

        // Re-point aliases of a replaced definition at the new one.
        foreach (var key in _byAlias.Where(kv => string.Equals(kv.Value.Uri, uri, StringComparison.OrdinalIgnoreCase)).Select(kv => kv.Key).ToArray())
        {
            _byAlias[key] = system;
        }

        _byUri[uri] = system;
        _byAlias[uri] = system;
        foreach (string alias in aliases)
        {
            _byAlias[Clean(alias)] = system;
        }

        return this;
    }

    /// <summary>Adds an alias for an already registered system.</summary>
    /// <param name="alias">The name seen in the wild (e.g. a supplier's own URI for Read v2).</param>
    /// <param name="canonicalUri">The canonical URI (or any existing alias) of the system it means.</param>
    /// <returns>This registry, for chaining.</returns>
    /// <exception cref="ArgumentException">The alias is empty, the target is not registered, or the alias already names a different system.</exception>
    public CodeSystemRegistry AddAlias(string alias, string canonicalUri)
    {
        ArgumentNullException.ThrowIfNull(alias);
        ArgumentNullException.ThrowIfNull(canonicalUri);
        if (!_byAlias.TryGetValue(Clean(canonicalUri), out var system))
        {
            throw new ArgumentException($"Cannot add alias '{alias}': no code system '{canonicalUri}' is registered.", nameof(canonicalUri));
        }

        EnsureFree(alias, system.Uri);
        _byAlias[Clean(alias)] = system;
        return this;
    }

    /// <summary>Resolves a system as recorded to its canonical system.</summary>
    /// <param name="system">The recorded system URI or name.</param>
    /// <param name="codeSystem">The canonical system, when known.</param>
    /// <returns>False for a null, empty or unregistered system.</returns>
    public bool TryResolve(string? system, out CodeSystem codeSystem) => TryResolve(_byAlias, system, out codeSystem);

    internal static bool TryResolve(IReadOnlyDictionary<string, CodeSystem> byAlias, string? system, out CodeSystem codeSystem)
    {
        if (system is not null)
        {
            string key = Clean(system);
            if (byAlias.TryGetValue(key, out var found)
                || (key.StartsWith(SnomedEditionPrefix, StringComparison.OrdinalIgnoreCase) && byAlias.TryGetValue(CodeSystems.SnomedCt, out found)))
            {
                codeSystem = found;
                return true;
            }
        }

        codeSystem = null!;
        return false;
    }

    internal FrozenDictionary<string, CodeSystem> Snapshot() => _byAlias.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    internal static string Clean(string alias)
    {
        string s = alias.Trim();
        return s.Length > 1 && s[^1] == '/' ? s.TrimEnd('/') : s;
    }

    private void EnsureFree(string alias, string uri)
    {
        ArgumentNullException.ThrowIfNull(alias);
        string key = Clean(alias);
        if (key.Length == 0)
        {
            throw new ArgumentException("A code system alias must not be empty.", nameof(alias));
        }

        if (_byAlias.TryGetValue(key, out var existing) && !string.Equals(existing.Uri, uri, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"The alias '{alias}' already names {existing.Uri}; it cannot also name {uri}.", nameof(alias));
        }
    }
}
