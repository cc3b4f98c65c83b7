using System.Text.Json;

namespace QiSdk.Benchmarks;

/// <summary>
/// The two reference points the reader is measured against, shared by <see cref="ReadingBenchmarks"/> and
/// <see cref="ReadingCpuRatio"/>: a bare token scan (the floor for any JSON reader), and the least any reader that
/// <em>keeps</em> something per resource must do on top of it.
/// </summary>
internal static class ReadingFloors
{
    /// <summary>Every token of the NDJSON, nothing kept.</summary>
    public static int BareScan(byte[] ndjson)
    {
        var reader = new Utf8JsonReader(ndjson, new JsonReaderOptions { AllowMultipleValues = true });
        int tokens = 0;
        while (reader.Read())
        {
            tokens++;
        }

        return tokens;
    }

    /// <summary>
    /// The same scan, plus what any reader that builds a retained model cannot avoid: one heap object per resource (184
    /// bytes; the reader retains about 450-500 bytes per kept event) holding the resource's id as a string, kept in a
    /// list until the end. No codes, dates, references or patient grouping. On the dense synthetic input this alone
    /// runs at only about 60% of the bare scan's throughput (benchmarks/README.md, Reading FHIR closing pass).
    /// </summary>
    public static int MinimalRetainedModel(byte[] ndjson)
    {
        var kept = new List<MinimalResource>();
        var reader = new Utf8JsonReader(ndjson, new JsonReaderOptions { AllowMultipleValues = true });
        string? id = null;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                id = reader.GetString();
            }
            else if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 0)
            {
                kept.Add(new MinimalResource(id));
                id = null;
            }
        }

        return kept.Count;
    }

    /// <summary>An id and room for what a kept event holds (dates, value, status, references): 184 bytes on x64.</summary>
    private sealed class MinimalResource(string? id)
    {
        private readonly string? _id = id;
#pragma warning disable CS0169, IDE0051 // Unused on purpose: the fields give the object the size of a kept event.
        private readonly long _a, _b, _c, _d, _e, _f, _g, _h, _i, _j, _k, _l, _m, _n, _o, _p, _q, _r, _s, _t;
#pragma warning restore CS0169, IDE0051

        public override string? ToString() => _id;
    }
}
