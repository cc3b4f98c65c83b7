namespace QiSdk.Synthetic;

/// <summary>How <see cref="SyntheticPractice.Export"/> writes the practice.</summary>
public enum SyntheticOutputFormat
{
    /// <summary>FHIR Bulk Data style: one <c>&lt;Type&gt;.ndjson</c> file per resource type, one resource per line.</summary>
    Ndjson = 0,

    /// <summary>As <see cref="Ndjson"/>, gzip-compressed (<c>&lt;Type&gt;.ndjson.gz</c>).</summary>
    NdjsonGzip,

    /// <summary>FHIR Bundles: one per patient (or one for the whole practice, see <see cref="SyntheticExportOptions.SingleBundle"/>).</summary>
    Bundle,
}
