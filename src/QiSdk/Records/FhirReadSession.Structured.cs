namespace QiSdk.Records;

/// <summary>
/// Feeding the session resources that are already parsed (a host's FHIR objects) instead of JSON: the public
/// <see cref="FhirRecordBuilder"/> fills the same <see cref="ResourceScratch"/> the JSON walk fills and commits it, so
/// reference resolution, counting, problems and the model are the reader's own, not a second copy of them. Only the
/// builder calls these; adapters (QiSdk.Firely, a vendor's own object model) use the builder's public vocabulary.
/// </summary>
internal sealed partial class FhirReadSession
{
    /// <summary>Starts an input; problems in it point at <paramref name="name"/>.</summary>
    internal void BeginStructuredInput(string name)
    {
        _file = name;
        _line = null;
        _entry = null;
        _inputs.Add(name);
    }

    /// <summary>Starts a Bundle: urn:uuid references resolve against the fullUrls of its entries until <see cref="EndStructuredBundle"/>.</summary>
    internal void BeginStructuredBundle() => _inBundle = true;

    /// <summary>Resolves the Bundle's urn:uuid references (as at the end of a Bundle document).</summary>
    internal void EndStructuredBundle()
    {
        EndBundle();
        _entry = null;
    }

    /// <summary>The Bundle entry index problems point at (null outside a Bundle).</summary>
    internal void SetStructuredEntry(int? entry) => _entry = entry;

    /// <summary>
    /// Starts a resource of <paramref name="type"/>: counted as read; returns the cleared scratch when the model keeps
    /// the type, or null when it is skipped (counted, and for a missing type reported) as the JSON reader does.
    /// </summary>
    internal ResourceScratch? BeginStructuredResource(string? type)
    {
        if (type is null)
        {
            Counter(ReaderErrors.UnknownType).Read++;
            Skip(ReaderErrors.UnknownType, ReaderErrors.Reasons.NoResourceType);
            Report(Here(ReaderErrors.MissingResourceType, DataQualitySeverity.Error, ReaderErrors.MissingResourceTypeMessage(), "resourceType"));
            return null;
        }

        Counter(type).Read++;
        ResourceKind? kind = KindOf(type);
        if (kind is null)
        {
            Skip(type, ReaderErrors.Reasons.UnsupportedType);
            return null;
        }

        _currentType = type;
        _r.Reset(type, kind.Value);
        _resourceIssues.Clear();
        return _r;
    }

    /// <summary>Builds the model from the scratch (as after a resource or Bundle entry in JSON).</summary>
    internal void CommitStructured(string? fullUrl) => Commit(fullUrl);

    /// <summary>A FHIR date, dateTime or instant as written; an invalid one is QI1007 at <paramref name="element"/> and null.</summary>
    internal FhirDate? StructuredDate(string? text, string element, string? sub = null)
    {
        if (text is null)
        {
            return null;
        }

        if (FhirDate.TryParse(text, out var value))
        {
            return value;
        }

        ReportResource(ReaderErrors.InvalidDate, DataQualitySeverity.Warning, ReaderErrors.InvalidDateMessage(text), element, sub);
        return null;
    }

    /// <summary>Reports a problem in the resource being built (flushed with its id when it is committed).</summary>
    internal void ReportStructured(string code, DataQualitySeverity severity, string message, string element, string? sub = null) =>
        ReportResource(code, severity, message, element, sub);

    /// <summary>Reports a problem outside any resource, at the input and Bundle entry being read.</summary>
    internal void ReportStructuredHere(string code, DataQualitySeverity severity, string message, string? path) =>
        Report(Here(code, severity, message, path));

    /// <summary>The per-read interned copy of <paramref name="text"/> (null stays null).</summary>
    internal string? InternStructured(string? text) => text is null ? null : _strings.Intern(text.AsSpan());

    /// <summary>The per-read shared array of <paramref name="codings"/>.</summary>
    internal System.Collections.Immutable.ImmutableArray<Coding> InternStructured(List<Coding> codings) => _codings.Intern(codings);

    /// <summary>Sets the nested element (e.g. <c>component[2]</c>) problems point at; null to clear.</summary>
    internal void SetStructuredNest(string? name, int index)
    {
        _nestName = name;
        _nestIndex = index;
    }

    /// <summary>A Bundle entry without a resource: reported (information) as the JSON reader does.</summary>
    internal void ReportStructuredEntryWithoutResource(int entry) =>
        Report(Here(ReaderErrors.EntryWithoutResource, DataQualitySeverity.Information, ReaderErrors.EntryWithoutResourceMessage(), $"Bundle.entry[{entry}]"));

    /// <summary>Skip reason of a host object that could not be read (e.g. an element of the wrong shape).</summary>
    internal const string UnreadableObjectReason = "unreadable-object";

    /// <summary>
    /// Skips the resource being built because the host's object could not be read: counted (<see cref="UnreadableObjectReason"/>)
    /// and reported as QI1006 (a value of the wrong type) at <paramref name="element"/>, with the resource's id.
    /// </summary>
    internal void SkipStructuredResource(string element, string detail)
    {
        string type = _r.TypeName;
        Skip(type, UnreadableObjectReason);
        ReportResource(ReaderErrors.WrongJsonType, DataQualitySeverity.Error, $"The object could not be read ({detail}); the resource was skipped.", element, null);
        _currentType = null;
        _nestName = null;
        FlushResourceIssues(_r.Id);
    }
}
