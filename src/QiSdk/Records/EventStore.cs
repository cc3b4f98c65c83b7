using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace QiSdk.Records;

/// <summary>
/// The compact retained model of one read (issue 18): every kept event is a fixed-size row of plain values in large
/// chunked arrays, not an object. A row holds no object references: codes, strings, boxed values and details are
/// indexes into one table of objects shared by the whole read (each distinct value once), and the event's id is a
/// range of a character arena. So the GC neither copies the rows (chunks past the first few are large-object-heap
/// arrays, allocated once and never moved) nor scans them (no references inside), and what survives a read is a few
/// large arrays plus the distinct values, not one object per event. <see cref="PatientRecord.Events"/> materialises
/// <see cref="ClinicalEvent"/> objects from the rows on demand; the indicator engine does that once per patient and
/// lets them die young. Written by one read session; read-only (and so safe to share between threads) once the read
/// has finished.
/// </summary>
internal sealed class EventStore
{
    // Row handles are (chunk << RowShift) | offset; the first chunks are small (a one-Bundle read must not pay for
    // megabytes), later ones hold 1 << RowShift rows.
    private const int RowShift = 14;
    private const int RowMask = (1 << RowShift) - 1;
    private const int FirstRowChunk = 32;

    // Id characters likewise: (chunk << CharShift) | offset.
    private const int CharShift = 16;
    private const int CharMask = (1 << CharShift) - 1;
    private const int FirstCharChunk = 256;

    /// <summary>Ids longer than this are kept as strings in the object table (FHIR ids are at most 64 characters).</summary>
    private const int ArenaIdLimit = 1024;

    private EventRow[][] _rows = new EventRow[4][];
    private int _rowChunks;
    private int _rowUsed; // rows used in the last chunk
    private char[][] _chars = new char[4][];
    private int _charChunks;
    private int _charUsed;

    // Index 0 is null; everything else is a string, a Coding[] (an ImmutableArray's array), an ObservationComponent[],
    // a boxed Quantity, Period or FhirDate, or an EventDetails.
    private object?[] _objects = new object?[64];
    private int _objectCount = 1;
    private readonly Dictionary<object, int> _objectIndex = new(ReferenceEqualityComparer.Instance);

    /// <summary>Appends a row and returns its handle; the caller fills it in through <see cref="Row"/>.</summary>
    public int Add(in EventRow row)
    {
        if (_rowChunks == 0 || _rowUsed == _rows[_rowChunks - 1].Length)
        {
            NewRowChunk();
        }

        int chunk = _rowChunks - 1;
        _rows[chunk][_rowUsed] = row;
        return (chunk << RowShift) | _rowUsed++;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref EventRow Row(int handle) => ref _rows[handle >> RowShift][handle & RowMask];

    /// <summary>The table index of an object shared between rows (interned strings, interned arrays, shared boxes); 0 for null.</summary>
    public int Shared(object? value)
    {
        if (value is null)
        {
            return 0;
        }

        ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_objectIndex, value, out bool exists);
        if (!exists)
        {
            slot = Append(value);
        }

        return slot;
    }

    /// <summary>The table index of a coding array (interned by the reader, so equal arrays are one array).</summary>
    public int Shared(ImmutableArray<Coding> codings) => codings.IsDefaultOrEmpty ? 0 : Shared(ImmutableCollectionsMarshal.AsArray(codings));

    /// <summary>The table index of an object only this row uses (not looked up, never shared); 0 for null.</summary>
    public int Unique(object? value) => value is null ? 0 : Append(value);

    /// <summary>Stores an id in the character arena; returns its start (or ~table index for a very long id) and length (-1 for null).</summary>
    public (int Start, int Length) AddId(string? id)
    {
        if (id is null)
        {
            return (0, -1);
        }

        if (id.Length > ArenaIdLimit)
        {
            return (~Append(id), id.Length);
        }

        if (_charChunks == 0 || _charUsed + id.Length > _chars[_charChunks - 1].Length)
        {
            NewCharChunk(id.Length);
        }

        int chunk = _charChunks - 1;
        id.CopyTo(_chars[chunk].AsSpan(_charUsed));
        int start = (chunk << CharShift) | _charUsed;
        _charUsed += id.Length;
        return (start, id.Length);
    }

    public string? Id(in EventRow row)
    {
        if (row.IdLength < 0)
        {
            return null;
        }

        if (row.IdStart < 0)
        {
            return (string)_objects[~row.IdStart]!;
        }

        return new string(_chars[row.IdStart >> CharShift], row.IdStart & CharMask, row.IdLength);
    }

    public string? String(int index) => (string?)_objects[index];

    public ImmutableArray<Coding> Codings(int index) =>
        index == 0 ? [] : ImmutableCollectionsMarshal.AsImmutableArray((Coding[])_objects[index]!);

    public object? Object(int index) => _objects[index];

    /// <summary>The event a row holds, as the public model (a new object each call).</summary>
    public ClinicalEvent Materialise(int handle)
    {
        ref readonly EventRow row = ref Row(handle);
        var components = row.Components == 0 ? [] : ImmutableCollectionsMarshal.AsImmutableArray((ObservationComponent[])_objects[row.Components]!);
        return new ClinicalEvent
        {
            Kind = row.Kind,
            Id = Id(row),
            Codes = Codings(row.Codes),
            Date = row.HasDate ? row.Date : null,
            SharedPeriod = _objects[row.Period],
            RecordedDate = row.HasRecordedDate ? row.RecordedDate : null,
            SharedAbatementDate = _objects[row.AbatementDate],
            Status = String(row.Status),
            ClinicalStatus = String(row.ClinicalStatus),
            VerificationStatus = String(row.VerificationStatus),
            Intent = String(row.Intent),
            DoNotPerform = row.DoNotPerform,
            SharedValue = _objects[row.Value],
            ValueCodes = Codings(row.ValueCodes),
            Components = components,
            Categories = Codings(row.Categories),
            SharedDetails = (EventDetails?)_objects[row.Details],
            Source = row.File < 0 ? null : new SourceLocation(String(row.File), row.Line == EventRow.None ? null : row.Line, row.Entry == EventRow.None ? null : row.Entry),
        };
    }

    /// <summary>The events of <paramref name="handles"/>, in order, as the public model (new objects each call).</summary>
    public ImmutableArray<ClinicalEvent> Materialise(int[] handles)
    {
        if (handles.Length == 0)
        {
            return [];
        }

        var events = new ClinicalEvent[handles.Length];
        for (int i = 0; i < handles.Length; i++)
        {
            events[i] = Materialise(handles[i]);
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(events);
    }

    /// <summary>
    /// Copies a row of another store (a parallel read's chunk session, merged into the run's) into this one and returns
    /// its new handle; <paramref name="objectMap"/> (from <see cref="NewObjectMap"/> of <paramref name="source"/>)
    /// remembers where the source's table entries went, so each is added once.
    /// </summary>
    public int Import(EventStore source, int handle, int[] objectMap)
    {
        var row = source.Row(handle);
        row.Next = -1;
        string? id = row.IdLength < 0 ? null : source.Id(row);
        (row.IdStart, row.IdLength) = AddId(id);
        row.Codes = Map(source, row.Codes, objectMap);
        row.ValueCodes = Map(source, row.ValueCodes, objectMap);
        row.Categories = Map(source, row.Categories, objectMap);
        row.Components = Map(source, row.Components, objectMap);
        row.Period = Map(source, row.Period, objectMap);
        row.AbatementDate = Map(source, row.AbatementDate, objectMap);
        row.Value = Map(source, row.Value, objectMap);
        row.Details = Map(source, row.Details, objectMap);
        row.Status = Map(source, row.Status, objectMap);
        row.ClinicalStatus = Map(source, row.ClinicalStatus, objectMap);
        row.VerificationStatus = Map(source, row.VerificationStatus, objectMap);
        row.Intent = Map(source, row.Intent, objectMap);
        row.File = row.File < 0 ? -1 : Map(source, row.File, objectMap);
        return Add(row);
    }

    /// <summary>A table map for <see cref="Import"/> from this store (every entry not yet mapped).</summary>
    public int[] NewObjectMap()
    {
        int[] map = new int[_objectCount];
        map.AsSpan(1).Fill(-1);
        return map;
    }

    private int Map(EventStore source, int index, int[] objectMap)
    {
        if (index == 0)
        {
            return 0;
        }

        ref int mapped = ref objectMap[index];
        if (mapped < 0)
        {
            mapped = Shared(source._objects[index]);
        }

        return mapped;
    }

    private int Append(object value)
    {
        if (_objectCount == _objects.Length)
        {
            Array.Resize(ref _objects, _objects.Length * 2);
        }

        _objects[_objectCount] = value;
        return _objectCount++;
    }

    private void NewRowChunk()
    {
        if (_rowChunks == _rows.Length)
        {
            Array.Resize(ref _rows, _rows.Length * 2);
        }

        int size = Math.Min(FirstRowChunk << Math.Min(_rowChunks, 16), 1 << RowShift);
        // Rows hold no references and every field is written by Add, so the chunk need not be zeroed.
        _rows[_rowChunks++] = GC.AllocateUninitializedArray<EventRow>(size);
        _rowUsed = 0;
    }

    private void NewCharChunk(int atLeast)
    {
        if (_charChunks == _chars.Length)
        {
            Array.Resize(ref _chars, _chars.Length * 2);
        }

        int size = Math.Max(Math.Min(FirstCharChunk << Math.Min(_charChunks, 16), 1 << CharShift), atLeast);
        _chars[_charChunks++] = GC.AllocateUninitializedArray<char>(size);
        _charUsed = 0;
    }
}

/// <summary>
/// One event of an <see cref="EventStore"/>: plain values only (no object references), so arrays of rows cost the GC
/// nothing to scan. Object-valued fields are indexes into the store's table (0 = null).
/// </summary>
internal struct EventRow
{
    /// <summary>Line or entry not recorded.</summary>
    public const int None = int.MinValue;

    public FhirDate Date;
    public FhirDate RecordedDate;

    /// <summary>The next row of the same patient while a read assembles them (-1: none).</summary>
    public int Next;

    public int IdStart;
    public int IdLength;
    public int Codes;
    public int ValueCodes;
    public int Categories;
    public int Components;
    public int Period;
    public int AbatementDate;
    public int Value;
    public int Details;
    public int Status;
    public int ClinicalStatus;
    public int VerificationStatus;
    public int Intent;

    /// <summary>Table index of the file name, or -1 when the event has no <see cref="SourceLocation"/>.</summary>
    public int File;
    public int Line;
    public int Entry;
    public ResourceKind Kind;
    public bool HasDate;
    public bool HasRecordedDate;
    public bool DoNotPerform;
}
